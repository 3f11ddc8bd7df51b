//! The embedded database under steady traffic with retention: the pages retention frees are
//! reused, so the database stops growing; `switchyard vacuum` gives the free ones back.

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use switchyard_documents::DocumentType;
use switchyard_store_sqlite::vacuum::pages;

use crate::helpers::{TestApp, order};

#[tokio::test]
async fn with_retention_the_database_stops_growing_and_vacuum_shrinks_it() {
    // The file is the embedded database's (PostgreSQL's autovacuum is its own), so the suite's
    // PostgreSQL run checks it on the embedded database too.
    let app = TestApp::spawn_on_sqlite_with(|settings| settings.documents.retention_days = Some(30)).await;
    let (buyer, supplier) = app.trading_pair().await;
    let database = app.settings.server.data.join("switchyard.db");
    let mut sizes = Vec::new();
    for day in 0..6 {
        let mut sent = Vec::new();
        for n in 0..150 {
            let content = order(&buyer, &supplier, &format!("PO-{day}-{n}"));
            sent.push(json!({"procurosTransactionId": app.send(&buyer, DocumentType::Order, &content).await.id(), "success": true}));
        }
        assert_eq!(app.bulk_mark(&supplier, &json!({"items": sent})).await.status, 200);
        app.advance(Duration::from_hours(24 * 10));
        switchyard::retention::pass(app.hub(), 30, Duration::ZERO).await.unwrap();
        sizes.push(pages(&database).unwrap().0);
    }
    // Three rounds in, each round's new documents take the pages of those retention deleted.
    let (settled, last) = (sizes[3], sizes[5]);
    assert!(last <= settled + settled / 10, "the database stopped growing: {sizes:?} pages");
    assert!(sizes[3] > sizes[0], "it grew while nothing was old enough to go: {sizes:?}");

    let (_, free) = pages(&database).unwrap();
    let data = app.settings.server.data.clone();
    let output = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .arg("--data")
        .arg(&data)
        .args(["vacuum", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let (count, free_after) = pages(&database).unwrap();
    assert_eq!(free_after, 0, "vacuum leaves no free page ({free} before), {report}");
    assert!(count < sizes[5], "and the file is smaller: {count} < {}", sizes[5]);
}
