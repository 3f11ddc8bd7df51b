//! All transactions of a company, both directions, with status, flow and date filters.

use chrono::Utc;
use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_network::model::RelationshipState;

use crate::helpers::{TestApp, order};

#[tokio::test]
async fn both_directions_are_listed_with_status_flow_and_time() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let sent = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    let reply = app.all(&supplier, "").await;
    assert_eq!(reply.item_ids(), [sent.as_str()]);
    let item = &reply.body["items"][0];
    assert_eq!((item["status"].as_str(), item["flow"].as_str()), (Some("PENDING"), Some("LIVE")));
    assert_eq!(item["isLatestVersion"], true);
    let created = item["createdAt"].as_str().unwrap();
    let parsed = chrono::DateTime::parse_from_rfc3339(created).unwrap();
    assert!(created.ends_with("+01:00") || created.ends_with("+02:00"), "Berlin time expected: {created}");
    assert!((Utc::now() - parsed.with_timezone(&Utc)).num_seconds().abs() < 60);
    assert_eq!(app.all(&buyer, "").await.item_ids(), [sent]);
}

#[tokio::test]
async fn filters_narrow_by_type_flow_status_and_days() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let tester = app.company("Tester", "4000000000003").await;
    app.relate(&buyer, &tester, &[DocumentType::Order], RelationshipState::Testing).await;
    let live = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    let test = app.send(&buyer, DocumentType::Order, &order(&buyer, &tester, "PO-2")).await.id();
    app.mark(&supplier, &live, &json!({"success": true})).await;

    assert_eq!(app.all(&buyer, "?filter[flow]=TEST").await.item_ids(), [test.as_str()]);
    assert_eq!(app.all(&buyer, "?filter[status]=SUCCESS").await.item_ids(), [live.as_str()]);
    assert_eq!(app.all(&buyer, "?filter[status]=PENDING&filter[flow]=LIVE").await.body["count"], 0);
    assert_eq!(app.all(&buyer, "?filter[type]=INVOICE").await.body["count"], 0);
    let today = Utc::now().with_timezone(&chrono_tz::Europe::Berlin).date_naive();
    let around = format!("?filter[created_between]={},{}", today.pred_opt().unwrap(), today);
    assert_eq!(app.all(&buyer, &around).await.item_ids(), [live, test]);
    assert_eq!(app.all(&buyer, "?filter[created_between]=2020-01-01,2020-01-31").await.body["count"], 0);
}

#[tokio::test]
async fn bad_filter_values_are_422_naming_the_filter() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    for (query, path) in [
        ("?filter[created_between]=2024-01-01", "filter.created_between"),
        ("?filter[created_between]=2024-02-01,2024-01-01", "filter.created_between"),
        ("?filter[created_between]=yesterday,today", "filter.created_between"),
        ("?filter[status]=LOST", "filter.status"),
        ("?filter[flow]=PROD", "filter.flow"),
        ("?per_page=1000", "per_page"),
    ] {
        let reply = app.all(&buyer, query).await;
        assert_eq!(reply.status, 422, "{query}");
        assert_eq!(reply.error_paths(), [path], "{query}");
    }
}

#[tokio::test]
async fn pages_of_all_transactions_link_to_the_next_with_the_filters() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, &format!("PO-{n}"))).await.id());
    }
    let mut seen = Vec::new();
    let mut path = "/v2/all-transactions?per_page=2&filter[status]=PENDING".to_owned();
    loop {
        let page = app.call(reqwest::Method::GET, &path, Some(&buyer.token), None).await;
        seen.extend(page.item_ids());
        match page.body["nextPageUrl"].as_str() {
            Some(next) => {
                assert!(next.contains("filter[status]=PENDING"), "{next}");
                path = next.strip_prefix(&app.base).unwrap().to_owned();
            }
            None => break,
        }
    }
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn a_single_transaction_is_shown_to_both_parties_only() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let id = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    let shown = app.show(&buyer, &id).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.body["data"]["procurosTransactionId"], id.as_str());
    assert_eq!(shown.body["data"]["content"]["header"]["orderIdentifier"], "PO-1");
    assert_eq!(app.show(&supplier, &id).await.status, 200);
    assert_eq!(app.show(&supplier, &uuid::Uuid::now_v7().to_string()).await.status, 404);
}
