//! Who sends and who receives each document type, and the header field that carries its own
//! business number (the key of its version chain), read from the typed header. A technical
//! sender or recipient, when present, takes precedence over the business party.

use crate::model::Party;
use crate::{DocumentType, Header};

/// The header key of a role and the party found there, if any.
type Candidate<'a> = (&'static str, Option<&'a Party>);

/// The parties and number that route one document.
pub struct Route<'a> {
    /// Candidates for the sending party, first present wins.
    pub sender: Vec<Candidate<'a>>,
    pub receiver: Vec<Candidate<'a>>,
    pub business_number: Option<&'a str>,
    /// The order the document belongs to: an order's own number, or the order number another
    /// document's header names. Documents of one order between two companies link by it.
    pub order_number: Option<&'a str>,
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
    ($header:expr, [$($sender:literal => $sender_party:expr),+], [$($receiver:literal => $receiver_party:expr),+], $number:expr) => {
        route!($header, [$($sender => $sender_party),+], [$($receiver => $receiver_party),+], $number, None)
    };
    ($header:expr, [$($sender:literal => $sender_party:expr),+], [$($receiver:literal => $receiver_party:expr),+], $number:expr, $order:expr) => {{
        let header = $header;
        Route {
            sender: vec![("technicalSender", header.technical_sender.as_ref()), $(($sender, $sender_party)),+],
            receiver: vec![("technicalRecipient", header.technical_recipient.as_ref()), $(($receiver, $receiver_party)),+],
            business_number: $number,
            order_number: $order,
        }
    }};
}

impl Header {
    /// The routing roles of this document.
    pub fn route(&self) -> Route<'_> {
        match self {
            Header::Order(h) => {
                route!(h, ["buyer" => Some(&h.buyer)], ["supplier" => Some(&h.supplier)], Some(h.order_identifier.0.as_str()), Some(h.order_identifier.0.as_str()))
            }
            Header::OrderResponse(h) => {
                route!(h, ["supplier" => Some(&h.supplier)], ["buyer" => Some(&h.buyer)], Some(h.order_response_identifier.0.as_str()), Some(h.order_identifier.0.as_str()))
            }
            Header::ShippingNotice(h) => {
                route!(h, ["supplier" => Some(&h.supplier)], ["buyer" => Some(&h.buyer)], Some(h.shipping_notice_identifier.0.as_str()), Some(h.order_identifier.0.as_str()))
            }
            Header::Invoice(h) => {
                route!(h, ["supplier" => Some(&h.supplier)], ["buyer" => Some(&h.buyer)], Some(h.invoice_identifier.0.as_str()), Some(h.order_identifier.0.as_str()))
            }
            Header::CreditNote(h) => {
                route!(h, ["supplier" => Some(&h.supplier)], ["buyer" => Some(&h.buyer)], Some(h.credit_note_identifier.0.as_str()), h.order_identifier.as_ref().map(|number| number.0.as_str()))
            }
            Header::DispatchInstruction(h) => {
                route!(h, ["supplier" => h.supplier.as_ref()], ["shipFrom" => Some(&h.ship_from)], Some(h.shipment_identifier.0.as_str()), h.order_identifier.as_ref().map(|number| number.0.as_str()))
            }
            Header::DispatchInstructionResponse(h) => {
                route!(h, ["shipFrom" => h.ship_from.as_ref()], ["supplier" => Some(&h.supplier)], Some(h.shipping_notice_identifier.0.as_str()), h.order_identifier.as_ref().map(|number| number.0.as_str()))
            }
            Header::ReceivalNotice(h) => {
                route!(h, ["customer" => Some(&h.customer)], ["supplier" => Some(&h.supplier)], Some(h.receival_advice_number.0.as_str()))
            }
            Header::RemittanceAdvice(h) => {
                route!(h, ["payFrom" => h.pay_from.as_ref(), "buyer" => h.buyer.as_ref()], ["payTo" => h.pay_to.as_ref(), "supplier" => h.supplier.as_ref()], Some(h.advice_number.0.as_str()))
            }
            Header::ProductCatalog(h) => {
                route!(h, ["sender" => Some(&h.sender)], ["receiver" => Some(&h.receiver)], h.catalog_number.as_ref().map(|number| number.0.as_str()))
            }
            Header::InventoryReport(h) => {
                route!(h, ["warehouse" => Some(&h.warehouse)], ["goodsOwner" => Some(&h.goods_owner)], Some(h.inventory_report_identifier.0.as_str()))
            }
            Header::SalesReport(h) => {
                route!(h, ["buyer" => Some(&h.buyer)], ["supplier" => Some(&h.supplier)], Some(h.sales_report_identifier.0.as_str()))
            }
        }
    }
}
