//! Parsing JSON text that refuses an object naming the same key twice. Readers disagree on
//! such an object (most keep the last value, some the first), so the hub and the receiver could
//! read two different order numbers from one stored text; refusing it is the only safe reading.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

use crate::Problems;
use crate::schema::Path;

/// Why a text could not be read as JSON with unique keys.
#[derive(Debug)]
pub enum Unreadable {
    Syntax(serde_json::Error),
    /// `path` names the repeated key, e.g. `content.header.orderIdentifier`.
    RepeatedKey {
        path: String,
        key: String,
    },
}

impl Unreadable {
    /// The single problem a refusal of this text reports.
    pub(crate) fn into_problems(self, root: &str) -> Problems {
        match self {
            Unreadable::Syntax(error) => Problems::single(root, format!("The content is not valid JSON: {error}.")),
            Unreadable::RepeatedKey { path, key } => Problems::single(
                path,
                format!("The key `{key}` appears more than once in this object: name each field once."),
            ),
        }
    }
}

/// The fields of the JSON object `text`, each as its text; `Ok(None)` when `text` is JSON but
/// not an object. Keys are spelled as paths from the object itself (`content`).
pub fn object_fields(text: &str) -> Result<Option<BTreeMap<String, &RawValue>>, Unreadable> {
    fields(text, &Path::Root(""))
}

/// Parses `text`, the value found at `at`, into a tree.
pub(crate) fn parse(text: &str, at: &Path<'_>) -> Result<Value, Unreadable> {
    let repeated = Cell::new(None);
    let seed = ValueAt { path: at, repeated: &repeated };
    read_with(text, seed, &repeated)
}

/// Parses the object `text` one level deep: each field's value stays as its text. `Ok(None)`
/// when `text` is JSON but not an object.
pub(crate) fn fields<'t>(text: &'t str, at: &Path<'_>) -> Result<Option<BTreeMap<String, &'t RawValue>>, Unreadable> {
    let repeated = Cell::new(None);
    let seed = FieldsAt { path: at, repeated: &repeated };
    read_with(text, seed, &repeated)
}

fn read_with<'de, S: DeserializeSeed<'de>>(
    text: &'de str,
    seed: S,
    repeated: &Cell<Option<(String, String)>>,
) -> Result<S::Value, Unreadable> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let outcome = seed.deserialize(&mut deserializer).and_then(|value| deserializer.end().map(|()| value));
    match (outcome, repeated.take()) {
        (_, Some((path, key))) => Err(Unreadable::RepeatedKey { path, key }),
        (Ok(value), None) => Ok(value),
        (Err(error), None) => Err(Unreadable::Syntax(error)),
    }
}

/// Where a repeated key is reported: the visitor's error only stops the parser, the side channel
/// says where it stopped without formatting a path for any value that is not repeated.
type Repeated = Cell<Option<(String, String)>>;

fn refuse_repeated<E: de::Error>(repeated: &Repeated, parent: &Path<'_>, key: &str) -> E {
    repeated.set(Some((parent.key(key).to_string(), key.to_owned())));
    E::custom("repeated key")
}

#[derive(Clone, Copy)]
struct ValueAt<'p> {
    path: &'p Path<'p>,
    repeated: &'p Repeated,
}

impl<'de> DeserializeSeed<'de> for ValueAt<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueAt<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            let path = self.path.index(entries.len());
            match seq.next_element_seed(ValueAt { path: &path, repeated: self.repeated })? {
                Some(entry) => entries.push(entry),
                None => return Ok(Value::Array(entries)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if fields.contains_key(&key) {
                return Err(refuse_repeated(self.repeated, self.path, &key));
            }
            let path = self.path.key(&key);
            let value = map.next_value_seed(ValueAt { path: &path, repeated: self.repeated })?;
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}

struct FieldsAt<'p> {
    path: &'p Path<'p>,
    repeated: &'p Repeated,
}

impl<'de> DeserializeSeed<'de> for FieldsAt<'_> {
    type Value = Option<BTreeMap<String, &'de RawValue>>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldsAt<'_> {
    type Value = Option<BTreeMap<String, &'de RawValue>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if fields.contains_key(&key) {
                return Err(refuse_repeated(self.repeated, self.path, &key));
            }
            let value: &RawValue = map.next_value()?;
            fields.insert(key, value);
        }
        Ok(Some(fields))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeated_at(text: &str) -> Option<String> {
        match parse(text, &Path::Root("content")) {
            Err(Unreadable::RepeatedKey { path, .. }) => Some(path),
            _ => None,
        }
    }

    #[test]
    fn a_tree_is_the_one_serde_json_reads() {
        let text = r#"{"a": [1, -2, 2.5, "x", null, true, {"b": {}}], "c": {"d": "\u00e9"}}"#;
        let ours = parse(text, &Path::Root("content")).unwrap();
        assert_eq!(ours, serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn a_repeated_key_is_named_by_its_path() {
        assert_eq!(repeated_at(r#"{"a": 1, "a": 2}"#).as_deref(), Some("content.a"));
        let nested = r#"{"items": [{"x": 1}, {"lineNumber": 1, "q": {"v": 1, "v": 1}}]}"#;
        assert_eq!(repeated_at(nested).as_deref(), Some("content.items.1.q.v"));
        assert_eq!(repeated_at(r#"{"a": {"b": 1}, "b": 1}"#), None);
    }

    #[test]
    fn a_key_spelled_with_an_escape_is_the_same_key() {
        assert_eq!(repeated_at(r#"{"id": 1, "\u0069d": 2}"#).as_deref(), Some("content.id"));
    }

    #[test]
    fn broken_text_is_a_syntax_error_and_trailing_text_too() {
        assert!(matches!(parse("{\"a\": ", &Path::Root("content")), Err(Unreadable::Syntax(_))));
        assert!(matches!(parse("{} {}", &Path::Root("content")), Err(Unreadable::Syntax(_))));
    }

    #[test]
    fn fields_stay_as_text_and_a_repeated_field_is_refused() {
        let read = fields(r#"{"a": [1, 2], "b": {"c": 1}}"#, &Path::Root("content")).unwrap().unwrap();
        assert_eq!(read["a"].get(), "[1, 2]");
        assert!(fields("[1]", &Path::Root("content")).unwrap().is_none());
        let refused = fields(r#"{"a": 1, "a": 1}"#, &Path::Root("content"));
        assert!(matches!(refused, Err(Unreadable::RepeatedKey { path, .. }) if path == "content.a"));
    }
}
