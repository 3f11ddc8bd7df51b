//! Trade relationships: whether documents of one type flow from one company to another.

use serde::Serialize;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::wire_enum::wire_enum;

wire_enum! {
    /// `ACTIVE` delivers live, `TESTING` delivers as test flow, `INACTIVE` stores but drops.
    pub enum RelationshipState {
        Active => "ACTIVE",
        Testing => "TESTING",
        Inactive => "INACTIVE",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    pub sender_id: Uuid,
    pub receiver_id: Uuid,
    #[serde(rename = "type")]
    pub kind: DocumentType,
    pub state: RelationshipState,
}
