//! A document's typed header: all that routing and the header rules read. It is read alone, so
//! that a large document's items are checked as JSON but never built a second time as types.

use serde::Deserialize;
use serde_json::Value;

use crate::DocumentType;
use crate::model;

/// Declares `Header` over the document types and the models of their headers.
macro_rules! headers {
    ($($kind:ident => $header:ident),+ $(,)?) => {
        /// The typed header of a document.
        #[derive(Debug, Clone)]
        pub enum Header {
            $($kind(Box<model::$header>)),+
        }

        impl Header {
            /// Reads the header of content that passed [`crate::Content::check`].
            pub fn parse(kind: DocumentType, content: &Value) -> Result<Self, serde_json::Error> {
                let header = content.get("header").unwrap_or(&Value::Null);
                Ok(match kind {
                    $(DocumentType::$kind => Header::$kind(Box::new(model::$header::deserialize(header)?))),+
                })
            }
        }
    };
}

headers!(
    Order => OrderHeader,
    OrderResponse => OrderResponseHeader,
    ShippingNotice => ShippingNoticeHeader,
    Invoice => InvoiceHeader,
    CreditNote => CreditNoteHeader,
    DispatchInstruction => DispatchInstructionHeader,
    DispatchInstructionResponse => DispatchInstructionResponseHeader,
    ReceivalNotice => ReceivalNoticeHeader,
    RemittanceAdvice => RemittanceAdviceHeader,
    ProductCatalog => ProductCatalogHeader,
    InventoryReport => InventoryReportHeader,
    SalesReport => SalesReportHeader,
);
