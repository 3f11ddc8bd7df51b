//! The webhook endpoints' operations (docs/webhooks.md), and the shapes of an endpoint and a
//! delivery.

// `json!` reads its arguments by reference; taking values keeps the declarations below readable.
#![allow(clippy::needless_pass_by_value)]

use serde_json::{Value, json};
use switchyard_network::model::WebhookEvent;

use super::operations::{answer, answers, body, invalid, not_found, operation, path_id};

const TAG: &str = "Webhooks";

fn events() -> Value {
    let names: Vec<&str> = WebhookEvent::ALL.iter().map(|event| event.as_str()).collect();
    json!({ "type": "array", "minItems": 1, "items": { "type": "string", "enum": names } })
}

fn endpoint(with_secret: bool) -> Value {
    let mut schema = json!({ "type": "object",
        "required": ["id", "url", "events", "description", "enabled", "createdAt"],
        "properties": {
            "id": { "type": "string", "format": "uuid" },
            "url": { "type": "string" },
            "events": events(),
            "description": { "type": "string", "nullable": true },
            "enabled": { "type": "boolean" },
            "createdAt": { "type": "string", "format": "date-time" },
            "failingSince": { "type": "string", "format": "date-time", "nullable": true,
                "description": "Since when every delivery failed; after five days the hub turns the endpoint off." },
            "disabledReason": { "type": "string", "nullable": true },
        } });
    if with_secret {
        if let Some(required) = schema["required"].as_array_mut() {
            required.push(json!("secret"));
        }
        schema["properties"]["secret"] = json!({ "type": "string",
            "description": "`whsec_` and the base64 of 32 random bytes: the key of the signatures. Shown only here." });
        schema["properties"]["previousSecretExpiresAt"] = json!({ "type": "string", "format": "date-time",
            "description": "After a rotation: until when the old secret signs beside the new one." });
    }
    schema
}

fn delivery() -> Value {
    let attempt = json!({ "type": "object", "required": ["attempt", "at", "durationMs"], "properties": {
        "attempt": { "type": "integer" },
        "at": { "type": "string", "format": "date-time" },
        "durationMs": { "type": "integer" },
        "statusCode": { "type": "integer", "nullable": true },
        "error": { "type": "string", "nullable": true },
        "response": { "type": "string", "nullable": true, "description": "The first 4 KiB of the answer." } } });
    json!({ "type": "object", "required": ["id", "webhookId", "event", "status", "createdAt", "attempts"], "properties": {
        "id": { "type": "string", "format": "uuid", "description": "The `webhook-id` of every attempt." },
        "webhookId": { "type": "string", "format": "uuid" },
        "event": { "type": "string" },
        "procurosTransactionId": { "type": "string", "format": "uuid", "nullable": true },
        "status": { "type": "string", "enum": ["PENDING", "DELIVERED", "FAILED"] },
        "createdAt": { "type": "string", "format": "date-time" },
        "nextAttemptAt": { "type": "string", "format": "date-time", "nullable": true },
        "attempts": { "type": "array", "items": attempt } } })
}

fn data(schema: Value) -> Value {
    json!({ "type": "object", "required": ["data"], "properties": { "data": schema } })
}

fn new_endpoint() -> Value {
    json!({ "type": "object", "required": ["url", "events"], "properties": {
        "url": { "type": "string", "description": "https:// on a public address (plain http:// and private addresses only where the operator allows them)." },
        "events": events(),
        "description": { "type": "string", "maxLength": 500 } } })
}

fn change() -> Value {
    json!({ "type": "object", "properties": {
        "url": { "type": "string" }, "events": events(), "description": { "type": "string", "nullable": true },
        "enabled": { "type": "boolean", "description": "Turning an endpoint on again gives it a fresh five days." } } })
}

/// The webhook paths.
pub fn paths() -> Value {
    let id = || vec![path_id("webhookId")];
    json!({
        "/v2/webhooks": {
            "get": operation(TAG, "List your webhook endpoints", vec![], None,
                answers(&[("200", answer("Your endpoints, oldest first.", data(json!({ "type": "array", "items": endpoint(false) }))))])),
            "post": operation(TAG, "Add a webhook endpoint", vec![], Some(body(new_endpoint())),
                answers(&[("201", answer("Added; the secret is shown only here.", data(endpoint(true)))), ("422", invalid())])),
        },
        "/v2/webhooks/{webhookId}": {
            "get": operation(TAG, "Show a webhook endpoint", id(), None,
                answers(&[("200", answer("The endpoint.", data(endpoint(false)))), ("404", not_found())])),
            "patch": operation(TAG, "Change a webhook endpoint", id(), Some(body(change())),
                answers(&[("200", answer("Changed.", data(endpoint(false)))), ("404", not_found()), ("422", invalid())])),
            "delete": operation(TAG, "Remove a webhook endpoint and its deliveries", id(), None,
                answers(&[("204", json!({ "description": "Removed." })), ("404", not_found())])),
        },
        "/v2/webhooks/{webhookId}/rotate-secret": {
            "post": operation(TAG, "Give the endpoint a new secret; the old one signs beside it for 24 hours", id(), None,
                answers(&[("200", answer("The new secret, shown only here.", data(endpoint(true)))), ("404", not_found())])),
        },
        "/v2/webhooks/{webhookId}/deliveries": {
            "get": operation(TAG, "The endpoint's latest deliveries, newest first, with every attempt", id(), None,
                answers(&[("200", answer("Up to 100 deliveries.", data(json!({ "type": "array", "items": delivery() })))),
                          ("404", not_found())])),
        },
        "/v2/webhooks/deliveries/{deliveryId}/retry": {
            "post": operation(TAG, "Send a delivery again now, with the same webhook-id", vec![path_id("deliveryId")], None,
                answers(&[("202", answer("Due again; the dispatcher sends it shortly.", data(delivery()))), ("404", not_found())])),
        },
    })
}
