//! The twelve document types exchanged on the network and their wire names.

use std::fmt;
use std::str::FromStr;

/// A type of business document, named on the wire in upper case with underscores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentType {
    Order,
    OrderResponse,
    ShippingNotice,
    Invoice,
    CreditNote,
    DispatchInstruction,
    DispatchInstructionResponse,
    ReceivalNotice,
    RemittanceAdvice,
    ProductCatalog,
    InventoryReport,
    SalesReport,
}

/// A name that is not one of the twelve types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownDocumentType(pub String);

impl fmt::Display for UnknownDocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown document type `{}`", self.0)
    }
}

impl std::error::Error for UnknownDocumentType {}

impl DocumentType {
    pub const ALL: [DocumentType; 12] = [
        DocumentType::Order,
        DocumentType::OrderResponse,
        DocumentType::ShippingNotice,
        DocumentType::Invoice,
        DocumentType::CreditNote,
        DocumentType::DispatchInstruction,
        DocumentType::DispatchInstructionResponse,
        DocumentType::ReceivalNotice,
        DocumentType::RemittanceAdvice,
        DocumentType::ProductCatalog,
        DocumentType::InventoryReport,
        DocumentType::SalesReport,
    ];

    /// The type as people say it: `order`, `shipping notice`.
    pub fn in_words(self) -> &'static str {
        match self {
            DocumentType::Order => "order",
            DocumentType::OrderResponse => "order response",
            DocumentType::ShippingNotice => "shipping notice",
            DocumentType::Invoice => "invoice",
            DocumentType::CreditNote => "credit note",
            DocumentType::DispatchInstruction => "dispatch instruction",
            DocumentType::DispatchInstructionResponse => "dispatch instruction response",
            DocumentType::ReceivalNotice => "receival notice",
            DocumentType::RemittanceAdvice => "remittance advice",
            DocumentType::ProductCatalog => "product catalog",
            DocumentType::InventoryReport => "inventory report",
            DocumentType::SalesReport => "sales report",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Order => "ORDER",
            DocumentType::OrderResponse => "ORDER_RESPONSE",
            DocumentType::ShippingNotice => "SHIPPING_NOTICE",
            DocumentType::Invoice => "INVOICE",
            DocumentType::CreditNote => "CREDIT_NOTE",
            DocumentType::DispatchInstruction => "DISPATCH_INSTRUCTION",
            DocumentType::DispatchInstructionResponse => "DISPATCH_INSTRUCTION_RESPONSE",
            DocumentType::ReceivalNotice => "RECEIVAL_NOTICE",
            DocumentType::RemittanceAdvice => "REMITTANCE_ADVICE",
            DocumentType::ProductCatalog => "PRODUCT_CATALOG",
            DocumentType::InventoryReport => "INVENTORY_REPORT",
            DocumentType::SalesReport => "SALES_REPORT",
        }
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentType {
    type Err = UnknownDocumentType;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        DocumentType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| UnknownDocumentType(name.to_owned()))
    }
}

impl serde::Serialize for DocumentType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for DocumentType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_reads_back_from_its_wire_name() {
        for kind in DocumentType::ALL {
            assert_eq!(kind.as_str().parse::<DocumentType>(), Ok(kind));
        }
    }

    #[test]
    fn names_are_case_sensitive() {
        assert!("order".parse::<DocumentType>().is_err());
    }
}
