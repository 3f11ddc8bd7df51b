//! Recording a sent document: one call of the `record_sent` function (migration 0005, as
//! redefined by 0006), which locks the sender's and receiver's company rows, so that sends
//! between the same companies from any number of processes happen one after the other:
//! duplicates are seen, chains stay linear, and creation times rise in commit order. The send's
//! effects follow in the same transaction.

use deadpool_postgres::GenericClient;
use switchyard_network::model::{NewTransaction, Recorded};
use switchyard_network::store::StoreError;

use crate::rows::get;
use crate::{effects, prepared};

const RECORD_SENT: &str = "SELECT duplicate_of, given_created_at, replaced
    FROM record_sent($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

pub(crate) async fn record(db: &impl GenericClient, transaction: &NewTransaction) -> Result<Recorded, StoreError> {
    let row = prepared::query_one(
        db,
        RECORD_SENT,
        &[
            &transaction.id,
            &transaction.kind.as_str(),
            &transaction.sender_id,
            &transaction.receiver_id,
            &transaction.connection_id,
            &transaction.flow.as_str(),
            &transaction.deliver,
            &transaction.created_at,
            &transaction.business_number,
            &transaction.fingerprint.as_slice(),
            &transaction.content,
            &transaction.warnings.as_ref().map(ToString::to_string),
        ],
    )
    .await?;
    if let Some(original) = get(&row, 0)? {
        return Ok(Recorded::Duplicate { original });
    }
    let replaced: Option<uuid::Uuid> = get(&row, 2)?;
    effects::write(db, &transaction.effects).await?;
    if let Some(head) = replaced {
        effects::write(db, &[switchyard_network::effects::of_replacement(head, transaction)]).await?;
    }
    Ok(Recorded::Created { id: transaction.id, created_at: get(&row, 1)?, replaced })
}
