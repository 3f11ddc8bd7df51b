//! Business rules the public documentation states beyond the schemas. They run beside the
//! model's check, also on content that failed it, so that a refused document's answer lists
//! every problem at once: the list rules read the JSON defensively (a value of the wrong shape
//! is the check's to report, and the rule passes over it), and the header rules read the typed
//! header when it could be read.

mod gs1_numbers;
mod items;
mod lists;
mod modifications;
mod order_response;
mod transport_units;

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::schema::{Path, Report};
use crate::{DocumentType, Header};

pub use lists::{each_list, each_list_under};

/// How the GS1 check digits are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// A wrong check digit is a warning: most identifiers in the public examples fail the check.
    #[default]
    Lenient,
    /// A wrong check digit refuses the document.
    Strict,
}

/// Adds a problem for every list rule `content` breaks, and a warning for every doubtful GS1
/// number.
pub fn check_lists(kind: DocumentType, value: &Value, strictness: Strictness, report: &mut Report) {
    let root = Path::Root("content");
    let mut rules = ListRules { kind, strictness, report };
    // One walk for every list rule: a large document's walk costs more than the rules.
    each_list(value, &root, &mut |key, list, path| rules.list(key, list, path));
}

/// The rules on the header, given whether the content lists any item.
pub fn check_header(header: &Header, has_items: bool, report: &mut Report) {
    order_response::check(header, has_items, &Path::Root("content"), report);
}

/// Whether the content lists any item (order responses are checked on it).
pub fn has_items(content: &Value) -> bool {
    content.as_object().is_some_and(has_items_in)
}

pub fn has_items_in(content: &Map<String, Value>) -> bool {
    content.get("items").and_then(Value::as_array).is_some_and(|items| !items.is_empty())
}

/// The rules for the entries of lists, applied entry by entry so that a list can also be read
/// one entry at a time.
pub struct ListRules<'r> {
    pub kind: DocumentType,
    pub strictness: Strictness,
    pub report: &'r mut Report,
}

/// What the rules remember of the entries of one list read so far.
#[derive(Default)]
pub struct ListState {
    line_numbers: HashSet<i64>,
    previous_level: Option<i64>,
}

impl ListRules<'_> {
    pub fn list(&mut self, key: &str, list: &[Value], path: &Path<'_>) {
        let mut state = ListState::default();
        for (index, entry) in list.iter().enumerate() {
            self.entry(key, index, entry, path, &mut state);
        }
    }

    /// Checks entry `index` of the list held under `key` at `list_path`.
    pub fn entry(&mut self, key: &str, index: usize, entry: &Value, list_path: &Path<'_>, state: &mut ListState) {
        let path = list_path.index(index);
        let report = &mut *self.report;
        items::check_entry(self.kind, key, entry, &path, &mut state.line_numbers, report);
        modifications::check_entry(key, entry, &path, &mut state.previous_level, report);
        transport_units::check_entry(key, entry, &path, report);
        gs1_numbers::check_entry(key, entry, list_path, &path, self.strictness, report);
    }
}
