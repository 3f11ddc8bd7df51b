//! `switchyard export`: a company's documents and errors as JSON lines, every document it can
//! see in its history, each with its content, and its errors.

use std::collections::BTreeSet;
use std::process::Command;

use reqwest::Method;
use serde_json::Value;

use crate::served_binary::{ServedBinary, call, demo_token};

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

#[tokio::test]
async fn an_export_holds_every_document_of_the_companys_history_and_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (data, to) = (dir.path().join("data"), dir.path().join("export"));
    let server = ServedBinary::start(&data, &[], None).await;
    let token = demo_token(&data, "ACME Co. Ltd.");
    let url = format!("{}/v2/all-transactions?per_page=100", server.base);
    let (_, history) = call(Method::GET, &url, Some(&token), None).await;
    let seen: BTreeSet<String> =
        history["items"].as_array().unwrap().iter().map(|item| item["procurosTransactionId"].to_string()).collect();
    assert!(!seen.is_empty());

    let output = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .arg("--data")
        .arg(&data)
        .args(["export", "--company", "ACME Co. Ltd.", "--to", to.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();

    let documents = lines(&to.join("documents.jsonl"));
    let exported: BTreeSet<String> =
        documents.iter().map(|document| document["procurosTransactionId"].to_string()).collect();
    assert_eq!(exported, seen, "the same documents as the company's history");
    assert_eq!(report["documents"], documents.len());
    assert!(documents.iter().all(|document| document["content"].is_object()), "each with its content");
    assert!(documents.iter().any(|document| document["direction"] == "SENT"));
    let errors = lines(&to.join("errors.jsonl"));
    assert_eq!(report["errors"], errors.len());
    assert!(errors.iter().all(|error| error["reason"].is_string() && error["id"].is_string()), "{errors:?}");
    assert!(!to.join("documents.jsonl.partial").exists(), "no half-written file is left");
    let mode = |path: &std::path::Path| {
        use std::os::unix::fs::PermissionsExt;
        format!("{:o}", std::fs::metadata(path).unwrap().permissions().mode() & 0o777)
    };
    assert_eq!(
        [mode(&to), mode(&to.join("documents.jsonl")), mode(&to.join("errors.jsonl"))],
        ["700", "600", "600"],
        "a company's documents for its owner alone"
    );
}
