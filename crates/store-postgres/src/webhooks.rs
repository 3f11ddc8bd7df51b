//! Webhook endpoints on PostgreSQL: added, changed, removed (with their deliveries), listed, and
//! read for the routing data.

use std::collections::HashMap;
use std::sync::LazyLock;

use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::webhook::{events_from_text, events_text};
use switchyard_network::model::{
    Claimed, DeliveryRecord, NewDelivery, Settlement, Subscription, Webhook, WebhookSecret,
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

/// The deliveries among a change's effects, as the columns of one insert.
pub(crate) struct DeliveryColumns {
    pub ids: Vec<Uuid>,
    pub webhooks: Vec<Uuid>,
    pub companies: Vec<Uuid>,
    pub events: Vec<&'static str>,
    pub transactions: Vec<Option<Uuid>>,
    pub data: Vec<Option<String>>,
    pub times: Vec<Timestamp>,
}

impl DeliveryColumns {
    pub fn of(effects: &[Effect]) -> Self {
        let deliveries: Vec<&NewDelivery> = effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Webhook(delivery) => Some(delivery),
                _ => None,
            })
            .collect();
        Self {
            ids: deliveries.iter().map(|delivery| delivery.id).collect(),
            webhooks: deliveries.iter().map(|delivery| delivery.webhook_id).collect(),
            companies: deliveries.iter().map(|delivery| delivery.company_id).collect(),
            events: deliveries.iter().map(|delivery| delivery.event.as_str()).collect(),
            transactions: deliveries.iter().map(|delivery| delivery.transaction_id).collect(),
            data: deliveries.iter().map(|delivery| delivery.data.as_ref().map(ToString::to_string)).collect(),
            times: deliveries.iter().map(|delivery| delivery.occurred_at).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Inserts the deliveries given as arrays from `$n` on (ids, endpoints, companies, events,
/// documents, data, times); one for an endpoint removed or turned off meanwhile (the routing
/// data held was older) is left out rather than failing the change.
pub(crate) fn insert_deliveries(n: usize) -> String {
    let [id, webhook, company, event, document, data, at] = std::array::from_fn(|i| n + i);
    format!(
        "INSERT INTO webhook_deliveries (id, webhook_id, company_id, event, transaction_id, data, occurred_at, state,
         attempts, due_at, created_at)
         SELECT d.id, d.webhook_id, d.company_id, d.event, d.transaction_id, d.data, d.at, 'PENDING', 0, d.at, d.at
         FROM unnest(${id}::uuid[], ${webhook}::uuid[], ${company}::uuid[], ${event}::text[], ${document}::uuid[],
                     ${data}::text[], ${at}::bigint[]) AS d (id, webhook_id, company_id, event, transaction_id, data, at)
         JOIN webhooks w ON w.id = d.webhook_id AND w.enabled"
    )
}

static INSERT_DELIVERIES: LazyLock<String> = LazyLock::new(|| insert_deliveries(1));

/// Enqueues the deliveries among `effects` with their change.
pub(crate) async fn enqueue(db: &impl GenericClient, effects: &[Effect]) -> Result<(), StoreError> {
    let columns = DeliveryColumns::of(effects);
    if columns.is_empty() {
        return Ok(());
    }
    let c = &columns;
    prepared::execute(
        db,
        &INSERT_DELIVERIES,
        &[&c.ids, &c.webhooks, &c.companies, &c.events, &c.transactions, &c.data, &c.times],
    )
    .await?;
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

    async fn settle_and_claim(
        &self,
        settlements: Vec<Settlement>,
        at: Timestamp,
        claimed_until: Timestamp,
        in_flight: HashMap<Uuid, usize>,
        per_endpoint: usize,
        limit: usize,
    ) -> Result<Claimed, StoreError> {
        in_transaction(self, async |db| {
            let unsettled = crate::settling::settle_all(db, settlements).await?;
            let claimed = if limit == 0 {
                Claimed::default()
            } else {
                deliveries::claim(db, at, claimed_until, &in_flight, per_endpoint, limit).await?
            };
            Ok(Claimed { unsettled, ..claimed })
        })
        .await
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
