//! Name resolution for deliveries that keeps only the addresses the policy admits: a name that
//! leads to the hub's own machine or network (at creation or later, by a DNS change) is refused
//! at the connection, not only when the endpoint was added.

use std::net::SocketAddr;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use switchyard_network::model::webhook_target::TargetPolicy;

pub(crate) struct GuardedResolver(pub TargetPolicy);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.0;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let admitted: Vec<SocketAddr> =
                found.iter().copied().filter(|address| policy.admits(address.ip()).is_ok()).collect();
            if admitted.is_empty() {
                let refused = found.first().map_or_else(|| "no address".to_owned(), |address| address.ip().to_string());
                let message = format!("{host} resolves to {refused}, an address webhooks may not go to");
                return Err(message.into());
            }
            let addresses: Addrs = Box::new(admitted.into_iter());
            Ok(addresses)
        })
    }
}
