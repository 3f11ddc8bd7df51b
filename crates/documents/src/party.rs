//! Party identifiers as they appear in documents, and reading them out of a party object.

use serde_json::Value;

use crate::Problems;

/// `{domain, identifier}`, e.g. `GS1` + a GLN: how documents name a company or location.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartyIdentifier {
    pub domain: String,
    pub identifier: String,
}

impl PartyIdentifier {
    pub fn new(domain: impl Into<String>, identifier: impl Into<String>) -> Self {
        Self { domain: domain.into(), identifier: identifier.into() }
    }
}

/// A party of a document at a known path, with the identifiers it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyReference {
    /// Where the party stands in the request, e.g. `content.header.buyer`.
    pub path: String,
    pub identifiers: Vec<PartyIdentifier>,
}

/// Reads the identifiers of the party object at `path`, reporting what is missing or malformed.
pub(crate) fn read_party(party: &Value, path: &str, problems: &mut Problems) -> Option<PartyReference> {
    let Some(object) = party.as_object() else {
        problems.add(path, "The party must be an object.");
        return None;
    };
    let identifiers_path = format!("{path}.identifiers");
    let Some(list) = object.get("identifiers").and_then(Value::as_array) else {
        problems.add(identifiers_path, "The party needs a list of identifiers.");
        return None;
    };
    if list.is_empty() {
        problems.add(identifiers_path, "The party needs at least one identifier.");
        return None;
    }
    let before = problems.len();
    let identifiers: Vec<PartyIdentifier> = list
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| read_identifier(entry, &format!("{identifiers_path}.{index}"), problems))
        .collect();
    (problems.len() == before).then(|| PartyReference { path: path.to_owned(), identifiers })
}

fn read_identifier(entry: &Value, path: &str, problems: &mut Problems) -> Option<PartyIdentifier> {
    let domain = non_empty_text(entry.get("domain"), &format!("{path}.domain"), problems);
    let identifier = non_empty_text(entry.get("identifier"), &format!("{path}.identifier"), problems);
    Some(PartyIdentifier::new(domain?, identifier?))
}

fn non_empty_text<'a>(value: Option<&'a Value>, path: &str, problems: &mut Problems) -> Option<&'a str> {
    match value {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text),
        Some(Value::String(_)) => {
            problems.add(path, "This field must not be empty.");
            None
        }
        None | Some(Value::Null) => {
            problems.add(path, "This field is required.");
            None
        }
        Some(_) => {
            problems.add(path, "This field must be a string.");
            None
        }
    }
}
