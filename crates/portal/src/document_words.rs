//! A document's standing in the words the portal's lists and pages use: where it is and what
//! its status means for people, rather than the API's status names.

use switchyard_documents::DocumentType;
use switchyard_network::finding::Side;
use switchyard_network::model::{Status, TransactionRecord};

/// The status of a document as a badge: its words and its colour class.
pub struct Badge {
    pub words: &'static str,
    pub class: &'static str,
}

pub fn badge(transaction: &TransactionRecord) -> Badge {
    let (words, class) = match transaction.status {
        Status::Pending if transaction.fetched => ("Fetched, not yet reported", "waiting"),
        Status::Pending => ("Waiting in the queue", "waiting"),
        Status::Success => ("Imported", "resolved"),
        Status::Failed => ("Failed", "open"),
        Status::Dropped if !transaction.is_latest_version() => ("Replaced", "muted"),
        Status::Dropped => ("Not delivered", "muted"),
        Status::Unknown => ("Unknown", "muted"),
    };
    Badge { words, class }
}

/// The choices of the status filter: the API's value and its words.
pub const STATUS_CHOICES: [(&str, &str); 5] = [
    ("PENDING", "Waiting (not yet reported)"),
    ("SUCCESS", "Imported"),
    ("FAILED", "Failed"),
    ("DROPPED", "Not delivered or replaced"),
    ("UNKNOWN", "Unknown"),
];

/// The choices of the document type filter.
pub fn type_choices() -> Vec<(&'static str, &'static str)> {
    DocumentType::ALL.iter().map(|kind| (kind.as_str(), capitalised(kind.in_words()))).collect()
}

/// "order response" as "Order response"; the words are few and fixed, so they are spelled out.
pub fn capitalised(words: &'static str) -> &'static str {
    match words {
        "order" => "Order",
        "order response" => "Order response",
        "shipping notice" => "Shipping notice",
        "invoice" => "Invoice",
        "credit note" => "Credit note",
        "dispatch instruction" => "Dispatch instruction",
        "dispatch instruction response" => "Dispatch instruction response",
        "receival notice" => "Receival notice",
        "remittance advice" => "Remittance advice",
        "product catalog" => "Product catalog",
        "inventory report" => "Inventory report",
        "sales report" => "Sales report",
        other => other,
    }
}

/// "Sent to Testsupplier" or "Received from ACME Co. Ltd.".
pub fn direction(side: Side, partner: &str) -> String {
    match side {
        Side::Sent => format!("Sent to {partner}"),
        Side::Received => format!("Received from {partner}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_type_has_a_capitalised_name() {
        for (value, label) in type_choices() {
            let first = label.chars().next().unwrap_or_default();
            assert!(first.is_uppercase(), "{value}: {label}");
        }
    }
}
