//! Reading a sent `{type, content}` pair: the type, the content checked against its model with
//! every problem and warning found, and the parties and number that route it.

use serde_json::Value;

use crate::model::Party;
use crate::routing::Route;
use crate::schema::{Path, Report};
use crate::{Content, DocumentType, Header, PartyIdentifier, PartyReference, Problems, Strictness, fingerprint};

/// A document that can be routed: its typed header and what the network needs of it.
#[derive(Clone, Debug)]
pub struct ReadDocument {
    pub kind: DocumentType,
    pub header: Header,
    pub sender: PartyReference,
    pub receiver: PartyReference,
    /// The header's own number (`orderIdentifier`, `invoiceIdentifier`, ...), if it has one.
    pub business_number: Option<String>,
    /// The order it belongs to (see [`Route::order_number`]).
    pub order_number: Option<String>,
    /// Findings that do not refuse the document (e.g. a wrong GS1 check digit).
    pub warnings: Problems,
    /// What recognises the same payload sent again (see [`crate::fingerprint`]).
    pub fingerprint: [u8; 32],
}

/// Why a sent document was refused: every problem, and the business number its header gave as
/// sent (untrimmed), so that the error people read names the document without reading it again.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub problems: Problems,
    pub business_number: Option<String>,
}

impl Refusal {
    /// The refusal of `content` as read, its number looked up where its header keeps it.
    pub(crate) fn of(problems: Problems, kind: DocumentType, content: &Value) -> Self {
        let business_number = crate::business_number_field(kind)
            .and_then(|field| content.get("header")?.get(field)?.as_str())
            .map(str::to_owned);
        Self { problems, business_number }
    }

    pub(crate) fn unread(problems: Problems) -> Self {
        Self { problems, business_number: None }
    }
}

/// Content of this size or more is read from its text with its lists read apart, entry by
/// entry, so that it is never held as one parsed tree (a tree takes about five times the text).
pub const READ_APART_FROM: usize = 256 * 1024;

/// Reads a request's `type` and its `content` as sent (`None` when absent or `null`).
pub fn read_text(kind: Option<&Value>, content: Option<&str>, strictness: Strictness) -> Result<ReadDocument, Refusal> {
    read_text_with(kind, content, strictness, READ_APART_FROM)
}

/// [`read_text`], reading the lists apart from `read_apart_from` bytes of content on. The
/// outcome is the same either way; only the memory and time it takes differ.
pub fn read_text_with(
    kind: Option<&Value>,
    content: Option<&str>,
    strictness: Strictness,
    read_apart_from: usize,
) -> Result<ReadDocument, Refusal> {
    let known_kind: Option<DocumentType> = kind.and_then(Value::as_str).and_then(|name| name.parse().ok());
    if let Some(text) = content.filter(|text| text.len() >= read_apart_from)
        && let Some(kind) = known_kind
        && let Some(read) = crate::streaming::read(kind, text, strictness)
    {
        return read;
    }
    let content = content
        .map(|text| crate::unique_keys::parse(text, &Path::Root("content")))
        .transpose()
        .map_err(|unreadable| Refusal::unread(unreadable.into_problems("content")))?;
    read_document(kind, content.as_ref(), strictness).map_err(|problems| match (known_kind, &content) {
        (Some(kind), Some(content)) => Refusal::of(problems, kind, content),
        _ => Refusal::unread(problems),
    })
}

/// Reads a request's `type` and `content`; `Err` holds every problem, each with its path.
pub fn read_document(
    kind: Option<&Value>,
    content: Option<&Value>,
    strictness: Strictness,
) -> Result<ReadDocument, Problems> {
    let mut report = Report::default();
    let kind = read_kind(kind, &mut report.problems);
    let content = match content {
        None | Some(Value::Null) => {
            report.problems.add("content", "The content field is required.");
            None
        }
        Some(content) => Some(content),
    };
    let (Some(kind), Some(content)) = (kind, content) else {
        return Err(report.problems);
    };
    Content::check(kind, content, &Path::Root("content"), &mut report);
    // The rules run whatever the check found, so that one answer lists every problem: the list
    // rules read the JSON defensively, and the header rules run when the header could be read.
    let header = Header::parse(kind, content).ok();
    let mut rules = Report::default();
    crate::rules::check_lists(kind, content, strictness, &mut rules);
    if let Some(header) = &header {
        crate::rules::check_header(header, crate::rules::has_items(content), &mut rules);
    }
    report.append_rules(rules);
    if !report.problems.is_empty() {
        return Err(report.problems);
    }
    let header = match header {
        Some(header) => header,
        None => read_header(kind, content)?,
    };
    route(kind, header, fingerprint(kind, content), report)
}

/// The typed header of content that passed its check.
pub(crate) fn read_header(kind: DocumentType, content: &Value) -> Result<Header, Problems> {
    Header::parse(kind, content)
        .map_err(|error| Problems::single("content.header", format!("The header could not be read: {error}.")))
}

fn read_kind(kind: Option<&Value>, problems: &mut Problems) -> Option<DocumentType> {
    match kind {
        None | Some(Value::Null) => {
            problems.add("type", "The type field is required.");
            None
        }
        Some(Value::String(name)) => {
            let parsed = name.parse().ok();
            if parsed.is_none() {
                problems.add("type", format!("`{name}` is not one of: {}.", type_names()));
            }
            parsed
        }
        Some(_) => {
            problems.add("type", format!("The type must be one of: {}.", type_names()));
            None
        }
    }
}

fn type_names() -> String {
    DocumentType::ALL.iter().map(|kind| kind.as_str()).collect::<Vec<_>>().join(", ")
}

pub(crate) fn route(
    kind: DocumentType,
    header: Header,
    fingerprint: [u8; 32],
    mut report: Report,
) -> Result<ReadDocument, Problems> {
    let route = header.route();
    let sender = party_reference(&route.sender, &mut report.problems);
    let receiver = party_reference(&route.receiver, &mut report.problems);
    let business_number = trimmed(route.business_number);
    let order_number = trimmed(route.order_number);
    match (sender, receiver) {
        (Some(sender), Some(receiver)) if report.problems.is_empty() => Ok(ReadDocument {
            kind,
            header,
            sender,
            receiver,
            business_number,
            order_number,
            warnings: report.warnings,
            fingerprint,
        }),
        _ => Err(report.problems),
    }
}

/// A number as the network keeps it: without surrounding blanks, and none when only blanks.
fn trimmed(number: Option<&str>) -> Option<String> {
    number.map(str::trim).filter(|number| !number.is_empty()).map(str::to_owned)
}

fn party_reference(candidates: &[(&'static str, Option<&Party>)], problems: &mut Problems) -> Option<PartyReference> {
    match Route::pick(candidates) {
        Ok((key, party)) => Some(PartyReference {
            path: format!("content.header.{key}"),
            identifiers: party
                .identifiers
                .iter()
                .map(|id| PartyIdentifier::new(id.domain.as_str(), id.identifier.0.trim()))
                .collect(),
        }),
        Err(key) => {
            problems.add(format!("content.header.{key}"), "The party is required to route this document.");
            None
        }
    }
}
