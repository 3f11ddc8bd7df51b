//! Webhooks (Standard Webhooks, standardwebhooks.com): a company's HTTPS endpoints that are
//! told of what happens to it, the deliveries the changes cause, and the rules of delivering
//! them: which events exist, how a delivery is signed, how long it is retried, when an endpoint
//! failing for days is turned off.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use serde_json::Value;
use uuid::Uuid;

use super::wire_enum::wire_enum;
use crate::Timestamp;

const SECOND: i64 = 1_000_000;
const HOUR: i64 = 3_600 * SECOND;

wire_enum! {
    /// What an endpoint may be told of: `transaction.received` (a document is waiting in the
    /// company's queue; `data` is the queue's item, content included),
    /// `transaction.status_changed` (a document the company sent became SUCCESS, FAILED or
    /// DROPPED), `error.opened`, `error.resolved`, `task.created`.
    pub enum WebhookEvent {
        TransactionReceived => "transaction.received",
        TransactionStatusChanged => "transaction.status_changed",
        ErrorOpened => "error.opened",
        ErrorResolved => "error.resolved",
        TaskCreated => "task.created",
    }
}

wire_enum! {
    /// Where a delivery stands.
    pub enum DeliveryState {
        Pending => "PENDING",
        Delivered => "DELIVERED",
        Failed => "FAILED",
    }
}

/// Events as the stores keep them: their names, comma-separated.
pub fn events_text(events: &[WebhookEvent]) -> String {
    events.iter().map(|event| event.as_str()).collect::<Vec<_>>().join(",")
}

/// Events as the stores kept them; a name this version does not know is left out.
pub fn events_from_text(text: &str) -> Vec<WebhookEvent> {
    text.split(',').filter_map(|name| name.trim().parse().ok()).collect()
}

/// The prefix of a webhook secret, as Standard Webhooks writes them.
const SECRET_PREFIX: &str = "whsec_";

/// A signing secret: `whsec_` and the base64 of 32 random bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(String);

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(..)")
    }
}

impl WebhookSecret {
    /// A new random secret.
    pub fn generate() -> Result<Self, crate::Error> {
        let mut key = [0_u8; 32];
        getrandom::fill(&mut key).map_err(|error| crate::Error::Internal(format!("no randomness: {error}")))?;
        Ok(Self(format!("{SECRET_PREFIX}{}", STANDARD.encode(key))))
    }

    /// A secret as stored.
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The HMAC key: the bytes the text after the prefix encodes.
    fn key(&self) -> Vec<u8> {
        let encoded = self.0.strip_prefix(SECRET_PREFIX).unwrap_or(&self.0);
        STANDARD.decode(encoded).unwrap_or_else(|_| encoded.as_bytes().to_vec())
    }

    /// `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.key()) else {
            return String::new();
        };
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(body);
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// How long a rotated-out secret keeps signing beside the new one.
pub const OLD_SECRET_KEPT_FOR: i64 = 24 * HOUR;
/// An endpoint failing this long without one success is turned off.
pub const DISABLED_AFTER_FAILING: i64 = 5 * 24 * HOUR;
/// How long an answer may take.
pub const ANSWER_WITHIN_SECONDS: u64 = 10;

/// A company's endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    pub id: Uuid,
    pub company_id: Uuid,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub description: Option<String>,
    pub secret: WebhookSecret,
    /// The secret before the last rotation, and until when it still signs.
    pub previous_secret: Option<(WebhookSecret, Timestamp)>,
    pub enabled: bool,
    pub created_at: Timestamp,
    /// When deliveries started failing without a success since.
    pub failing_since: Option<Timestamp>,
    /// Why it was turned off by the hub (`None` when on, or turned off by people).
    pub disabled_reason: Option<String>,
}

impl Webhook {
    /// The secrets that sign a delivery `at`: the current one, and the previous one for a day
    /// after a rotation.
    pub fn signing_secrets(&self, at: Timestamp) -> Vec<WebhookSecret> {
        let mut secrets = vec![self.secret.clone()];
        if let Some((previous, until)) = &self.previous_secret
            && *until > at
        {
            secrets.push(previous.clone());
        }
        secrets
    }
}

/// What a change of a webhook changes; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WebhookChange {
    pub url: Option<String>,
    pub events: Option<Vec<WebhookEvent>>,
    pub description: Option<Option<String>>,
    pub enabled: Option<bool>,
}

/// An enabled endpoint and what it listens to, as routing data: a change looks up who wants to
/// hear of it without reading the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub company_id: Uuid,
    pub webhook_id: Uuid,
    pub events: Vec<WebhookEvent>,
}

/// A delivery to enqueue with the change that causes it.
#[derive(Clone, Debug, PartialEq)]
pub struct NewDelivery {
    /// Also the message's `webhook-id`, the same on every attempt.
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub company_id: Uuid,
    pub event: WebhookEvent,
    /// The document it is about; for `transaction.received` its item is the body's `data`.
    pub transaction_id: Option<Uuid>,
    /// The body's `data` when it is not rendered from a stored record at delivery.
    pub data: Option<Value>,
    pub occurred_at: Timestamp,
}

/// A delivery a dispatcher holds until `claimed_until`, with what it needs to send it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimedDelivery {
    pub id: Uuid,
    pub webhook: Webhook,
    pub event: WebhookEvent,
    pub transaction_id: Option<Uuid>,
    pub data: Option<Value>,
    pub occurred_at: Timestamp,
    pub created_at: Timestamp,
    /// Including this one.
    pub attempt: u32,
    pub claim: Uuid,
}

/// What a claim took, and the endpoints it looked into that had nothing due (a dispatcher
/// leaves those alone for a moment rather than looking into each of them with every claim).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Claimed {
    pub deliveries: Vec<ClaimedDelivery>,
    pub nothing_due: Vec<Uuid>,
    /// Deliveries whose settlement wrote nothing: their claim had run out (another dispatcher
    /// may hold them now).
    pub unsettled: Vec<Uuid>,
}

/// One attempt as it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptRecord {
    pub attempt: u32,
    pub at: Timestamp,
    pub duration_ms: u64,
    /// The answer's status, when one came.
    pub status: Option<u16>,
    /// Why it failed without an answer (refused, timed out, not allowed ...), or what was wrong
    /// with the answer.
    pub error: Option<String>,
    /// The first 4 KiB of the answer's body.
    pub response: Option<String>,
}

impl AttemptRecord {
    /// A 2xx answer within the time allowed.
    pub fn succeeded(&self) -> bool {
        self.error.is_none() && self.status.is_some_and(|status| (200..300).contains(&status))
    }
}

/// The most of an answer's body kept with its attempt.
pub const KEPT_RESPONSE_BYTES: usize = 4 * 1024;
/// The most of an answer's body read.
pub const READ_RESPONSE_BYTES: usize = 64 * 1024;

/// A delivery as its company lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeliveryRecord {
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub event: WebhookEvent,
    pub transaction_id: Option<Uuid>,
    pub state: DeliveryState,
    pub created_at: Timestamp,
    /// When the next attempt is due, while pending.
    pub due_at: Timestamp,
    pub attempts: Vec<AttemptRecord>,
}

/// What a settled attempt makes of its delivery and its endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Settlement {
    pub delivery_id: Uuid,
    pub claim: Uuid,
    pub webhook_id: Uuid,
    pub attempt: AttemptRecord,
    pub next: NextStep,
    /// The endpoint's failing-since after this attempt (`None`: it works).
    pub failing_since: Option<Timestamp>,
    /// Set when this attempt turns the endpoint off.
    pub disable: Option<Disabling>,
    /// Written with the settlement (the document's story).
    pub effects: Vec<crate::effects::Effect>,
}

impl Settlement {
    /// The delivery's state after this attempt, and when it is next due (for one delivered or
    /// given up on: when that was settled).
    pub fn next_state(&self) -> (DeliveryState, Timestamp) {
        match self.next {
            NextStep::Delivered => (DeliveryState::Delivered, self.attempt.at),
            NextStep::RetryAt(at) => (DeliveryState::Pending, at),
            NextStep::Failed => (DeliveryState::Failed, self.attempt.at),
        }
    }
}

/// An endpoint turned off by the hub: why, and what tells its company (the audit entry, the
/// admins' mail), written only by the settlement that turns it off, when several fail at once.
#[derive(Clone, Debug, PartialEq)]
pub struct Disabling {
    pub reason: String,
    pub effects: Vec<crate::effects::Effect>,
}

/// What comes after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    Delivered,
    RetryAt(Timestamp),
    Failed,
}

/// The wait after each failed attempt: the 1st, the 2nd ... the 7th; the 8th failure is final.
/// About 28 hours in all, so that an endpoint down for a day gets everything once it is back.
const RETRY_WAITS: [i64; 7] = [5 * SECOND, 300 * SECOND, 1_800 * SECOND, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/// What follows failed attempt `attempt` at `at`; `jitter` (any number) spreads retries of many
/// deliveries over a tenth of each wait, either side, so that an endpoint back up is not hit by
/// all of them at once.
pub fn after_failure(attempt: u32, at: Timestamp, jitter: u64) -> NextStep {
    let Some(wait) = usize::try_from(attempt).ok().and_then(|n| n.checked_sub(1)).and_then(|n| RETRY_WAITS.get(n))
    else {
        return NextStep::Failed;
    };
    let spread = wait / 10;
    let offset = i64::try_from(jitter % u64::try_from(2 * spread + 1).unwrap_or(1)).unwrap_or(0) - spread;
    NextStep::RetryAt(at + wait + offset)
}

/// An endpoint's failing-since after an attempt: cleared by a success, started by the first
/// failure.
pub fn failing_since(before: Option<Timestamp>, attempt: &AttemptRecord) -> Option<Timestamp> {
    if attempt.succeeded() { None } else { Some(before.unwrap_or(attempt.at)) }
}

/// Whether an endpoint failing since `since` is turned off at `at`.
pub fn disabled_by_failing(since: Option<Timestamp>, at: Timestamp) -> bool {
    since.is_some_and(|since| at - since >= DISABLED_AFTER_FAILING)
}

/// Of `candidates` (due deliveries, oldest due first, with their endpoint), the ones to claim
/// (with their endpoint):
/// at most `limit`, and for each endpoint at most `per_endpoint` besides those `in_flight`
/// already holds, so that a slow endpoint cannot take every slot.
pub fn pick<S: std::hash::BuildHasher>(
    candidates: &[(Uuid, Uuid)],
    in_flight: &std::collections::HashMap<Uuid, usize, S>,
    per_endpoint: usize,
    limit: usize,
) -> Vec<(Uuid, Uuid)> {
    let mut taken: std::collections::HashMap<Uuid, usize> = std::collections::HashMap::new();
    let mut picked = Vec::new();
    for (delivery, endpoint) in candidates {
        if picked.len() == limit {
            break;
        }
        let busy = in_flight.get(endpoint).copied().unwrap_or(0) + taken.get(endpoint).copied().unwrap_or(0);
        if busy < per_endpoint {
            *taken.entry(*endpoint).or_default() += 1;
            picked.push((*delivery, *endpoint));
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_follows_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let secret = WebhookSecret::from_stored("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into());
        let body = br#"{"test": 2432232314}"#;
        let signature = secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body);
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn a_new_secret_is_32_random_bytes_after_its_prefix() {
        let secret = WebhookSecret::generate().unwrap();
        assert!(secret.expose().starts_with("whsec_"));
        assert_eq!(secret.key().len(), 32);
        assert_ne!(secret, WebhookSecret::generate().unwrap());
        assert_eq!(format!("{secret:?}"), "WebhookSecret(..)", "a secret never prints");
    }

    #[test]
    fn failed_attempts_are_retried_for_more_than_a_day_then_given_up() {
        let mut at = 0;
        for attempt in 1..=7 {
            let NextStep::RetryAt(next) = after_failure(attempt, at, 0) else { panic!("attempt {attempt} is retried") };
            assert!(next > at);
            at = next;
        }
        assert!(at >= 24 * HOUR, "retried for {} hours", at / HOUR);
        assert_eq!(after_failure(8, at, 0), NextStep::Failed);
        assert_eq!(after_failure(0, 0, 0), NextStep::Failed);
    }

    #[test]
    fn retries_are_spread_a_tenth_of_their_wait_either_side() {
        let waits: Vec<i64> = (0..1_000)
            .map(|jitter| match after_failure(2, 0, jitter) {
                NextStep::RetryAt(at) => at,
                other => panic!("{other:?}"),
            })
            .collect();
        assert!(waits.iter().all(|wait| (270 * SECOND..=330 * SECOND).contains(wait)));
        assert!(waits.iter().collect::<std::collections::HashSet<_>>().len() > 100);
    }

    #[test]
    fn an_endpoint_failing_for_five_days_is_turned_off_and_a_success_clears_it() {
        let failed =
            AttemptRecord { attempt: 1, at: 10, duration_ms: 3, status: Some(500), error: None, response: None };
        assert_eq!(failing_since(None, &failed), Some(10));
        assert_eq!(failing_since(Some(4), &failed), Some(4));
        let ok = AttemptRecord { status: Some(204), ..failed.clone() };
        assert_eq!(failing_since(Some(4), &ok), None);
        assert!(!disabled_by_failing(Some(0), DISABLED_AFTER_FAILING - 1));
        assert!(disabled_by_failing(Some(0), DISABLED_AFTER_FAILING));
        assert!(!disabled_by_failing(None, DISABLED_AFTER_FAILING));
    }

    #[test]
    fn each_endpoint_gets_at_most_its_share_of_a_claim() {
        let (slow, fast) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let candidates: Vec<(Uuid, Uuid)> =
            (0..6).map(|n| (Uuid::from_u128(100 + n), if n < 4 { slow } else { fast })).collect();
        let busy = std::collections::HashMap::from([(slow, 1)]);
        let picked: Vec<Uuid> = pick(&candidates, &busy, 2, 10).into_iter().map(|(delivery, _)| delivery).collect();
        assert_eq!(picked, [Uuid::from_u128(100), Uuid::from_u128(104), Uuid::from_u128(105)]);
        assert_eq!(pick(&candidates, &std::collections::HashMap::new(), 2, 1).len(), 1);
    }
}
