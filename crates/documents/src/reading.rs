//! Reading a sent `{type, content}` pair: the document type, its parties and its business
//! number, with every problem found along the way.

use serde_json::{Map, Value};

use crate::party::read_party;
use crate::{DocumentType, PartyReference, Problems, Roles, roles_of};

/// What the network needs to know of a sent document to route and version it.
#[derive(Clone, Debug)]
pub struct ReadDocument {
    pub kind: DocumentType,
    pub sender: PartyReference,
    pub receiver: PartyReference,
    /// The header's own number (`orderIdentifier`, `invoiceIdentifier`, ...), if the type has one.
    pub business_number: Option<String>,
}

/// Reads a request's `type` and `content`, reporting every problem with its path.
pub fn read_document(kind: Option<&Value>, content: Option<&Value>) -> Result<ReadDocument, Problems> {
    let mut problems = Problems::new();
    let kind = read_kind(kind, &mut problems);
    let content = match content {
        None | Some(Value::Null) => {
            problems.add("content", "The content field is required.");
            None
        }
        Some(Value::Object(map)) => Some(map),
        Some(_) => {
            problems.add("content", "The content must be an object.");
            None
        }
    };
    let (Some(kind), Some(content)) = (kind, content) else {
        return Err(problems);
    };
    let document = read_content(kind, content, &mut problems);
    match document {
        Some(document) if problems.is_empty() => Ok(document),
        _ => Err(problems),
    }
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
                problems.add("type", "The selected type is invalid.");
            }
            parsed
        }
        Some(_) => {
            problems.add("type", "The type must be a string.");
            None
        }
    }
}

fn read_content(kind: DocumentType, content: &Map<String, Value>, problems: &mut Problems) -> Option<ReadDocument> {
    let roles = roles_of(kind);
    for section in roles.sections {
        if content.get(*section).is_none_or(Value::is_null) {
            problems.add(format!("content.{section}"), format!("The {section} field is required."));
        }
    }
    let header = match content.get("header") {
        Some(Value::Object(header)) => header,
        None | Some(Value::Null) => {
            problems.add("content.header", "The header field is required.");
            return None;
        }
        Some(_) => {
            problems.add("content.header", "The header must be an object.");
            return None;
        }
    };
    read_header(kind, &roles, header, problems)
}

fn read_header(
    kind: DocumentType,
    roles: &Roles,
    header: &Map<String, Value>,
    problems: &mut Problems,
) -> Option<ReadDocument> {
    for field in roles.required_header {
        require_text(header, field, problems);
    }
    let sender = read_role(header, "technicalSender", roles.sender, problems);
    let receiver = read_role(header, "technicalRecipient", roles.receiver, problems);
    let business_number = roles
        .business_number
        .and_then(|field| header.get(field))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|number| !number.is_empty())
        .map(str::to_owned);
    Some(ReadDocument { kind, sender: sender?, receiver: receiver?, business_number })
}

/// The party playing a role: the technical override if present, else the first role key present.
fn read_role(
    header: &Map<String, Value>,
    technical: &str,
    keys: &[&str],
    problems: &mut Problems,
) -> Option<PartyReference> {
    let present = |key: &&&str| header.get(**key).is_some_and(|party| !party.is_null());
    let key = [technical].iter().chain(keys).find(present).copied();
    let Some(key) = key else {
        problems.add(format!("content.header.{}", keys[0]), "The party is required to route this document.");
        return None;
    };
    read_party(&header[key], &format!("content.header.{key}"), problems)
}

fn require_text(header: &Map<String, Value>, field: &str, problems: &mut Problems) {
    let path = format!("content.header.{field}");
    match header.get(field) {
        None | Some(Value::Null) => problems.add(path, format!("The {field} field is required.")),
        Some(Value::String(text)) if text.trim().is_empty() => problems.add(path, "This field must not be empty."),
        Some(Value::String(_)) => {}
        Some(_) => problems.add(path, "This field must be a string."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn order(header: &Value) -> Value {
        json!({"header": header, "items": []})
    }

    fn party(gln: &str) -> Value {
        json!({"identifiers": [{"domain": "GS1", "identifier": gln}]})
    }

    #[test]
    fn an_order_is_sent_by_the_buyer_to_the_supplier() {
        let content = order(&json!({
            "buyer": party("1"), "supplier": party("2"), "orderIdentifier": "PO-1", "orderDate": "2021-09-30"
        }));
        let document = read_document(Some(&json!("ORDER")), Some(&content)).unwrap();
        assert_eq!(document.sender.path, "content.header.buyer");
        assert_eq!(document.receiver.identifiers[0].identifier, "2");
        assert_eq!(document.business_number.as_deref(), Some("PO-1"));
    }

    #[test]
    fn a_technical_recipient_takes_precedence_over_the_supplier() {
        let content = order(&json!({
            "buyer": party("1"), "supplier": party("2"), "technicalRecipient": party("9"),
            "orderIdentifier": "PO-1", "orderDate": "2021-09-30"
        }));
        let document = read_document(Some(&json!("ORDER")), Some(&content)).unwrap();
        assert_eq!(document.receiver.path, "content.header.technicalRecipient");
    }

    #[test]
    fn every_missing_piece_is_reported_with_its_path() {
        let content = json!({"header": {"buyer": {"identifiers": [{"domain": "GS1"}]}}});
        let problems = read_document(Some(&json!("ORDER")), Some(&content)).unwrap_err();
        let paths: Vec<String> = problems.by_path().into_keys().collect();
        assert_eq!(
            paths,
            [
                "content.header.buyer.identifiers.0.identifier",
                "content.header.orderDate",
                "content.header.orderIdentifier",
                "content.header.supplier",
                "content.items",
            ]
        );
    }

    #[test]
    fn an_unknown_type_and_missing_content_are_both_reported() {
        let problems = read_document(Some(&json!("LETTER")), None).unwrap_err();
        assert_eq!(problems.by_path().into_keys().collect::<Vec<_>>(), ["content", "type"]);
    }

    #[test]
    fn a_remittance_advice_falls_back_from_pay_from_to_buyer() {
        let content = json!({
            "header": {"adviceNumber": "A-1", "adviceDate": "2021-09-30", "buyer": party("1"), "payTo": party("2")},
            "items": [], "summary": {}
        });
        let document = read_document(Some(&json!("REMITTANCE_ADVICE")), Some(&content)).unwrap();
        assert_eq!(document.sender.path, "content.header.buyer");
        assert_eq!(document.receiver.path, "content.header.payTo");
    }
}
