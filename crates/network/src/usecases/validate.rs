//! Checking a document without sending it, so that an ERP connector can test what it builds.

use serde_json::Value;
use switchyard_documents::{Problems, read_document};

use crate::Hub;

/// What the hub would say of a document, with nothing stored.
#[derive(Debug)]
pub struct Validation {
    pub errors: Problems,
    pub warnings: Problems,
}

impl Validation {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

impl Hub {
    /// Reads `type` and `content` as a send would, without routing or storing anything.
    pub fn validate(&self, kind: Option<&Value>, content: Option<&Value>) -> Validation {
        match read_document(kind, content, self.settings.gs1_check_digits) {
            Ok(document) => Validation { errors: Problems::new(), warnings: document.warnings },
            Err(errors) => Validation { errors, warnings: Problems::new() },
        }
    }
}
