//! A document's content as a page shows it: its parties, the numbers and dates of its header,
//! its items as a table and its totals. Read from the stored JSON, which passed the document's
//! checks when it was sent; a document too large to show whole is offered as a download.

use serde_json::{Map, Value};

/// Content larger than this is not laid out on the page (reading it whole would take several
/// times its size in memory for one page view); it can still be downloaded.
pub const SHOWN_UP_TO: usize = 2 * 1024 * 1024;
/// The most item rows shown; the download holds them all.
const ROWS_AT_MOST: usize = 500;
const COLUMNS_AT_MOST: usize = 8;
/// Item fields shown first when present, in this order.
const FIRST_COLUMNS: [&str; 5] = ["lineNumber", "identifiers", "description", "quantity", "unitPrice"];

#[derive(Default)]
pub struct DocumentView {
    /// Role, name and identifiers of each party the header names.
    pub parties: Vec<(String, String, String)>,
    /// The header's own numbers, dates and other plain fields.
    pub facts: Vec<(String, String)>,
    pub columns: Vec<String>,
    pub items: Vec<Vec<String>>,
    /// How many items the document has in all.
    pub item_count: usize,
    pub totals: Vec<(String, String)>,
    /// The content, indented.
    pub pretty: String,
}

/// The view of `content`, or `None` when it is too large to lay out or is not an object.
pub fn view(content: &[u8]) -> Option<DocumentView> {
    if content.len() > SHOWN_UP_TO {
        return None;
    }
    let document: Value = serde_json::from_slice(content).ok()?;
    let root = document.as_object()?;
    let empty = Map::new();
    let header = root.get("header").and_then(Value::as_object).unwrap_or(&empty);
    let items = items_of(root);
    let columns = columns_of(&items);
    Some(DocumentView {
        parties: header.iter().filter_map(|(key, value)| party(key, value)).collect(),
        facts: plain_fields(header),
        items: items
            .iter()
            .take(ROWS_AT_MOST)
            .map(|item| columns.iter().map(|key| cell(item.get(key))).collect())
            .collect(),
        columns: columns.iter().map(|key| words(key)).collect(),
        item_count: items.len(),
        totals: root.get("summary").and_then(Value::as_object).map(plain_fields).unwrap_or_default(),
        pretty: serde_json::to_string_pretty(&document).unwrap_or_default(),
    })
}

/// A header field naming a party: an object with identifiers.
fn party(key: &str, value: &Value) -> Option<(String, String, String)> {
    let party = value.as_object()?;
    let identifiers = party.get("identifiers")?;
    let name = party.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
    Some((words(key), name, identifiers_text(identifiers)))
}

/// `[{domain: GS1, identifier: 4012345000016}]` as `GS1 4012345000016`.
fn identifiers_text(identifiers: &Value) -> String {
    let Some(list) = identifiers.as_array() else { return String::new() };
    list.iter()
        .map(|one| {
            let part = |key: &str| one.get(key).and_then(Value::as_str).unwrap_or_default();
            format!("{} {}", part("domain"), part("identifier")).trim().to_owned()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn plain_fields(object: &Map<String, Value>) -> Vec<(String, String)> {
    object
        .iter()
        .filter(|(_, value)| !value.is_object() && !value.is_array() && !value.is_null())
        .map(|(key, value)| (words(key), cell(Some(value))))
        .collect()
}

/// The document's items: its top-level `items`, or those packed in its transport units.
fn items_of(root: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    if let Some(items) = root.get("items") {
        return objects(items);
    }
    let units = root.get("transportUnits").map(objects).unwrap_or_default();
    units.iter().filter_map(|unit| unit.get("items")).flat_map(objects).collect()
}

fn objects(list: &Value) -> Vec<&Map<String, Value>> {
    list.as_array().into_iter().flatten().filter_map(Value::as_object).collect()
}

/// The plain fields the items have (and their identifiers), the usual ones first.
fn columns_of(items: &[&Map<String, Value>]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    let shown = |key: &str, value: &Value| key == "identifiers" || !(value.is_object() || value.is_array());
    for item in items.iter().take(ROWS_AT_MOST) {
        for (key, value) in *item {
            if shown(key, value) && !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let rank = |key: &String| FIRST_COLUMNS.iter().position(|first| first == key).unwrap_or(FIRST_COLUMNS.len());
    columns.sort_by_key(rank);
    columns.truncate(COLUMNS_AT_MOST);
    columns
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(yes)) => if *yes { "yes" } else { "no" }.to_owned(),
        Some(identifiers @ Value::Array(_)) => identifiers_text(identifiers),
        Some(other) => other.to_string(),
    }
}

/// `requestedDeliveryDate` as `Requested delivery date`.
pub fn words(key: &str) -> String {
    let mut text = String::with_capacity(key.len() + 4);
    for (index, letter) in key.chars().enumerate() {
        if index == 0 {
            text.extend(letter.to_uppercase());
        } else if letter.is_uppercase() {
            text.push(' ');
            text.extend(letter.to_lowercase());
        } else {
            text.push(letter);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_shows_its_parties_numbers_items_and_totals() {
        let order = serde_json::json!({
            "header": {
                "buyer": {"name": "ACME", "identifiers": [{"domain": "GS1", "identifier": "1100001016310"}]},
                "orderIdentifier": "PO-1", "orderDate": "2026-11-20", "currency": "EUR"
            },
            "items": [
                {"unitPrice": 1.49, "quantity": 24, "lineNumber": 1, "description": "Oat drink",
                 "identifiers": [{"domain": "GS1", "identifier": "4012345000016"}]},
                {"lineNumber": 2, "quantity": 1, "unitPrice": 2, "comments": "fragile"}
            ],
            "summary": {"totalAmount": 37.76, "taxes": []}
        });
        let view = view(order.to_string().as_bytes()).unwrap_or_default();
        assert_eq!(view.parties, [("Buyer".to_owned(), "ACME".to_owned(), "GS1 1100001016310".to_owned())]);
        assert!(view.facts.contains(&("Order identifier".to_owned(), "PO-1".to_owned())), "{:?}", view.facts);
        assert_eq!(view.columns, ["Line number", "Identifiers", "Description", "Quantity", "Unit price", "Comments"]);
        assert_eq!(view.items[0], ["1", "GS1 4012345000016", "Oat drink", "24", "1.49", ""]);
        assert_eq!(view.item_count, 2);
        assert_eq!(view.totals, [("Total amount".to_owned(), "37.76".to_owned())]);
    }

    #[test]
    fn items_packed_in_transport_units_are_shown_and_large_content_is_not_laid_out() {
        let notice = serde_json::json!({"header": {}, "transportUnits": [{"items": [{"lineNumber": 1}]}, {"items": [{"lineNumber": 2}]}]});
        assert_eq!(view(notice.to_string().as_bytes()).map(|view| view.item_count), Some(2));
        assert!(view(&vec![b' '; SHOWN_UP_TO + 1]).is_none());
    }
}
