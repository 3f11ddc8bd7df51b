//! What the crash test's clients were told: every send, mark and bulk mark with its answer, or
//! none when the server died before it answered. The check holds the server to it.

use std::collections::HashMap;
use std::sync::Mutex;

/// A send's fate as its client saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// 201 with this id: it must be there, once.
    Acknowledged(String),
    /// No answer: it may be there, at most once; sending it again must not make a second.
    InFlight,
    /// A 4xx or 5xx: the server said it did not take it.
    Refused(u16),
}

/// A bulk mark that got no answer, with the ids it named: afterwards they must be all marked
/// or all still waiting.
#[derive(Clone, Debug)]
pub struct UnansweredBulk(pub Vec<String>);

#[derive(Default)]
pub struct Ledger {
    inner: Mutex<Entries>,
}

#[derive(Default)]
pub struct Entries {
    /// By order number (which also tells its buyer, supplier and body: [`crate::crash_load::order_body`]).
    pub sends: HashMap<usize, Sent>,
    /// The status each acknowledged mark set, by transaction id.
    pub marks: HashMap<String, &'static str>,
    /// Single marks without an answer, with the status they asked for.
    pub unanswered_marks: HashMap<String, &'static str>,
    /// This round's bulk marks without an answer.
    pub unanswered_bulks: Vec<UnansweredBulk>,
    /// Transactions that came back in a queue after their mark was acknowledged.
    pub marks_lost_from_queue: Vec<String>,
    pub counts: Counts,
}

/// What the server acknowledged, over every round.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub sends: usize,
    pub marks: usize,
    pub bulk_calls: usize,
    pub bulk_ids: usize,
}

impl Ledger {
    pub fn with<T>(&self, change: impl FnOnce(&mut Entries) -> T) -> T {
        let mut entries = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        change(&mut entries)
    }
}
