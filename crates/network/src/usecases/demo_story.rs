//! The demo's one finished story, so that a newcomer has something to look up in the portal:
//! ACME Co. Ltd. orders PO9383-R45 from Testsupplier (and corrects the order once), Testsupplier's
//! ERP fetches and imports it, and answers with an order response, a shipping notice and an
//! invoice, which wait in ACME's queue. Every step goes through the same use cases as the API.

use serde_json::{Value, json};

use crate::model::{Caller, ErrorType};
use crate::usecases::demo::DemoNetwork;
use crate::usecases::incoming::ProcessingReport;
use crate::usecases::send::{SendOutcome, Submission};
use crate::{Error, Hub, PageBudget};

/// The order of the story, as the public API's examples number it.
pub const DEMO_ORDER: &str = "PO9383-R45";
const BUYER_GLN: &str = "1100001016310";
const SUPPLIER_GLN: &str = "1100001016312";

impl Hub {
    /// Plays the story on a freshly seeded demo network.
    pub async fn seed_demo_story(&self, network: &DemoNetwork) -> Result<(), Error> {
        let acme = self.demo_caller(network, "ACME Co. Ltd.").await?;
        let supplier = self.demo_caller(network, "Testsupplier").await?;
        self.demo_send(acme, "ORDER", order(10)).await?;
        let corrected = self.demo_send(acme, "ORDER", order(12)).await?;
        self.list_incoming(supplier, Vec::new(), None, PageBudget::items(100)).await?;
        let imported = ProcessingReport {
            transaction_id: corrected,
            success: true,
            error_reason: None,
            error_type: ErrorType::Data,
            error_context: None,
        };
        self.mark_one(supplier, imported, None).await?;
        self.demo_send(supplier, "ORDER_RESPONSE", order_response()).await?;
        self.demo_send(supplier, "SHIPPING_NOTICE", shipping_notice()).await?;
        self.demo_send(supplier, "INVOICE", invoice()).await?;
        Ok(())
    }

    async fn demo_caller(&self, network: &DemoNetwork, name: &str) -> Result<Caller, Error> {
        let company = network.companies.iter().find(|company| company.name == name);
        let token = company.map(|company| company.token.as_str()).unwrap_or_default();
        self.authenticate(token, None)
            .await?
            .caller()
            .ok_or_else(|| Error::Internal(format!("the demo's token of {name} does not work")))
    }

    async fn demo_send(&self, caller: Caller, kind: &str, content: Value) -> Result<uuid::Uuid, Error> {
        let submission = Submission { kind: Some(json!(kind)), content: Some(content.to_string()) };
        match self.send(caller, submission, None).await? {
            SendOutcome::Delivered { id, .. } => Ok(id),
            other => Err(Error::Internal(format!("the demo's {kind} was not delivered: {other:?}"))),
        }
    }
}

fn parties() -> Value {
    json!({
        "buyer": {"name": "ACME Co. Ltd.", "identifiers": [{"domain": "GS1", "identifier": BUYER_GLN}]},
        "supplier": {"name": "Testsupplier", "identifiers": [{"domain": "GS1", "identifier": SUPPLIER_GLN}]},
    })
}

/// `header` with the two parties.
fn with_parties(header: Value) -> Value {
    let mut header = header;
    if let (Some(header), Value::Object(parties)) = (header.as_object_mut(), parties()) {
        header.extend(parties);
    }
    header
}

const OAT_DRINK: &str = "4300348765433";
const ALMOND_DRINK: &str = "4300348765440";

fn article(gtin: &str) -> Value {
    json!([{"domain": "GS1", "identifier": gtin}])
}

/// The order, for `oat` cartons of oat drink (the correction raises 10 to 12).
fn order(oat: u32) -> Value {
    json!({
        "header": with_parties(json!({
            "orderIdentifier": DEMO_ORDER, "orderDate": "2026-11-30", "currency": "EUR",
            "requestedDeliveryDate": "2026-12-08",
        })),
        "items": [
            {"lineNumber": 1, "identifiers": article(OAT_DRINK), "description": "Oat drink, 1 l, carton of 6",
             "quantity": oat, "unitPrice": 8.94},
            {"lineNumber": 2, "identifiers": article(ALMOND_DRINK), "description": "Almond drink, 1 l, carton of 6",
             "quantity": 4, "unitPrice": 11.34},
        ],
    })
}

fn order_response() -> Value {
    json!({
        "header": with_parties(json!({
            "type": "ACCEPT", "orderResponseIdentifier": "OR-PO9383-R45", "orderResponseDate": "2026-12-01",
            "orderIdentifier": DEMO_ORDER, "orderDate": "2026-11-30", "confirmedDeliveryDate": "2026-12-08",
            "currency": "EUR",
        })),
        "items": [
            {"lineNumber": 1, "orderLineNumber": 1, "identifiers": article(OAT_DRINK), "orderedQuantity": 12,
             "confirmedQuantity": 12, "unitPrice": 8.94},
            {"lineNumber": 2, "orderLineNumber": 2, "identifiers": article(ALMOND_DRINK), "orderedQuantity": 4,
             "confirmedQuantity": 4, "unitPrice": 11.34},
        ],
    })
}

fn shipping_notice() -> Value {
    json!({
        "header": with_parties(json!({
            "shippingNoticeIdentifier": "SN-PO9383-R45", "shippingNoticeDate": "2026-12-05",
            "orderIdentifier": DEMO_ORDER, "orderDate": "2026-11-30", "expectedDeliveryDate": "2026-12-08",
        })),
        "transportUnits": [{
            "unitIdentifier": "340123450000000018",
            "items": [
                {"lineNumber": 1, "identifiers": article(OAT_DRINK), "isDepositItem": false, "orderedQuantity": 12,
                 "shippedQuantity": 12, "orderLineNumber": 1},
                {"lineNumber": 2, "identifiers": article(ALMOND_DRINK), "isDepositItem": false, "orderedQuantity": 4,
                 "shippedQuantity": 4, "orderLineNumber": 2},
            ],
        }],
    })
}

fn invoice() -> Value {
    json!({
        "header": with_parties(json!({
            "invoiceIdentifier": "INV-2026-10452", "invoiceDate": "2026-12-05",
            "shippingNoticeIdentifier": "SN-PO9383-R45", "shippingNoticeDate": "2026-12-05",
            "orderIdentifier": DEMO_ORDER, "orderDate": "2026-11-30", "currency": "EUR",
        })),
        "items": [
            {"lineNumber": 1, "identifiers": article(OAT_DRINK), "isDepositItem": false, "quantity": 12,
             "unitPrice": 8.94, "tax": {"percentage": 7.0}},
            {"lineNumber": 2, "identifiers": article(ALMOND_DRINK), "isDepositItem": false, "quantity": 4,
             "unitPrice": 11.34, "tax": {"percentage": 7.0}},
        ],
        "summary": {"netAmount": 152.64, "grossAmount": 163.32, "dueAmount": 163.32},
    })
}
