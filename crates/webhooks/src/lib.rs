//! Delivering webhooks over HTTP: one signed POST per attempt (Standard Webhooks headers), to
//! the addresses a [`TargetPolicy`] admits, checked on every connection, so that a name that
//! resolves to the hub's own network is refused however it got there. No redirect is followed;
//! an answer is read up to 64 KiB and its first 4 KiB kept.

mod guarded_resolver;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use switchyard_network::Timestamp;
use switchyard_network::model::webhook::{ANSWER_WITHIN_SECONDS, KEPT_RESPONSE_BYTES, READ_RESPONSE_BYTES};
use switchyard_network::model::webhook_target::TargetPolicy;
use switchyard_network::model::{AttemptRecord, ClaimedDelivery};

use guarded_resolver::GuardedResolver;

/// Sends attempts.
#[derive(Clone)]
pub struct Poster {
    client: reqwest::Client,
    policy: TargetPolicy,
}

impl Poster {
    pub fn new(policy: TargetPolicy) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(ANSWER_WITHIN_SECONDS))
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("Switchyard-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver(policy)))
            .pool_max_idle_per_host(4)
            .build()
            .map_err(|error| error.to_string())?;
        Ok(Self { client, policy })
    }

    /// POSTs `body` for `delivery`, signed with each of its endpoint's secrets at `at`; how it
    /// went, timed.
    pub async fn post(&self, delivery: &ClaimedDelivery, body: Vec<u8>, at: Timestamp) -> AttemptRecord {
        let started = Instant::now();
        let outcome = self.send(delivery, body, at).await;
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (status, error, response) = match outcome {
            Ok((status, response)) => {
                let error = (!(200..300).contains(&status)).then(|| format!("answered {status}"));
                (Some(status), error, Some(response))
            }
            Err(error) => (None, Some(error), None),
        };
        AttemptRecord { attempt: delivery.attempt, at, duration_ms, status, error, response }
    }

    async fn send(&self, delivery: &ClaimedDelivery, body: Vec<u8>, at: Timestamp) -> Result<(u16, String), String> {
        let target = self.policy.check(&delivery.webhook.url)?;
        let headers = signed_headers(delivery, &body, at)?;
        let mut response =
            self.client.post(target.url).headers(headers).body(body).send().await.map_err(|error| describe(&error))?;
        let status = response.status().as_u16();
        let mut kept = Vec::new();
        let mut read = 0;
        while read < READ_RESPONSE_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    read += chunk.len();
                    let room = KEPT_RESPONSE_BYTES.saturating_sub(kept.len());
                    kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                Ok(None) => break,
                Err(error) => return Err(describe(&error)),
            }
        }
        Ok((status, String::from_utf8_lossy(&kept).into_owned()))
    }
}

/// `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature` (one `v1,` signature per
/// secret, separated by spaces, while a rotated-out secret still signs).
fn signed_headers(delivery: &ClaimedDelivery, body: &[u8], at: Timestamp) -> Result<HeaderMap, String> {
    let id = delivery.id.to_string();
    let seconds = at.div_euclid(1_000_000);
    let signatures: Vec<String> =
        delivery.webhook.signing_secrets(at).iter().map(|secret| secret.sign(&id, seconds, body)).collect();
    let value = |text: &str| HeaderValue::from_str(text).map_err(|error| error.to_string());
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", value(&id)?);
    headers.insert("webhook-timestamp", value(&seconds.to_string())?);
    headers.insert("webhook-signature", value(&signatures.join(" "))?);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(headers)
}

/// What went wrong, for the people who read the attempts: the cause, not the URL again.
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        format!("no answer within {ANSWER_WITHIN_SECONDS} seconds")
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
