//! Where webhooks may be sent: an `https://` address on the public internet. An endpoint on the
//! hub's own machine or network (loopback, private, link-local, cloud metadata addresses) would
//! let a company make the hub call inside its operator's network; only an operator that allows
//! private targets (`webhook_allow_private_targets`, for local setups and tests) opens them, and
//! plain `http://` with them.

use std::net::IpAddr;

/// Whether webhooks may go to private addresses (and then over plain HTTP).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TargetPolicy {
    pub allow_private: bool,
}

/// A checked endpoint address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub url: url::Url,
    /// The host when it is an IP address, which needs no resolving to be judged.
    pub literal: Option<IpAddr>,
}

impl TargetPolicy {
    /// Reads and checks an endpoint's address; `Err` says what is wrong, for the person or
    /// program that gave it.
    pub fn check(self, text: &str) -> Result<Target, String> {
        let url = url::Url::parse(text.trim()).map_err(|error| format!("The url is not a valid address: {error}."))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_private => {}
            _ => return Err("The url must start with https://.".to_owned()),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("The url must not carry a user name or password.".to_owned());
        }
        let literal = match url.host() {
            None => return Err("The url has no host.".to_owned()),
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            Some(url::Host::Domain(_)) => None,
        };
        if let Some(ip) = literal {
            self.admits(ip)?;
        }
        Ok(Target { url, literal })
    }

    /// Whether a delivery may connect to `ip`.
    pub fn admits(self, ip: IpAddr) -> Result<(), String> {
        if self.allow_private || is_public(ip) {
            Ok(())
        } else {
            Err(format!(
                "The url leads to {ip}, an address on the hub's own machine or network; webhooks go to public addresses only."
            ))
        }
    }
}

/// Whether `ip` is on the public internet: not loopback, private, link-local (cloud metadata
/// services live there), shared, unspecified, multicast, broadcast or documentation space.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, ..] = ip.octets();
            let shared = a == 100 && (64..128).contains(&b);
            let reserved = a >= 240 || a == 0;
            !(ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_multicast()
                || ip.is_broadcast()
                || ip.is_documentation()
                || shared
                || reserved)
        }
        IpAddr::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = ip.segments()[0];
            let unique_local = first & 0xfe00 == 0xfc00;
            let link_local = first & 0xffc0 == 0xfe80;
            let documentation = first == 0x2001 && ip.segments()[1] == 0x0db8;
            !(ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_multicast()
                || unique_local
                || link_local
                || documentation)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: TargetPolicy = TargetPolicy { allow_private: false };
    const LOCAL: TargetPolicy = TargetPolicy { allow_private: true };

    #[test]
    fn public_https_addresses_are_targets() {
        assert!(STRICT.check("https://erp.example.com/hooks/switchyard").is_ok());
        assert!(STRICT.check("https://93.184.216.34:8443/in").is_ok());
        assert!(STRICT.check("https://[2606:2800:220:1:248:1893:25c8:1946]/in").is_ok());
    }

    #[test]
    fn private_loopback_and_metadata_addresses_are_refused_unless_allowed() {
        for url in [
            "https://127.0.0.1/",
            "https://10.1.2.3/",
            "https://192.168.0.10/",
            "https://172.16.5.4/",
            "https://169.254.169.254/latest/meta-data/",
            "https://100.64.0.1/",
            "https://0.0.0.0/",
            "https://[::1]/",
            "https://[fd00:ec2::254]/",
            "https://[fe80::1]/",
            "https://[::ffff:127.0.0.1]/",
        ] {
            assert!(STRICT.check(url).is_err(), "{url} must be refused");
            assert!(LOCAL.check(url).is_ok(), "{url} is allowed when private targets are");
        }
    }

    #[test]
    fn plain_http_needs_private_targets_allowed_and_credentials_are_refused() {
        assert!(STRICT.check("http://erp.example.com/").unwrap_err().contains("https://"));
        assert!(LOCAL.check("http://127.0.0.1:9000/hook").is_ok());
        assert!(STRICT.check("ftp://erp.example.com/").is_err());
        assert!(STRICT.check("https://user:secret@erp.example.com/").is_err());
        assert!(STRICT.check("not a url").is_err());
    }
}
