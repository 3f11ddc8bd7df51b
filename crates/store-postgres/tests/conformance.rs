//! The PostgreSQL store against the store conformance suite: each case a test of its own, on a
//! private server of its own (started from the installed PostgreSQL binaries).

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use switchyard_network::conformance::Fresh;
use switchyard_store_postgres::PostgresStore;
use switchyard_store_postgres::testing::TestServer;

async fn fresh() -> Fresh {
    let server = TestServer::start().expect("a private PostgreSQL server (install the postgresql package)");
    let url = server.fresh_database().await.unwrap();
    let store = PostgresStore::open(&url, 4).await.unwrap();
    (Arc::new(store), Box::new(server))
}

switchyard_network::conformance_tests!(fresh);
