//! A document's content as one of the twelve typed models: checked against its model (every
//! problem with its path), then parsed.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::DocumentType;
use crate::model;
use crate::schema::{Components, Model, ObjectModel, Path, Report};

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

            /// Checks field `key` of a `kind` content object, present and not `null`.
            pub fn check_field(kind: DocumentType, key: &str, value: &Value, path: &Path<'_>, report: &mut Report) {
                match kind {
                    $(DocumentType::$kind => model::$kind::check_known_field(key, value, path, report)),+
                }
            }

            /// Reports each required field of a `kind` content object that is absent or `null`;
            /// those `checked_apart` are there.
            pub fn check_required(
                kind: DocumentType,
                object: &Map<String, Value>,
                path: &Path<'_>,
                report: &mut Report,
                checked_apart: &dyn Fn(&str) -> bool,
            ) {
                match kind {
                    $(DocumentType::$kind => model::$kind::check_required_present(object, path, report, checked_apart)),+
                }
            }

            /// Whether `key` is a list field of a `kind` content object.
            pub fn is_list_field(kind: DocumentType, key: &str) -> bool {
                match kind {
                    $(DocumentType::$kind => model::$kind::is_list_field(key)),+
                }
            }

            /// Checks one entry of list field `key` of a `kind` content object.
            pub fn check_list_entry(kind: DocumentType, key: &str, entry: &Value, path: &Path<'_>, report: &mut Report) {
                match kind {
                    $(DocumentType::$kind => model::$kind::check_list_entry(key, entry, path, report)),+
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
