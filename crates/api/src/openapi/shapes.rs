//! The API's own request and response shapes, as OpenAPI schemas.

// `json!` reads its arguments by reference; taking values keeps the declarations below readable.
#![allow(clippy::needless_pass_by_value)]

use serde_json::{Value, json};
use switchyard_documents::DocumentType;
use switchyard_documents::schema::Components;

use super::schema_ref;

fn string_enum(names: &[&str]) -> Value {
    json!({ "type": "string", "enum": names })
}

fn problems_by_path() -> Value {
    json!({
        "type": "object",
        "description": "Each dotted JSON path of the request (e.g. `content.items.2.quantity`) with its problems.",
        "additionalProperties": { "type": "array", "items": { "type": "string" } },
    })
}

/// The `code` of an answer that is not a plain success: the stable names docs/errors.md explains.
fn error_code_schema() -> Value {
    let mut names: Vec<&str> = crate::ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    names.extend(crate::error_code::HELD_CODES);
    json!({
        "type": "string", "enum": names,
        "description": "A stable name of the refusal (e.g. `auth.forbidden`); docs/errors.md says what to do about each.",
    })
}

/// Registers every shape under its name, next to the document models.
pub fn register(components: &mut Components, contents: &[(DocumentType, Value)]) {
    let kinds: Vec<&str> = DocumentType::ALL.iter().map(|kind| kind.as_str()).collect();
    let sent: Vec<Value> = contents
        .iter()
        .map(|(kind, content)| {
            json!({
                "type": "object", "title": kind.as_str(), "required": ["type", "content"],
                "properties": { "type": { "type": "string", "enum": [kind.as_str()] }, "content": content },
            })
        })
        .collect();
    let mut add = |name: &str, schema: Value| {
        components.named(name, |_| schema);
    };
    add("TransactionType", string_enum(&kinds));
    add("TransactionFlow", string_enum(&["LIVE", "TEST"]));
    add("TransactionStatus", string_enum(&["PENDING", "SUCCESS", "FAILED", "DROPPED", "UNKNOWN"]));
    add("ErrorType", string_enum(&["DATA", "INTERNAL"]));
    add("TaskType", string_enum(&["EXPORT_CUSTOMERS", "EXPORT_SUPPLIERS", "SYNC_ENABLED_TRADE_PARTNERS"]));
    add("SentTransaction", json!({ "oneOf": sent, "discriminator": { "propertyName": "type" } }));
    add("ProblemsByPath", problems_by_path());
    add(
        "Message",
        json!({
            "type": "object", "required": ["message"],
            "properties": {
                "message": { "type": "string" },
                "code": error_code_schema(),
            },
        }),
    );
    add(
        "ValidationErrorResponse",
        json!({
            "type": "object", "required": ["message", "errors"],
            "properties": {
                "message": { "type": "string" }, "errors": schema_ref("ProblemsByPath"),
                "errorUrl": { "type": "string", "description": "Present when an error was opened for people to see." },
                "code": error_code_schema(),
            },
        }),
    );
    add(
        "CompanyReference",
        json!({
            "type": "object", "required": ["companyId", "name"],
            "properties": { "companyId": { "type": "string", "format": "uuid" }, "name": { "type": "string" } },
        }),
    );
    add("ReceivedTransaction", transaction_schema(false));
    add("Transaction", transaction_schema(true));
    add("ReceivedTransactionPage", received_page());
    add("TransactionPage", page_of("Transaction"));
    add("Task", task_schema());
    add("TaskPage", page_of("Task"));
    add("ProcessingReport", processing_report(false));
    add("BulkProcessingReport", processing_report(true));
}

fn transaction_schema(with_status: bool) -> Value {
    let id = json!({ "type": "string", "format": "uuid", "nullable": true });
    let mut schema = json!({
        "type": "object",
        "required": ["procurosTransactionId", "type", "content", "isLatestVersion"],
        "properties": {
            "procurosTransactionId": { "type": "string", "format": "uuid" },
            "type": schema_ref("TransactionType"),
            "content": { "type": "object", "description": "The document exactly as its sender sent it." },
            "isLatestVersion": { "type": "boolean" },
            "replacesProcurosTransactionId": id,
            "replacedByProcurosTransactionId": id,
        },
    });
    if with_status {
        schema["required"] =
            json!(["procurosTransactionId", "type", "status", "flow", "createdAt", "content", "isLatestVersion"]);
        schema["properties"]["status"] = schema_ref("TransactionStatus");
        schema["properties"]["flow"] = schema_ref("TransactionFlow");
        schema["properties"]["createdAt"] = json!({ "type": "string", "format": "date-time" });
    }
    schema
}

fn page_of(item: &str) -> Value {
    json!({
        "type": "object",
        "required": ["items", "hasMore", "perPage", "count", "nextCursor", "nextPageUrl"],
        "properties": {
            "items": { "type": "array", "items": schema_ref(item) },
            "hasMore": { "type": "boolean" },
            "perPage": { "type": "integer" },
            "count": { "type": "integer" },
            "nextCursor": { "type": "string", "nullable": true },
            "nextPageUrl": { "type": "string", "nullable": true },
        },
    })
}

/// The queue's page: with `lease`, also the lease taken on its items.
fn received_page() -> Value {
    let mut page = page_of("ReceivedTransaction");
    page["properties"]["leaseId"] = json!({ "type": "string", "format": "uuid",
        "description": "With `lease`: the lease on this page's items, to extend or release." });
    page["properties"]["leaseExpiresAt"] = json!({ "type": "string", "format": "date-time",
        "description": "With `lease`: when the items come back to the queue unless marked." });
    page
}

fn task_schema() -> Value {
    json!({
        "type": "object", "required": ["procurosTaskId", "type", "createdAt"],
        "properties": {
            "procurosTaskId": { "type": "string", "format": "uuid" },
            "type": schema_ref("TaskType"),
            "createdAt": { "type": "string", "format": "date-time" },
            "payload": { "type": "object", "description": "For SYNC_ENABLED_TRADE_PARTNERS: `{customers, suppliers}`." },
        },
    })
}

fn processing_report(with_id: bool) -> Value {
    let mut extra = serde_json::Map::new();
    if with_id {
        extra.insert("procurosTransactionId".into(), json!({ "type": "string", "format": "uuid" }));
    }
    let required: &[&str] = if with_id { &["procurosTransactionId"] } else { &[] };
    success_or_failure(&extra, required)
}

/// A report of success or failure, as marks and tasks take it: on failure `errorReason` is
/// required and holds more than blanks. `extra` are the report's own further properties.
pub(super) fn success_or_failure(extra: &serde_json::Map<String, Value>, required: &[&str]) -> Value {
    let branch = |success: bool| {
        let mut properties = extra.clone();
        properties.insert("success".into(), json!({ "type": "boolean", "enum": [success] }));
        let reason = if success {
            json!({ "type": "string" })
        } else {
            json!({ "type": "string", "pattern": "\\S", "description": "Why it failed; required." })
        };
        properties.insert("errorReason".into(), reason);
        properties.insert("errorType".into(), schema_ref("ErrorType"));
        properties.insert("errorContext".into(), error_context());
        let mut names: Vec<&str> = required.to_vec();
        names.push("success");
        if !success {
            names.push("errorReason");
        }
        json!({ "type": "object", "required": names, "properties": properties })
    };
    json!({ "oneOf": [branch(true), branch(false)] })
}

/// `errorContext`: names with text, numbers or booleans (numbers and booleans are kept as text).
pub(super) fn error_context() -> Value {
    json!({ "type": "object", "additionalProperties": {
        "anyOf": [{ "type": "string" }, { "type": "number" }, { "type": "boolean" }] } })
}
