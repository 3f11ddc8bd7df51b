//! Our own OpenAPI document and the reference page that renders it, in a real browser.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::{Value, json};

use crate::contract::ours;
use crate::helpers::TestApp;
use switchyard_testkit::reference;

fn operations(document: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item
            .as_object()
            .unwrap()
            .keys()
            .filter(|key| ["get", "post", "put", "delete", "patch"].contains(&key.as_str()))
        {
            found.insert(format!("{} {path}", method.to_ascii_uppercase()));
        }
    }
    found
}

fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get("$ref") {
                found.push(target.clone());
            }
            object.values().for_each(|child| refs(child, found));
        }
        Value::Array(items) => items.iter().for_each(|child| refs(child, found)),
        _ => {}
    }
}

#[tokio::test]
async fn the_served_document_covers_the_public_api_and_our_additions() {
    let Some(reference) = reference::or_skip() else { return };
    let app = TestApp::spawn().await;
    let served: Value = reqwest::get(format!("{}/openapi.json", app.base)).await.unwrap().json().await.unwrap();
    assert_eq!(served["servers"][0]["url"], app.base.as_str());
    let ours = operations(&served);
    let missing: Vec<_> = operations(reference).difference(&ours).cloned().collect();
    assert!(missing.is_empty(), "operations of the public API missing in our document: {missing:?}");
    for added in ["POST /v2/validate", "GET /v2/tasks", "PUT /v2/tasks/{procurosTaskId}"] {
        assert!(ours.contains(added), "{added}");
    }
    let mut targets = Vec::new();
    refs(&served, &mut targets);
    for target in targets {
        assert!(
            served.pointer(target.trim_start_matches('#')).is_some_and(|schema| !schema.is_null()),
            "dangling {target}"
        );
    }
}

#[test]
fn our_own_contract_check_can_fail() {
    let half_a_page = json!({ "items": [] });
    assert!(std::panic::catch_unwind(|| ours().check("GET", "/v2/tasks", 200, &half_a_page)).is_err());
}

#[tokio::test]
async fn the_reference_page_renders_every_operation_in_a_browser() {
    let app = TestApp::spawn().await;
    let profile = tempfile::tempdir().unwrap();
    let url = format!("{}/docs", app.base);
    let profile_flag = format!("--user-data-dir={}", profile.path().display());
    // The browser runs off this runtime's thread, which must stay free to serve the page.
    let output = tokio::task::spawn_blocking(move || {
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--virtual-time-budget=5000",
                &profile_flag,
                "--dump-dom",
                &url,
            ])
            .output()
            .expect("chromium is installed (.ci/run installs it)")
    })
    .await
    .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(dom.contains("Switchyard API"), "{dom}");
    for operation in operations(&switchyard_api::openapi_document(&app.base)) {
        assert!(dom.contains(&operation), "the page does not show {operation}");
    }
    assert!(dom.contains("Send a document to a trade partner"));
    assert!(!dom.contains("<p id=\"description\">Could not load"), "{dom}");
}
