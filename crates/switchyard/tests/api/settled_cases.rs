//! The cases api-behaviour.md settles beyond the public document: an empty filter value is no
//! filter, `errorContext` values are texts (numbers and booleans kept as their JSON text, the
//! rest refused at their key), ids in links for people are random (v4), and `POST /v2/ping`
//! answers as GET does.

use reqwest::Method;
use serde_json::json;
use switchyard_documents::DocumentType;

use crate::helpers::{TestApp, order};

#[tokio::test]
async fn an_empty_filter_value_means_no_filter_for_every_filter() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-1")).await.id();
    for query in ["?filter[type]=", "?filter[flow]=", "?filter[status]=", "?filter[created_between]=", "?cursor="] {
        let page = app.all(&buyer, query).await;
        assert_eq!((page.status, page.body["count"].clone()), (200, json!(1)), "{query}: {}", page.text);
    }
    let incoming = app.incoming(&supplier, "?filter[type]=").await;
    assert_eq!((incoming.status, incoming.body["count"].clone()), (200, json!(1)), "{}", incoming.text);
    assert_eq!(app.all(&buyer, "?per_page=").await.status, 422, "a number is still expected");
}

#[tokio::test]
async fn error_context_values_are_texts_and_nested_ones_are_refused_at_their_key() {
    let app = TestApp::spawn().await;
    let (buyer, supplier) = app.trading_pair().await;
    let id = app.send(&buyer, DocumentType::Order, &order(&buyer, &supplier, "PO-2")).await.id();
    for (context, path) in [
        (json!({"lines": [null]}), "errorContext.lines"),
        (json!({"where": {"line": "1"}}), "errorContext.where"),
        (json!({"line": null}), "errorContext.line"),
    ] {
        let refused =
            app.mark(&supplier, &id, &json!({"success": false, "errorReason": "x", "errorContext": context})).await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        assert!(refused.body["errors"][path].is_array(), "{path} in {}", refused.text);
    }
    let context = json!({"line": 3, "blocked": true, "article": "4300348765433"});
    let marked =
        app.mark(&supplier, &id, &json!({"success": false, "errorReason": "x", "errorContext": context})).await;
    assert_eq!(marked.status, 200, "{}", marked.text);
    let error_id = marked.body["data"]["errorUrl"].as_str().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    let (error, _) = app.hub().error_details(error_id).await.unwrap().unwrap();
    assert_eq!(error.context, Some(json!({"line": "3", "blocked": "true", "article": "4300348765433"})));
    assert_eq!(error_id.get_version_num(), 4, "the id in an errorUrl is random");

    let reported = app
        .call(
            Method::POST,
            "/v2/errors",
            Some(&buyer.token),
            Some(&json!({"errorReason": "x", "errorType": "DATA", "errorContext": {"rows": [1, 2]}})),
        )
        .await;
    assert_eq!(reported.status, 422, "{}", reported.text);
    assert!(reported.body["errors"]["errorContext.rows"].is_array(), "{}", reported.text);
}

#[tokio::test]
async fn ping_answers_post_as_it_answers_get() {
    let app = TestApp::spawn().await;
    let (buyer, _) = app.trading_pair().await;
    for method in [Method::GET, Method::POST] {
        let pong = app.call(method.clone(), "/v2/ping", Some(&buyer.token), None).await;
        assert_eq!((pong.status, pong.text.as_str()), (204, ""), "{method}");
        assert_eq!(app.call(method.clone(), "/v2/ping", None, None).await.status, 401, "{method} without a token");
    }
}
