//! The contracts: `../shared/reference/procuros-openapi-v2.yml`, read at test time, and our own
//! OpenAPI document as the server generates it. Each response the suite receives is validated
//! against the response schema each declares for its path, method and status; against the
//! public reference with the leniencies of `api-behaviour.md`:
//! - `content` of a transaction is the sender's own document, returned as received; its
//!   conformance is the documents crate's concern, so here it only has to be an object;
//! - on `POST /v2/transactions` the 400s (duplicate, body not JSON) and 422s carry `errorUrl`;
//!   other client errors (401, 413, 415, 429) have the `{"message"}` body the behaviour table
//!   settles.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value, json};
use switchyard_testkit::reference;

/// OpenAPI 3.0 schema to JSON Schema 2020-12: `nullable` becomes a `null` type.
fn to_json_schema(schema: &Value) -> Value {
    match schema {
        Value::Object(object) => {
            let mut converted: Map<String, Value> = object
                .iter()
                .filter(|(key, _)| *key != "nullable")
                .map(|(k, v)| (k.clone(), to_json_schema(v)))
                .collect();
            if object.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(kind)) = object.get("type") {
                    converted.insert("type".into(), json!([kind, "null"]));
                } else {
                    return json!({ "anyOf": [Value::Object(converted), { "type": "null" }] });
                }
            }
            Value::Object(converted)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

/// Compiled validators by (path template, method, status); `None` where nothing is declared.
type Validators = HashMap<(String, String, u16), Option<Arc<jsonschema::Validator>>>;

/// An OpenAPI document to check responses against, with its compiled validators.
pub struct Spec {
    document: Value,
    components: Value,
    validators: Mutex<Validators>,
    /// Where this document and api-behaviour.md differ, the behaviour document wins.
    lenient: bool,
}

impl Spec {
    fn new(document: Value, lenient: bool) -> Self {
        let mut components = to_json_schema(&document["components"]);
        if lenient {
            components["schemas"]["TransactionContent"] = json!({ "type": "object" });
        }
        Self { document, components, validators: Mutex::default(), lenient }
    }

    /// The path template that `path` (without query) falls under.
    fn template_of(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let paths = self.document["paths"].as_object()?;
        let matches = |template: &&String| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts.iter().zip(&segments).all(|(part, segment)| part.starts_with('{') || part == segment)
        };
        // A literal path (bulk/mark-processed) wins over a template with a parameter.
        let mut candidates: Vec<&String> = paths.keys().filter(matches).collect();
        candidates.sort_by_key(|template| template.matches('{').count());
        candidates.first().map(|template| (*template).clone())
    }

    fn declared_schema(&self, template: &str, method: &str, status: u16) -> Option<Value> {
        let responses = &self.document["paths"][template][method.to_ascii_lowercase()]["responses"];
        let class = format!("{}XX", status / 100);
        if self.lenient
            && template == "/v2/transactions"
            && method == "POST"
            && status / 100 == 4
            && status != 400
            && status != 422
        {
            return Some(json!({ "$ref": "#/components/schemas/InternalErrorResponse" }));
        }
        let response = responses.get(status.to_string()).or_else(|| responses.get(&class))?;
        Some(response.pointer("/content/application~1json/schema").cloned().unwrap_or(json!({ "const": null })))
    }

    fn validator(&self, template: &str, method: &str, status: u16) -> Option<Arc<jsonschema::Validator>> {
        let key = (template.to_owned(), method.to_owned(), status);
        if let Some(found) = self.validators.lock().unwrap().get(&key) {
            return found.clone();
        }
        let built = self.declared_schema(template, method, status).map(|schema| {
            let root = json!({ "components": self.components, "allOf": [to_json_schema(&schema)] });
            Arc::new(jsonschema::options().with_draft(jsonschema::Draft::Draft202012).build(&root).unwrap_or_else(
                |error| panic!("the schema for {method} {template} {status} does not compile: {error}"),
            ))
        });
        self.validators.lock().unwrap().insert(key, built.clone());
        built
    }

    /// Panics when a response of a documented operation does not match. Returns whether the
    /// response was checked.
    pub fn check(&self, method: &str, path: &str, status: u16, body: &Value) -> bool {
        let Some(template) = self.template_of(path) else { return false };
        let documented = self.document["paths"][&template].get(method.to_ascii_lowercase()).is_some();
        // api-behaviour.md settles `POST /v2/ping` to answer as GET does (the public sample uses it).
        let settled = method == "POST" && template == "/v2/ping" && status == 204;
        if settled {
            assert_eq!(body, &Value::Null, "{method} {path}: 204 must have no body");
            return true;
        }
        if !documented {
            // Wrong method on a documented path: the behaviour table's `{"message"}`.
            assert!(body["message"].is_string(), "{method} {path} answered {status} without a message: {body}");
            return true;
        }
        if status == 204 {
            assert_eq!(body, &Value::Null, "{method} {path}: 204 must have no body");
            return true;
        }
        let validator = self
            .validator(&template, method, status)
            .unwrap_or_else(|| panic!("{method} {template} answered {status}, which the document does not declare"));
        let problems: Vec<String> =
            validator.iter_errors(body).map(|error| format!("{} at {}", error, error.instance_path)).collect();
        assert!(
            problems.is_empty(),
            "{method} {path} {status} breaks the schema:\n{}\nbody: {body}",
            problems.join("\n")
        );
        true
    }
}

/// The public reference, with api-behaviour.md's leniencies; `None` when it is absent.
pub fn public() -> Option<&'static Spec> {
    static SPEC: OnceLock<Option<Spec>> = OnceLock::new();
    SPEC.get_or_init(|| reference::document().map(|document| Spec::new(document.clone(), true))).as_ref()
}

/// Our own OpenAPI document, as the server generates it.
pub fn ours() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::new(switchyard_api::openapi_document("http://localhost"), false))
}

/// Checks a response against the public reference and against our own document. Without the
/// reference, only against our own, and the public checks are reported skipped.
pub fn check(method: &str, path: &str, status: u16, body: &Value) -> bool {
    let public = if let Some(public) = public() {
        public.check(method, path, status, body)
    } else {
        reference::skip("the public contract checks of every response");
        false
    };
    let own = ours().check(method, path, status, body);
    public || own
}

#[test]
fn the_contract_check_can_fail() {
    let missing_items =
        json!({ "hasMore": false, "perPage": 100, "count": 0, "nextCursor": null, "nextPageUrl": null });
    let outcome = std::panic::catch_unwind(|| check("GET", "/v2/transactions", 200, &missing_items));
    assert!(outcome.is_err(), "a list without items must break the contract");
    let wrong_status = json!({ "data": { "procurosTransactionId": "x", "status": "LOST" } });
    assert!(std::panic::catch_unwind(|| check("GET", "/v2/all-transactions/0", 200, &wrong_status)).is_err());
}

#[test]
fn the_reference_examples_of_responses_pass_the_contract_check() {
    let Some(reference) = reference::or_skip() else { return };
    let example = &reference["paths"]["/v2/all-transactions/{procurosTransactionId}"]["get"]["responses"]["200"]["content"]
        ["application/json"]["examples"]["Single Transaction"]["value"];
    assert!(check("GET", "/v2/all-transactions/949b2f25-fd9d-4c58-8899-b4dc277f8cf9", 200, example));
}
