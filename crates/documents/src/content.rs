//! A document's content as one of the twelve typed models: checked against its model (every
//! problem with its path), then parsed.

use serde::Deserialize;
use serde_json::Value;

use crate::DocumentType;
use crate::model;
use crate::schema::{Components, Model, Path, Report};

/// Declares `Content` over the document types, whose variants are named like their models.
macro_rules! contents {
    ($($kind:ident),+ $(,)?) => {
        /// The typed content of a document.
        #[derive(Debug, Clone)]
        pub enum Content {
            $($kind(Box<model::$kind>)),+
        }

        impl Content {
            pub fn kind(&self) -> DocumentType {
                match self {
                    $(Content::$kind(_) => DocumentType::$kind),+
                }
            }

            /// Checks `value` as the content of a `kind` document, reporting under `path`.
            pub fn check(kind: DocumentType, value: &Value, path: &Path<'_>, report: &mut Report) {
                match kind {
                    $(DocumentType::$kind => model::$kind::check(value, path, report)),+
                }
            }

            /// Parses content that passed [`Content::check`].
            pub fn parse(kind: DocumentType, value: &Value) -> Result<Self, serde_json::Error> {
                Ok(match kind {
                    $(DocumentType::$kind => Content::$kind(Box::new(model::$kind::deserialize(value)?))),+
                })
            }

            /// The schema of each type's content, for our OpenAPI document.
            pub fn schemas(components: &mut Components) -> Vec<(DocumentType, Value)> {
                vec![$((DocumentType::$kind, model::$kind::schema(components))),+]
            }
        }
    };
}

contents!(
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
);
