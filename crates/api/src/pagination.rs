//! Query strings of the list endpoints: page size, cursor and `filter[...]` lists, and the
//! envelope every list answers with (`items`, `hasMore`, `perPage`, `count`, `nextCursor`,
//! `nextPageUrl`).

use std::str::FromStr;

use serde::Serialize;
use switchyard_documents::Problems;
use switchyard_network::Cursor;

use crate::ApiError;
use crate::stored_json::{JsonPieces, object_with_array};

const DEFAULT_PER_PAGE: usize = 100;
const MAX_PER_PAGE: usize = 100;

/// The decoded query string of a list request.
pub struct ListQuery {
    pairs: Vec<(String, String)>,
}

/// Where to start and how many to return.
pub struct PageRequest {
    pub after: Option<Cursor>,
    pub per_page: usize,
}

impl ListQuery {
    pub fn parse(query: Option<&str>) -> Self {
        let pairs = serde_urlencoded::from_str(query.unwrap_or_default()).unwrap_or_default();
        Self { pairs }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(name, _)| name == key).map(|(_, value)| value.as_str())
    }

    pub fn page(&self, problems: &mut Problems) -> PageRequest {
        let per_page = match self.get("per_page").map(|text| text.trim().parse::<usize>()) {
            None => DEFAULT_PER_PAGE,
            Some(Ok(n)) if (1..=MAX_PER_PAGE).contains(&n) => n,
            Some(_) => {
                problems.add("per_page", format!("The per page must be an integer between 1 and {MAX_PER_PAGE}."));
                DEFAULT_PER_PAGE
            }
        };
        let after = self.get("cursor").filter(|text| !text.is_empty()).and_then(|text| {
            let cursor = Cursor::decode(text);
            if cursor.is_none() {
                problems.add("cursor", "The cursor is invalid.");
            }
            cursor
        });
        PageRequest { after, per_page }
    }

    /// The value of `filter[name]`; an empty one means the filter is not given, as for every
    /// filter alike.
    pub fn filter(&self, name: &str) -> Option<&str> {
        self.get(&format!("filter[{name}]")).filter(|text| !text.trim().is_empty())
    }

    /// `filter[name]=A,B`: the listed values, each checked; problems go under `filter.name`.
    pub fn filter_list<T: FromStr>(&self, name: &str, problems: &mut Problems) -> Vec<T> {
        let Some(text) = self.filter(name) else { return Vec::new() };
        let mut values = Vec::new();
        for part in text.split(',').map(str::trim).filter(|part| !part.is_empty()) {
            match part.parse() {
                Ok(value) => values.push(value),
                Err(_) => {
                    problems.add(format!("filter.{name}"), format!("The selected filter {name} `{part}` is invalid."));
                }
            }
        }
        values
    }

    /// The absolute URL of the next page: this request's filters with the next cursor.
    fn next_url(&self, base: &str, path: &str, cursor: &str, per_page: usize) -> String {
        let mut pairs: Vec<(String, String)> =
            self.pairs.iter().filter(|(name, _)| name != "cursor" && name != "per_page").cloned().collect();
        pairs.push(("cursor".into(), cursor.into()));
        pairs.push(("per_page".into(), per_page.to_string()));
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        // Brackets and commas are left readable, as the public API's own links show them.
        let query = query.replace("%5B", "[").replace("%5D", "]").replace("%2C", ",");
        format!("{base}{path}?{query}")
    }
}

/// The list envelope every list endpoint answers with.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    items: Vec<T>,
    #[serde(flatten)]
    page: PageInfo,
}

/// The envelope but its items.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_more: bool,
    per_page: usize,
    count: usize,
    next_cursor: Option<String>,
    next_page_url: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    lease: Option<LeaseInfo>,
}

/// The lease a leasing listing took on its items.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaseInfo {
    pub lease_id: uuid::Uuid,
    pub lease_expires_at: String,
}

/// Wraps items; the next page's link repeats this request's filters.
pub fn envelope<T>(
    next: Option<Cursor>,
    items: Vec<T>,
    per_page: usize,
    query: &ListQuery,
    base: &str,
    path: &str,
) -> Envelope<T> {
    let page = PageInfo::new(next, items.len(), per_page, query, base, path);
    Envelope { items, page }
}

/// A page whose items are rendered into it by `render` (see [`object_with_array`]); `capacity`
/// is the expected length of its text without the stored contents.
pub struct RenderedPage<'a> {
    pub next: Option<Cursor>,
    pub per_page: usize,
    pub query: &'a ListQuery,
    pub base: &'a str,
    pub path: &'a str,
    pub capacity: usize,
    pub lease: Option<LeaseInfo>,
}

impl RenderedPage<'_> {
    pub fn render<T>(
        self,
        items: Vec<T>,
        render: impl Fn(T, &mut JsonPieces) -> Result<(), ApiError>,
    ) -> Result<JsonPieces, ApiError> {
        let mut page = PageInfo::new(self.next, items.len(), self.per_page, self.query, self.base, self.path);
        page.lease = self.lease;
        object_with_array(&page, "items", items, self.capacity, render)
    }
}

impl PageInfo {
    fn new(next: Option<Cursor>, count: usize, per_page: usize, query: &ListQuery, base: &str, path: &str) -> Self {
        let next_cursor = next.map(|cursor| cursor.encode());
        let next_page_url = next_cursor.as_deref().map(|cursor| query.next_url(base, path, cursor, per_page));
        Self { count, has_more: next_cursor.is_some(), per_page, next_cursor, next_page_url, lease: None }
    }
}
