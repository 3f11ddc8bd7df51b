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

/// How much one page may hold: `items` transactions, whose contents take `bytes` at most; a
/// page always holds at least one, however large, so that a reader can get past it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageBudget {
    pub items: usize,
    pub bytes: usize,
}

impl Default for PageBudget {
    fn default() -> Self {
        Self::items(0)
    }
}

impl PageBudget {
    /// A budget of `items` with no limit on bytes.
    pub fn items(items: usize) -> Self {
        Self { items, bytes: usize::MAX }
    }

    /// The rows a store reads to fill a page: one more than it holds, to tell whether more
    /// follow.
    pub fn rows_to_read(&self) -> usize {
        self.items.saturating_add(1)
    }

    /// Of rows in page order, given by the sizes of their contents, how many go on the page,
    /// and whether any follow it.
    pub fn fill(&self, sizes: impl IntoIterator<Item = usize>) -> Filled {
        let mut filled = Filled { count: 0, bytes: 0, more: false };
        for size in sizes {
            let full =
                filled.count == self.items || (filled.count > 0 && filled.bytes.saturating_add(size) > self.bytes);
            if full {
                filled.more = true;
                break;
            }
            filled.count += 1;
            filled.bytes = filled.bytes.saturating_add(size);
        }
        filled
    }
}

/// What [`PageBudget::fill`] took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Filled {
    pub count: usize,
    /// The contents' bytes of the rows taken.
    pub bytes: usize,
    pub more: bool,
}

/// The rows of one page as a store read them, and whether more follow.
#[derive(Clone, Debug)]
pub struct Listed<T> {
    pub rows: Vec<T>,
    pub more: bool,
}

impl<T> Page<T> {
    /// The page of a listing, its next cursor taken from its last row when more follow.
    pub fn from_listed(listed: Listed<T>, cursor_of: impl Fn(&T) -> Cursor) -> Self {
        let next = if listed.more { listed.rows.last().map(cursor_of) } else { None };
        Self { items: listed.rows, next }
    }

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
    fn a_page_stops_at_its_count_or_before_the_row_that_would_pass_its_bytes() {
        let budget = PageBudget { items: 3, bytes: 100 };
        assert_eq!(budget.fill([10, 20, 30, 40]), Filled { count: 3, bytes: 60, more: true });
        assert_eq!(budget.fill([10, 20]), Filled { count: 2, bytes: 30, more: false });
        assert_eq!(budget.fill([60, 40, 1]), Filled { count: 2, bytes: 100, more: true });
        assert_eq!(budget.fill([60, 41]), Filled { count: 1, bytes: 60, more: true });
    }

    #[test]
    fn a_page_holds_one_row_larger_than_its_budget() {
        let budget = PageBudget { items: 100, bytes: 100 };
        assert_eq!(budget.fill([500, 1]), Filled { count: 1, bytes: 500, more: true });
        assert_eq!(budget.fill([500]), Filled { count: 1, bytes: 500, more: false });
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
