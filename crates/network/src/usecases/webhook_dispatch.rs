//! The domain's side of delivering webhooks: claiming due deliveries for a dispatcher, and
//! settling each attempt: delivered, retried later, or given up on; an endpoint failing for
//! five days turned off with its company's admins told. The HTTP itself is the dispatcher's.

use std::collections::HashMap;

use serde_json::json;
use uuid::Uuid;

use crate::effects::{self, Effect};
use crate::model::webhook::{ANSWER_WITHIN_SECONDS, after_failure, disabled_by_failing, failing_since};
use crate::model::{
    Actor, AttemptRecord, AuditAction, Claimed, ClaimedDelivery, Disabling, EventKind, MailOrder, NextStep, Settlement,
};
use crate::{Error, Hub, Timestamp};

/// How long a claimed delivery is the dispatcher's: the longest an attempt may take, and
/// ample time to record it. A dispatcher that dies leaves it to another after this.
/// Why the hub turned an endpoint off, for its company's people.
pub const DISABLED_REASON: &str = "Every delivery failed for five days, so the hub turned the endpoint off. Fix the \
    receiver, then turn the endpoint on again: the deliveries that were waiting are sent then.";

const CLAIMED_FOR: i64 = (ANSWER_WITHIN_SECONDS.cast_signed() + 50) * 1_000_000;

impl Hub {
    /// Writes the `settlements` of a dispatcher's ended attempts and claims due deliveries for
    /// it, given the attempts it has `in_flight` per endpoint, in one write.
    pub async fn settle_and_claim(
        &self,
        settlements: Vec<Settlement>,
        in_flight: HashMap<Uuid, usize>,
        per_endpoint: usize,
        limit: usize,
    ) -> Result<Claimed, Error> {
        let at = self.now();
        Ok(self.store.settle_and_claim(settlements, at, at + CLAIMED_FOR, in_flight, per_endpoint, limit).await?)
    }

    /// What an attempt makes of its delivery: delivered, retried later (`jitter` spreads the
    /// retry) or given up on, and of its endpoint: failing since when, turned off after five
    /// days of failures with its admins told. Written by [`Hub::settle_and_claim`].
    pub async fn settlement(
        &self,
        delivery: &ClaimedDelivery,
        attempt: AttemptRecord,
        jitter: u64,
    ) -> Result<Settlement, Error> {
        let at = attempt.at;
        let next = if attempt.succeeded() { NextStep::Delivered } else { after_failure(attempt.attempt, at, jitter) };
        let failing = failing_since(delivery.webhook.failing_since, &attempt);
        let disable = if delivery.webhook.enabled && disabled_by_failing(failing, at) {
            let effects = self.disabling_effects(delivery, DISABLED_REASON, at).await?;
            Some(Disabling { reason: DISABLED_REASON.to_owned(), effects })
        } else {
            None
        };
        Ok(Settlement {
            delivery_id: delivery.id,
            claim: delivery.claim,
            webhook_id: delivery.webhook.id,
            attempt,
            next,
            failing_since: failing,
            disable,
            effects: story_effects(delivery, next, at),
        })
    }

    /// The audit entry and the mail to each admin of the company that tell of an endpoint
    /// turned off.
    async fn disabling_effects(
        &self,
        delivery: &ClaimedDelivery,
        reason: &str,
        at: Timestamp,
    ) -> Result<Vec<Effect>, Error> {
        let webhook = &delivery.webhook;
        let detail = json!({ "webhookId": webhook.id, "url": webhook.url, "reason": reason });
        let mut told =
            vec![effects::audited(webhook.company_id, &Actor::Hub, AuditAction::WebhookDisabled, at, detail)];
        let users = self.store.list_users(Some(webhook.company_id)).await?;
        for admin in users.iter().filter(|user| user.is_admin() && user.disabled_at.is_none()) {
            let order = MailOrder::WebhookDisabled {
                to: admin.email.clone(),
                company: admin.company_name.clone(),
                url: webhook.url.clone(),
                reason: reason.to_owned(),
                path: "/portal/connections".to_owned(),
            };
            told.push(Effect::Job(order.job(crate::new_id(), at)));
        }
        Ok(told)
    }
}

/// A delivery about a document, done with, in the document's story (its company's alone).
fn story_effects(delivery: &ClaimedDelivery, next: NextStep, at: Timestamp) -> Vec<Effect> {
    let kind = match next {
        NextStep::Delivered => EventKind::WebhookDelivered,
        NextStep::Failed => EventKind::WebhookFailed,
        NextStep::RetryAt(_) => return Vec::new(),
    };
    let Some(transaction_id) = delivery.transaction_id else { return Vec::new() };
    let detail = json!({
        "deliveryId": delivery.id,
        "webhookId": delivery.webhook.id,
        "event": delivery.event,
        "attempts": delivery.attempt,
    });
    vec![Effect::event(delivery.webhook.company_id, Some(transaction_id), kind, at, Some(detail))]
}
