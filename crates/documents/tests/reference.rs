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

/// Properties of a schema, its `allOf` parts merged, `$ref`s resolved in `components`.
fn properties(schema: &Value, components: &Value) -> serde_json::Map<String, Value> {
    let schema = resolve(schema, components);
    let mut merged = schema.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        merged.extend(properties(part, components));
    }
    merged
}

fn resolve<'a>(schema: &'a Value, components: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolve(&components[reference.rsplit('/').next().unwrap()], components),
        None => match schema.get("allOf").and_then(Value::as_array) {
            Some(parts) if parts.len() == 1 => resolve(&parts[0], components),
            _ => schema,
        },
    }
}

fn items<'a>(schema: &'a Value, components: &'a Value) -> Option<&'a Value> {
    resolve(schema, components).get("items")
}

/// Walks the reference schema and ours side by side, collecting properties we lack.
fn compare(theirs: &Value, ours: &Value, path: &str, depth: usize, components: (&Value, &Value), missing: &mut Vec<String>) {
    if depth > 12 {
        return;
    }
    if let (Some(their_items), Some(our_items)) = (items(theirs, components.0), items(ours, components.1)) {
        compare(their_items, our_items, &format!("{path}[]"), depth + 1, components, missing);
        return;
    }
    let our_properties = properties(ours, components.1);
    for (name, their_property) in properties(theirs, components.0) {
        match our_properties.get(&name) {
            Some(our_property) => compare(&their_property, our_property, &format!("{path}.{name}"), depth + 1, components, missing),
            None => missing.push(format!("{path}.{name}")),
        }
    }
}

#[test]
fn every_property_of_the_reference_schemas_has_a_field_in_our_models() {
    let mut components = switchyard_documents::schema::Components::default();
    let ours = switchyard_documents::Content::schemas(&mut components);
    let our_components = Value::Object(components.into_map().into_iter().collect());
    let their_components = &reference()["components"]["schemas"];
    let mut missing = Vec::new();
    for (kind, our_schema) in ours {
        let name = our_schema["$ref"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
        let their_schema = &their_components[&name];
        assert!(their_schema.is_object(), "the reference has no schema {name} for {kind}");
        compare(their_schema, &our_schema, &name, 0, (their_components, &our_components), &mut missing);
    }
    assert!(missing.is_empty(), "properties of the reference missing in our models:\n{}", missing.join("\n"));
}

#[test]
fn the_coverage_walk_notices_a_missing_property() {
    let theirs = serde_json::json!({"properties": {"a": {"type": "string"}, "b": {"properties": {"c": {}}}}});
    let ours = serde_json::json!({"properties": {"a": {"type": "string"}, "b": {"properties": {}}}});
    let mut missing = Vec::new();
    compare(&theirs, &ours, "X", 0, (&Value::Null, &Value::Null), &mut missing);
    assert_eq!(missing, ["X.b.c"]);
}
