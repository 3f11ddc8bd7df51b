//! Realistic documents, all different: orders of about 5 KB with 20 lines, and product catalogs
//! of about 5 MB.

use serde_json::{Value, json};

/// A 13-digit GS1 number (GLN or GTIN-13) of the 12 digits of `payload` and its check digit,
/// as real master data has them (a wrong check digit would add a warning to every document).
pub fn gs1_number(payload: u64) -> String {
    let digits = format!("{payload:012}");
    let check = switchyard_documents::gs1::check_digit(&digits).unwrap_or_default();
    format!("{digits}{check}")
}

fn party(gln: &str) -> Value {
    json!({ "identifiers": [{ "domain": "GS1", "identifier": gln }] })
}

fn order_line(line: usize, seed: usize) -> Value {
    json!({
        "lineNumber": line,
        "identifiers": [
            { "domain": "GS1", "identifier": gs1_number(400_000_000_000 + (seed * 31 + line) as u64) },
            { "domain": "BUYER", "identifier": format!("ART-{seed}-{line}") },
        ],
        "description": format!("Article {line} of order {seed}: organic oat drink, 1 l, carton of 12"),
        "quantity": (seed + line) % 40 + 1,
        "unitOfMeasure": "EA",
        "unitPrice": 1.49,
        "tax": { "amount": 0.1, "percentage": 7 },
    })
}

/// `{type, content}` of an order numbered `number` from `buyer` to `supplier`.
pub fn order(buyer: &str, supplier: &str, number: usize) -> Value {
    let items: Vec<Value> = (1..=20).map(|line| order_line(line, number)).collect();
    json!({
        "type": "ORDER",
        "content": {
            "header": {
                "buyer": party(buyer),
                "supplier": party(supplier),
                "orderIdentifier": format!("PO-{number}"),
                "orderDate": "2026-11-20",
                "requestedDeliveryDate": "2026-11-27",
                "currency": "EUR",
                "comments": "Please deliver to ramp 3 between 6 and 10 am.",
            },
            "items": items,
        },
    })
}

fn catalog_item(line: usize, seed: usize) -> Value {
    json!({
        "lineNumber": line,
        "quantity": 1,
        "identity": { "gtin": gs1_number(400_000_000_000 + (seed * 7919 + line) as u64), "senderPartnerId": format!("ART-{line}") },
        "name": format!("Organic oat drink {line}"),
        "shortDescription": format!("Organic oat drink {line}, 1 l"),
        "description": "A long description of the product, its ingredients and its origin. ".repeat(4),
        "unitOfMeasure": "EA",
        "currency": "EUR",
        "unitPrice": 1.49,
        "taxPercentage": 7,
        "netWeight": 1030,
        "originCountryCode": "DE",
        "category": "Beverages",
        "packagingUnits": [{ "unitOfMeasure": "CT", "quantity": 12 }],
        "colorName": "x".repeat(200),
    })
}

/// `{type, content}` of a catalog of 5,000 items (about 5 MB), numbered `number`.
pub fn catalog(sender: &str, receiver: &str, number: usize) -> Value {
    let items: Vec<Value> = (1..=5_000).map(|line| catalog_item(line, number)).collect();
    json!({
        "type": "PRODUCT_CATALOG",
        "content": {
            "header": {
                "catalogNumber": format!("CAT-{number}"),
                "catalogDate": "2026-11-21",
                "sender": party(sender),
                "receiver": party(receiver),
            },
            "items": items,
        },
    })
}
