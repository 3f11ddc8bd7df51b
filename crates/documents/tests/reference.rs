//! The public reference, read from `../shared`: every request example is a valid document.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use switchyard_documents::{Content, DocumentType, Strictness, read_document};
use switchyard_testkit::reference;

/// The request examples by name, each `{type, content}`; `None` (the test skipped) when the
/// reference is absent.
fn request_examples() -> Option<Vec<(String, Value)>> {
    let examples = reference::request_examples(reference::or_skip()?);
    Some(examples.iter().map(|(name, example)| (name.clone(), example["value"].clone())).collect())
}

#[test]
fn every_request_example_of_the_reference_is_a_valid_document() {
    let mut failures = Vec::new();
    let Some(examples) = request_examples() else { return };
    for (name, example) in examples {
        if let Err(problems) = read_document(example.get("type"), example.get("content"), Strictness::Lenient) {
            failures.push(format!("{name}: {:?}", problems.by_path()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Sending reads only the header as types; the whole typed model must still read every example,
/// as it is the model our schemas describe.
#[test]
fn every_request_example_reads_as_its_whole_typed_model() {
    let mut failures = Vec::new();
    let Some(examples) = request_examples() else { return };
    for (name, example) in examples {
        let kind: DocumentType = example["type"].as_str().unwrap().parse().unwrap();
        match Content::parse(kind, &example["content"]) {
            Ok(content) => assert_eq!(content.kind(), kind, "{name}"),
            Err(error) => failures.push(format!("{name}: {error}")),
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

/// Required fields the reference's own examples leave out, so ours are optional (api-behaviour.md:
/// the example wins), as endings of the path the walk reports.
const EXAMPLE_WINS: &[&str] = &[
    "CreditNote.summary",
    "items[].isInvoicedItem",
    "subItems[].isInvoicedItem",
    "tax.amount",
    "modificationGroups[].basis",
    "modificationGroups[].level",
    "locations[].items[].lineNumber",
];

/// Required keys of a schema, its `allOf` parts merged.
fn required_of(schema: &Value, components: &Value) -> Vec<String> {
    let schema = resolve(schema, components);
    let mut keys: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect();
    for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        keys.extend(required_of(part, components));
    }
    keys
}

/// Walks the reference schema and ours side by side, collecting properties we lack.
fn compare(
    theirs: &Value,
    ours: &Value,
    path: &str,
    depth: usize,
    components: (&Value, &Value),
    missing: &mut Vec<String>,
) {
    if depth > 12 {
        return;
    }
    if let (Some(their_items), Some(our_items)) = (items(theirs, components.0), items(ours, components.1)) {
        compare(their_items, our_items, &format!("{path}[]"), depth + 1, components, missing);
        return;
    }
    let our_required = required_of(ours, components.1);
    for key in required_of(theirs, components.0) {
        let field = format!("{path}.{key}");
        if !our_required.contains(&key) && !EXAMPLE_WINS.iter().any(|suffix| field.ends_with(suffix)) {
            missing.push(format!("{path}.{key} (required)"));
        }
    }
    let our_properties = properties(ours, components.1);
    for (name, their_property) in properties(theirs, components.0) {
        match our_properties.get(&name) {
            Some(our_property) => {
                compare(&their_property, our_property, &format!("{path}.{name}"), depth + 1, components, missing);
            }
            None => missing.push(format!("{path}.{name}")),
        }
    }
}

#[test]
fn every_property_of_the_reference_schemas_has_a_field_in_our_models() {
    let mut components = switchyard_documents::schema::Components::default();
    let ours = switchyard_documents::Content::schemas(&mut components);
    let our_components = Value::Object(components.into_map().into_iter().collect());
    let Some(reference) = reference::or_skip() else { return };
    let their_components = &reference["components"]["schemas"];
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

/// Our schema of `name` (a component), resolved.
fn our_component(components: &Value, schema: &Value) -> Value {
    resolve(schema, components).clone()
}

/// Every `(path, required key)` and `(path, enum names)` that the example's objects meet,
/// following our own schemas alongside the example.
fn walk_example(
    value: &Value,
    schema: &Value,
    path: &str,
    components: &Value,
    required: &mut Vec<(String, String)>,
    enums: &mut Vec<(String, Vec<String>)>,
) {
    let schema = our_component(components, schema);
    if let Some(names) = schema.get("enum").and_then(Value::as_array) {
        enums.push((path.to_owned(), names.iter().map(|name| name.as_str().unwrap().to_owned()).collect()));
        return;
    }
    match value {
        Value::Object(object) => {
            let mut all_required: Vec<String> = Vec::new();
            let mut merged = properties(&schema, components);
            for part in
                std::iter::once(&schema).chain(schema.get("allOf").and_then(Value::as_array).into_iter().flatten())
            {
                let part = resolve(part, components);
                all_required.extend(
                    part.get("required")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .map(|k| k.as_str().unwrap().to_owned()),
                );
                merged.extend(properties(part, components));
            }
            for key in all_required {
                if object.contains_key(&key) {
                    required.push((path.to_owned(), key));
                }
            }
            for (key, child) in object {
                if let Some(child_schema) = merged.get(key) {
                    walk_example(child, child_schema, &format!("{path}.{key}"), components, required, enums);
                }
            }
        }
        Value::Array(list) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in list.iter().enumerate() {
                    walk_example(item, item_schema, &format!("{path}.{index}"), components, required, enums);
                }
            }
        }
        _ => {}
    }
}

/// Removes or replaces the value at a dotted path below `content`.
fn at_path<'a>(content: &'a mut Value, path: &str) -> &'a mut Value {
    path.split('.').skip(1).fold(content, |value, segment| match segment.parse::<usize>() {
        Ok(index) if value.is_array() => &mut value[index],
        _ => &mut value[segment],
    })
}

/// An official example with the required fields and enums it meets, found with our schemas.
struct ExampleWalk {
    name: String,
    example: Value,
    required: Vec<(String, String)>,
    enums: Vec<(String, Vec<String>)>,
}

/// `None` (the test skipped) when the reference is absent.
fn example_walks() -> Option<Vec<ExampleWalk>> {
    let mut components = switchyard_documents::schema::Components::default();
    let schemas = switchyard_documents::Content::schemas(&mut components);
    let components = Value::Object(components.into_map().into_iter().collect());
    let walks = request_examples()?
        .into_iter()
        .map(|(name, example)| {
            let schema = &schemas.iter().find(|(kind, _)| kind.as_str() == example["type"]).unwrap().1;
            let (mut required, mut enums) = (Vec::new(), Vec::new());
            walk_example(&example["content"], schema, "content", &components, &mut required, &mut enums);
            ExampleWalk { name, example, required, enums }
        })
        .collect();
    Some(walks)
}

fn problems_of(kind: &Value, content: &Value) -> std::collections::BTreeMap<String, Vec<String>> {
    match read_document(Some(kind), Some(content), Strictness::Lenient) {
        Ok(_) => std::collections::BTreeMap::new(),
        Err(problems) => problems.by_path(),
    }
}

#[test]
fn each_required_field_missing_is_reported_at_its_path() {
    let Some(walks) = example_walks() else { return };
    let mut checked = 0;
    for ExampleWalk { name, example, required, .. } in walks {
        for (path, key) in required {
            let mut content = example["content"].clone();
            at_path(&mut content, &path).as_object_mut().unwrap().remove(&key);
            let problems = problems_of(&example["type"], &content);
            let expected = format!("{path}.{key}");
            assert_eq!(
                problems.get(&expected).map(Vec::as_slice),
                Some([format!("The {key} field is required.")].as_slice()),
                "{name} without {expected}: {problems:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} required fields were exercised");
}

#[test]
fn each_enum_with_a_wrong_value_is_reported_at_its_path() {
    let Some(walks) = example_walks() else { return };
    let mut checked = 0;
    for ExampleWalk { name, example, enums, .. } in walks {
        for (path, names) in enums {
            let mut content = example["content"].clone();
            *at_path(&mut content, &path) = Value::String("NOT_A_VALUE".into());
            let problems = problems_of(&example["type"], &content);
            let expected = format!("`NOT_A_VALUE` is not one of: {}.", names.join(", "));
            assert_eq!(
                problems.get(&path).map(Vec::as_slice),
                Some([expected].as_slice()),
                "{name} at {path}: {problems:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} enums were exercised");
}
