//! Answers that embed stored documents. The fields we own are serialised with serde; a stored
//! `content` is spliced in as the text it was stored as, because it was checked to be JSON when
//! it was sent. Wrapping it in a `RawValue` instead would parse every document again on the way
//! out, which was most of the cost of a page of 100 orders.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::ApiError;

/// A rendered JSON value, answered as `application/json`.
pub struct JsonText(pub String);

impl IntoResponse for JsonText {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

/// `fields` (which must serialise as an object) with `key` added last, its value `raw` JSON.
pub fn object_with(fields: &impl Serialize, key: &str, raw: &str) -> Result<String, ApiError> {
    let mut text = serde_json::to_string(fields).map_err(|error| ApiError::Internal(error.to_string()))?;
    let Some('}') = text.pop() else {
        return Err(ApiError::Internal("a view did not serialise as an object".into()));
    };
    if text.len() > 1 {
        text.push(',');
    }
    text.reserve(key.len() + raw.len() + 4);
    text.push('"');
    text.push_str(key);
    text.push_str("\":");
    text.push_str(raw);
    text.push('}');
    Ok(text)
}

/// A JSON array of already rendered values.
pub fn array_of(items: &[String]) -> String {
    let mut text = String::with_capacity(items.iter().map(|item| item.len() + 1).sum::<usize>() + 2);
    text.push('[');
    for (position, item) in items.iter().enumerate() {
        if position > 0 {
            text.push(',');
        }
        text.push_str(item);
    }
    text.push(']');
    text
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

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
    fn arrays_join_their_items() {
        assert_eq!(array_of(&[]), "[]");
        let items = vec!["{\"a\":1}".to_owned(), "2".to_owned()];
        assert_eq!(serde_json::from_str::<Value>(&array_of(&items)).unwrap(), json!([{"a": 1}, 2]));
    }
}
