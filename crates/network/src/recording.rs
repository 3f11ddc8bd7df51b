//! The rules of recording a sent document, decided once for every backend: a payload a
//! connection sent before is a duplicate and writes nothing; a new version of a business number
//! replaces the chain's latest one (which leaves the queue if still pending); creation times
//! rise so that readers walking a queue in creation order never see an earlier one appear
//! behind them. Each store runs [`record`] inside one unit of work of its own and provides the
//! steps as a [`RecordingUnit`]; the store decides nothing.

use std::future::Future;

use uuid::Uuid;

use crate::Timestamp;
use crate::effects::{Effect, of_replacement};
use crate::model::{NewTransaction, Recorded};
use crate::store::StoreError;
use switchyard_documents::DocumentType;

/// The versions of one business document between two companies: a new send with the same key
/// replaces the latest one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainKey<'t> {
    pub sender_id: Uuid,
    pub receiver_id: Uuid,
    pub kind: DocumentType,
    pub business_number: &'t str,
}

impl<'t> ChainKey<'t> {
    /// The chain `transaction` belongs to; none for documents without a business number.
    pub fn of(transaction: &'t NewTransaction) -> Option<Self> {
        let business_number = transaction.business_number.as_deref()?;
        Some(Self {
            sender_id: transaction.sender_id,
            receiver_id: transaction.receiver_id,
            kind: transaction.kind,
            business_number,
        })
    }
}

/// What the network already holds that a new send must be weighed against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Precedents {
    /// The transaction the same connection recorded from the same payload.
    pub original: Option<Uuid>,
    /// The latest version of the send's chain.
    pub chain_head: Option<Uuid>,
}

/// The steps of recording one send, all inside one unit of work of the store: everything
/// written through it commits together or not at all, and a unit that ends in
/// [`Recorded::Duplicate`] writes nothing.
pub trait RecordingUnit {
    /// Makes every other send of `chain` wait until this unit ends, so that two versions of one
    /// document cannot both take the chain's head. A store whose writes never overlap has
    /// nothing to do.
    fn hold_chain(&mut self, chain: &ChainKey<'_>) -> impl Future<Output = Result<(), StoreError>>;

    /// The original of the same payload from the same connection, and the chain's head.
    fn precedents(
        &mut self,
        transaction: &NewTransaction,
        chain: Option<&ChainKey<'_>>,
    ) -> impl Future<Output = Result<Precedents, StoreError>>;

    /// A creation time no earlier than `wanted` and later than every one stamped before, such
    /// that no unit that stamped earlier can become visible to readers after this one. Comes
    /// before the unit's first write.
    fn stamp(&mut self, wanted: Timestamp) -> impl Future<Output = Result<Timestamp, StoreError>>;

    /// Points the chain head `head` at `successor`; a head still pending leaves the queue.
    fn retire(&mut self, head: Uuid, successor: Uuid) -> impl Future<Output = Result<(), StoreError>>;

    /// Stores the transaction, its body, its state (pending for its receiver when delivered,
    /// else dropped) and its own effects (`transaction.effects`); `false`, with nothing
    /// written, when a concurrent unit took the same payload first.
    fn insert(
        &mut self,
        transaction: &NewTransaction,
        replaces: Option<Uuid>,
    ) -> impl Future<Output = Result<bool, StoreError>>;

    /// Writes further effects of the send, those that depend on what the unit found.
    fn tell(&mut self, effects: &[Effect]) -> impl Future<Output = Result<(), StoreError>>;
}

/// Records `transaction` through `unit` by the network's rules.
pub async fn record(unit: &mut impl RecordingUnit, mut transaction: NewTransaction) -> Result<Recorded, StoreError> {
    let chain = ChainKey::of(&transaction);
    if let Some(chain) = &chain {
        // A duplicate has the same chain, so with a chain both also wait here for each other.
        unit.hold_chain(chain).await?;
    }
    let precedents = unit.precedents(&transaction, chain.as_ref()).await?;
    if let Some(original) = precedents.original {
        return Ok(Recorded::Duplicate { original });
    }
    transaction.created_at = unit.stamp(transaction.created_at).await?;
    let replaced = precedents.chain_head;
    if let Some(head) = replaced {
        unit.retire(head, transaction.id).await?;
    }
    if !unit.insert(&transaction, replaced).await? {
        // Only a send without a chain can get here: the same payload committed in the meantime.
        let again = unit.precedents(&transaction, None).await?;
        let original = again.original.ok_or_else(|| StoreError::Other("a taken payload has no original".into()))?;
        return Ok(Recorded::Duplicate { original });
    }
    if let Some(head) = replaced {
        unit.tell(&[of_replacement(head, &transaction)]).await?;
    }
    Ok(Recorded::Created { id: transaction.id, created_at: transaction.created_at, replaced })
}
