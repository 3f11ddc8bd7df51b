//! The receiver's queue: pages, cursors, filters, and what other companies cannot see.

use reqwest::Method;
use serde_json::json;
use switchyard_documents::DocumentType;

use crate::helpers::{Party, TestApp, order};

async fn send_orders(app: &TestApp, buyer: &Party, supplier: &Party, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for n in 0..count {
        let reply = app.send(buyer, DocumentType::Order, &order(buyer, supplier, &format!("PO-{n}"))).await;
        assert_eq!(reply.status, 201, "{reply:?}");
        ids.push(reply.id());
    }
    ids
}

#[tokio::test]
async fn pages_follow_each_other_while_earlier_items_are_marked() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let ids = send_orders(&app, &buyer, &supplier, 7).await;

    let first = app.incoming(&supplier, "?per_page=3").await;
    assert_eq!(first.item_ids(), ids[0..3]);
    assert_eq!(first.body["hasMore"], true);
    assert_eq!(first.body["perPage"], 3);
    assert_eq!(first.body["count"], 3);
    for id in &ids[0..2] {
        assert_eq!(app.mark(&supplier, id, &json!({"success": true})).await.status, 200);
    }
    let next_url = first.body["nextPageUrl"].as_str().unwrap();
    assert!(next_url.starts_with(&app.base) && next_url.contains("per_page=3") && next_url.contains("cursor="));
    let second = app.call(Method::GET, next_url.strip_prefix(&app.base).unwrap(), Some(&supplier.token), None).await;
    assert_eq!(second.item_ids(), ids[3..6]);
    let third =
        app.incoming(&supplier, &format!("?per_page=3&cursor={}", second.body["nextCursor"].as_str().unwrap())).await;
    assert_eq!(third.item_ids(), ids[6..7]);
    assert_eq!(third.body["hasMore"], false);
    assert_eq!(third.body["nextCursor"], serde_json::Value::Null);
    assert_eq!(third.body["nextPageUrl"], serde_json::Value::Null);
    // From the start again, the marked ones are gone.
    assert_eq!(app.incoming(&supplier, "").await.item_ids(), ids[2..7]);
}

#[tokio::test]
async fn the_default_page_holds_100() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    send_orders(&app, &buyer, &supplier, 101).await;
    let page = app.incoming(&supplier, "").await;
    assert_eq!(page.body["count"], 100);
    assert_eq!(page.body["perPage"], 100);
    assert_eq!(page.body["hasMore"], true);
}

#[tokio::test]
async fn bad_page_sizes_and_cursors_are_422() {
    let app = TestApp::spawn().await;
    let (_, supplier) = app.trading_pair().await;
    for query in ["?per_page=0", "?per_page=101", "?per_page=abc", "?per_page=-1"] {
        let reply = app.incoming(&supplier, query).await;
        assert_eq!(reply.status, 422, "{query}");
        assert_eq!(reply.error_paths(), ["per_page"], "{query}");
    }
    let reply = app.incoming(&supplier, "?cursor=bm90LWEtY3Vyc29y").await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_paths(), ["cursor"]);
}

#[tokio::test]
async fn the_type_filter_takes_one_or_several_types() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let ordered = send_orders(&app, &buyer, &supplier, 1).await;
    let mut sales = order(&buyer, &supplier, "SR-1");
    sales["header"] = json!({
        "buyer": sales["header"]["buyer"], "supplier": sales["header"]["supplier"], "salesReportIdentifier": "SR-1",
        "salesReportDate": "2024-01-01", "salesPeriodStartDate": "2024-01-01", "salesPeriodEndDate": "2024-01-31"
    });
    sales["locations"] = json!([{
        "location": {"identifiers": [{"domain": "GS1", "identifier": buyer.gln}]},
        "items": [{"lineNumber": 1, "identifiers": [{"domain": "GS1", "identifier": "4012345000016"}], "salesQuantity": 3}]
    }]);
    let reported = app.send(&buyer, DocumentType::SalesReport, &sales).await;
    assert_eq!(reported.status, 201, "{reported:?}");

    assert_eq!(app.incoming(&supplier, "?filter%5Btype%5D=ORDER").await.item_ids(), ordered);
    assert_eq!(app.incoming(&supplier, "?filter[type]=SALES_REPORT").await.item_ids(), [reported.id()]);
    assert_eq!(app.incoming(&supplier, "?filter[type]=ORDER,SALES_REPORT").await.body["count"], 2);
    let page = app.incoming(&supplier, "?filter[type]=ORDER,SALES_REPORT&per_page=1").await;
    let next = page.body["nextPageUrl"].as_str().unwrap();
    assert!(next.contains("filter[type]=ORDER,SALES_REPORT"), "{next}");
    let bad = app.incoming(&supplier, "?filter[type]=LETTER").await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error_paths(), ["filter.type"]);
}

#[tokio::test]
async fn companies_never_see_each_others_transactions() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let outsider = app.company("Outsider", "4000000000099").await;
    let id = send_orders(&app, &buyer, &supplier, 1).await.remove(0);
    assert_eq!(app.incoming(&outsider, "").await.body["count"], 0);
    assert_eq!(app.all(&outsider, "").await.body["count"], 0);
    let shown = app.show(&outsider, &id).await;
    assert_eq!(shown.status, 404);
    assert_eq!(shown.body["message"], "Not found.");
    assert_eq!(app.mark(&outsider, &id, &json!({"success": true})).await.status, 404);
    assert_eq!(app.status_of(&supplier, &id).await, "PENDING");
}

/// A page of large documents spans several of the buffers the store reads documents into, and
/// the answer is written from those buffers: each document still comes back exactly as it was
/// sent (spacing, key order, non-ASCII text), in order, and the answer gives its length.
#[tokio::test]
async fn a_page_of_large_documents_comes_back_byte_for_byte_with_its_length() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let mut contents = Vec::new();
    for n in 0..40 {
        let compact = order(&buyer, &supplier, &format!("PO-{n}")).to_string();
        let note = format!("{n} {}", "Grüße ".repeat(1_500));
        let content = format!(r#"{{ "x-erp-note" :  "{note}",{}"#, &compact[1..]);
        let body = format!(r#"{{"type":"ORDER","content":{content}}}"#);
        let sent =
            app.call_raw(Method::POST, "/v2/transactions", &buyer.token, "application/json", body.into_bytes()).await;
        assert_eq!(sent.status, 201, "{sent:?}");
        contents.push(content);
    }
    let page = app.incoming(&supplier, "?per_page=100").await;
    assert_eq!(page.item_ids().len(), 40);
    let length = page.headers.get("content-length").map(|value| value.to_str().unwrap().parse::<usize>().unwrap());
    assert_eq!(length, Some(page.text.len()));
    let mut from = 0;
    for (n, content) in contents.iter().enumerate() {
        let found =
            page.text[from..].find(content.as_str()).unwrap_or_else(|| panic!("document {n} altered or out of order"));
        from += found + content.len();
    }
}
