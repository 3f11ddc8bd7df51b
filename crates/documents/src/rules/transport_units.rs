//! Transport units: one that holds no inner transport units must hold items.

use serde_json::Value;

use super::each_list;
use crate::schema::{Path, Report};

pub fn check(content: &Value, root: &Path<'_>, report: &mut Report) {
    each_list(content, root, &mut |key, units, path| {
        if key != "transportUnits" {
            return;
        }
        for (index, unit) in units.iter().enumerate() {
            let non_empty =
                |key| unit.get(key).and_then(Value::as_array).is_some_and(|list: &Vec<Value>| !list.is_empty());
            if !non_empty("transportUnits") && !non_empty("items") {
                report.problem(
                    &path.index(index).key("items"),
                    "A transport unit without inner transport units needs items.",
                );
            }
        }
    });
}
