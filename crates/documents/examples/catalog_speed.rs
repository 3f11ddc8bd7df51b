//! How long reading a large product catalog takes: builds a catalog of about 5 MB (5,000 items)
//! and times `read_text` on it, as a send reads it (its lists read apart, entry by entry), and
//! reading it whole (parsed into one tree, then `read_document`). Run with `cargo run --release -p switchyard-documents
//! --example catalog_speed`.

use std::time::Instant;

use serde_json::{Value, json};
use switchyard_documents::{Problems, ReadDocument, Strictness, read_document, read_text_with};

fn item(line: usize) -> Value {
    json!({
        "lineNumber": line,
        "quantity": 1,
        "identity": { "gtin": format!("40{line:011}"), "senderPartnerId": format!("ART-{line}") },
        "name": format!("Organic oat drink {line}"),
        "shortDescription": format!("Organic oat drink {line}, 1 l"),
        "description": "A long description of the product, its ingredients and its origin. ".repeat(4),
        "unitOfMeasure": "EA",
        "currency": "EUR",
        "unitPrice": 1.49,
        "unitPriceValidFromDate": "2026-01-01",
        "recommendedRetailPrice": 1.99,
        "taxPercentage": 7,
        "netWeight": 1030,
        "grossWeight": 1080,
        "originCountryCode": "DE",
        "category": "Beverages",
        "subCategory": "Plant drinks",
        "isOrderable": true,
        "minimumRemainingShelfLifeInDays": 90,
        "packagingUnits": [{ "unitOfMeasure": "CT", "quantity": 12 }],
        "colorName": "x".repeat(200),
    })
}

fn main() {
    let items: Vec<Value> = (1..=5_000).map(item).collect();
    let content = json!({
        "header": {
            "catalogNumber": "CAT-2026-11",
            "catalogDate": "2026-11-21",
            "sender": { "identifiers": [{ "domain": "GS1", "identifier": "3220010000001" }] },
            "receiver": { "identifiers": [{ "domain": "GS1", "identifier": "4300000000015" }] },
        },
        "items": items,
    });
    let text = content.to_string();
    let kind = json!("PRODUCT_CATALOG");
    let apart = time_runs(|| {
        read_text_with(Some(&kind), Some(&text), Strictness::Lenient, 0).map_err(|refused| refused.problems)
    });
    let whole = time_runs(|| {
        let parsed: Value = serde_json::from_str(&text).map_err(|_| Problems::single("content", "not JSON"))?;
        read_document(Some(&kind), Some(&parsed), Strictness::Lenient)
    });
    println!("catalog of {} KB, 5000 items, parse + check + rules + fingerprint:", text.len() / 1000);
    println!("  lists read apart (as sent): {apart}");
    println!("  whole tree:                 {whole}");
}

/// Median, min and max of seven runs; exits when the catalog is refused.
fn time_runs(read: impl Fn() -> Result<ReadDocument, Problems>) -> String {
    let mut timings = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let outcome = read();
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
        if let Err(problems) = outcome {
            eprintln!("the catalog is invalid: {}", problems.summary());
            std::process::exit(1);
        }
    }
    timings.sort_by(f64::total_cmp);
    format!("median {:.1} ms (min {:.1}, max {:.1})", timings[3], timings[0], timings[6])
}
