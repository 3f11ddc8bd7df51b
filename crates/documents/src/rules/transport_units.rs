//! Transport units: one that holds no inner transport units must hold items.

use serde_json::Value;

use crate::schema::{Path, Report};

/// Checks one list of the document, held under `key` at `path`.
pub fn check_list(key: &str, units: &[Value], path: &Path<'_>, report: &mut Report) {
    if key != "transportUnits" {
        return;
    }
    for (index, unit) in units.iter().enumerate() {
        let non_empty = |key| unit.get(key).and_then(Value::as_array).is_some_and(|list: &Vec<Value>| !list.is_empty());
        if !non_empty("transportUnits") && !non_empty("items") {
            report.problem(
                &path.index(index).key("items"),
                "A transport unit without inner transport units needs items.",
            );
        }
    }
}
