//! Webhook endpoints on SQLite: added, changed, removed (with their deliveries), listed, and
//! read for the routing data.

use std::collections::HashMap;

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Row, params};
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::webhook::{events_from_text, events_text, pick};
use switchyard_network::model::{Claimed, DeliveryRecord, Settlement, Subscription, Webhook, WebhookSecret};
use switchyard_network::store::{StoreError, WebhookStore};
use uuid::Uuid;

use crate::rows::{db_error, parsed, uuid_text};
use crate::{SqliteStore, deliveries};

pub(crate) const WEBHOOK_COLUMNS: &str = "w.id, w.company_id, w.url, w.events, w.description, w.secret, \
     w.previous_secret, w.previous_secret_until, w.enabled, w.created_at, w.failing_since, w.disabled_reason";

/// A webhook from [`WEBHOOK_COLUMNS`] starting at `first`.
pub(crate) fn webhook_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<Webhook> {
    let previous: Option<String> = row.get(first + 6)?;
    let previous_until: Option<i64> = row.get(first + 7)?;
    Ok(Webhook {
        id: parsed(row, first)?,
        company_id: parsed(row, first + 1)?,
        url: row.get(first + 2)?,
        events: events_from_text(&row.get::<_, String>(first + 3)?),
        description: row.get(first + 4)?,
        secret: WebhookSecret::from_stored(row.get(first + 5)?),
        previous_secret: previous
            .zip(previous_until)
            .map(|(secret, until)| (WebhookSecret::from_stored(secret), until)),
        enabled: row.get(first + 8)?,
        created_at: row.get(first + 9)?,
        failing_since: row.get(first + 10)?,
        disabled_reason: row.get(first + 11)?,
    })
}

pub(crate) fn insert(db: &Connection, webhook: &Webhook, effects: &[Effect]) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO webhooks (id, company_id, url, events, description, secret, enabled, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            uuid_text(webhook.id),
            uuid_text(webhook.company_id),
            webhook.url,
            events_text(&webhook.events),
            webhook.description,
            webhook.secret.expose(),
            webhook.enabled,
            webhook.created_at,
        ],
    )
    .map_err(db_error)?;
    crate::effects::write(db, effects)
}

pub(crate) fn update(db: &Connection, webhook: &Webhook, effects: &[Effect]) -> Result<(), StoreError> {
    let (previous, previous_until) = match &webhook.previous_secret {
        Some((secret, until)) => (Some(secret.expose()), Some(*until)),
        None => (None, None),
    };
    let updated = db
        .execute(
            "UPDATE webhooks SET url = ?3, events = ?4, description = ?5, secret = ?6, previous_secret = ?7,
             previous_secret_until = ?8, enabled = ?9, failing_since = ?10, disabled_reason = ?11
             WHERE id = ?1 AND company_id = ?2",
            params![
                uuid_text(webhook.id),
                uuid_text(webhook.company_id),
                webhook.url,
                events_text(&webhook.events),
                webhook.description,
                webhook.secret.expose(),
                previous,
                previous_until,
                webhook.enabled,
                webhook.failing_since,
                webhook.disabled_reason,
            ],
        )
        .map_err(db_error)?;
    if updated == 0 {
        return Err(StoreError::NotFound);
    }
    crate::effects::write(db, effects)
}

pub(crate) fn remove(db: &Connection, company_id: Uuid, id: Uuid, effects: &[Effect]) -> Result<(), StoreError> {
    let removed = db
        .execute(
            "DELETE FROM webhooks WHERE id = ?1 AND company_id = ?2",
            params![uuid_text(id), uuid_text(company_id)],
        )
        .map_err(db_error)?;
    if removed == 0 {
        return Err(StoreError::NotFound);
    }
    crate::effects::write(db, effects)
}

pub(crate) fn list(db: &Connection, company_id: Uuid) -> Result<Vec<Webhook>, StoreError> {
    let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w WHERE w.company_id = ?1 ORDER BY w.created_at, w.id");
    let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
    let rows = statement.query_map([uuid_text(company_id)], |row| webhook_from_row(row, 0)).map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

pub(crate) fn find(db: &Connection, company_id: Uuid, id: Uuid) -> Result<Option<Webhook>, StoreError> {
    let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w WHERE w.id = ?1 AND w.company_id = ?2");
    db.query_row(&sql, [uuid_text(id), uuid_text(company_id)], |row| webhook_from_row(row, 0))
        .optional()
        .map_err(db_error)
}

/// Every enabled endpoint and what it listens to, for the routing data.
pub(crate) fn subscriptions(db: &Connection) -> Result<Vec<Subscription>, StoreError> {
    let mut statement =
        db.prepare("SELECT company_id, id, events FROM webhooks WHERE enabled = 1").map_err(db_error)?;
    let rows = statement
        .query_map([], |row| {
            Ok(Subscription {
                company_id: parsed(row, 0)?,
                webhook_id: parsed(row, 1)?,
                events: events_from_text(&row.get::<_, String>(2)?),
            })
        })
        .map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

/// Enqueues a delivery with its change; one for an endpoint removed or turned off meanwhile
/// (the routing data held was older) is left out rather than failing the change.
pub(crate) fn enqueue(db: &Connection, delivery: &switchyard_network::model::NewDelivery) -> Result<(), StoreError> {
    db.prepare_cached(
        "INSERT INTO webhook_deliveries (id, webhook_id, company_id, event, transaction_id, data, occurred_at, state,
         attempts, due_at, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'PENDING', 0, ?7, ?7 WHERE EXISTS
         (SELECT 1 FROM webhooks WHERE id = ?2 AND enabled = 1)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            uuid_text(delivery.id),
            uuid_text(delivery.webhook_id),
            uuid_text(delivery.company_id),
            delivery.event.as_str(),
            delivery.transaction_id.map(uuid_text),
            delivery.data.as_ref().map(ToString::to_string),
            delivery.occurred_at,
        ])
    })
    .map_err(db_error)?;
    Ok(())
}

#[async_trait]
impl WebhookStore for SqliteStore {
    async fn add_webhook(&self, webhook: Webhook, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer.run(move |db| insert(db, &webhook, &effects)).await
    }

    async fn list_webhooks(&self, company_id: Uuid) -> Result<Vec<Webhook>, StoreError> {
        self.readers.run(move |db| list(db, company_id)).await
    }

    async fn find_webhook(&self, company_id: Uuid, id: Uuid) -> Result<Option<Webhook>, StoreError> {
        self.readers.run(move |db| find(db, company_id, id)).await
    }

    async fn update_webhook(&self, webhook: Webhook, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer.run(move |db| update(db, &webhook, &effects)).await
    }

    async fn remove_webhook(&self, company_id: Uuid, id: Uuid, effects: Vec<Effect>) -> Result<(), StoreError> {
        self.writer.run(move |db| remove(db, company_id, id, &effects)).await
    }

    async fn settle_and_claim(
        &self,
        settlements: Vec<Settlement>,
        at: Timestamp,
        claimed_until: Timestamp,
        in_flight: HashMap<Uuid, usize>,
        per_endpoint: usize,
        limit: usize,
    ) -> Result<Claimed, StoreError> {
        let (picked, nothing_due) = if limit == 0 {
            (Vec::new(), Vec::new())
        } else {
            let saturated: Vec<Uuid> =
                in_flight.iter().filter(|(_, count)| **count >= per_endpoint).map(|(id, _)| *id).collect();
            let (candidates, nothing_due) =
                self.readers.run(move |db| deliveries::candidates(db, at, &saturated, per_endpoint)).await?;
            (pick(&candidates, &in_flight, per_endpoint, limit), nothing_due)
        };
        if picked.is_empty() && settlements.is_empty() {
            return Ok(Claimed { nothing_due, ..Claimed::default() });
        }
        // Candidates read before the settlements are written cannot be among them: a delivery
        // being settled is still claimed.
        let (unsettled, deliveries) = self
            .writer
            .run(move |db| {
                let unsettled = deliveries::settle_all(db, &settlements)?;
                Ok((unsettled, deliveries::take(db, &picked, at, claimed_until)?))
            })
            .await?;
        Ok(Claimed { deliveries, nothing_due, unsettled })
    }

    async fn list_deliveries(
        &self,
        company_id: Uuid,
        webhook_id: Uuid,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        self.readers.run(move |db| deliveries::list(db, company_id, webhook_id, limit)).await
    }

    async fn retry_delivery(&self, company_id: Uuid, delivery_id: Uuid, at: Timestamp) -> Result<(), StoreError> {
        self.writer.run(move |db| deliveries::retry(db, company_id, delivery_id, at)).await
    }

    async fn find_delivery(&self, company_id: Uuid, delivery_id: Uuid) -> Result<Option<DeliveryRecord>, StoreError> {
        self.readers.run(move |db| deliveries::find(db, company_id, delivery_id)).await
    }
}
