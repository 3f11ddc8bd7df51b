//! Finding the lists of a document wherever they stand, for rules that apply at every level.

use serde_json::Value;

use crate::schema::Path;

/// Calls `visit(key, list, path_of_list)` for every array in `value` held under `key`, at any depth.
pub fn each_list(value: &Value, path: &Path<'_>, visit: &mut dyn FnMut(&str, &[Value], &Path<'_>)) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                each_list_under(key, child, path, visit);
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

/// [`each_list`] for the field `key` of the object at `parent`, holding `child`.
pub fn each_list_under(key: &str, child: &Value, parent: &Path<'_>, visit: &mut dyn FnMut(&str, &[Value], &Path<'_>)) {
    let child_path = parent.key(key);
    if let Value::Array(list) = child {
        visit(key, list, &child_path);
    }
    each_list(child, &child_path, visit);
}
