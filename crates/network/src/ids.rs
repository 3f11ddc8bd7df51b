//! Identifiers of everything the network stores: time-ordered UUIDs (v7), except the ids that
//! appear in links meant for people, which are random (v4).

use uuid::Uuid;

pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// An id for something people open by a link (an error's page): random, so that the link says
/// nothing of when it was made or of what was made beside it.
pub fn new_public_id() -> Uuid {
    Uuid::new_v4()
}
