//! The bench's network with webhooks: each of the 50 trading companies has two endpoints, one
//! told of documents waiting in its queue, one of its documents' outcomes and its errors; 20 of
//! the 100 are dead (10 refuse connections, 10 never answer), among them both of two suppliers',
//! so that half the documents sent are for a dead endpoint.

use std::sync::Arc;

use switchyard::config::Settings;
use switchyard_network::SystemClock;
use switchyard_network::model::webhook_target::TargetPolicy;
use switchyard_network::model::{Actor, WebhookEvent};
use switchyard_network::usecases::webhooks::WebhookInput;

use crate::webhook_receivers::Receivers;

/// Endpoints of the network, and how many of them are dead.
pub const ENDPOINTS: usize = 100;
pub const DEAD: usize = 20;

/// Adds the endpoints to the companies of `settings`' database (seeded, not yet served).
pub async fn add_endpoints(settings: &Settings, receivers: &Receivers) -> anyhow::Result<()> {
    let hub = switchyard::server::open_hub(settings, Arc::new(SystemClock)).await?;
    let policy = TargetPolicy { allow_private: true };
    let mut added = 0;
    // The first 8 buyers and the first 2 suppliers (companies 46 and 47) have dead endpoints.
    for n in 0..50 {
        let company = hub.company(&format!("Bench company {n}")).await?;
        let target = match n {
            0..4 | 46 => receivers.refusing,
            4..8 | 47 => receivers.silent,
            _ => receivers.live,
        };
        let events = [
            vec![WebhookEvent::TransactionReceived],
            vec![WebhookEvent::TransactionStatusChanged, WebhookEvent::ErrorOpened],
        ];
        for (kind, events) in events.into_iter().enumerate() {
            let url = format!("http://{target}/hooks/{n}/{kind}");
            let input = WebhookInput { url, events, description: None };
            hub.add_webhook(company.id, &Actor::Operator, input, policy).await?;
            added += 1;
        }
    }
    anyhow::ensure!(added == ENDPOINTS, "added {added} endpoints");
    Ok(())
}
