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
        // A path is spelled out only for a problem that is listed.
        if self.problems.has_room() {
            self.problems.add(path.to_string(), message);
        } else {
            self.problems.count_unlisted();
        }
    }

    /// Adds `other`'s problems and warnings after these.
    pub fn append(&mut self, other: Report) {
        self.problems.append(other.problems);
        self.warnings.append(other.warnings);
    }

    /// Adds the findings of the business rules after the model check's: the rules' problems at
    /// paths the check reported already are left out, as the check's message says what is wrong
    /// there.
    pub fn append_rules(&mut self, rules: Report) {
        self.problems.append_at_new_paths(rules.problems);
        self.warnings.append(rules.warnings);
    }

    pub fn warning(&mut self, path: &Path<'_>, message: impl Into<String>) {
        if self.warnings.has_room() {
            self.warnings.add(path.to_string(), message);
        } else {
            self.warnings.count_unlisted();
        }
    }
}
