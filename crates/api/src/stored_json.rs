//! Answers that embed stored documents. The fields we own are serialised with serde; a stored
//! `content` is spliced in as the text it was stored as, because it was checked to be JSON when
//! it was sent. Wrapping it in a `RawValue` instead would parse every document again on the way
//! out, which was most of the cost of a page of 100 orders.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::ApiError;

/// A rendered JSON value, answered as `application/json`.
pub struct JsonText(pub Vec<u8>);

impl IntoResponse for JsonText {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

/// Appends `fields` (which must serialise as an object) with `key` added last, its value `raw`
/// JSON.
pub fn push_object_with(text: &mut Vec<u8>, fields: &impl Serialize, key: &str, raw: &str) -> Result<(), ApiError> {
    push_open_object(text, fields, key)?;
    text.extend_from_slice(raw.as_bytes());
    text.push(b'}');
    Ok(())
}

/// `fields` with `key` added last, its value an array of `items`, each rendered by `render`
/// straight into the answer's text: a page of documents is copied once, not once per layer.
/// `capacity` is the expected length, so that the text is not moved as it grows.
pub fn object_with_array<T>(
    fields: &impl Serialize,
    key: &str,
    items: &[T],
    capacity: usize,
    render: impl Fn(&T, &mut Vec<u8>) -> Result<(), ApiError>,
) -> Result<Vec<u8>, ApiError> {
    let mut text = Vec::with_capacity(capacity);
    push_open_object(&mut text, fields, key)?;
    text.push(b'[');
    for (position, item) in items.iter().enumerate() {
        if position > 0 {
            text.push(b',');
        }
        render(item, &mut text)?;
    }
    text.extend_from_slice(b"]}");
    Ok(text)
}

/// Appends `fields` without their closing brace, followed by `"key":`.
fn push_open_object(text: &mut Vec<u8>, fields: &impl Serialize, key: &str) -> Result<(), ApiError> {
    let start = text.len();
    serde_json::to_writer(&mut *text, fields).map_err(|error| ApiError::Internal(error.to_string()))?;
    if text.pop() != Some(b'}') {
        text.truncate(start);
        return Err(ApiError::Internal("a view did not serialise as an object".into()));
    }
    if text.len() > start + 1 {
        text.push(b',');
    }
    text.push(b'"');
    text.extend_from_slice(key.as_bytes());
    text.extend_from_slice(b"\":");
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn object_with(fields: &impl Serialize, key: &str, raw: &str) -> Result<String, ApiError> {
        let mut text = Vec::new();
        push_object_with(&mut text, fields, key, raw)?;
        Ok(String::from_utf8(text).unwrap())
    }

    fn numbers(item: &String, text: &mut Vec<u8>) -> Result<(), ApiError> {
        push_object_with(text, &json!({"n": item}), "raw", "[ 1 ]")
    }

    #[test]
    fn the_raw_value_is_added_to_the_object_as_written() {
        let fields = json!({"id": 1, "kind": "ORDER"});
        let text = object_with(&fields, "content", r#"{"b": 2,  "a": [1, 2.50]}"#).unwrap();
        assert!(text.ends_with(r#","content":{"b": 2,  "a": [1, 2.50]}}"#), "{text}");
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, json!({"id": 1, "kind": "ORDER", "content": {"b": 2, "a": [1, 2.50]}}));
    }

    #[test]
    fn an_empty_object_gets_no_leading_comma() {
        let text = object_with(&json!({}), "data", "[]").unwrap();
        assert_eq!(text, r#"{"data":[]}"#);
    }

    #[test]
    fn a_view_that_is_not_an_object_is_refused() {
        assert!(object_with(&json!([1]), "content", "{}").is_err());
    }

    #[test]
    fn arrays_join_their_items_after_the_fields() {
        let empty = object_with_array(&json!({"count": 0}), "items", &[], 0, numbers).unwrap();
        assert_eq!(empty, br#"{"count":0,"items":[]}"#);
        let items = ["a".to_owned(), "b".to_owned()];
        let text = object_with_array(&json!({"count": 2}), "items", &items, 0, numbers).unwrap();
        assert_eq!(text, br#"{"count":2,"items":[{"n":"a","raw":[ 1 ]},{"n":"b","raw":[ 1 ]}]}"#);
    }

    #[test]
    fn a_refused_view_leaves_the_text_as_it_was() {
        let mut text = b"[".to_vec();
        assert!(push_object_with(&mut text, &json!("a"), "content", "{}").is_err());
        assert_eq!(text, b"[");
    }
}
