//! Retention as an operator turns it on: documents settled longer ago than `retention_days`
//! are gone from every listing and lookup, with their errors; those still waiting or with an
//! open error stay, however old.

use std::time::Duration;

use serde_json::json;
use switchyard_documents::DocumentType;

use crate::helpers::{TestApp, order};

const DAY: Duration = Duration::from_hours(24);

#[tokio::test]
async fn documents_settled_before_the_retention_go_and_the_others_stay() {
    let app = TestApp::spawn_with(|settings| settings.documents.retention_days = Some(30)).await;
    let (buyer, supplier) = app.trading_pair().await;
    let sent = |number: &'static str| {
        let content = order(&buyer, &supplier, number);
        let app = &app;
        let buyer = &buyer;
        async move { app.send(buyer, DocumentType::Order, &content).await.id() }
    };
    let (imported, waiting, failing) = (sent("PO-1").await, sent("PO-2").await, sent("PO-3").await);
    assert_eq!(app.mark(&supplier, &imported, &json!({"success": true})).await.status, 200);
    let failed = json!({"success": false, "errorReason": "Unknown article", "errorType": "DATA"});
    assert_eq!(app.mark(&supplier, &failing, &failed).await.status, 200);

    app.advance(29 * DAY);
    let deleted = switchyard::retention::pass(app.hub(), 30, Duration::ZERO).await.unwrap();
    assert_eq!(deleted, 0, "nothing is older than 30 days yet");
    app.advance(2 * DAY);
    let deleted = switchyard::retention::pass(app.hub(), 30, Duration::ZERO).await.unwrap();
    assert_eq!(deleted, 1, "the imported order");

    assert_eq!(app.show(&buyer, &imported).await.status, 404);
    assert_eq!(app.show(&supplier, &imported).await.status, 404);
    assert_eq!(app.show(&buyer, &waiting).await.status, 200, "still waiting for the supplier's system");
    assert_eq!(app.show(&buyer, &failing).await.status, 200, "its error is open");
    let history = app.all(&buyer, "").await;
    assert!(!history.item_ids().contains(&imported), "gone from the history: {:?}", history.item_ids());
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), vec![waiting], "the queue is as it was");
}
