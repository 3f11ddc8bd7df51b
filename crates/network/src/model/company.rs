//! Companies (the network's members) and the party identifiers that name them in documents.

use serde::Serialize;
use uuid::Uuid;

use crate::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    pub id: Uuid,
    pub name: String,
    pub created_at: Timestamp,
}

/// A `{domain, identifier}` pair registered to a company; unique across the network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifierRecord {
    pub domain: String,
    pub identifier: String,
    pub company_id: Uuid,
    /// What the identifier stands for at that company, e.g. `head office`, `ship-to`.
    pub label: Option<String>,
}
