//! Modification groups (allowances and charges): levels unique and ascending, and each
//! modification with a percentage or an amount.

use serde_json::Value;

use crate::schema::{Path, Report};

/// Checks one entry of a list held under `key`; `previous_level` is that of the group before it.
pub fn check_entry(key: &str, entry: &Value, path: &Path<'_>, previous_level: &mut Option<i64>, report: &mut Report) {
    match key {
        "modificationGroups" => ascending_level(entry, path, previous_level, report),
        "modifications" => percentage_or_amount(entry, path, report),
        _ => {}
    }
}

fn ascending_level(group: &Value, path: &Path<'_>, previous: &mut Option<i64>, report: &mut Report) {
    let Some(level) = group.get("level").and_then(Value::as_i64) else { return };
    if previous.is_some_and(|previous| level <= previous) {
        report.problem(
            &path.key("level"),
            format!(
                "Level {level} must be higher than the level of the group before it: levels are unique and ascending."
            ),
        );
    }
    *previous = Some(level);
}

fn percentage_or_amount(modification: &Value, path: &Path<'_>, report: &mut Report) {
    let has = |key| modification.get(key).is_some_and(|value: &Value| !value.is_null());
    if !has("percentage") && !has("amount") {
        report.problem(path, "A modification needs a percentage or an amount.");
    }
}
