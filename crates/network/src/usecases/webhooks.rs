//! A company's webhook endpoints: adding, changing, removing them, rotating their secret, and
//! reading and retrying their deliveries. Each change is in the company's audit log.

use serde_json::json;
use uuid::Uuid;

use crate::effects;
use crate::model::webhook_target::TargetPolicy;
use crate::model::{Actor, AuditAction, DeliveryRecord, Webhook, WebhookChange, WebhookEvent, WebhookSecret};
use crate::store::StoreError;
use crate::{Error, Hub, new_id};

/// The longest description kept.
const LONGEST_DESCRIPTION: usize = 500;
/// Deliveries listed at most.
pub const LISTED_DELIVERIES: usize = 100;

/// A new endpoint as asked for.
#[derive(Clone, Debug)]
pub struct WebhookInput {
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub description: Option<String>,
}

impl Hub {
    /// Adds an endpoint for the company; its secret is in the answer, and only there.
    pub async fn add_webhook(
        &self,
        company_id: Uuid,
        actor: &Actor,
        input: WebhookInput,
        policy: TargetPolicy,
    ) -> Result<Webhook, Error> {
        let webhook = Webhook {
            id: new_id(),
            company_id,
            url: checked_url(&input.url, policy)?,
            events: checked_events(input.events)?,
            description: checked_description(input.description)?,
            secret: WebhookSecret::generate()?,
            previous_secret: None,
            enabled: true,
            created_at: self.now(),
            failing_since: None,
            disabled_reason: None,
        };
        let audit = audit(&webhook, actor, AuditAction::WebhookAdded, self.now());
        self.store.add_webhook(webhook.clone(), vec![audit]).await?;
        Ok(webhook)
    }

    /// The company's endpoints, oldest first.
    pub async fn webhooks_of(&self, company_id: Uuid) -> Result<Vec<Webhook>, Error> {
        Ok(self.store.list_webhooks(company_id).await?)
    }

    /// One endpoint of the company; `NotFound` for another company's.
    pub async fn webhook_of(&self, company_id: Uuid, id: Uuid) -> Result<Webhook, Error> {
        self.store.find_webhook(company_id, id).await?.ok_or_else(|| unknown_webhook(id))
    }

    /// Changes an endpoint. Turning it on again forgets its failures: it gets a fresh five days.
    pub async fn change_webhook(
        &self,
        company_id: Uuid,
        actor: &Actor,
        id: Uuid,
        change: WebhookChange,
        policy: TargetPolicy,
    ) -> Result<Webhook, Error> {
        let mut webhook = self.webhook_of(company_id, id).await?;
        if let Some(url) = change.url {
            webhook.url = checked_url(&url, policy)?;
        }
        if let Some(events) = change.events {
            webhook.events = checked_events(events)?;
        }
        if let Some(description) = change.description {
            webhook.description = checked_description(description)?;
        }
        if let Some(enabled) = change.enabled {
            if enabled && !webhook.enabled {
                webhook.failing_since = None;
                webhook.disabled_reason = None;
            }
            webhook.enabled = enabled;
        }
        let audit = audit(&webhook, actor, AuditAction::WebhookChanged, self.now());
        self.store.update_webhook(webhook.clone(), vec![audit]).await.map_err(|error| not_found_as(error, id))?;
        Ok(webhook)
    }

    /// Removes an endpoint and its deliveries.
    pub async fn remove_webhook(&self, company_id: Uuid, actor: &Actor, id: Uuid) -> Result<(), Error> {
        let webhook = self.webhook_of(company_id, id).await?;
        let audit = audit(&webhook, actor, AuditAction::WebhookRemoved, self.now());
        self.store.remove_webhook(company_id, id, vec![audit]).await.map_err(|error| not_found_as(error, id))
    }

    /// Gives the endpoint a new secret; the old one keeps signing beside it for a day, so that
    /// the receiver can switch without losing a delivery.
    pub async fn rotate_webhook_secret(&self, company_id: Uuid, actor: &Actor, id: Uuid) -> Result<Webhook, Error> {
        let mut webhook = self.webhook_of(company_id, id).await?;
        let now = self.now();
        let old = std::mem::replace(&mut webhook.secret, WebhookSecret::generate()?);
        webhook.previous_secret = Some((old, now + crate::model::webhook::OLD_SECRET_KEPT_FOR));
        let audit = audit(&webhook, actor, AuditAction::WebhookSecretRotated, now);
        self.store.update_webhook(webhook.clone(), vec![audit]).await.map_err(|error| not_found_as(error, id))?;
        Ok(webhook)
    }

    /// The endpoint's latest deliveries, newest first, each with its attempts.
    pub async fn deliveries_of(&self, company_id: Uuid, webhook_id: Uuid) -> Result<Vec<DeliveryRecord>, Error> {
        self.webhook_of(company_id, webhook_id).await?;
        Ok(self.store.list_deliveries(company_id, webhook_id, LISTED_DELIVERIES).await?)
    }

    /// Sends a delivery again now, whatever became of it; the receiver sees the same
    /// `webhook-id` as before.
    pub async fn retry_delivery(&self, company_id: Uuid, delivery_id: Uuid) -> Result<DeliveryRecord, Error> {
        self.store.retry_delivery(company_id, delivery_id, self.now()).await.map_err(|error| match error {
            StoreError::NotFound => unknown_delivery(delivery_id),
            other => other.into(),
        })?;
        self.store.find_delivery(company_id, delivery_id).await?.ok_or_else(|| unknown_delivery(delivery_id))
    }
}

fn checked_url(url: &str, policy: TargetPolicy) -> Result<String, Error> {
    let target = policy.check(url).map_err(|problem| Error::invalid("url", problem))?;
    let host = target.url.host_str().unwrap_or_default().trim_end_matches('.').to_ascii_lowercase();
    // Names that lead to this machine whatever the DNS says.
    if !policy.allow_private && (host == "localhost" || host.ends_with(".localhost")) {
        return Err(Error::invalid("url", "The url leads to this machine; webhooks go to public addresses only."));
    }
    Ok(target.url.to_string())
}

fn checked_events(mut events: Vec<WebhookEvent>) -> Result<Vec<WebhookEvent>, Error> {
    events.sort_by_key(|event| event.as_str());
    events.dedup();
    if events.is_empty() {
        let names: Vec<&str> = WebhookEvent::ALL.iter().map(|event| event.as_str()).collect();
        return Err(Error::invalid("events", format!("Name at least one event: {}.", names.join(", "))));
    }
    Ok(events)
}

fn checked_description(description: Option<String>) -> Result<Option<String>, Error> {
    let description = description.map(|text| text.trim().to_owned()).filter(|text| !text.is_empty());
    if description.as_ref().is_some_and(|text| text.chars().count() > LONGEST_DESCRIPTION) {
        return Err(Error::invalid("description", format!("Keep it under {LONGEST_DESCRIPTION} characters.")));
    }
    Ok(description)
}

fn audit(webhook: &Webhook, actor: &Actor, action: AuditAction, at: crate::Timestamp) -> effects::Effect {
    let detail =
        json!({ "webhookId": webhook.id, "url": webhook.url, "events": webhook.events, "enabled": webhook.enabled });
    effects::audited(webhook.company_id, actor, action, at, detail)
}

fn not_found_as(error: StoreError, id: Uuid) -> Error {
    match error {
        StoreError::NotFound => unknown_webhook(id),
        other => other.into(),
    }
}

fn unknown_webhook(id: Uuid) -> Error {
    Error::not_found(format!("no webhook {id}"))
}

fn unknown_delivery(id: Uuid) -> Error {
    Error::not_found(format!("no webhook delivery {id}"))
}
