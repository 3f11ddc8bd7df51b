//! Reading a large content object from its text with its lists read apart: each entry of a
//! top-level list is parsed, checked against its model, run through the list rules and written
//! into the fingerprint, then dropped, so that the document is never held as one parsed tree.
//! The outcome is that of reading the whole parsed content: the same problems at the same
//! paths, the same warnings, the same fingerprint.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::fingerprint::ObjectFingerprint;
use crate::reading::{Refusal, read_header, route};
use crate::rules::{ListRules, ListState, each_list, each_list_under};
use crate::schema::{Path, Report};
use crate::{Content, DocumentType, Header, ReadDocument, Strictness};

/// A content object split into its lists read apart and the rest, parsed.
struct Split<'t> {
    rest: Map<String, Value>,
    lists: BTreeMap<String, Vec<&'t RawValue>>,
}

/// `None` when `text` is not a JSON object: the caller reads it whole, which says what is wrong.
pub(crate) fn read(kind: DocumentType, text: &str, strictness: Strictness) -> Option<Result<ReadDocument, Refusal>> {
    let split = split(kind, text)?;
    Some(read_split(kind, split, strictness))
}

/// Parses every field but the non-empty lists the content model has, which stay as text.
fn split(kind: DocumentType, text: &str) -> Option<Split<'_>> {
    let fields: BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    let mut split = Split { rest: Map::new(), lists: BTreeMap::new() };
    for (key, raw) in fields {
        if Content::is_list_field(kind, &key) && raw.get().starts_with('[') {
            let entries: Vec<&RawValue> = serde_json::from_str(raw.get()).ok()?;
            if !entries.is_empty() {
                split.lists.insert(key, entries);
                continue;
            }
        }
        split.rest.insert(key, serde_json::from_str(raw.get()).ok()?);
    }
    Some(split)
}

fn read_split(kind: DocumentType, split: Split<'_>, strictness: Strictness) -> Result<ReadDocument, Refusal> {
    let root = Path::Root("content");
    let Split { rest, lists } = split;
    let mut checked = Report::default();
    Content::check_except(kind, &rest, &root, &mut checked, &|key| lists.contains_key(key));
    let mut rules = Report::default();
    let mut fingerprint = ObjectFingerprint::new(kind);
    // Keys in the order a walk of the whole object takes, so that findings come in its order,
    // which is also the order of the canonical form.
    let keys: BTreeSet<&String> = rest.keys().chain(lists.keys()).collect();
    for key in keys {
        if let Some(entries) = lists.get(key) {
            let fingerprint = &mut fingerprint;
            ReadApart { kind, strictness, checked: &mut checked, rules: &mut rules, fingerprint }.list(key, entries);
        } else {
            each_list_under(key, &rest[key], &root, &mut |key, list, path| {
                ListRules { kind, strictness, report: &mut rules }.list(key, list, path);
            });
            fingerprint.field(key, &rest[key]);
        }
    }
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
        return Err(Refusal::of(report.problems, kind, &content));
    }
    let header = match header {
        Some(header) => header,
        None => read_header(kind, &content).map_err(|problems| Refusal::of(problems, kind, &content))?,
    };
    route(kind, header, fingerprint, report).map_err(|problems| Refusal::of(problems, kind, &content))
}

/// Where the entries of a list read apart go: its model's check, the list rules, the fingerprint.
struct ReadApart<'a> {
    kind: DocumentType,
    strictness: Strictness,
    checked: &'a mut Report,
    rules: &'a mut Report,
    fingerprint: &'a mut ObjectFingerprint,
}

impl ReadApart<'_> {
    /// Reads the entries of the list under `key` one by one. Rule findings on the entries come
    /// before those on the lists inside them, as in a walk of the whole object.
    fn list(&mut self, key: &str, entries: &[&RawValue]) {
        let (kind, strictness) = (self.kind, self.strictness);
        let root = Path::Root("content");
        let list_path = root.key(key);
        let mut state = ListState::default();
        let mut inner = Report::default();
        self.fingerprint.list_start(key);
        for (index, raw) in entries.iter().enumerate() {
            // Each entry was valid JSON when the list was split off.
            let entry: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
            let entry_path = list_path.index(index);
            Content::check_list_entry(kind, key, &entry, &entry_path, self.checked);
            ListRules { kind, strictness, report: self.rules }.entry(key, index, &entry, &list_path, &mut state);
            each_list(&entry, &entry_path, &mut |key, list, path| {
                ListRules { kind, strictness, report: &mut inner }.list(key, list, path);
            });
            self.fingerprint.list_entry(&entry);
        }
        self.fingerprint.list_end();
        self.rules.append(inner);
    }
}
