//! A stored document's `content`: JSON text as the sender wrote it, held in shared bytes.

use bytes::Bytes;

/// The `content` of a stored transaction. Cloning it, and slicing many of them out of one
/// buffer, copies nothing: a page of 100 documents read from a store goes to the socket from
/// the memory the store read it into.
///
/// The bytes are what the store holds, which it was given as text checked to be JSON when the
/// document was sent; reading them back does not check them again (answers splice them in as
/// they are). The few readers that need a `str` check for themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content(Bytes);

impl Content {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The shared bytes themselves, for answers built from pieces.
    pub fn into_bytes(self) -> Bytes {
        self.0
    }
}

impl From<String> for Content {
    fn from(text: String) -> Self {
        Self(Bytes::from(text))
    }
}

/// Bytes a store read back from where it had written a document's text.
impl From<Bytes> for Content {
    fn from(bytes: Bytes) -> Self {
        Self(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_goes_in_and_comes_out_unchanged() {
        let content = Content::from(r#"{"a": "é"}"#.to_owned());
        assert_eq!(content.as_bytes(), r#"{"a": "é"}"#.as_bytes());
    }

    #[test]
    fn clones_share_the_bytes() {
        let content = Content::from(Bytes::from_static(b"[1]"));
        assert_eq!(content.clone().as_bytes().as_ptr(), content.as_bytes().as_ptr());
    }
}
