//! A digest of a sent payload that ignores key order and insignificant whitespace, so that
//! the same document sent twice is recognised however it was serialised.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::DocumentType;

/// SHA-256 over the type and the content in canonical form (object keys sorted).
pub fn fingerprint(kind: DocumentType, content: &Value) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(kind.as_str().as_bytes());
    hasher.update([0]);
    write_canonical(content, &mut hasher);
    hasher.finalize().into()
}

fn write_canonical(value: &Value, hasher: &mut Sha256) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            hasher.update(b"{");
            for key in keys {
                write_canonical(&Value::String(key.clone()), hasher);
                hasher.update(b":");
                write_canonical(&map[key], hasher);
                hasher.update(b",");
            }
            hasher.update(b"}");
        }
        Value::Array(items) => {
            hasher.update(b"[");
            for item in items {
                write_canonical(item, hasher);
                hasher.update(b",");
            }
            hasher.update(b"]");
        }
        scalar => hasher.update(scalar.to_string().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_and_whitespace_do_not_change_the_fingerprint() {
        let a: Value = serde_json::from_str(r#"{"a": 1, "b": {"c": [1, 2], "d": "x"}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b":{"d":"x","c":[1,2]},"a":1}"#).unwrap();
        assert_eq!(fingerprint(DocumentType::Order, &a), fingerprint(DocumentType::Order, &b));
    }

    #[test]
    fn a_different_value_or_type_changes_the_fingerprint() {
        let a = json!({"a": 1});
        assert_ne!(fingerprint(DocumentType::Order, &a), fingerprint(DocumentType::Order, &json!({"a": 2})));
        assert_ne!(fingerprint(DocumentType::Order, &a), fingerprint(DocumentType::Invoice, &a));
        assert_ne!(fingerprint(DocumentType::Order, &json!([1, 2])), fingerprint(DocumentType::Order, &json!([2, 1])));
    }
}
