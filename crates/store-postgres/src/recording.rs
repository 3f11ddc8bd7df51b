//! The steps of recording a sent document inside one PostgreSQL transaction; the rules that
//! order them are the domain's (`switchyard_network::recording`). Sends wait for each other
//! only where they can conflict: those of one version chain on an advisory lock of the chain
//! (taken in `held_precedents`, migration 0011), duplicates without a chain on the unique index
//! of their fingerprint. Creation times come from `stamp_creation` (migration 0009), which
//! lets the readers' watermark keep cursors safe without one order of commits across processes.

use std::sync::LazyLock;

use deadpool_postgres::Transaction;
use switchyard_network::Timestamp;
use switchyard_network::effects::Effect;
use switchyard_network::model::{NewTransaction, Recorded};
use switchyard_network::recording::{self, ChainKey, Precedents, RecordingUnit};
use switchyard_network::store::StoreError;
use uuid::Uuid;

use crate::rows::{db_error, get};
use crate::{effects, prepared};

/// Records `transaction` by the domain's rules in a transaction of its own on `db`'s connection.
pub(crate) async fn record(
    client: &mut deadpool_postgres::Object,
    transaction: NewTransaction,
) -> Result<Recorded, StoreError> {
    let db = client.transaction().await.map_err(db_error)?;
    let recorded =
        recording::record(&mut TransactionUnit { db: &db, chain_to_hold: None, stamped: None }, transaction).await?;
    // A duplicate wrote nothing; dropping the transaction rolls it back.
    if matches!(recorded, Recorded::Created { .. }) {
        db.commit().await.map_err(db_error)?;
    }
    Ok(recorded)
}

/// A round trip is much of a send's cost here, so the unit holds the chain and takes the
/// creation stamp in the statement that reads the precedents: nothing happens between those
/// steps, and the stamp comes before any write as it must. A duplicate then spends one value of
/// the creation clock, which only has to rise, not to be dense.
struct TransactionUnit<'t> {
    db: &'t Transaction<'t>,
    /// The chain to lock with the next reading of the precedents.
    chain_to_hold: Option<String>,
    /// The stamp taken with the precedents, for the creation time it was asked for.
    stamped: Option<(Timestamp, Timestamp)>,
}

/// What `/v2/validate` looks up to say a send would be a duplicate; a send reads it with its
/// other precedents in `held_precedents` (migration 0011).
pub(crate) const DUPLICATE_OF: &str = "SELECT id FROM transactions WHERE connection_id = $1 AND fingerprint = $2";

/// The chain's lock, the precedents and the creation stamp, in one round trip.
const HELD_PRECEDENTS: &str = "SELECT * FROM held_precedents($1, $2, $3, $4, $5, $6, $7, $8)";

const RETIRE: &str = "WITH pointed AS (UPDATE transactions SET replaced_by_id = $2 WHERE id = $1)
    UPDATE transaction_states SET status = 'DROPPED' WHERE transaction_id = $1 AND status = 'PENDING'";

/// The row, its body, its state, its events and its webhook deliveries, or nothing when the
/// payload was taken meanwhile: one round trip (a send holds its chain's lock and its creation
/// stamp until it commits, so each further round trip makes others wait).
static INSERT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{INSERT_RECORD}, hooked AS ({} WHERE EXISTS (SELECT 1 FROM inserted))
         SELECT count(*) FROM inserted",
        crate::webhooks::insert_deliveries(21)
    )
});

const INSERT_RECORD: &str = "WITH inserted AS (
        INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, delivered,
            created_at, business_number, fingerprint, replaces_id, warnings, order_number)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $20)
        ON CONFLICT (connection_id, fingerprint) DO NOTHING
        RETURNING id
    ), body AS (
        INSERT INTO contents (transaction_id, content) SELECT id, $13 FROM inserted
    ), state AS (
        INSERT INTO transaction_states (transaction_id, delivered_to, created_at, document_type, status, sender_id, flow,
            receiver_id)
        SELECT id, CASE WHEN $7 THEN $4::uuid END, $8, $2, CASE WHEN $7 THEN 'PENDING' ELSE 'DROPPED' END, $3, $6, $4
        FROM inserted
    ), told AS (
        INSERT INTO events (id, company_id, transaction_id, kind, at, detail)
        SELECT * FROM unnest($14::uuid[], $15::uuid[], $16::uuid[], $17::text[], $18::bigint[], $19::text[])
        WHERE EXISTS (SELECT 1 FROM inserted)
    )";

impl RecordingUnit for TransactionUnit<'_> {
    async fn hold_chain(&mut self, chain: &ChainKey<'_>) -> Result<(), StoreError> {
        let key =
            format!("{}/{}/{}/{}", chain.sender_id, chain.receiver_id, chain.kind.as_str(), chain.business_number);
        self.chain_to_hold = Some(key);
        Ok(())
    }

    async fn precedents(
        &mut self,
        transaction: &NewTransaction,
        chain: Option<&ChainKey<'_>>,
    ) -> Result<Precedents, StoreError> {
        let kind = chain.map(|chain| chain.kind.as_str());
        let number = chain.map(|chain| chain.business_number);
        let row = prepared::query_one(
            self.db,
            HELD_PRECEDENTS,
            &[
                &self.chain_to_hold.take(),
                &transaction.connection_id,
                &transaction.fingerprint.as_slice(),
                &transaction.sender_id,
                &transaction.receiver_id,
                &kind,
                &number,
                &transaction.created_at,
            ],
        )
        .await?;
        self.stamped = Some((transaction.created_at, get(&row, 2)?));
        Ok(Precedents { original: get(&row, 0)?, chain_head: get(&row, 1)? })
    }

    async fn stamp(&mut self, wanted: Timestamp) -> Result<Timestamp, StoreError> {
        match self.stamped.take() {
            Some((asked, given)) if asked == wanted => Ok(given),
            _ => get(&prepared::query_one(self.db, "SELECT stamp_creation($1)", &[&wanted]).await?, 0),
        }
    }

    async fn retire(&mut self, head: Uuid, successor: Uuid) -> Result<(), StoreError> {
        prepared::execute(self.db, RETIRE, &[&head, &successor]).await?;
        Ok(())
    }

    async fn insert(&mut self, transaction: &NewTransaction, replaces: Option<Uuid>) -> Result<bool, StoreError> {
        let t = transaction;
        let warnings = t.warnings.as_ref().map(ToString::to_string);
        let events = effects::EventColumns::of(&t.effects);
        let hooks = crate::webhooks::DeliveryColumns::of(&t.effects);
        let row = prepared::query_one(
            self.db,
            &INSERT,
            &[
                &t.id,
                &t.kind.as_str(),
                &t.sender_id,
                &t.receiver_id,
                &t.connection_id,
                &t.flow.as_str(),
                &t.deliver,
                &t.created_at,
                &t.business_number,
                &t.fingerprint.as_slice(),
                &replaces,
                &warnings,
                &t.content,
                &events.ids,
                &events.companies,
                &events.transactions,
                &events.kinds,
                &events.times,
                &events.details,
                &t.order_number,
                &hooks.ids,
                &hooks.webhooks,
                &hooks.companies,
                &hooks.events,
                &hooks.transactions,
                &hooks.data,
                &hooks.times,
            ],
        )
        .await?;
        let inserted = get::<i64>(&row, 0)? == 1;
        if inserted {
            effects::write_jobs(self.db, &t.effects).await?;
            effects::write_answers(self.db, &t.effects).await?;
        }
        Ok(inserted)
    }

    async fn tell(&mut self, told: &[Effect]) -> Result<(), StoreError> {
        effects::write(self.db, told).await
    }
}
