//! Who sends and who receives each document type, and the header field that carries its own
//! business number (the key of its version chain), read from the typed content. A technical
//! sender or recipient, when present, takes precedence over the business party.

use crate::model::Party;
use crate::{Content, DocumentType};

/// The header key of a role and the party found there, if any.
type Candidate<'a> = (&'static str, Option<&'a Party>);

/// The parties and number that route one document.
pub struct Route<'a> {
    /// Candidates for the sending party, first present wins.
    pub sender: Vec<Candidate<'a>>,
    pub receiver: Vec<Candidate<'a>>,
    pub business_number: Option<&'a str>,
}

impl Route<'_> {
    /// The first present candidate, or the key to name when none is.
    pub fn pick<'a>(candidates: &[Candidate<'a>]) -> Result<(&'static str, &'a Party), &'static str> {
        candidates.iter().find_map(|(key, party)| party.map(|party| (*key, party))).ok_or_else(|| {
            candidates.iter().map(|(key, _)| *key).find(|key| !key.starts_with("technical")).unwrap_or("sender")
        })
    }
}

/// The header field of each type's business number.
pub fn business_number_field(kind: DocumentType) -> Option<&'static str> {
    use DocumentType as T;
    Some(match kind {
        T::Order => "orderIdentifier",
        T::OrderResponse => "orderResponseIdentifier",
        T::ShippingNotice | T::DispatchInstructionResponse => "shippingNoticeIdentifier",
        T::Invoice => "invoiceIdentifier",
        T::CreditNote => "creditNoteIdentifier",
        T::DispatchInstruction => "shipmentIdentifier",
        T::ReceivalNotice => "receivalAdviceNumber",
        T::RemittanceAdvice => "adviceNumber",
        T::ProductCatalog => "catalogNumber",
        T::InventoryReport => "inventoryReportIdentifier",
        T::SalesReport => "salesReportIdentifier",
    })
}

/// Builds a route from the technical parties, the business candidates and the number.
macro_rules! route {
    ($header:expr, [$($sender:literal => $sender_party:expr),+], [$($receiver:literal => $receiver_party:expr),+], $number:expr) => {{
        let header = $header;
        Route {
            sender: vec![("technicalSender", header.technical_sender.as_ref()), $(($sender, $sender_party)),+],
            receiver: vec![("technicalRecipient", header.technical_recipient.as_ref()), $(($receiver, $receiver_party)),+],
            business_number: $number,
        }
    }};
}

impl Content {
    /// The routing roles of this document.
    pub fn route(&self) -> Route<'_> {
        match self {
            Content::Order(d) => {
                route!(&d.header, ["buyer" => Some(&d.header.buyer)], ["supplier" => Some(&d.header.supplier)], Some(d.header.order_identifier.0.as_str()))
            }
            Content::OrderResponse(d) => {
                route!(&d.header, ["supplier" => Some(&d.header.supplier)], ["buyer" => Some(&d.header.buyer)], Some(d.header.order_response_identifier.0.as_str()))
            }
            Content::ShippingNotice(d) => {
                route!(&d.header, ["supplier" => Some(&d.header.supplier)], ["buyer" => Some(&d.header.buyer)], Some(d.header.shipping_notice_identifier.0.as_str()))
            }
            Content::Invoice(d) => {
                route!(&d.header, ["supplier" => Some(&d.header.supplier)], ["buyer" => Some(&d.header.buyer)], Some(d.header.invoice_identifier.0.as_str()))
            }
            Content::CreditNote(d) => {
                route!(&d.header, ["supplier" => Some(&d.header.supplier)], ["buyer" => Some(&d.header.buyer)], Some(d.header.credit_note_identifier.0.as_str()))
            }
            Content::DispatchInstruction(d) => {
                route!(&d.header, ["supplier" => d.header.supplier.as_ref()], ["shipFrom" => Some(&d.header.ship_from)], Some(d.header.shipment_identifier.0.as_str()))
            }
            Content::DispatchInstructionResponse(d) => {
                route!(&d.header, ["shipFrom" => d.header.ship_from.as_ref()], ["supplier" => Some(&d.header.supplier)], Some(d.header.shipping_notice_identifier.0.as_str()))
            }
            Content::ReceivalNotice(d) => {
                route!(&d.header, ["customer" => Some(&d.header.customer)], ["supplier" => Some(&d.header.supplier)], Some(d.header.receival_advice_number.0.as_str()))
            }
            Content::RemittanceAdvice(d) => {
                route!(&d.header, ["payFrom" => d.header.pay_from.as_ref(), "buyer" => d.header.buyer.as_ref()], ["payTo" => d.header.pay_to.as_ref(), "supplier" => d.header.supplier.as_ref()], Some(d.header.advice_number.0.as_str()))
            }
            Content::ProductCatalog(d) => {
                route!(&d.header, ["sender" => Some(&d.header.sender)], ["receiver" => Some(&d.header.receiver)], d.header.catalog_number.as_ref().map(|number| number.0.as_str()))
            }
            Content::InventoryReport(d) => {
                route!(&d.header, ["warehouse" => Some(&d.header.warehouse)], ["goodsOwner" => Some(&d.header.goods_owner)], Some(d.header.inventory_report_identifier.0.as_str()))
            }
            Content::SalesReport(d) => {
                route!(&d.header, ["buyer" => Some(&d.header.buyer)], ["supplier" => Some(&d.header.supplier)], Some(d.header.sales_report_identifier.0.as_str()))
            }
        }
    }
}
