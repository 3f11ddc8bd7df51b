//! Every request example of the reference, sent to a server with the demo network: the ones
//! whose parties the demo knows are delivered; the others are refused naming the unknown party.
//! Each is validated first, and `POST /v2/validate` foretells the send's status and problems.

use serde_json::Value;
use switchyard_documents::DocumentType;

use crate::every_document_type::STORIES;
use crate::helpers::{Party, TestApp};
use switchyard_testkit::reference;

/// The demo company whose token sends `example`: the owner of its sender party, if known.
fn sender_of<'a>(example: &Value, companies: &'a [(Party, Vec<String>)]) -> Option<&'a Party> {
    let kind: DocumentType = example["type"].as_str()?.parse().ok()?;
    let (_, _, sender_key, _, _) = STORIES.iter().find(|story| story.0 == kind)?;
    let header = &example["content"]["header"];
    let key = ["technicalSender", sender_key].into_iter().find(|key| !header[*key].is_null())?;
    let identifiers = header[key]["identifiers"].as_array()?;
    companies
        .iter()
        .find(|(_, ids)| {
            identifiers.iter().any(|id| {
                ids.contains(&format!(
                    "{}:{}",
                    id["domain"].as_str().unwrap_or(""),
                    id["identifier"].as_str().unwrap_or("")
                ))
            })
        })
        .map(|(party, _)| party)
}

#[tokio::test]
async fn the_reference_examples_route_on_the_demo_network() {
    let Some(reference) = reference::or_skip() else { return };
    let app = TestApp::spawn().await;
    let demo = app.hub().seed_demo().await.expect("demo");
    let companies: Vec<(Party, Vec<String>)> = demo
        .companies
        .iter()
        .map(|company| {
            let party = Party {
                id: company.company_id.parse().unwrap(),
                name: company.name.clone(),
                token: company.token.clone(),
                gln: String::new(),
            };
            (party, company.identifiers.clone())
        })
        .collect();
    let examples = reference::request_examples(reference);
    let mut delivered = Vec::new();
    for (name, example) in examples {
        let example = &example["value"];
        let sender = sender_of(example, &companies).unwrap_or(&companies[0].0);
        let validation = app.call(reqwest::Method::POST, "/v2/validate", Some(&sender.token), Some(example)).await;
        let reply = app.call(reqwest::Method::POST, "/v2/transactions", Some(&sender.token), Some(example)).await;
        assert_eq!(validation.body["status"], reply.status, "{name}: validate said {validation:?}, send {reply:?}");
        assert_eq!(validation.body["valid"], reply.status == 201 || reply.status == 202, "{name}");
        if let Some(errors) = reply.body.get("errors") {
            assert_eq!(&validation.body["errors"], errors, "{name}");
        }
        if reply.status == 201 {
            let again = app.call(reqwest::Method::POST, "/v2/validate", Some(&sender.token), Some(example)).await;
            assert_eq!(again.body["status"], 400, "{name}: sent once already");
        }
        match reply.status {
            201 => delivered.push(name.clone()),
            422 => {
                let messages = reply.body["errors"].to_string();
                assert!(
                    messages.contains("Could not resolve party")
                        || messages.contains("cannot send documents to itself"),
                    "{name} was refused for another reason: {reply:?}"
                );
            }
            other => panic!("{name} answered {other}: {reply:?}"),
        }
    }
    let mut expected = vec![
        "CreditNote",
        "Invoice",
        "InventoryReport",
        "Minimal Order",
        "Order",
        "Order Response | ACCEPT",
        "Order Response | CHANGE",
        "Order Response | REJECT",
        "ProductCatalog",
        "SalesReport",
        "Shipping Notice",
    ];
    delivered.sort();
    expected.sort_unstable();
    assert_eq!(delivered, expected);
}
