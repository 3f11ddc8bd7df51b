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

/// A send still in flight when a page is read: the page waits for it rather than hand out a
/// cursor that a later commit with an earlier creation time would fall behind.
#[tokio::test]
async fn a_page_waits_for_a_send_still_in_flight() {
    use std::time::{Duration, Instant};

    use switchyard_network::conformance::{fixture, ids_of, incoming, record, transaction};

    let server = TestServer::start().expect("a private PostgreSQL server (install the postgresql package)");
    let url = server.fresh_database().await.unwrap();
    let store: Arc<dyn switchyard_network::store::Store> = Arc::new(PostgresStore::open(&url, 4).await.unwrap());
    let fixture = fixture(&store).await;
    let (in_flight, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    // Another process's send, stamped and not yet committed.
    in_flight.batch_execute("BEGIN; SELECT stamp_creation(0)").await.unwrap();
    let later = record(&store, transaction(&fixture, "PO-2", 2, 0)).await;

    let started = Instant::now();
    let page = store.list_incoming(incoming(&fixture, None, 10)).await.unwrap();
    assert!(page.rows.is_empty() && !page.more, "a page never reaches past a send in flight");
    assert!(started.elapsed() >= Duration::from_millis(200), "it waited for the send first");

    let commit = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        in_flight.batch_execute("COMMIT").await.unwrap();
    });
    let page = store.list_incoming(incoming(&fixture, None, 10)).await.unwrap();
    commit.await.unwrap();
    assert_eq!(ids_of(&page.rows), [later], "once the send in flight ended, the page goes on");
}
