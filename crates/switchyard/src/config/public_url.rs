//! The hub's public address, the base of every absolute link it hands out (`nextPageUrl`,
//! `errorUrl`, the links in mails and on the command line): `public_url` when set, otherwise
//! made from the address it listens on.

use std::net::SocketAddr;

use super::ServerSettings;

impl ServerSettings {
    /// The base of links for a hub listening on `address`, without a trailing slash. A hub
    /// listening on every address (`0.0.0.0`, `[::]`, as in a container) is named `localhost`
    /// instead: `http://0.0.0.0:8080` is no address a client can use.
    pub fn public_url_at(&self, address: SocketAddr) -> String {
        let host =
            if address.ip().is_unspecified() { format!("localhost:{}", address.port()) } else { address.to_string() };
        self.public_url_or(&host)
    }

    /// The same for the `listen` setting, for the commands that do not listen themselves.
    pub fn public_url(&self) -> String {
        match self.listen.parse::<SocketAddr>() {
            Ok(address) => self.public_url_at(address),
            // A host name (`localhost:8080`) names the hub as written.
            Err(_) => self.public_url_or(&self.listen),
        }
    }

    fn public_url_or(&self, host: &str) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("{}://{host}", if self.tls_cert.is_some() { "https" } else { "http" }),
        }
    }

    /// Whether links made without `public_url` would name this machine only, which clients
    /// elsewhere cannot reach: the operator should be told to set it.
    pub fn public_url_is_local_guess(&self, address: SocketAddr) -> bool {
        self.public_url.is_none() && address.ip().is_unspecified()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(public_url: Option<&str>, tls: bool) -> ServerSettings {
        ServerSettings {
            public_url: public_url.map(str::to_owned),
            tls_cert: tls.then(|| "cert.pem".into()),
            ..ServerSettings::default()
        }
    }

    #[test]
    fn a_set_public_url_is_used_as_given_without_its_trailing_slash() {
        let address = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(server(Some("https://hub.example.com/"), false).public_url_at(address), "https://hub.example.com");
        assert!(!server(Some("https://hub.example.com"), false).public_url_is_local_guess(address));
    }

    #[test]
    fn without_one_the_listening_address_names_the_hub_and_every_address_is_localhost() {
        let plain = server(None, false);
        assert_eq!(plain.public_url_at("127.0.0.1:8080".parse().unwrap()), "http://127.0.0.1:8080");
        assert_eq!(plain.public_url_at("0.0.0.0:8080".parse().unwrap()), "http://localhost:8080");
        assert_eq!(plain.public_url_at("[::]:9000".parse().unwrap()), "http://localhost:9000");
        assert!(plain.public_url_is_local_guess("0.0.0.0:8080".parse().unwrap()));
        assert!(!plain.public_url_is_local_guess("10.0.0.5:8080".parse().unwrap()));
        assert_eq!(server(None, true).public_url_at("[::1]:8443".parse().unwrap()), "https://[::1]:8443");
    }
}
