//! The operator's commands for a support case, beside a running hub: find a company's
//! documents by number and filter, see its errors, resolve one, list its open tasks; each as
//! text and as `--json`.

use reqwest::Method;
use serde_json::json;

use crate::served_binary::{ServedBinary, call, demo_token, switchyard_json};

#[tokio::test]
async fn an_operator_finds_a_document_sees_its_error_and_resolves_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = ServedBinary::start(&data, &[], None).await;
    let (buyer, supplier) = (demo_token(&data, "ACME Co. Ltd."), demo_token(&data, "Testsupplier"));
    let mut content = crate::helpers::readme_order();
    content["header"]["orderIdentifier"] = json!("PO-SUPPORT-1");
    let order = json!({"type": "ORDER", "content": content});
    let (_, sent) = call(Method::POST, &format!("{}/v2/transactions", server.base), Some(&buyer), Some(&order)).await;
    let id = sent["procurosTransactionId"].as_str().unwrap().to_owned();
    let failed = json!({"success": false, "errorReason": "Article 4300348765433 is unknown", "errorType": "DATA"});
    let url = format!("{}/v2/transactions/{id}", server.base);
    let (status, _) = call(Method::PUT, &url, Some(&supplier), Some(&failed)).await;
    assert_eq!(status, 200);

    let found =
        switchyard_json(&data, &["transaction", "list", "--company", "ACME Co. Ltd.", "--number", "PO-SUPPORT-1"]);
    let found = found["transactions"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0]["procurosTransactionId"].as_str(), &found[0]["status"]),
        (Some(id.as_str()), &json!("FAILED"))
    );
    let failed_ones =
        switchyard_json(&data, &["transaction", "list", "--company", "Testsupplier", "--status", "FAILED"]);
    assert_eq!(failed_ones["transactions"].as_array().unwrap().len(), 1);
    let sent_orders = switchyard_json(
        &data,
        &["transaction", "list", "--company", "Testsupplier", "--side", "sent", "--type", "ORDER"],
    );
    assert!(sent_orders["transactions"].as_array().unwrap().is_empty(), "the supplier sent no order");

    let errors = switchyard_json(&data, &["error", "list", "--company", "Testsupplier", "--open"]);
    let errors = errors["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["procurosTransactionId"].as_str(), Some(id.as_str()));
    let error_id = errors[0]["id"].as_str().unwrap().to_owned();
    let shown = switchyard_json(&data, &["error", "show", &error_id]);
    assert_eq!(shown["reason"], "Article 4300348765433 is unknown");
    assert_eq!(shown["transactionStatus"], "FAILED");
    let resolved = switchyard_json(&data, &["error", "resolve", &error_id, "--comment", "Article created in the ERP"]);
    assert_eq!(resolved["resolvedBy"], "operator");
    assert_eq!(resolved["resolution"], "Article created in the ERP");
    let open = switchyard_json(&data, &["error", "list", "--company", "Testsupplier", "--open"]);
    assert!(open["errors"].as_array().unwrap().is_empty());

    switchyard_json(&data, &["task", "create", "--company", "Testsupplier", "--type", "EXPORT_CUSTOMERS"]);
    let tasks = switchyard_json(&data, &["task", "list", "--company", "Testsupplier"]);
    let tasks = tasks["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    assert_eq!(tasks[0]["type"], "EXPORT_CUSTOMERS", "{tasks:?}");
}
