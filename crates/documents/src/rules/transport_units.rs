//! Transport units: one that holds no inner transport units must hold items.

use serde_json::Value;

use crate::schema::{Path, Report};

/// Checks one entry of a list held under `key`.
pub fn check_entry(key: &str, unit: &Value, path: &Path<'_>, report: &mut Report) {
    if key != "transportUnits" {
        return;
    }
    let non_empty = |key| unit.get(key).and_then(Value::as_array).is_some_and(|list: &Vec<Value>| !list.is_empty());
    if !non_empty("transportUnits") && !non_empty("items") {
        report.problem(&path.key("items"), "A transport unit without inner transport units needs items.");
    }
}
