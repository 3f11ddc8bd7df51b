//! Order responses: a rejection lists no items; a change lists all order lines.

use crate::Header;
use crate::model::OrderResponseHeaderType;
use crate::schema::{Path, Report};

pub fn check(header: &Header, has_items: bool, root: &Path<'_>, report: &mut Report) {
    let Header::OrderResponse(header) = header else { return };
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
