//! The webhook dispatcher: claims due deliveries and sends them, many at once but never more
//! than `concurrency` in all and `per_endpoint` to one endpoint, so that a slow or dead
//! endpoint holds only its own few slots and never the API's threads (a request only writes a
//! delivery; sending happens here). Each attempt is settled as it ends: delivered, retried
//! later, or given up on; the settlements are written together with the next claim, so that
//! the dispatcher's bookkeeping costs the store one write a cycle however many attempts ended.
//!
//! An endpoint that fails is left alone for a while ([`in_flight`]).
//!
//! [`Dispatcher::drain`] sends everything due and waits for it, so that tests drive it without
//! sleeping; [`start`] runs it in the background of `serve` and `worker`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono_tz::Tz;
use switchyard_api::{WebhookData, webhook_body};
use switchyard_network::model::{ClaimedDelivery, TransactionRecord, WebhookEvent};
use switchyard_network::{Error, Hub};
use switchyard_webhooks::Poster;

use crate::background::Background;
use in_flight::{Ended, InFlight};
use tokio::sync::watch;
use uuid::Uuid;

/// How long an idle dispatcher waits before it looks for due deliveries again.
const IDLE_WAIT: Duration = Duration::from_millis(250);
/// The least time between two claims of a busy dispatcher.
const CLAIM_EVERY: Duration = Duration::from_millis(25);

mod in_flight;

pub struct Dispatcher {
    hub: Arc<Hub>,
    poster: Poster,
    public_url: String,
    time_zone: Tz,
    concurrency: usize,
    per_endpoint: usize,
}

impl Dispatcher {
    pub fn new(
        hub: Arc<Hub>,
        settings: &crate::config::WebhookSettings,
        public_url: &str,
        time_zone: Tz,
    ) -> anyhow::Result<Self> {
        let poster = Poster::new(settings.policy()).map_err(anyhow::Error::msg)?;
        Ok(Self {
            hub,
            poster,
            public_url: public_url.trim_end_matches('/').to_owned(),
            time_zone,
            concurrency: settings.concurrency.max(1),
            per_endpoint: settings.per_endpoint.max(1),
        })
    }

    /// Sends every delivery due now, and any that fall due meanwhile, and waits for all of
    /// them to be settled; returns how many attempts were made.
    pub async fn drain(self: &Arc<Self>) -> Result<usize, Error> {
        let mut in_flight = InFlight::default();
        let mut attempts = 0;
        loop {
            attempts += self.claim_into(&mut in_flight).await?;
            if !in_flight.one_ended().await {
                return Ok(attempts);
            }
        }
    }

    /// Writes the settlements of the attempts that ended, claims as many deliveries as there
    /// are free slots and starts sending them.
    async fn claim_into(self: &Arc<Self>, in_flight: &mut InFlight) -> Result<usize, Error> {
        let free = self.concurrency.saturating_sub(in_flight.len());
        let settled = in_flight.take_settled();
        if free == 0 && settled.is_empty() {
            return Ok(0);
        }
        let busy = in_flight.busy(self.per_endpoint);
        let claimed = match self.hub.settle_and_claim(settled.clone(), busy, self.per_endpoint, free).await {
            Ok(claimed) => claimed,
            Err(error) => {
                in_flight.keep_settled(settled);
                return Err(error);
            }
        };
        for delivery in &claimed.unsettled {
            tracing::warn!(%delivery, "a webhook delivery's claim ran out before it was settled");
        }
        in_flight.rest(&claimed.nothing_due);
        let count = claimed.deliveries.len();
        let documents = self.documents_of(&claimed.deliveries).await;
        for delivery in claimed.deliveries {
            let endpoint = delivery.webhook.id;
            // Two endpoints of a company may be told of the same document in one claim.
            let document = delivery.transaction_id.and_then(|id| documents.get(&id).cloned());
            let dispatcher = Arc::clone(self);
            in_flight.start(endpoint, async move { dispatcher.attempt(&delivery, document).await });
        }
        Ok(count)
    }

    /// The documents that the claimed `transaction.received` deliveries carry, read together:
    /// a read of its own for each cost more than sending it. Empty when the read fails; each
    /// attempt then reads its own.
    async fn documents_of(&self, deliveries: &[ClaimedDelivery]) -> HashMap<Uuid, TransactionRecord> {
        let ids: Vec<Uuid> = deliveries
            .iter()
            .filter(|delivery| delivery.event == WebhookEvent::TransactionReceived)
            .filter_map(|delivery| delivery.transaction_id)
            .collect();
        if ids.is_empty() {
            return HashMap::new();
        }
        match self.hub.find_any_transactions(ids).await {
            Ok(records) => records.into_iter().map(|record| (record.id, record)).collect(),
            Err(error) => {
                tracing::warn!(%error, "the documents of webhook deliveries could not be read together");
                HashMap::new()
            }
        }
    }

    /// One attempt at `delivery`, with its `document` when it was read with the claim, and
    /// what to write of it.
    async fn attempt(&self, delivery: &ClaimedDelivery, document: Option<TransactionRecord>) -> Ended {
        let endpoint = delivery.webhook.id;
        let body = match self.body(delivery, document).await {
            Ok(body) => body,
            Err(error) => {
                tracing::warn!(delivery = %delivery.id, %error, "a webhook body could not be made; trying again later");
                return Ended { endpoint, succeeded: false, settlement: None };
            }
        };
        let attempt = self.poster.post(delivery, body, self.hub.now()).await;
        let succeeded = attempt.succeeded();
        switchyard_network::telemetry::outbox_attempt("webhook", succeeded);
        if let Some(error) = &attempt.error {
            tracing::info!(delivery = %delivery.id, webhook = %endpoint, attempt = attempt.attempt, %error,
                "a webhook delivery failed");
        }
        // Any number that differs between deliveries spreads their retries.
        let jitter = u64::try_from(delivery.id.as_u128() % 1_000_003).unwrap_or(0) ^ u64::from(attempt.attempt);
        let settlement = match self.hub.settlement(delivery, attempt, jitter).await {
            Ok(settlement) => Some(settlement),
            Err(error) => {
                tracing::warn!(delivery = %delivery.id, %error, "a webhook attempt could not be recorded");
                None
            }
        };
        Ended { endpoint, succeeded, settlement }
    }

    /// The body of `delivery`, its data read now for the events that carry a stored record
    /// (unless its `document` was read with the claim).
    async fn body(&self, delivery: &ClaimedDelivery, document: Option<TransactionRecord>) -> Result<Vec<u8>, Error> {
        let recorded = || WebhookData::Recorded(delivery.data.clone().unwrap_or_default());
        let data = match (delivery.event, delivery.transaction_id, document) {
            (WebhookEvent::TransactionReceived, Some(_), Some(document)) => WebhookData::Transaction(document),
            (WebhookEvent::TransactionReceived, Some(id), None) => match self.hub.find_any_transaction(id).await {
                Ok(record) => WebhookData::Transaction(record),
                Err(Error::NotFound(_)) => recorded(),
                Err(error) => return Err(error),
            },
            (WebhookEvent::TaskCreated, _, _) => self.task_data(delivery).await?.unwrap_or_else(recorded),
            _ => recorded(),
        };
        webhook_body(delivery.event, delivery.occurred_at, data, self.time_zone, &self.public_url)
            .map_err(|error| Error::Internal(format!("{error:?}")))
    }

    async fn task_data(&self, delivery: &ClaimedDelivery) -> Result<Option<WebhookData>, Error> {
        let id = delivery.data.as_ref().and_then(|data| data["procurosTaskId"].as_str()).and_then(|id| id.parse().ok());
        let Some(id) = id else { return Ok(None) };
        match self.hub.find_task(id).await {
            Ok(task) => Ok(Some(WebhookData::Task(task))),
            Err(Error::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// `dispatcher` running in the background; stopping it lets the attempts in flight end.
pub fn start(dispatcher: Dispatcher) -> Background {
    Background::spawn(|stopped| dispatch(Arc::new(dispatcher), stopped))
}

async fn dispatch(dispatcher: Arc<Dispatcher>, mut stopped: watch::Receiver<bool>) {
    // A quiet endpoint is looked into as often as an idle dispatcher looks: its new messages
    // wait at most as long as they would for an idle one.
    let mut in_flight = InFlight::resting_for(IDLE_WAIT);
    while !*stopped.borrow() {
        let claimed_at = Instant::now();
        if let Err(error) = dispatcher.claim_into(&mut in_flight).await {
            tracing::warn!(%error, "webhook deliveries could not be claimed; trying again shortly");
        }
        tokio::select! {
            _ = in_flight.one_ended(), if in_flight.len() > 0 => {}
            () = tokio::time::sleep(IDLE_WAIT) => {}
            _ = stopped.changed() => {}
        }
        // Attempts that end soon after are taken in with it: one write for them all.
        let rest = CLAIM_EVERY.saturating_sub(claimed_at.elapsed());
        let _ = tokio::time::timeout(rest, async { while in_flight.one_ended().await {} }).await;
    }
    while in_flight.one_ended().await {}
    if let Err(error) = dispatcher.hub.settle_and_claim(in_flight.take_settled(), HashMap::new(), 1, 0).await {
        tracing::warn!(%error, "the last webhook attempts could not be recorded; they are sent again");
    }
}
