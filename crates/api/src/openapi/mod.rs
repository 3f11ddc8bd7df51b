//! Our own OpenAPI document, built from the code: the document models describe themselves
//! (`switchyard_documents::schema`), and the API's own shapes and operations are declared here.

mod operations;
mod shapes;
mod webhook_operations;

use serde_json::{Map, Value, json};
use switchyard_documents::Content;
use switchyard_documents::schema::Components;

/// The OpenAPI 3.0 document of this server, with `public_url` as its server.
pub fn document(public_url: &str) -> Value {
    let mut components = Components::default();
    let contents = Content::schemas(&mut components);
    shapes::register(&mut components, &contents);
    let paths = operations::paths();
    let schemas: Map<String, Value> = components.into_map().into_iter().collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Switchyard API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Exchange business documents with trade partners. Wire-compatible with Procuros API v2, \
                            plus `POST /v2/validate`, the task endpoints, webhooks, poller leases, document timelines \
                            and idempotency keys.",
        },
        "servers": [{ "url": public_url }],
        "security": [{ "bearer": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "An API token of your ERP connection. A token may be limited to scopes: \
                `incoming:read` (list the queue and the history), `incoming:mark`, `outgoing:send`, `errors:report`, \
                `tasks`, `admin` (everything); one issued without scopes may do everything." } },
        },
    })
}

/// A `$ref` to one of our component schemas.
fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}
