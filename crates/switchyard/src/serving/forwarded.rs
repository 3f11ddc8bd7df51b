//! The client behind a reverse proxy: when a connection comes from a trusted proxy
//! (`trusted_proxies`), the client is the address its `X-Forwarded-For` names last that is
//! not itself a trusted proxy; rate limits and the request log then see it rather than the
//! proxy. From anyone else the header is ignored, so that no client can pose as another.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::Context;
use axum::http::HeaderMap;
use ipnet::IpNet;

#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// Addresses (`10.0.0.7`) and networks (`10.0.0.0/8`).
    pub fn parse(entries: &[String]) -> anyhow::Result<Self> {
        let nets = entries
            .iter()
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .with_context(|| format!("trusted_proxies: {entry} is neither an address nor a network"))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Self(Arc::new(nets)))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client a request on a connection from `peer` was made by.
    pub fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> SocketAddr {
        if self.0.is_empty() || !self.trusts(peer.ip()) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|address| address.trim().parse().ok())
            .collect();
        let client = forwarded.iter().rev().find(|address| !self.trusts(**address)).or(forwarded.first());
        client.map_or(peer, |address| SocketAddr::new(*address, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "192.0.2.1".into()]).unwrap();
        let proxy: SocketAddr = "10.1.2.3:5000".parse().unwrap();
        let stranger: SocketAddr = "198.51.100.9:5000".parse().unwrap();
        assert_eq!(proxies.client(proxy, &headers("203.0.113.5")).ip().to_string(), "203.0.113.5");
        assert_eq!(
            proxies.client(proxy, &headers("6.6.6.6, 203.0.113.5, 192.0.2.1")).ip().to_string(),
            "203.0.113.5",
            "the last address no trusted proxy added: the client may have sent the first itself"
        );
        assert_eq!(proxies.client(stranger, &headers("203.0.113.5")), stranger, "from anyone else, ignored");
        assert_eq!(proxies.client(proxy, &HeaderMap::new()), proxy);
        assert!(TrustedProxies::parse(&["proxy.example".into()]).is_err());
    }
}
