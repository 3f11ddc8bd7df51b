//! The PostgreSQL store against the store conformance suite, on a private server.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use switchyard_network::conformance::{Fresh, run_all};
use switchyard_store_postgres::PostgresStore;
use switchyard_store_postgres::testing::TestServer;

#[tokio::test]
async fn postgres_passes_the_store_conformance_suite() {
    let server = Arc::new(TestServer::start().expect("a private PostgreSQL server (install the postgresql package)"));
    run_all(|| {
        let server = Arc::clone(&server);
        async move {
            let url = server.fresh_database().await.unwrap();
            let store = PostgresStore::open(&url, 4).await.unwrap();
            let fresh: Fresh = (Arc::new(store), Box::new(()));
            fresh
        }
    })
    .await;
}
