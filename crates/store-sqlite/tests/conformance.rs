//! The SQLite store against the store conformance suite.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use switchyard_network::conformance::{Fresh, run_all};
use switchyard_store_sqlite::SqliteStore;

#[tokio::test]
async fn sqlite_passes_the_store_conformance_suite() {
    run_all(|| async {
        let dir = tempfile::tempdir().expect("temporary directory");
        let store = SqliteStore::open(&dir.path().join("network.db")).expect("store");
        let fresh: Fresh = (Arc::new(store), Box::new(dir));
        fresh
    })
    .await;
}
