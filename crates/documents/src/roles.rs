//! Which header party sends and which receives each document type, and the header field that
//! carries the document's own business number (the key of its version chain).

use crate::DocumentType;

/// The routing roles and the required outline of one document type.
#[derive(Clone, Copy, Debug)]
pub struct Roles {
    /// Header keys of the sending party, first present wins.
    pub sender: &'static [&'static str],
    /// Header keys of the receiving party, first present wins.
    pub receiver: &'static [&'static str],
    /// Header key of the document's own number, when the type has one.
    pub business_number: Option<&'static str>,
    /// Top-level sections the document must have besides `header`.
    pub sections: &'static [&'static str],
    /// Header fields other than the parties that the public schema requires.
    pub required_header: &'static [&'static str],
}

const fn roles(
    sender: &'static [&'static str],
    receiver: &'static [&'static str],
    business_number: Option<&'static str>,
    sections: &'static [&'static str],
    required_header: &'static [&'static str],
) -> Roles {
    Roles { sender, receiver, business_number, sections, required_header }
}

/// The roles of `kind`, as the network's routing table defines them.
pub fn roles_of(kind: DocumentType) -> Roles {
    use DocumentType as T;
    match kind {
        T::Order => {
            roles(&["buyer"], &["supplier"], Some("orderIdentifier"), &["items"], &["orderIdentifier", "orderDate"])
        }
        T::OrderResponse => roles(
            &["supplier"],
            &["buyer"],
            Some("orderResponseIdentifier"),
            &[],
            &["orderResponseIdentifier", "orderResponseDate", "orderIdentifier"],
        ),
        T::ShippingNotice => roles(
            &["supplier"],
            &["buyer"],
            Some("shippingNoticeIdentifier"),
            &["transportUnits"],
            &["shippingNoticeIdentifier", "shippingNoticeDate", "orderIdentifier"],
        ),
        T::Invoice => roles(
            &["supplier"],
            &["buyer"],
            Some("invoiceIdentifier"),
            &["items"],
            &[
                "invoiceIdentifier",
                "invoiceDate",
                "shippingNoticeIdentifier",
                "shippingNoticeDate",
                "orderIdentifier",
                "orderDate",
            ],
        ),
        T::CreditNote => roles(
            &["supplier"],
            &["buyer"],
            Some("creditNoteIdentifier"),
            &["items"],
            &["creditNoteIdentifier", "creditNoteDate"],
        ),
        T::DispatchInstruction => {
            roles(&["supplier"], &["shipFrom"], Some("shipmentIdentifier"), &["items"], &["shipmentIdentifier"])
        }
        T::DispatchInstructionResponse => roles(
            &["shipFrom"],
            &["supplier"],
            Some("shippingNoticeIdentifier"),
            &["transportUnits"],
            &["shippingNoticeIdentifier"],
        ),
        T::ReceivalNotice => roles(
            &["customer"],
            &["supplier"],
            Some("receivalAdviceNumber"),
            &["transportUnits"],
            &["receivalAdviceNumber", "receivalDate"],
        ),
        T::RemittanceAdvice => roles(
            &["payFrom", "buyer"],
            &["payTo", "supplier"],
            Some("adviceNumber"),
            &["items", "summary"],
            &["adviceNumber", "adviceDate"],
        ),
        T::ProductCatalog => roles(&["sender"], &["receiver"], Some("catalogNumber"), &["items"], &["catalogDate"]),
        T::InventoryReport => roles(
            &["warehouse"],
            &["goodsOwner"],
            Some("inventoryReportIdentifier"),
            &["items"],
            &["inventoryReportIdentifier", "inventoryReportDate"],
        ),
        T::SalesReport => roles(
            &["buyer"],
            &["supplier"],
            Some("salesReportIdentifier"),
            &["locations"],
            &["salesReportIdentifier", "salesReportDate", "salesPeriodStartDate", "salesPeriodEndDate"],
        ),
    }
}
