//! Order responses: a rejection lists no items; a change lists all order lines.

use serde_json::Value;

use crate::Header;
use crate::model::OrderResponseHeaderType;
use crate::schema::{Path, Report};

pub fn check(header: &Header, content: &Value, root: &Path<'_>, report: &mut Report) {
    let Header::OrderResponse(header) = header else { return };
    let has_items = content.get("items").and_then(Value::as_array).is_some_and(|items| !items.is_empty());
    match header.kind {
        // No type at all counts as a rejection, as the public documentation says.
        Some(OrderResponseHeaderType::Reject) | None if has_items => {
            report.problem(
                &root.key("items"),
                "An order response that rejects the order (type REJECT or no type) lists no items.",
            );
        }
        Some(OrderResponseHeaderType::Change) if !has_items => {
            report.problem(&root.key("items"), "An order response of type CHANGE lists all order lines.");
        }
        _ => {}
    }
}
