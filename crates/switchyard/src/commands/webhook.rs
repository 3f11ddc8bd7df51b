//! `webhook list|add|enable|disable|rotate-secret|remove|deliveries|retry`: a company's webhook
//! endpoints, as the operator manages them for it (each change in the company's audit log).

use clap::Subcommand;
use serde_json::json;
use switchyard_network::Hub;
use switchyard_network::model::{Actor, DeliveryRecord, Webhook, WebhookChange, WebhookEvent};
use switchyard_network::usecases::webhooks::WebhookInput;
use uuid::Uuid;

use super::Output;
use crate::config::Settings;

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// The company's endpoints.
    List {
        #[arg(long)]
        company: String,
    },
    /// Add an endpoint; its signing secret is printed once.
    Add {
        #[arg(long)]
        company: String,
        #[arg(long)]
        url: String,
        /// An event to send (repeat for more): transaction.received, transaction.status_changed,
        /// error.opened, error.resolved, task.created.
        #[arg(long = "event", required = true)]
        events: Vec<WebhookEvent>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Turn an endpoint on (its failures forgotten) and send what waited for it.
    Enable {
        #[arg(long)]
        company: String,
        webhook_id: Uuid,
    },
    /// Turn an endpoint off; its messages wait.
    Disable {
        #[arg(long)]
        company: String,
        webhook_id: Uuid,
    },
    /// A new secret; the old one signs beside it for 24 hours.
    RotateSecret {
        #[arg(long)]
        company: String,
        webhook_id: Uuid,
    },
    /// Remove an endpoint and its deliveries.
    Remove {
        #[arg(long)]
        company: String,
        webhook_id: Uuid,
    },
    /// The endpoint's latest deliveries with their attempts.
    Deliveries {
        #[arg(long)]
        company: String,
        webhook_id: Uuid,
    },
    /// Send a delivery again now.
    Retry {
        #[arg(long)]
        company: String,
        delivery_id: Uuid,
    },
}

pub async fn run(hub: &Hub, settings: &Settings, command: &WebhookCommand) -> anyhow::Result<Output> {
    let policy = settings.webhooks.policy();
    let operator = Actor::Operator;
    match command {
        WebhookCommand::List { company } => {
            let company = hub.company(company).await?;
            let webhooks = hub.webhooks_of(company.id).await?;
            let lines: Vec<String> = webhooks.iter().map(line).collect();
            let text = if lines.is_empty() { format!("{} has no webhooks", company.name) } else { lines.join("\n") };
            Ok(Output::new(text, json!(webhooks.iter().map(view).collect::<Vec<_>>())))
        }
        WebhookCommand::Add { company, url, events, description } => {
            let company = hub.company(company).await?;
            let input = WebhookInput { url: url.clone(), events: events.clone(), description: description.clone() };
            let webhook = hub.add_webhook(company.id, &operator, input, policy).await?;
            let mut shown = view(&webhook);
            shown["secret"] = json!(webhook.secret.expose());
            let text = format!(
                "{}\nsecret: {} (shown once; give it to the receiver)",
                line(&webhook),
                webhook.secret.expose()
            );
            Ok(Output::new(text, shown))
        }
        WebhookCommand::Enable { company, webhook_id } | WebhookCommand::Disable { company, webhook_id } => {
            let company = hub.company(company).await?;
            let enabled = matches!(command, WebhookCommand::Enable { .. });
            let change = WebhookChange { enabled: Some(enabled), ..WebhookChange::default() };
            let webhook = hub.change_webhook(company.id, &operator, *webhook_id, change, policy).await?;
            Ok(Output::new(line(&webhook), view(&webhook)))
        }
        WebhookCommand::RotateSecret { company, webhook_id } => {
            let company = hub.company(company).await?;
            let webhook = hub.rotate_webhook_secret(company.id, &operator, *webhook_id).await?;
            let text = format!("new secret: {} (the old one signs beside it for 24 hours)", webhook.secret.expose());
            Ok(Output::new(text, json!({ "id": webhook.id, "secret": webhook.secret.expose() })))
        }
        WebhookCommand::Remove { company, webhook_id } => {
            let company = hub.company(company).await?;
            hub.remove_webhook(company.id, &operator, *webhook_id).await?;
            Ok(Output::new(format!("Removed webhook {webhook_id}"), json!({ "removed": webhook_id })))
        }
        WebhookCommand::Deliveries { company, webhook_id } => {
            let company = hub.company(company).await?;
            let deliveries = hub.deliveries_of(company.id, *webhook_id).await?;
            let text = deliveries.iter().map(delivery_line).collect::<Vec<_>>().join("\n");
            Ok(Output::new(text, json!(deliveries.iter().map(delivery_view).collect::<Vec<_>>())))
        }
        WebhookCommand::Retry { company, delivery_id } => {
            let company = hub.company(company).await?;
            let delivery = hub.retry_delivery(company.id, *delivery_id).await?;
            Ok(Output::new(format!("{} is due again", delivery.id), delivery_view(&delivery)))
        }
    }
}

fn line(webhook: &Webhook) -> String {
    let events: Vec<&str> = webhook.events.iter().map(|event| event.as_str()).collect();
    let state = match (&webhook.disabled_reason, webhook.enabled) {
        (_, true) => "on".to_owned(),
        (Some(reason), false) => format!("off: {reason}"),
        (None, false) => "off".to_owned(),
    };
    format!("{} {} [{}] {state}", webhook.id, webhook.url, events.join(", "))
}

fn view(webhook: &Webhook) -> serde_json::Value {
    json!({
        "id": webhook.id,
        "url": webhook.url,
        "events": webhook.events,
        "description": webhook.description,
        "enabled": webhook.enabled,
        "failingSince": webhook.failing_since,
        "disabledReason": webhook.disabled_reason,
    })
}

fn delivery_line(delivery: &DeliveryRecord) -> String {
    let last = delivery.attempts.last().map_or_else(String::new, |attempt| {
        attempt.error.clone().unwrap_or_else(|| format!("answered {}", attempt.status.unwrap_or_default()))
    });
    format!("{} {} {} {} attempt(s) {last}", delivery.id, delivery.event, delivery.state, delivery.attempts.len())
}

fn delivery_view(delivery: &DeliveryRecord) -> serde_json::Value {
    json!({
        "id": delivery.id,
        "event": delivery.event,
        "status": delivery.state,
        "transactionId": delivery.transaction_id,
        "attempts": delivery.attempts.iter().map(|attempt| json!({
            "attempt": attempt.attempt, "statusCode": attempt.status, "error": attempt.error, "durationMs": attempt.duration_ms,
        })).collect::<Vec<_>>(),
    })
}
