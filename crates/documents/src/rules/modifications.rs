//! Modification groups (allowances and charges): levels unique and ascending, and each
//! modification with a percentage or an amount.

use serde_json::Value;

use crate::schema::{Path, Report};

/// Checks one list of the document, held under `key` at `path`.
pub fn check_list(key: &str, list: &[Value], path: &Path<'_>, report: &mut Report) {
    match key {
        "modificationGroups" => ascending_levels(list, path, report),
        "modifications" => list.iter().enumerate().for_each(|(index, modification)| {
            percentage_or_amount(modification, &path.index(index), report);
        }),
        _ => {}
    }
}

fn ascending_levels(groups: &[Value], path: &Path<'_>, report: &mut Report) {
    let mut previous: Option<i64> = None;
    for (index, group) in groups.iter().enumerate() {
        let Some(level) = group.get("level").and_then(Value::as_i64) else { continue };
        if previous.is_some_and(|previous| level <= previous) {
            report.problem(
                &path.index(index).key("level"),
                format!("Level {level} must be higher than the level of the group before it: levels are unique and ascending."),
            );
        }
        previous = Some(level);
    }
}

fn percentage_or_amount(modification: &Value, path: &Path<'_>, report: &mut Report) {
    let has = |key| modification.get(key).is_some_and(|value: &Value| !value.is_null());
    if !has("percentage") && !has("amount") {
        report.problem(path, "A modification needs a percentage or an amount.");
    }
}
