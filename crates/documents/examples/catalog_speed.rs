//! How long reading a large product catalog takes: builds a catalog of about 5 MB (5,000 items)
//! and times `read_document` on it. Run with `cargo run --release -p switchyard-documents
//! --example catalog_speed`.

use std::time::Instant;

use serde_json::{Value, json};
use switchyard_documents::{Strictness, read_document};

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
    let mut timings = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let Ok(parsed) = serde_json::from_str::<Value>(&text) else {
            eprintln!("the catalog is not JSON");
            std::process::exit(1);
        };
        let outcome = read_document(Some(&kind), Some(&parsed), Strictness::Lenient);
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
        if let Err(problems) = outcome {
            eprintln!("the catalog is invalid: {}", problems.summary());
            std::process::exit(1);
        }
    }
    timings.sort_by(f64::total_cmp);
    println!(
        "catalog of {}.{} MB, 5000 items: parse + check + read median {:.1} ms (min {:.1}, max {:.1}) over {} runs",
        text.len() / 1_000_000,
        text.len() / 100_000 % 10,
        timings[timings.len() / 2],
        timings[0],
        timings[timings.len() - 1],
        timings.len()
    );
}
