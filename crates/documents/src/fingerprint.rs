//! A digest of a sent payload that ignores key order and insignificant whitespace, so that
//! the same document sent twice is recognised however it was serialised.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::DocumentType;

/// SHA-256 over the type and the content in canonical form (object keys sorted). The form is
/// fixed: stored fingerprints are compared with those of documents sent later.
pub fn fingerprint(kind: DocumentType, content: &Value) -> [u8; 32] {
    let mut hash = Hashing::new(kind);
    write_canonical(content, &mut hash);
    hash.finish()
}

/// The fingerprint of a content object written field by field, in key order, with the entries
/// of its lists written one at a time: equal to [`fingerprint`] of the whole object, without
/// holding it.
pub(crate) struct ObjectFingerprint {
    hash: Hashing,
}

impl ObjectFingerprint {
    pub(crate) fn new(kind: DocumentType) -> Self {
        let mut hash = Hashing::new(kind);
        hash.push(b"{");
        Self { hash }
    }

    /// The next field; fields must come in key order.
    pub(crate) fn field(&mut self, key: &str, value: &Value) {
        self.hash.json(key);
        self.hash.push(b":");
        write_canonical(value, &mut self.hash);
        self.hash.push(b",");
    }

    /// Opens a list field, whose entries follow with [`Self::list_entry`].
    pub(crate) fn list_start(&mut self, key: &str) {
        self.hash.json(key);
        self.hash.push(b":[");
    }

    pub(crate) fn list_entry(&mut self, entry: &Value) {
        write_canonical(entry, &mut self.hash);
        self.hash.push(b",");
    }

    pub(crate) fn list_end(&mut self) {
        self.hash.push(b"],");
    }

    pub(crate) fn finish(mut self) -> [u8; 32] {
        self.hash.push(b"}");
        self.hash.finish()
    }
}

/// Bytes gather here and reach the hasher in pieces of this size: handed over token by token,
/// the calls cost more than the hashing.
const CHUNK: usize = 64 * 1024;

/// SHA-256 fed with canonical bytes, in [`CHUNK`]-sized pieces.
struct Hashing {
    hasher: Sha256,
    pending: Vec<u8>,
}

impl Hashing {
    fn new(kind: DocumentType) -> Self {
        let mut hashing = Self { hasher: Sha256::new(), pending: Vec::with_capacity(CHUNK) };
        hashing.push(kind.as_str().as_bytes());
        hashing.push(&[0]);
        hashing
    }

    fn flush_full(&mut self) {
        if self.pending.len() >= CHUNK {
            self.hasher.update(&self.pending);
            self.pending.clear();
        }
    }

    fn finish(mut self) -> [u8; 32] {
        self.hasher.update(&self.pending);
        self.hasher.finalize().into()
    }

    fn push(&mut self, bytes: &[u8]) {
        if bytes.len() >= CHUNK {
            self.hasher.update(&self.pending);
            self.pending.clear();
            self.hasher.update(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
            self.flush_full();
        }
    }

    /// A string or scalar as compact JSON, as `serde_json` writes it.
    fn json<T: serde::Serialize + ?Sized>(&mut self, scalar: &T) {
        // Strings and scalars always serialise; a Vec never refuses a write.
        let _ = serde_json::to_writer(&mut self.pending, scalar);
        self.flush_full();
    }
}

fn write_canonical(value: &Value, hash: &mut Hashing) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by_key(|(key, _)| *key);
            hash.push(b"{");
            for (key, value) in entries {
                hash.json(key.as_str());
                hash.push(b":");
                write_canonical(value, hash);
                hash.push(b",");
            }
            hash.push(b"}");
        }
        Value::Array(items) => {
            hash.push(b"[");
            for item in items {
                write_canonical(item, hash);
                hash.push(b",");
            }
            hash.push(b"]");
        }
        scalar => hash.json(scalar),
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
    fn the_canonical_form_is_sorted_compact_json_with_trailing_commas() {
        let content: Value =
            serde_json::from_str(r#"{"b": [1, "x\"y", 2.5], "a": null, "c": {"z": true, "y": false}}"#).unwrap();
        let canonical = r#"{"a":null,"b":[1,"x\"y",2.5,],"c":{"y":false,"z":true,},}"#;
        let expected: [u8; 32] = Sha256::digest([b"ORDER\0".as_slice(), canonical.as_bytes()].concat()).into();
        assert_eq!(fingerprint(DocumentType::Order, &content), expected);
    }

    #[test]
    fn a_document_larger_than_one_chunk_hashes_as_one_stream() {
        let names: Vec<Value> = (0..20_000).map(|n| Value::String(format!("item {n}"))).collect();
        let canonical: Vec<String> = names.iter().map(|name| format!("{name},")).collect();
        let expected: [u8; 32] = Sha256::digest(format!("ORDER\0[{}]", canonical.concat())).into();
        assert_eq!(fingerprint(DocumentType::Order, &Value::Array(names)), expected);
    }

    #[test]
    fn a_different_value_or_type_changes_the_fingerprint() {
        let a = json!({"a": 1});
        assert_ne!(fingerprint(DocumentType::Order, &a), fingerprint(DocumentType::Order, &json!({"a": 2})));
        assert_ne!(fingerprint(DocumentType::Order, &a), fingerprint(DocumentType::Invoice, &a));
        assert_ne!(fingerprint(DocumentType::Order, &json!([1, 2])), fingerprint(DocumentType::Order, &json!([2, 1])));
    }
}
