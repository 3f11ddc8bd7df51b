//! Recording a sent document: one call of the `record_sent` function (migration 0005, as
//! redefined by 0006), which locks the sender's and receiver's company rows, so that sends
//! between the same companies from any number of processes happen one after the other:
//! duplicates are seen, chains stay linear, and creation times rise in commit order.
//!
//! The send's events go in the same statement, so that the locks are still held for the work
//! only, not across round trips: a send in an explicit transaction (`BEGIN`, the call, the
//! events, `COMMIT`) made PostgreSQL sends about 45 % slower. The events are inserted only when
//! the call recorded the document, and the domain's `REPLACED` event only when it replaced a
//! version, with the replaced id filled in. A send that also causes jobs takes the explicit
//! transaction instead.

use deadpool_postgres::{GenericClient, Transaction};
use switchyard_network::effects::{Effect, of_replacement};
use switchyard_network::model::{NewTransaction, Recorded};
use switchyard_network::store::StoreError;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use crate::effects::EventColumns;
use crate::rows::get;
use crate::{effects, prepared};

const RECORD_SENT: &str = "SELECT duplicate_of, given_created_at, replaced
    FROM record_sent($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

/// `record_sent`, then its events when it recorded, and the replacement's when it replaced.
const RECORD_SENT_AND_TELL: &str = "WITH recorded AS MATERIALIZED (
        SELECT duplicate_of, given_created_at, replaced
        FROM record_sent($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    ), told AS (
        INSERT INTO events (id, company_id, transaction_id, kind, at, detail)
        SELECT * FROM unnest($13::uuid[], $14::uuid[], $15::uuid[], $16::text[], $17::bigint[], $18::text[])
        WHERE (SELECT duplicate_of FROM recorded) IS NULL
    ), replacement AS (
        INSERT INTO events (id, company_id, transaction_id, kind, at, detail)
        SELECT $19::uuid, $20::uuid, replaced, $21::text, $22::bigint, $23::text FROM recorded
        WHERE duplicate_of IS NULL AND replaced IS NOT NULL
    )
    SELECT duplicate_of, given_created_at, replaced FROM recorded";

/// The twelve parameters of `record_sent`, in its order, with the values they borrow.
struct SendParameters<'t> {
    transaction: &'t NewTransaction,
    kind: &'static str,
    flow: &'static str,
    fingerprint: &'t [u8],
    warnings: Option<String>,
}

impl<'t> SendParameters<'t> {
    fn of(transaction: &'t NewTransaction) -> Self {
        Self {
            transaction,
            kind: transaction.kind.as_str(),
            flow: transaction.flow.as_str(),
            fingerprint: transaction.fingerprint.as_slice(),
            warnings: transaction.warnings.as_ref().map(ToString::to_string),
        }
    }

    fn list(&self) -> Vec<&(dyn ToSql + Sync)> {
        let t = self.transaction;
        vec![
            &t.id,
            &self.kind,
            &t.sender_id,
            &t.receiver_id,
            &t.connection_id,
            &self.flow,
            &t.deliver,
            &t.created_at,
            &t.business_number,
            &self.fingerprint,
            &t.content,
            &self.warnings,
        ]
    }
}

/// Records `transaction` with its effects as one statement, its own transaction.
pub(crate) async fn record_and_tell(
    db: &impl GenericClient,
    transaction: &NewTransaction,
) -> Result<Recorded, StoreError> {
    let told = EventColumns::of(&transaction.effects);
    // Which id it replaces is the store's to find; everything else about the event is the domain's.
    let Effect::Event(replacement) = of_replacement(Uuid::nil(), transaction) else {
        return Err(StoreError::Other("a replacement is told by an event".into()));
    };
    let replacement_detail = replacement.detail.as_ref().map(ToString::to_string);
    let send = SendParameters::of(transaction);
    let mut parameters = send.list();
    let tail: [&(dyn ToSql + Sync); 11] = [
        &told.ids,
        &told.companies,
        &told.transactions,
        &told.kinds,
        &told.times,
        &told.details,
        &replacement.id,
        &replacement.company_id,
        &replacement.kind.as_str(),
        &replacement.at,
        &replacement_detail,
    ];
    parameters.extend(tail);
    let row = prepared::query_one(db, RECORD_SENT_AND_TELL, &parameters).await?;
    if let Some(original) = get(&row, 0)? {
        return Ok(Recorded::Duplicate { original });
    }
    Ok(Recorded::Created { id: transaction.id, created_at: get(&row, 1)?, replaced: get(&row, 2)? })
}

/// Records `transaction` inside `db`'s transaction, then writes its effects there.
pub(crate) async fn record_in(db: &Transaction<'_>, transaction: &NewTransaction) -> Result<Recorded, StoreError> {
    let send = SendParameters::of(transaction);
    let row = prepared::query_one(db, RECORD_SENT, &send.list()).await?;
    if let Some(original) = get(&row, 0)? {
        return Ok(Recorded::Duplicate { original });
    }
    let replaced: Option<Uuid> = get(&row, 2)?;
    effects::write(db, &transaction.effects).await?;
    if let Some(head) = replaced {
        effects::write(db, &[of_replacement(head, transaction)]).await?;
    }
    Ok(Recorded::Created { id: transaction.id, created_at: get(&row, 1)?, replaced })
}
