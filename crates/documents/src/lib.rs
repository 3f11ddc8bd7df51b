//! The network's documents: their types, how they are read and checked, and which parties send
//! and receive them. Pure code: no IO, no async.

mod content;
mod document_type;
mod fingerprint;
pub mod gs1;
mod header;
pub mod model;
mod party;
mod problems;
mod reading;
mod routing;
mod rules;
pub mod schema;
mod streaming;
mod unique_keys;

pub use content::Content;
pub use document_type::{DocumentType, UnknownDocumentType};
pub use fingerprint::fingerprint;
pub use header::Header;
pub use party::{PartyIdentifier, PartyReference};
pub use problems::{LISTED_AT_MOST, Problem, Problems};
pub use reading::{READ_APART_FROM, ReadDocument, Refusal, read_document, read_text, read_text_with};
pub use routing::{Route, business_number_field};
pub use rules::Strictness;
pub use unique_keys::{Unreadable, object_fields};
