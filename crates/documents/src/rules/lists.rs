//! Finding the lists of a document wherever they stand, for rules that apply at every level.

use serde_json::Value;

use crate::schema::Path;

/// Calls `visit(key, list, path_of_list)` for every array in `value` held under `key`, at any depth.
pub fn each_list(value: &Value, path: &Path<'_>, visit: &mut dyn FnMut(&str, &[Value], &Path<'_>)) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let child_path = path.key(key);
                if let Value::Array(list) = child {
                    visit(key, list, &child_path);
                }
                each_list(child, &child_path, visit);
            }
        }
        Value::Array(list) => {
            for (index, item) in list.iter().enumerate() {
                each_list(item, &path.index(index), visit);
            }
        }
        _ => {}
    }
}
