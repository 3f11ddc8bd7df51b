//! Answers that embed stored documents. The fields we own are serialised with serde; a stored
//! `content` is spliced in as the bytes the store read it into, because it was checked to be
//! JSON when it was sent. Wrapping it in a `RawValue` instead would parse every document again
//! on the way out, which was most of the cost of a page of 100 orders; copying it into the
//! answer's text was half of what the async threads did for a page.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Serialize;
use switchyard_network::model::Content;
use tokio::sync::OwnedSemaphorePermit;

use crate::ApiError;
use crate::pieces_body::PiecesBody;

/// JSON text being rendered: the text we write, and stored contents that go between parts of
/// it as they are. Answered as `application/json`.
#[derive(Default)]
pub struct JsonPieces {
    text: Vec<u8>,
    /// Each stored content, with the length of `text` at the point where it goes.
    splices: Vec<(usize, Bytes)>,
    /// A large body's turn, held until the answer is written out.
    turn: Option<OwnedSemaphorePermit>,
}

impl JsonPieces {
    /// `capacity` is the expected length of our own text, without the contents.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { text: Vec::with_capacity(capacity), splices: Vec::new(), turn: None }
    }

    /// Keeps `turn` (see [`crate::large_bodies`]) until the answer is written out or dropped.
    pub fn holding(self, turn: Option<OwnedSemaphorePermit>) -> Self {
        Self { turn, ..self }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.text.extend_from_slice(bytes);
    }

    fn splice(&mut self, content: Content) {
        self.splices.push((self.text.len(), content.into_bytes()));
    }

    /// The whole text, contents spliced in, as one buffer (for a webhook's body, which is signed
    /// whole).
    pub fn into_bytes(self) -> Vec<u8> {
        let (pieces, _) = self.into_pieces();
        let mut bytes = Vec::with_capacity(pieces.iter().map(Bytes::len).sum());
        for piece in pieces {
            bytes.extend_from_slice(&piece);
        }
        bytes
    }

    /// The answer's bytes in order: parts of our text, and the contents between them.
    fn into_pieces(self) -> (Vec<Bytes>, Option<OwnedSemaphorePermit>) {
        let text = Bytes::from(self.text);
        let mut pieces = Vec::with_capacity(self.splices.len() * 2 + 1);
        let mut written = 0;
        for (at, content) in self.splices {
            pieces.push(text.slice(written..at));
            pieces.push(content);
            written = at;
        }
        pieces.push(text.slice(written..));
        (pieces, self.turn)
    }
}

impl IntoResponse for JsonPieces {
    fn into_response(self) -> Response {
        let (pieces, turn) = self.into_pieces();
        ([(header::CONTENT_TYPE, "application/json")], Body::new(PiecesBody::new(pieces, turn))).into_response()
    }
}

/// Appends `fields` (which must serialise as an object) with `key` added last, its value the
/// stored JSON `raw`.
pub fn push_object_with(
    text: &mut JsonPieces,
    fields: &impl Serialize,
    key: &str,
    raw: Content,
) -> Result<(), ApiError> {
    push_open_object(&mut text.text, fields, key)?;
    text.splice(raw);
    text.push(b"}");
    Ok(())
}

/// `fields` with `key` added last, its value an array of `items`, each rendered by `render`
/// into the answer. `capacity` is the expected length of our own text (see
/// [`JsonPieces::with_capacity`]), so that it is not moved as it grows.
pub fn object_with_array<T>(
    fields: &impl Serialize,
    key: &str,
    items: Vec<T>,
    capacity: usize,
    render: impl Fn(T, &mut JsonPieces) -> Result<(), ApiError>,
) -> Result<JsonPieces, ApiError> {
    let mut text = JsonPieces::with_capacity(capacity);
    push_open_object(&mut text.text, fields, key)?;
    text.push(b"[");
    for (position, item) in items.into_iter().enumerate() {
        if position > 0 {
            text.push(b",");
        }
        render(item, &mut text)?;
    }
    text.push(b"]}");
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

    fn joined(text: JsonPieces) -> String {
        String::from_utf8(text.into_pieces().0.concat()).unwrap()
    }

    fn object_with(fields: &impl Serialize, key: &str, raw: &str) -> Result<String, ApiError> {
        let mut text = JsonPieces::default();
        push_object_with(&mut text, fields, key, Content::from(raw.to_owned()))?;
        Ok(joined(text))
    }

    fn numbers(item: &str, text: &mut JsonPieces) -> Result<(), ApiError> {
        push_object_with(text, &json!({"n": item}), "raw", Content::from("[ 1 ]".to_owned()))
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
        let empty = object_with_array(&json!({"count": 0}), "items", Vec::new(), 0, numbers).unwrap();
        assert_eq!(joined(empty), r#"{"count":0,"items":[]}"#);
        let items = vec!["a", "b"];
        let text = object_with_array(&json!({"count": 2}), "items", items, 0, numbers).unwrap();
        assert_eq!(joined(text), r#"{"count":2,"items":[{"n":"a","raw":[ 1 ]},{"n":"b","raw":[ 1 ]}]}"#);
    }

    #[test]
    fn stored_contents_are_pieces_of_their_own_between_the_text() {
        let items = vec!["a", "b"];
        let pieces = object_with_array(&json!({}), "items", items, 0, numbers).unwrap().into_pieces().0;
        let texts: Vec<&[u8]> = pieces.iter().map(|piece| &piece[..]).collect();
        assert_eq!(texts, [&br#"{"items":[{"n":"a","raw":"#[..], b"[ 1 ]", br#"},{"n":"b","raw":"#, b"[ 1 ]", b"}]}"]);
    }

    #[test]
    fn a_refused_view_leaves_the_text_as_it_was() {
        let mut text = JsonPieces::default();
        text.push(b"[");
        assert!(push_object_with(&mut text, &json!("a"), "content", Content::from("{}".to_owned())).is_err());
        assert_eq!(joined(text), "[");
    }
}
