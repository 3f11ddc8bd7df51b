//! Identifiers of everything the network stores: time-ordered UUIDs (v7).

use uuid::Uuid;

pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
