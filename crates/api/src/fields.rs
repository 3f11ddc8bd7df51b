//! Reading the fields of small request bodies (marks, errors, task reports) into typed values,
//! collecting every problem with its path.

use serde_json::{Map, Value};
use switchyard_documents::Problems;
use switchyard_network::model::ErrorType;
use uuid::Uuid;

/// One object of a request body, with the path prefix of its fields (`""` or `items.3.`).
pub struct Fields<'a> {
    object: &'a Map<String, Value>,
    prefix: String,
}

impl<'a> Fields<'a> {
    /// `None` (with a problem) when `value` is not an object.
    pub fn of(value: &'a Value, path: &str, problems: &mut Problems) -> Option<Self> {
        let Some(object) = value.as_object() else {
            let at = if path.is_empty() { "body" } else { path };
            problems.add(at, "This must be a JSON object.");
            return None;
        };
        let prefix = if path.is_empty() { String::new() } else { format!("{path}.") };
        Some(Self { object, prefix })
    }

    pub fn path(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The value of `key`, unless absent or null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.present(key)
    }

    fn present(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key).filter(|value| !value.is_null())
    }

    pub fn required_bool(&self, key: &str, problems: &mut Problems) -> Option<bool> {
        match self.present(key) {
            None => problems.add(self.path(key), format!("The {key} field is required.")),
            Some(Value::Bool(flag)) => return Some(*flag),
            Some(_) => problems.add(self.path(key), format!("The {key} field must be true or false.")),
        }
        None
    }

    pub fn required_integer(&self, key: &str, problems: &mut Problems) -> Option<i64> {
        match self.present(key) {
            None => problems.add(self.path(key), format!("The {key} field is required.")),
            Some(Value::Number(number)) if number.as_i64().is_some() => return number.as_i64(),
            Some(_) => problems.add(self.path(key), format!("The {key} field must be a whole number.")),
        }
        None
    }

    pub fn optional_string(&self, key: &str, problems: &mut Problems) -> Option<String> {
        match self.present(key) {
            None => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(_) => {
                problems.add(self.path(key), format!("The {key} field must be a string."));
                None
            }
        }
    }

    /// A string that must not be empty when present, or at all when `required`.
    pub fn text(&self, key: &str, required: bool, problems: &mut Problems) -> Option<String> {
        let text = self.optional_string(key, problems).filter(|text| !text.trim().is_empty());
        if required && text.is_none() && !problems.iter().any(|problem| problem.path == self.path(key)) {
            problems.add(self.path(key), format!("The {key} field is required."));
        }
        text
    }

    pub fn optional_object(&self, key: &str, problems: &mut Problems) -> Option<Value> {
        match self.present(key) {
            None => None,
            Some(value @ Value::Object(_)) => Some(value.clone()),
            Some(_) => {
                problems.add(self.path(key), format!("The {key} field must be an object."));
                None
            }
        }
    }

    /// `errorContext`: a flat object of texts. Numbers and booleans are kept as their JSON text;
    /// a nested object, array or `null` is refused at its key.
    pub fn error_context(&self, problems: &mut Problems) -> Option<Value> {
        let key = "errorContext";
        let context = self.optional_object(key, problems)?;
        let Value::Object(entries) = context else { return None };
        let mut kept = serde_json::Map::new();
        let before = problems.len();
        for (name, value) in entries {
            match value {
                Value::String(_) => kept.insert(name, value),
                Value::Number(_) | Value::Bool(_) => kept.insert(name, Value::String(value.to_string())),
                Value::Null | Value::Array(_) | Value::Object(_) => {
                    let path = format!("{}.{name}", self.path(key));
                    problems.add(path, format!("The {key}.{name} field must be a string, a number or a boolean."));
                    None
                }
            };
        }
        (problems.len() == before).then_some(Value::Object(kept))
    }

    /// A value of a wire enum (`DATA`, `ORDER`, ...), when present.
    pub fn optional_name<T: std::str::FromStr>(&self, key: &str, problems: &mut Problems) -> Option<T> {
        let name = self.optional_string(key, problems)?;
        let parsed = name.parse().ok();
        if parsed.is_none() {
            problems.add(self.path(key), format!("The selected {key} is invalid."));
        }
        parsed
    }

    /// `errorType`, the default (`DATA`) when absent.
    pub fn error_type(&self, problems: &mut Problems) -> ErrorType {
        self.optional_name("errorType", problems).unwrap_or_default()
    }

    pub fn required_uuid(&self, key: &str, problems: &mut Problems) -> Option<Uuid> {
        let text = self.text(key, true, problems)?;
        let id = text.parse().ok();
        if id.is_none() {
            problems.add(self.path(key), format!("The {key} must be a valid UUID."));
        }
        id
    }
}
