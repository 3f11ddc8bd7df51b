//! The operations of the API: every path and method with its parameters, body and answers.

// `json!` reads its arguments by reference; taking values keeps the declarations below readable.
#![allow(clippy::needless_pass_by_value)]

use serde_json::{Map, Value, json};

use super::schema_ref;
use super::shapes::{error_context, success_or_failure};

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

pub(super) fn answer(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": json_content(schema) })
}

/// 401, 403, 429 and 4XX and 5XX, which every `/v2` operation may answer.
fn common_answers(mut answers: Map<String, Value>) -> Value {
    let message = schema_ref("Message");
    answers.entry("401").or_insert_with(|| answer("Missing, unknown, revoked or expired token.", message.clone()));
    answers.entry("403").or_insert_with(|| {
        answer(
            "The token lacks the scope this call needs (the message names it), or is used from outside the \
             networks it is allowed; `code` is `auth.forbidden`.",
            message.clone(),
        )
    });
    answers.entry("429").or_insert_with(|| {
        answer(
            "Too many requests for this token, or from this address without a valid token; see Retry-After \
             and the RateLimit-Policy and RateLimit headers.",
            message.clone(),
        )
    });
    answers.entry("4XX").or_insert_with(|| {
        answer(
            "Another client error: too slow (408), wrong method (405), body too large (413), URL too long \
             (414), not JSON (415), headers too large (431).",
            message.clone(),
        )
    });
    answers.entry("5XX").or_insert_with(|| answer("Server error; details are in the server's log.", message.clone()));
    Value::Object(answers)
}

pub(super) fn answers(list: &[(&str, Value)]) -> Value {
    common_answers(list.iter().map(|(status, value)| ((*status).to_owned(), value.clone())).collect())
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

pub(super) fn path_id(name: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } })
}

fn page_parameters() -> Vec<Value> {
    vec![
        query("cursor", "The `nextCursor` of the previous page.", json!({ "type": "string" })),
        query(
            "per_page",
            "Items per page.",
            json!({ "type": "integer", "minimum": 1, "maximum": 100, "default": 100 }),
        ),
    ]
}

fn filter(name: &str, of: &str) -> Value {
    query(
        &format!("filter[{name}]"),
        &format!("One {of}, or several separated by commas."),
        json!({ "type": "string" }),
    )
}

pub(super) fn body(schema: Value) -> Value {
    json!({ "required": true, "content": json_content(schema) })
}

/// An operation that honours `Idempotency-Key` (docs/errors.md): the header, and the refusals
/// it adds to the operation's own answers.
fn idempotent(mut operation: Value) -> Value {
    if let Some(parameters) = operation["parameters"].as_array_mut() {
        parameters.push(json!({ "name": "Idempotency-Key", "in": "header", "required": false,
            "description": "Names the request so that a retry gets the first answer again (with \
                `Idempotent-Replayed: true`) instead of a second change; kept 24 hours per company.",
            "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ -~]*[!-~][ -~]*$" } }));
    }
    let responses = &mut operation["responses"];
    responses["409"] = answer(
        "A request with this Idempotency-Key is still running (`idempotency.in_progress`).",
        schema_ref("Message"),
    );
    widen(responses, "422", "or the Idempotency-Key was used for another request (`idempotency.key_reused`).");
    widen(responses, "400", "or the Idempotency-Key is empty, too long or not ASCII (`idempotency.key_invalid`).");
    operation
}

/// Lets the answer of `status` also be a `Message` refusal, for the reason `also` gives.
fn widen(responses: &mut Value, status: &str, also: &str) {
    let message = schema_ref("Message");
    responses[status] = match responses.get(status) {
        Some(existing) => {
            let description = format!("{} Or: {also}", existing["description"].as_str().unwrap_or_default());
            let schema = existing["content"]["application/json"]["schema"].clone();
            answer(&description, json!({ "anyOf": [schema, message] }))
        }
        None => answer(&format!("Refused: {also}"), message),
    };
}

pub(super) fn operation(
    tag: &str,
    summary: &str,
    parameters: Vec<Value>,
    request: Option<Value>,
    responses: Value,
) -> Value {
    let mut operation = json!({ "tags": [tag], "summary": summary, "parameters": parameters, "responses": responses });
    if let Some(request) = request {
        operation["requestBody"] = request;
    }
    operation
}

pub(super) fn invalid() -> Value {
    answer("The request has problems; each is listed under its path.", schema_ref("ValidationErrorResponse"))
}

pub(super) fn not_found() -> Value {
    answer("No such transaction for your company.", schema_ref("Message"))
}

fn ok_with_error_url() -> Value {
    json!({ "type": "object", "required": ["message"], "properties": {
        "message": { "type": "string" }, "errorUrl": { "type": "string" } } })
}

/// The answer about a lease: its id, and `count_name`, a count of its items.
fn lease_answer(count_name: &str, count_description: &str) -> Value {
    let mut data = json!({ "type": "object", "required": ["leaseId", count_name], "properties": {
        "leaseId": { "type": "string", "format": "uuid" },
        "leaseExpiresAt": { "type": "string", "format": "date-time" } } });
    data["properties"][count_name] = json!({ "type": "integer", "description": count_description });
    json!({ "type": "object", "required": ["data"], "properties": { "data": data } })
}

fn sent_answer(with_message: bool) -> Value {
    let mut schema = json!({ "type": "object", "required": ["procurosTransactionId"], "properties": {
        "procurosTransactionId": { "type": "string", "format": "uuid" },
        "warnings": schema_ref("ProblemsByPath") } });
    if with_message {
        schema["required"] = json!(["message", "procurosTransactionId"]);
        schema["properties"]["message"] = json!({ "type": "string" });
        schema["properties"]["code"] = json!({ "type": "string", "enum": crate::error_code::HELD_CODES,
            "description": "Why it was kept undelivered." });
    }
    schema
}

/// The answer of `POST /v2/validate`.
fn validation_answer() -> Value {
    let company = schema_ref("CompanyReference");
    let route = json!({ "type": "object", "nullable": true,
        "required": ["sender", "receiver", "flow", "relationshipState"],
        "description": "Where the document would go; null when it cannot be routed.",
        "properties": { "sender": company, "receiver": company, "flow": schema_ref("TransactionFlow"),
            "relationshipState": { "type": "string", "nullable": true, "enum": ["ACTIVE", "TESTING", "INACTIVE", null] } } });
    json!({ "type": "object", "required": ["valid", "status", "message", "errors", "warnings", "route"],
        "properties": {
            "valid": { "type": "boolean", "description": "Whether a send would be accepted (201 or 202)." },
            "status": { "type": "integer", "enum": [201, 202, 400, 422],
                "description": "The status a send would be answered with." },
            "message": { "type": "string" },
            "errors": schema_ref("ProblemsByPath"),
            "warnings": schema_ref("ProblemsByPath"),
            "procurosTransactionId": { "type": "string", "format": "uuid",
                "description": "For a duplicate: the transaction sent before with this payload." },
            "route": route } })
}

/// `PUT /v2/tasks/{id}`: a report of success or failure with the task's result.
fn task_report() -> Value {
    let mut result = Map::new();
    result.insert(
        "result".into(),
        json!({ "description": "For exports: a list of {systemIdentifier, isEnabled, mainParty, additionalParties}." }),
    );
    success_or_failure(&result, &[])
}

/// Every path of the API with its operations: the public API's, then our additions.
pub fn paths() -> Value {
    let mut paths = public_paths();
    for added in [lease_paths(), timeline_paths(), super::webhook_operations::paths()] {
        if let (Some(all), Value::Object(added)) = (paths.as_object_mut(), added) {
            all.extend(added);
        }
    }
    paths
}

/// A document's timeline (`GET /v2/all-transactions/{id}/events`).
fn timeline_paths() -> Value {
    let entry = json!({ "type": "object", "required": ["type", "at", "actor", "detail"], "properties": {
        "type": { "type": "string", "enum": ["received", "validated", "routed", "delivered", "held", "fetched",
            "leased", "processed", "failed", "error_opened", "delivered_again", "discarded", "error_resolved",
            "replaced", "webhook_delivered", "webhook_failed", "notified"] },
        "at": { "type": "string", "format": "date-time" },
        "actor": { "type": "string",
            "description": "A company's name for its ERP's acts, a person's e-mail for what people did in the portal, `Switchyard` for the hub's own." },
        "detail": { "type": "object", "description": "What the type alone does not say (warnings, reasons, ids)." } } });
    json!({
        "/v2/all-transactions/{procurosTransactionId}/events": {
            "get": operation("All Transactions", "The document's timeline, oldest first", vec![path_id("procurosTransactionId")], None,
                answers(&[("200", answer("Each step of the document's life with who acted.", json!({ "type": "object",
                    "required": ["data"], "properties": { "data": { "type": "array", "items": entry } } }))),
                          ("404", not_found())])),
        },
    })
}

/// The poller leases' own paths (docs/retries.md).
fn lease_paths() -> Value {
    json!({
        "/v2/transactions/leases/{leaseId}/extend": {
            "post": operation("Incoming Transactions", "Keep the items of a lease for longer", vec![path_id("leaseId")],
                Some(body(json!({ "type": "object", "required": ["seconds"], "properties": {
                    "seconds": { "type": "integer", "minimum": 1, "maximum": 900,
                        "description": "The lease's new length, from now." } } }))),
                answers(&[("200", answer("Extended.", lease_answer("count", "Items the lease holds."))),
                          ("404", answer("No running lease with this id for your company.", schema_ref("Message"))),
                          ("422", invalid())])),
        },
        "/v2/transactions/leases/{leaseId}": {
            "delete": operation("Incoming Transactions", "Give the items of a lease back to the queue now",
                vec![path_id("leaseId")], None,
                answers(&[("200", answer("Released.", lease_answer("released", "Items given back."))),
                          ("404", answer("No running lease with this id for your company.", schema_ref("Message")))])),
        },
    })
}

/// The paths of the public API.
fn public_paths() -> Value {
    let mut list_filters = vec![filter("type", "transaction type")];
    list_filters.extend(page_parameters());
    list_filters.push(query(
        "lease",
        "Lease the listed items for this many seconds (1 to 900): no other listing returns them until the \
         lease runs out, is released, or they are marked. The answer names the lease.",
        json!({ "type": "integer", "minimum": 1, "maximum": 900 }),
    ));
    let mut all_filters = vec![
        filter("type", "transaction type"),
        filter("flow", "flow (LIVE, TEST)"),
        filter("status", "status"),
        query(
            "filter[created_between]",
            "Whole days YYYY-MM-DD,YYYY-MM-DD, both included.",
            json!({ "type": "string" }),
        ),
    ];
    all_filters.extend(page_parameters());
    let mut task_filters = vec![filter("type", "task type")];
    task_filters.extend(page_parameters());
    json!({
        "/v2/ping": {
            "get": operation("Misc", "Test the connection and the token", vec![], None,
                answers(&[("204", json!({ "description": "The token is valid." }))])),
            "post": operation("Misc", "Test the connection and the token, as GET does", vec![], None,
                answers(&[("204", json!({ "description": "The token is valid." }))])),
        },
        "/v2/transactions": {
            "get": operation("Incoming Transactions", "List unprocessed incoming transactions, oldest first", list_filters, None,
                answers(&[("200", answer("A page of transactions.", schema_ref("ReceivedTransactionPage"))), ("422", invalid())])),
            "post": idempotent(operation("Outgoing Transactions", "Send a document to a trade partner", vec![], Some(body(schema_ref("SentTransaction"))),
                answers(&[
                    ("201", answer("Stored and delivered to the receiver.", sent_answer(false))),
                    ("202", answer("Stored but not delivered (relationship not active).", sent_answer(true))),
                    ("400", answer("The same payload was sent before, or the body is not JSON.", ok_with_error_url())),
                    ("422", invalid()),
                ]))),
        },
        "/v2/transactions/{procurosTransactionId}": {
            "put": idempotent(operation("Incoming Transactions", "Report whether a transaction was processed",
                vec![path_id("procurosTransactionId")], Some(body(schema_ref("ProcessingReport"))),
                answers(&[("200", answer("Recorded.", json!({ "type": "object", "properties": { "data": ok_with_error_url() } }))),
                          ("404", not_found()), ("422", invalid())]))),
        },
        "/v2/transactions/bulk/mark-processed": {
            "post": idempotent(operation("Incoming Transactions", "Report up to 1000 transactions at once, all or nothing", vec![],
                Some(body(json!({ "oneOf": [
                    { "type": "object", "required": ["items"], "properties": { "items": {
                        "type": "array", "minItems": 1, "maxItems": 1000, "items": schema_ref("BulkProcessingReport") } } },
                    { "type": "array", "minItems": 1, "maxItems": 1000, "items": schema_ref("BulkProcessingReport") },
                ] }))),
                answers(&[("200", answer("Recorded, in request order.", json!({ "type": "object", "properties": { "data": {
                    "type": "array", "items": { "type": "object", "properties": {
                        "procurosTransactionId": { "type": "string", "format": "uuid" },
                        "message": { "type": "string" }, "errorUrl": { "type": "string" } } } } } }))),
                    ("422", invalid())]))),
        },
        "/v2/all-transactions": {
            "get": operation("All Transactions", "List all transactions sent or received", all_filters, None,
                answers(&[("200", answer("A page of transactions.", schema_ref("TransactionPage"))), ("422", invalid())])),
        },
        "/v2/all-transactions/{procurosTransactionId}": {
            "get": operation("All Transactions", "Show one transaction", vec![path_id("procurosTransactionId")], None,
                answers(&[("200", answer("The transaction.", json!({ "type": "object", "properties": { "data": schema_ref("Transaction") } }))),
                          ("404", not_found())])),
        },
        "/v2/errors": {
            "post": idempotent(operation("Outgoing Transactions", "Report an error building an outgoing document", vec![],
                Some(body(json!({ "type": "object", "required": ["errorReason", "errorType"], "properties": {
                    "errorReason": { "type": "string", "pattern": "\\S" }, "errorType": schema_ref("ErrorType"),
                    "errorContext": error_context(),
                    "transactionIdentifier": { "type": "string", "nullable": true },
                    "transactionType": { "allOf": [schema_ref("TransactionType")], "nullable": true } } }))),
                answers(&[("201", answer("The error was opened.", ok_with_error_url())), ("422", invalid())]))),
        },
        "/v2/tasks": {
            "get": operation("Tasks", "List open tasks for your ERP", task_filters, None,
                answers(&[("200", answer("A page of tasks.", schema_ref("TaskPage"))), ("422", invalid())])),
        },
        "/v2/tasks/{procurosTaskId}": {
            "put": idempotent(operation("Tasks", "Report a task done or failed", vec![path_id("procurosTaskId")],
                Some(body(task_report())),
                answers(&[("200", answer("Closed.", ok_with_error_url())), ("404", not_found()), ("422", invalid())]))),
        },
        "/v2/validate": {
            "post": operation("Outgoing Transactions", "Check a document as a send would, storing nothing", vec![],
                Some(body(schema_ref("SentTransaction"))),
                answers(&[("200", answer("What a send would get, decided the same way: reading, routing, the \
                    relationship, a duplicate of an earlier send.", validation_answer()))])),
        },
    })
}
