//! Item rules: identifiers a receiver can match, unique line numbers, batches that add up.

use std::collections::HashSet;

use serde_json::Value;

use crate::DocumentType;
use crate::schema::{Path, Report};

/// Types whose items must carry a GS1 or BUYER identifier, as their schemas say.
const MATCHABLE_ITEMS: &[DocumentType] = &[
    DocumentType::Order,
    DocumentType::OrderResponse,
    DocumentType::Invoice,
    DocumentType::ShippingNotice,
    DocumentType::CreditNote,
    DocumentType::DispatchInstruction,
    DocumentType::DispatchInstructionResponse,
    DocumentType::ReceivalNotice,
];

/// Checks one entry of a list held under `key`; `seen` holds the line numbers of the entries
/// before it.
pub fn check_entry(
    kind: DocumentType,
    key: &str,
    item: &Value,
    path: &Path<'_>,
    seen: &mut HashSet<i64>,
    report: &mut Report,
) {
    if key != "items" && key != "subItems" {
        return;
    }
    unique_line_number(item, path, seen, report);
    if MATCHABLE_ITEMS.contains(&kind) {
        matchable_identifier(item, path, report);
    }
    // The documentation states this for shipping notices; a dispatch instruction's batches
    // describe stock to pick from, not what was shipped.
    if kind == DocumentType::ShippingNotice {
        batches_add_up(item, path, report);
    }
}

fn unique_line_number(item: &Value, path: &Path<'_>, seen: &mut HashSet<i64>, report: &mut Report) {
    if let Some(number) = item.get("lineNumber").and_then(Value::as_i64)
        && !seen.insert(number)
    {
        report.problem(&path.key("lineNumber"), format!("Line number {number} is used by more than one item."));
    }
}

fn matchable_identifier(item: &Value, path: &Path<'_>, report: &mut Report) {
    // An entry that is not an object, or identifiers that are not a list, the schema refuses.
    let Some(item) = item.as_object() else { return };
    let matchable = match item.get("identifiers").unwrap_or(&Value::Null) {
        Value::Array(identifiers) => {
            identifiers.iter().any(|id| matches!(id.get("domain").and_then(Value::as_str), Some("GS1" | "BUYER")))
        }
        Value::Null => false,
        _ => return,
    };
    if !matchable {
        report.problem(&path.key("identifiers"), "An item needs at least one identifier with domain GS1 or BUYER.");
    }
}

fn batches_add_up(item: &Value, path: &Path<'_>, report: &mut Report) {
    let (Some(batches), Some(shipped)) =
        (item.get("batches").and_then(Value::as_array), item.get("shippedQuantity").and_then(Value::as_f64))
    else {
        return;
    };
    let quantities: Vec<f64> =
        batches.iter().filter_map(|batch| batch.get("quantity").and_then(Value::as_f64)).collect();
    if quantities.is_empty() {
        return;
    }
    let total: f64 = quantities.iter().sum();
    if (total - shipped).abs() > 1e-6 {
        report.problem(
            &path.key("batches"),
            format!("The batch quantities add up to {total}, but the shipped quantity is {shipped}."),
        );
    }
}
