//! What a check found: problems that refuse a document, and warnings that do not.

use crate::Problems;
use crate::schema::Path;

#[derive(Debug, Default)]
pub struct Report {
    pub problems: Problems,
    pub warnings: Problems,
}

impl Report {
    pub fn problem(&mut self, path: &Path<'_>, message: impl Into<String>) {
        self.problems.add(path.to_string(), message);
    }

    pub fn warning(&mut self, path: &Path<'_>, message: impl Into<String>) {
        self.warnings.add(path.to_string(), message);
    }
}
