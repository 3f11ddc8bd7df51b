//! Business rules the public documentation states beyond the schemas. They run on content that
//! passed its model's check, so the shapes they read are known.

mod gs1_numbers;
mod items;
mod lists;
mod modifications;
mod order_response;
mod transport_units;

use serde_json::Value;

use crate::schema::{Path, Report};
use crate::{DocumentType, Header};

pub use lists::each_list;

/// How the GS1 check digits are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// A wrong check digit is a warning: most identifiers in the public examples fail the check.
    #[default]
    Lenient,
    /// A wrong check digit refuses the document.
    Strict,
}

/// Adds a problem for every rule `content` breaks, and a warning for every doubtful GS1 number.
pub fn check(kind: DocumentType, value: &Value, header: &Header, strictness: Strictness, report: &mut Report) {
    let root = Path::Root("content");
    // One walk for every list rule: a large document's walk costs more than the rules.
    each_list(value, &root, &mut |key, list, path| {
        items::check_list(kind, key, list, path, report);
        modifications::check_list(key, list, path, report);
        transport_units::check_list(key, list, path, report);
        gs1_numbers::check_list(key, list, path, strictness, report);
    });
    order_response::check(header, value, &root, report);
}
