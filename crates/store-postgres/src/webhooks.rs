//! Webhook endpoints on PostgreSQL: added, changed, removed (with their deliveries), listed, and
//! read for the routing data.

use std::collections::HashMap;

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::webhook::{events_from_text, events_text};
use switchyard_network::model::{
    ClaimedDelivery, DeliveryRecord, NewDelivery, Settlement, Subscription, Webhook, WebhookSecret,
};
use switchyard_network::store::{StoreError, WebhookStore};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::rows::{db_error, get};
use crate::{PostgresStore, deliveries, prepared};

pub(crate) const WEBHOOK_COLUMNS: &str = "w.id, w.company_id, w.url, w.events, w.description, w.secret, \
     w.previous_secret, w.previous_secret_until, w.enabled, w.created_at, w.failing_since, w.disabled_reason";

/// A webhook from [`WEBHOOK_COLUMNS`] starting at `first`.
pub(crate) fn webhook_from_row(row: &Row, first: usize) -> Result<Webhook, StoreError> {
    let previous: Option<String> = get(row, first + 6)?;
    let previous_until: Option<i64> = get(row, first + 7)?;
    Ok(Webhook {
        id: get(row, first)?,
        company_id: get(row, first + 1)?,
        url: get(row, first + 2)?,
        events: events_from_text(&get::<String>(row, first + 3)?),
        description: get(row, first + 4)?,
        secret: WebhookSecret::from_stored(get(row, first + 5)?),
        previous_secret: previous
            .zip(previous_until)
            .map(|(secret, until)| (WebhookSecret::from_stored(secret), until)),
        enabled: get(row, first + 8)?,
        created_at: get(row, first + 9)?,
        failing_since: get(row, first + 10)?,
        disabled_reason: get(row, first + 11)?,
    })
}

/// Every enabled endpoint and what it listens to, for the routing data.
pub(crate) async fn subscriptions(db: &impl GenericClient) -> Result<Vec<Subscription>, StoreError> {
    let rows = db.query("SELECT company_id, id, events FROM webhooks WHERE enabled", &[]).await.map_err(db_error)?;
    rows.iter()
        .map(|row| {
            Ok(Subscription {
                company_id: get(row, 0)?,
                webhook_id: get(row, 1)?,
                events: events_from_text(&get::<String>(row, 2)?),
            })
        })
        .collect()
}

/// Enqueues deliveries with their change; one for an endpoint removed or turned off meanwhile
/// (the routing data held was older) is left out rather than failing the change.
pub(crate) async fn enqueue(db: &impl GenericClient, effects: &[Effect]) -> Result<(), StoreError> {
    let deliveries: Vec<&NewDelivery> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Webhook(delivery) => Some(delivery),
            _ => None,
        })
        .collect();
    for delivery in deliveries {
        prepared::execute(
            db,
            "INSERT INTO webhook_deliveries (id, webhook_id, company_id, event, transaction_id, data, occurred_at, state,
             attempts, due_at, created_at)
             SELECT $1, $2, $3, $4, $5, $6, $7, 'PENDING', 0, $7, $7 WHERE EXISTS
             (SELECT 1 FROM webhooks WHERE id = $2 AND enabled)",
            &[
                &delivery.id,
                &delivery.webhook_id,
                &delivery.company_id,
                &delivery.event.as_str(),
                &delivery.transaction_id,
                &delivery.data.as_ref().map(ToString::to_string),
                &delivery.occurred_at,
            ],
        )
        .await?;
    }
    Ok(())
}

async fn in_transaction<T>(
    store: &PostgresStore,
    work: impl AsyncFnOnce(&deadpool_postgres::Transaction<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut client = store.client().await?;
    let db = client.transaction().await.map_err(db_error)?;
    let value = work(&db).await?;
    db.commit().await.map_err(db_error)?;
    Ok(value)
}

#[async_trait]
impl WebhookStore for PostgresStore {
    async fn add_webhook(&self, webhook: Webhook, effects: Vec<Effect>) -> Result<(), StoreError> {
        in_transaction(self, async |db| {
            db.execute(
                "INSERT INTO webhooks (id, company_id, url, events, description, secret, enabled, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &webhook.id,
                    &webhook.company_id,
                    &webhook.url,
                    &events_text(&webhook.events),
                    &webhook.description,
                    &webhook.secret.expose(),
                    &webhook.enabled,
                    &webhook.created_at,
                ],
            )
            .await
            .map_err(db_error)?;
            crate::effects::write(db, &effects).await
        })
        .await
    }

    async fn list_webhooks(&self, company_id: Uuid) -> Result<Vec<Webhook>, StoreError> {
        let sql =
            format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w WHERE w.company_id = $1 ORDER BY w.created_at, w.id");
        let rows = self.client().await?.query(&sql, &[&company_id]).await.map_err(db_error)?;
        rows.iter().map(|row| webhook_from_row(row, 0)).collect()
    }

    async fn find_webhook(&self, company_id: Uuid, id: Uuid) -> Result<Option<Webhook>, StoreError> {
        let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w WHERE w.id = $1 AND w.company_id = $2");
        let row = self.client().await?.query_opt(&sql, &[&id, &company_id]).await.map_err(db_error)?;
        row.as_ref().map(|row| webhook_from_row(row, 0)).transpose()
    }

    async fn update_webhook(&self, webhook: Webhook, effects: Vec<Effect>) -> Result<(), StoreError> {
        let (previous, previous_until) = match &webhook.previous_secret {
            Some((secret, until)) => (Some(secret.expose().to_owned()), Some(*until)),
            None => (None, None),
        };
        in_transaction(self, async |db| {
            let updated = db
                .execute(
                    "UPDATE webhooks SET url = $3, events = $4, description = $5, secret = $6, previous_secret = $7,
                     previous_secret_until = $8, enabled = $9, failing_since = $10, disabled_reason = $11
                     WHERE id = $1 AND company_id = $2",
                    &[
                        &webhook.id,
                        &webhook.company_id,
                        &webhook.url,
                        &events_text(&webhook.events),
                        &webhook.description,
                        &webhook.secret.expose(),
                        &previous,
                        &previous_until,
                        &webhook.enabled,
                        &webhook.failing_since,
                        &webhook.disabled_reason,
                    ],
                )
                .await
                .map_err(db_error)?;
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
            crate::effects::write(db, &effects).await
        })
        .await
    }

    async fn remove_webhook(&self, company_id: Uuid, id: Uuid, effects: Vec<Effect>) -> Result<(), StoreError> {
        in_transaction(self, async |db| {
            let removed = db
                .execute("DELETE FROM webhooks WHERE id = $1 AND company_id = $2", &[&id, &company_id])
                .await
                .map_err(db_error)?;
            if removed == 0 {
                return Err(StoreError::NotFound);
            }
            crate::effects::write(db, &effects).await
        })
        .await
    }

    async fn claim_deliveries(
        &self,
        at: Timestamp,
        claimed_until: Timestamp,
        in_flight: HashMap<Uuid, usize>,
        per_endpoint: usize,
        limit: usize,
    ) -> Result<Vec<ClaimedDelivery>, StoreError> {
        in_transaction(self, async |db| deliveries::claim(db, at, claimed_until, &in_flight, per_endpoint, limit).await)
            .await
    }

    async fn settle_delivery(&self, settlement: Settlement) -> Result<bool, StoreError> {
        in_transaction(self, async |db| deliveries::settle(db, &settlement).await).await
    }

    async fn list_deliveries(
        &self,
        company_id: Uuid,
        webhook_id: Uuid,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        deliveries::list(&self.client().await?, company_id, webhook_id, limit).await
    }

    async fn retry_delivery(&self, company_id: Uuid, delivery_id: Uuid, at: Timestamp) -> Result<(), StoreError> {
        deliveries::retry(&self.client().await?, company_id, delivery_id, at).await
    }

    async fn find_delivery(&self, company_id: Uuid, delivery_id: Uuid) -> Result<Option<DeliveryRecord>, StoreError> {
        deliveries::find(&self.client().await?, company_id, delivery_id).await
    }
}
