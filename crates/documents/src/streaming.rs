//! Reading a large content object from its text with its lists read apart: each entry of a
//! top-level list is parsed, checked against its model, run through the list rules and written
//! into the fingerprint, then dropped, so that the document is never held as one parsed tree.
//! The outcome is that of reading the whole parsed content: the same problems at the same
//! paths, the same warnings, the same fingerprint.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserializer as _;
use serde::de::{SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::fingerprint::ObjectFingerprint;
use crate::reading::{Refusal, read_header, route};
use crate::rules::{ListRules, ListState, each_list, each_list_under};
use crate::schema::{Path, Report};
use crate::unique_keys::{self, Unreadable};
use crate::{Content, DocumentType, Header, ReadDocument, Strictness};

/// A content object split into its lists read apart and the rest, parsed.
struct Split<'t> {
    rest: Map<String, Value>,
    /// Each non-empty list's text, its entries read one at a time when its turn comes.
    lists: BTreeMap<String, &'t RawValue>,
}

/// `None` when `text` is not a JSON object, or names a key twice: the caller reads it whole,
/// which says what is wrong. A key named twice is refused at its first repeat in the text, where
/// a reading of the whole text meets it; read apart, the fields and lists are reached in another
/// order, and would name another repeat. Such a document is refused anyway, so it costs its
/// parsed tree once.
pub(crate) fn read(kind: DocumentType, text: &str, strictness: Strictness) -> Option<Result<ReadDocument, Refusal>> {
    read_split(kind, split(kind, text)?.ok()?, strictness)
}

/// Parses every field but the non-empty lists the content model has, which stay as text.
/// `Some(Err)` for a key named twice outside those lists.
fn split(kind: DocumentType, text: &str) -> Option<Result<Split<'_>, Unreadable>> {
    let root = Path::Root("content");
    let fields = match unique_keys::fields(text, &root) {
        Ok(fields) => fields?,
        Err(repeated @ Unreadable::RepeatedKey { .. }) => return Some(Err(repeated)),
        Err(Unreadable::Syntax(_)) => return None,
    };
    let mut split = Split { rest: Map::new(), lists: BTreeMap::new() };
    for (key, raw) in fields {
        let non_empty_list = raw.get().starts_with('[') && !raw.get()[1..].trim_start().starts_with(']');
        if non_empty_list && Content::is_list_field(kind, &key) {
            split.lists.insert(key, raw);
            continue;
        }
        match unique_keys::parse(raw.get(), &root.key(&key)) {
            Ok(value) => split.rest.insert(key, value),
            Err(unreadable) => return Some(Err(unreadable)),
        };
    }
    Some(Ok(split))
}

/// `None` when an entry of a list names a key twice (see [`read`]).
fn read_split(kind: DocumentType, split: Split<'_>, strictness: Strictness) -> Option<Result<ReadDocument, Refusal>> {
    let root = Path::Root("content");
    let Split { rest, lists } = split;
    let mut checked = Report::default();
    let mut rules = Report::default();
    let mut fingerprint = ObjectFingerprint::new(kind);
    // Keys in the order a walk of the whole object takes, so that findings come in its order,
    // which is also the order of the canonical form.
    let keys: BTreeSet<&String> = rest.keys().chain(lists.keys()).collect();
    let mut unreadable = None;
    for key in keys {
        if let Some(list) = lists.get(key) {
            let (fingerprint, unreadable) = (&mut fingerprint, &mut unreadable);
            ReadApart { kind, strictness, checked: &mut checked, rules: &mut rules, fingerprint, unreadable }
                .list(key, list);
            if unreadable.is_some() {
                break;
            }
        } else {
            if !rest[key].is_null() {
                Content::check_field(kind, key, &rest[key], &root, &mut checked);
            }
            each_list_under(key, &rest[key], &root, &mut |key, list, path| {
                ListRules { kind, strictness, report: &mut rules }.list(key, list, path);
            });
            fingerprint.field(key, &rest[key]);
        }
    }
    if unreadable.is_some() {
        return None;
    }
    // Last, as a check of the whole object reports them: after every field present.
    Content::check_required(kind, &rest, &root, &mut checked, &|key| lists.contains_key(key));
    let fingerprint = fingerprint.finish();
    let has_items = lists.contains_key("items") || crate::rules::has_items_in(&rest);
    let content = Value::Object(rest);
    // As in reading the whole content: the rules' findings join the check's, and the header
    // rules run when the header could be read.
    let header = Header::parse(kind, &content).ok();
    if let Some(header) = &header {
        crate::rules::check_header(header, has_items, &mut rules);
    }
    let mut report = checked;
    report.append_rules(rules);
    if !report.problems.is_empty() {
        return Some(Err(Refusal::of(report.problems, kind, &content)));
    }
    let header = match header.map_or_else(|| read_header(kind, &content), Ok) {
        Ok(header) => header,
        Err(problems) => return Some(Err(Refusal::of(problems, kind, &content))),
    };
    Some(route(kind, header, fingerprint, report).map_err(|problems| Refusal::of(problems, kind, &content)))
}

/// Where the entries of a list read apart go: its model's check, the list rules, the fingerprint.
struct ReadApart<'a> {
    kind: DocumentType,
    strictness: Strictness,
    checked: &'a mut Report,
    rules: &'a mut Report,
    fingerprint: &'a mut ObjectFingerprint,
    /// A key named twice in an entry: the document is refused for that alone, as when read whole.
    unreadable: &'a mut Option<Unreadable>,
}

impl ReadApart<'_> {
    /// Reads the entries of the list under `key` one by one. Rule findings on the entries come
    /// before those on the lists inside them, as in a walk of the whole object.
    fn list(&mut self, key: &str, list: &RawValue) {
        let (kind, strictness) = (self.kind, self.strictness);
        let root = Path::Root("content");
        let list_path = root.key(key);
        let mut state = ListState::default();
        let mut inner = Report::default();
        self.fingerprint.list_start(key);
        each_entry(list.get(), |index, raw| {
            let entry_path = list_path.index(index);
            // Each entry was valid JSON when the list was split off; it may still name a key twice.
            let entry = match unique_keys::parse(raw.get(), &entry_path) {
                Ok(entry) => entry,
                Err(unreadable) => {
                    self.unreadable.get_or_insert(unreadable);
                    return false;
                }
            };
            Content::check_list_entry(kind, key, &entry, &entry_path, self.checked);
            ListRules { kind, strictness, report: self.rules }.entry(key, index, &entry, &list_path, &mut state);
            each_list(&entry, &entry_path, &mut |key, list, path| {
                ListRules { kind, strictness, report: &mut inner }.list(key, list, path);
            });
            self.fingerprint.list_entry(&entry);
            true
        });
        self.fingerprint.list_end();
        self.rules.append(inner);
    }
}

/// Calls `each` with the index and text of every entry of the JSON list `text`, in order, until
/// it answers `false`. No entry outlives its call: a list of a million entries never stands as
/// a million of anything.
fn each_entry(text: &str, each: impl FnMut(usize, &RawValue) -> bool) {
    struct Entries<F>(F);

    impl<'de, F: FnMut(usize, &RawValue) -> bool> Visitor<'de> for Entries<F> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list")
        }

        fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
            let mut index = 0;
            while let Some(entry) = seq.next_element::<&RawValue>()? {
                if !(self.0)(index, entry) {
                    // The rest stays unread; the parser's complaint about it is of no interest.
                    return Err(serde::de::Error::custom("stopped"));
                }
                index += 1;
            }
            Ok(())
        }
    }

    // The text was read as valid JSON when the content was split, so only a stop ends it early.
    let _ = serde_json::Deserializer::from_str(text).deserialize_seq(Entries(each));
}
