//! Keyset pagination: an opaque cursor holding the (creation time, id) of the last item seen.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use crate::Timestamp;

/// The position after which the next page starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: Timestamp,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.created_at, self.id))
    }

    /// `None` for anything this server did not hand out.
    pub fn decode(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (created_at, id) = text.split_once(':')?;
        Some(Self { created_at: created_at.parse().ok()?, id: id.parse().ok()? })
    }
}

/// One page of items and the cursor of the next page, if there is one.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

impl<T> Page<T> {
    /// Builds a page from a fetch of `limit + 1` rows: the extra row only says there is more.
    pub fn from_overfetch(mut rows: Vec<T>, limit: usize, cursor_of: impl Fn(&T) -> Cursor) -> Self {
        let has_more = rows.len() > limit;
        rows.truncate(limit);
        let next = if has_more { rows.last().map(cursor_of) } else { None };
        Self { items: rows, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_the_round_trip() {
        let cursor = Cursor { created_at: 1_700_000_000_123_456, id: Uuid::now_v7() };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
    }

    #[test]
    fn garbage_is_not_a_cursor() {
        assert_eq!(Cursor::decode("not-a-cursor"), None);
        assert_eq!(Cursor::decode(&URL_SAFE_NO_PAD.encode("12:not-a-uuid")), None);
    }

    #[test]
    fn an_overfetch_says_whether_more_follow() {
        let id = Uuid::nil();
        let page = Page::from_overfetch(vec![1, 2, 3], 2, |n| Cursor { created_at: *n, id });
        assert_eq!(page.items, [1, 2]);
        assert_eq!(page.next.map(|c| c.created_at), Some(2));
        let last = Page::from_overfetch(vec![1, 2], 2, |n| Cursor { created_at: *n, id });
        assert!(last.next.is_none());
    }
}
