//! The network's records: what the store keeps and the use cases hand around.

mod company;
mod connection;
mod content;
mod error_record;
mod event;
mod job;
mod relationship;
mod task;
mod transaction;
mod wire_enum;

pub use company::{Company, IdentifierRecord};
pub use connection::{Caller, Connection, NewToken, TokenRecord};
pub use content::Content;
pub use error_record::{ErrorOrigin, ErrorRecord, ErrorType, NewError};
pub use event::{Event, EventKind};
pub use job::{ClaimedJob, JobOutcome, JobRecord, JobState, NewJob};
pub use relationship::{Relationship, RelationshipState};
pub use task::{NewTask, TaskClosing, TaskRecord, TaskType};
pub use transaction::{Flow, Mark, MarkOutcome, Marked, NewTransaction, Recorded, Status, TransactionRecord};
pub use wire_enum::UnknownName;
