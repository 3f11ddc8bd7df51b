//! The business rules and GS1 check digits, each broken once on an official example, with the
//! exact path and message reported; and reading never panics on arbitrary JSON.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Value, json};
use switchyard_documents::{DocumentType, ReadDocument, Refusal, Strictness, read_document, read_text_with};
use switchyard_testkit::reference;

/// The reference's request examples; `None` (the test skipped) when the reference is absent.
fn examples() -> Option<&'static serde_json::Map<String, Value>> {
    reference::or_skip().map(reference::request_examples)
}

/// The `type` and `content` of the example called `name`.
fn example(name: &str) -> Option<(Value, Value)> {
    let value = &examples()?[name]["value"];
    assert!(value.is_object(), "the reference has no example {name}");
    Some((value["type"].clone(), value["content"].clone()))
}

fn problems(kind: &Value, content: &Value, strictness: Strictness) -> BTreeMap<String, Vec<String>> {
    read_document(Some(kind), Some(content), strictness).err().map(|problems| problems.by_path()).unwrap_or_default()
}

fn only(path: &str, message: &str) -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([(path.to_owned(), vec![message.to_owned()])])
}

#[test]
fn an_item_needs_a_gs1_or_buyer_identifier() {
    let Some((kind, mut content)) = example("Order") else { return };
    content["items"][0]["identifiers"] = json!([{"domain": "SUPPLIER", "identifier": "S-1"}]);
    assert_eq!(
        problems(&kind, &content, Strictness::Lenient),
        only("content.items.0.identifiers", "An item needs at least one identifier with domain GS1 or BUYER.")
    );
}

#[test]
fn an_item_without_identifiers_has_no_gs1_or_buyer_identifier_either() {
    let Some((kind, mut content)) = example("Order") else { return };
    let message = "An item needs at least one identifier with domain GS1 or BUYER.";
    content["items"][0].as_object_mut().unwrap().remove("identifiers");
    assert_eq!(problems(&kind, &content, Strictness::Lenient), only("content.items.0.identifiers", message));
    content["items"][0]["identifiers"] = Value::Null;
    assert_eq!(problems(&kind, &content, Strictness::Lenient), only("content.items.0.identifiers", message));
}

#[test]
fn line_numbers_are_unique_within_a_list() {
    let Some((kind, mut content)) = example("Order") else { return };
    let copy = content["items"][0].clone();
    content["items"].as_array_mut().unwrap().push(copy);
    let number = content["items"][0]["lineNumber"].as_i64().unwrap();
    assert_eq!(
        problems(&kind, &content, Strictness::Lenient),
        only("content.items.1.lineNumber", &format!("Line number {number} is used by more than one item."))
    );
}

#[test]
fn a_rejection_lists_no_items_and_a_change_lists_them() {
    let Some((kind, mut content)) = example("Order Response | CHANGE") else { return };
    content["header"]["type"] = json!("REJECT");
    let rejected = "An order response that rejects the order (type REJECT or no type) lists no items.";
    assert_eq!(problems(&kind, &content, Strictness::Lenient), only("content.items", rejected));
    content["header"].as_object_mut().unwrap().remove("type");
    assert_eq!(problems(&kind, &content, Strictness::Lenient), only("content.items", rejected));

    let Some((kind, mut content)) = example("Order Response | ACCEPT") else { return };
    content["header"]["type"] = json!("CHANGE");
    assert_eq!(
        problems(&kind, &content, Strictness::Lenient),
        only("content.items", "An order response of type CHANGE lists all order lines.")
    );
}

#[test]
fn modification_groups_ascend_and_modifications_have_a_value() {
    let Some((kind, mut content)) = example("Order") else { return };
    content["items"][0]["modificationGroups"] = json!([
        {"level": 2, "basis": 10, "modifications": [{"type": "ALLOWANCE", "amount": 1}]},
        {"level": 1, "basis": 9, "modifications": [{"type": "CHARGE", "calculationType": "ABSOLUTE"}]},
    ]);
    let found = problems(&kind, &content, Strictness::Lenient);
    assert_eq!(
        found,
        BTreeMap::from([
            (
                "content.items.0.modificationGroups.1.level".to_owned(),
                vec![
                    "Level 1 must be higher than the level of the group before it: levels are unique and ascending."
                        .to_owned()
                ]
            ),
            (
                "content.items.0.modificationGroups.1.modifications.0".to_owned(),
                vec!["A modification needs a percentage or an amount.".to_owned()]
            ),
        ])
    );
}

#[test]
fn batches_add_up_to_the_shipped_quantity() {
    let Some((kind, mut content)) = example("Shipping Notice") else { return };
    let item = &mut content["transportUnits"][0]["items"][0];
    let shipped = item["shippedQuantity"].as_f64().unwrap();
    item["batches"] = json!([{"batchIdentifier": "B1", "quantity": shipped + 1.0}]);
    assert_eq!(
        problems(&kind, &content, Strictness::Lenient),
        only(
            "content.transportUnits.0.items.0.batches",
            &format!("The batch quantities add up to {}, but the shipped quantity is {shipped}.", shipped + 1.0)
        )
    );
}

#[test]
fn a_transport_unit_without_inner_units_has_items() {
    let Some((kind, mut content)) = example("Shipping Notice") else { return };
    let unit = content["transportUnits"][0].as_object_mut().unwrap();
    unit.insert("items".into(), json!([]));
    unit.remove("transportUnits");
    assert_eq!(
        problems(&kind, &content, Strictness::Lenient),
        only("content.transportUnits.0.items", "A transport unit without inner transport units needs items.")
    );
}

#[test]
fn currencies_and_countries_come_from_their_iso_lists() {
    let Some((kind, mut content)) = example("Order") else { return };
    content["header"]["currency"] = json!("EURO");
    content["header"]["buyer"]["postalAddress"]["countryCode"] = json!("Germany");
    let found = problems(&kind, &content, Strictness::Lenient);
    assert_eq!(found["content.header.currency"], ["`EURO` is not an ISO 4217 currency code such as EUR."]);
    assert_eq!(
        found["content.header.buyer.postalAddress.countryCode"],
        ["`Germany` is not an ISO 3166-1 alpha-2 country code such as DE."]
    );
}

#[test]
fn a_wrong_gs1_check_digit_warns_unless_the_network_is_strict() {
    let Some((kind, content)) = example("Minimal Order") else { return };
    let document = read_document(Some(&kind), Some(&content), Strictness::Lenient).unwrap();
    let path = "content.header.supplier.identifiers.0.identifier";
    let message = "The check digit of GLN 1100001016312 is wrong: the last digit should be 0.";
    assert_eq!(document.warnings.by_path()[path], [message]);
    assert!(
        !document.warnings.by_path().contains_key("content.header.buyer.identifiers.0.identifier"),
        "1100001016310 is right"
    );
    assert_eq!(problems(&kind, &content, Strictness::Strict)[path], [message]);
}

#[test]
fn twenty_problems_are_reported_together() {
    let Some((kind, mut content)) = example("Order") else { return };
    let header = content["header"].as_object_mut().unwrap();
    header.remove("orderIdentifier");
    header.remove("orderDate");
    header.insert("currency".into(), json!("XXY"));
    header.insert("requestedDeliveryDate".into(), json!("next week"));
    header.insert("paymentTerms".into(), json!([{"percentage": "three"}]));
    header.insert("comments".into(), json!(42));
    header.insert("version".into(), json!(1.5));
    header.insert("promotionCode".into(), json!("P".repeat(256)));
    header.insert("attachments".into(), json!([{"url": "not a url"}]));
    header["buyer"]["identifiers"] = json!([{"domain": "GLN", "identifier": 7}]);
    header["buyer"]["postalAddress"]["countryCode"] = json!("DEU");
    header["buyer"]["contacts"] = json!([{"email": "jane"}]);
    let copy = content["items"][0].clone();
    content["items"].as_array_mut().unwrap().push(copy);
    let item = &mut content["items"][0];
    item["quantity"] = json!("five");
    item["unitOfMeasure"] = json!("BOX");
    item["isDepositItem"] = json!("no");
    item["lineNumber"] = json!("one");
    item["tax"] = json!({"percentage": "19%"});
    content["items"][1]["identifiers"] = json!([]);
    let found = problems(&kind, &content, Strictness::Lenient);
    let count: usize = found.values().map(Vec::len).sum();
    assert_eq!(count, 20, "{found:#?}");
}

/// The README's example of a refused order: a problem of the model check (a currency that is
/// not ISO 4217) and one of the business rules (an item only its supplier can match) come back
/// in one answer.
#[test]
fn model_problems_and_rule_problems_are_reported_together() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/order.json");
    let order: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut content = order["content"].clone();
    content["header"]["currency"] = json!("EURO");
    let mut second = content["items"][0].clone();
    second["lineNumber"] = json!(2);
    second["identifiers"] = json!([{"domain": "SUPPLIER", "identifier": "OAT-1"}]);
    content["items"].as_array_mut().unwrap().push(second);
    assert_eq!(
        problems(&order["type"], &content, Strictness::Lenient),
        BTreeMap::from([
            (
                "content.header.currency".to_owned(),
                vec!["`EURO` is not an ISO 4217 currency code such as EUR.".to_owned()]
            ),
            (
                "content.items.1.identifiers".to_owned(),
                vec!["An item needs at least one identifier with domain GS1 or BUYER.".to_owned()]
            ),
        ])
    );
}

/// A rule's finding on a field the model check reported already is left out: one message says
/// what is wrong there.
#[test]
fn a_field_the_check_reports_gets_no_second_message_from_the_rules() {
    let content = json!({
        "header": {"shippingNoticeIdentifier": "S-1"},
        "transportUnits": [{"unitType": "PALLET"}],
    });
    let found = problems(&json!("DISPATCH_INSTRUCTION_RESPONSE"), &content, Strictness::Lenient);
    assert_eq!(found.get("content.transportUnits.0.items"), Some(&vec!["The items field is required.".to_owned()]));
}

/// Any JSON: nulls, booleans, numbers, strings, and nested lists and objects.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |n| n.is_finite()).prop_map(|n| json!(n)),
        "[A-Za-z0-9 _-]{0,12}".prop_map(Value::String),
        prop_oneof![Just("GS1"), Just("EUR"), Just("2021-01-01"), Just("REJECT")].prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("header".to_owned()),
            Just("items".to_owned()),
            Just("identifiers".to_owned()),
            Just("buyer".to_owned()),
            Just("supplier".to_owned()),
            Just("transportUnits".to_owned()),
            Just("modificationGroups".to_owned()),
            Just("lineNumber".to_owned()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..6).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Everything a reading decides, to compare two ways of reading.
fn outcome(read: Result<ReadDocument, Refusal>) -> String {
    match read {
        Ok(document) => format!(
            "read {:?} from {:?} to {:?} number {:?} warnings {:?} fingerprint {:?}",
            document.kind,
            document.sender,
            document.receiver,
            document.business_number,
            document.warnings.by_path(),
            document.fingerprint
        ),
        Err(refusal) => format!("refused {:?} number {:?}", refusal.problems.by_path(), refusal.business_number),
    }
}

/// Reads `content` whole and with its lists read apart; both must come to the same outcome.
fn assert_read_apart_as_whole(kind: &Value, content: &Value, strictness: Strictness) {
    let text = content.to_string();
    let whole = outcome(read_text_with(Some(kind), Some(&text), strictness, usize::MAX));
    let apart = outcome(read_text_with(Some(kind), Some(&text), strictness, 0));
    assert_eq!(apart, whole, "{kind} {text}");
}

#[test]
fn every_example_reads_the_same_with_its_lists_read_apart() {
    let Some(examples) = examples() else { return };
    for (name, example) in examples {
        let (kind, content) = (&example["value"]["type"], &example["value"]["content"]);
        assert!(
            outcome(read_text_with(Some(kind), Some(&content.to_string()), Strictness::Lenient, 0)).starts_with("read"),
            "{name}"
        );
        assert_read_apart_as_whole(kind, content, Strictness::Lenient);
        assert_read_apart_as_whole(kind, content, Strictness::Strict);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reading_never_panics_on_arbitrary_json(content in any_json(), kind in 0usize..12) {
        let kind = json!(DocumentType::ALL[kind].as_str());
        let _ = read_document(Some(&kind), Some(&content), Strictness::Strict);
    }

    #[test]
    fn arbitrary_json_reads_the_same_with_its_lists_read_apart(content in any_json(), kind in 0usize..12) {
        assert_read_apart_as_whole(&json!(DocumentType::ALL[kind].as_str()), &content, Strictness::Strict);
    }

    /// An example with one field of one list entry replaced by anything, or one entry added.
    #[test]
    fn a_changed_example_reads_the_same_with_its_lists_read_apart(
        which in 0usize..100,
        list in prop_oneof![Just("items"), Just("transportUnits"), Just("modificationGroups"), Just("payments")],
        position in 0usize..4,
        key in prop_oneof![Just("lineNumber".to_owned()), Just("identifiers".to_owned()), Just("quantity".to_owned()), Just("level".to_owned()), "[a-zA-Z]{1,8}"],
        replacement in any_json(),
    ) {
        let Some(examples) = examples() else { return Ok(()) };
        let (_, example) = examples.iter().nth(which % examples.len()).unwrap();
        let (kind, mut content) = (example["value"]["type"].clone(), example["value"]["content"].clone());
        if let Some(entries) = content.get_mut(list).and_then(Value::as_array_mut) {
            match entries.get_mut(position) {
                Some(Value::Object(entry)) => { entry.insert(key, replacement); }
                _ => entries.push(replacement),
            }
        } else if let Some(object) = content.as_object_mut() {
            object.insert(list.to_owned(), json!([replacement]));
        }
        assert_read_apart_as_whole(&kind, &content, Strictness::Lenient);
    }
}

#[test]
fn explicit_nulls_stand_for_absent_optional_fields() {
    let Some((kind, mut content)) = example("Order") else { return };
    content["header"]["shipTo"] = Value::Null;
    content["header"]["comments"] = Value::Null;
    content["items"][0]["tax"] = Value::Null;
    assert_eq!(problems(&kind, &content, Strictness::Lenient), BTreeMap::new());
    content["header"]["orderIdentifier"] = Value::Null;
    assert_eq!(
        problems(&kind, &content, Strictness::Lenient),
        only("content.header.orderIdentifier", "The orderIdentifier field is required.")
    );
}

/// `text` with the first `"key":` named twice, the first time with `null`.
fn with_key_twice(text: &str, key: &str) -> String {
    let field = format!("\"{key}\":");
    assert!(text.contains(&field), "no {key} in {text}");
    text.replacen(&field, &format!("{field}null,{field}"), 1)
}

#[test]
fn a_key_named_twice_refuses_the_document_at_its_path_read_whole_or_apart() {
    let Some((kind, content)) = example("Order") else { return };
    let text = content.to_string();
    let message = |key: &str| format!("The key `{key}` appears more than once in this object: name each field once.");
    for (key, path) in [
        ("header", "content.header"),
        ("orderIdentifier", "content.header.orderIdentifier"),
        ("lineNumber", "content.items.0.lineNumber"),
    ] {
        let twice = with_key_twice(&text, key);
        for read_apart_from in [usize::MAX, 0] {
            let refusal = read_text_with(Some(&kind), Some(&twice), Strictness::Lenient, read_apart_from).unwrap_err();
            assert_eq!(
                refusal.problems.by_path(),
                only(path, &message(key)),
                "{key} read apart from {read_apart_from}"
            );
        }
    }
}

/// Found by the `documents` fuzz target: with its items read apart, an order without a header
/// listed the missing header before the items' problems, read whole after them. When there are
/// more problems than are listed, the first ones are those listed, so the order must agree too.
#[test]
fn problems_come_in_the_same_order_read_whole_or_apart() {
    let text = r#"{"heade;r": {"buyer": {"name": "ACME"}}, "items": [{"lineNumber": 1,
        "identifiers": [{"domain": "GS177777777", "identifier": "4012345000016"}], "quantity": 24}]}"#;
    let kind = Value::from("ORDER");
    let paths = |read_apart_from| {
        let refusal = read_text_with(Some(&kind), Some(text), Strictness::Lenient, read_apart_from).unwrap_err();
        refusal.problems.iter().map(|problem| problem.path.clone()).collect::<Vec<_>>()
    };
    assert_eq!(paths(0), paths(usize::MAX));
    assert_eq!(paths(0).last().map(String::as_str), Some("content.items.0.identifiers"), "the rules' findings last");
}

/// Found by the `documents` fuzz target: with keys named twice in two places, read apart named
/// the repeat of the top-level object, read whole the first in the text.
#[test]
fn the_first_key_named_twice_in_the_text_is_the_one_named_read_whole_or_apart() {
    let text = r#"{"header": {"currency": "EUR", "currency": "USD"}, "it": 1, "it": 2,
        "items": [{"lineNumber": 1, "quantity": 1, "quantity": 2}]}"#;
    let kind = Value::from("ORDER");
    for read_apart_from in [0, usize::MAX] {
        let refusal = read_text_with(Some(&kind), Some(text), Strictness::Lenient, read_apart_from).unwrap_err();
        let paths: Vec<&str> = refusal.problems.iter().map(|problem| problem.path.as_str()).collect();
        assert_eq!(paths, ["content.header.currency"], "read apart from {read_apart_from}");
    }
}
