//! The named schemas of our OpenAPI document, collected as the models describe themselves.

use std::collections::BTreeMap;

use serde_json::{Value, json};

#[derive(Debug, Default)]
pub struct Components(BTreeMap<String, Value>);

impl Components {
    /// A `$ref` to `name`, describing it with `describe` the first time it is seen.
    pub fn named(&mut self, name: &str, describe: impl FnOnce(&mut Self) -> Value) -> Value {
        if !self.0.contains_key(name) {
            // A placeholder first: recursive models (items with sub-items) refer to themselves.
            self.0.insert(name.to_owned(), Value::Null);
            let schema = describe(self);
            self.0.insert(name.to_owned(), schema);
        }
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    pub fn into_map(self) -> BTreeMap<String, Value> {
        self.0
    }
}
