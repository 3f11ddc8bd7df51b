//! The SQLite store against the store conformance suite: each case a test of its own, on a
//! fresh database file.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use switchyard_network::conformance::Fresh;
use switchyard_store_sqlite::SqliteStore;

// The suite awaits every backend's `fresh`; this one has nothing to wait for.
#[allow(clippy::unused_async)]
async fn fresh() -> Fresh {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open(&dir.path().join("network.db")).expect("store");
    (Arc::new(store), Box::new(dir))
}

switchyard_network::conformance_tests!(fresh);
