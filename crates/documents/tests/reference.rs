//! The public reference, read from `../shared`: every request example is a valid document.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;
use switchyard_documents::read_document;

fn reference() -> &'static Value {
    static REFERENCE: OnceLock<Value> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/procuros-openapi-v2.yml");
        serde_yaml::from_str(&std::fs::read_to_string(path).expect("the reference beside the project")).unwrap()
    })
}

fn request_examples() -> Vec<(String, Value)> {
    reference()["paths"]["/v2/transactions"]["post"]["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, example)| (name.clone(), example["value"].clone()))
        .collect()
}

#[test]
fn every_request_example_of_the_reference_is_a_valid_document() {
    let mut failures = Vec::new();
    for (name, example) in request_examples() {
        if let Err(problems) = read_document(example.get("type"), example.get("content")) {
            failures.push(format!("{name}: {:?}", problems.by_path()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
