//! Party identifiers as routing sees them: the identifiers of the party that plays a role.

/// `{domain, identifier}`, e.g. `GS1` + a GLN: how documents name a company or location.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartyIdentifier {
    pub domain: String,
    pub identifier: String,
}

impl PartyIdentifier {
    pub fn new(domain: impl Into<String>, identifier: impl Into<String>) -> Self {
        Self { domain: domain.into(), identifier: identifier.into() }
    }
}

/// A party of a document at a known path, with the identifiers it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyReference {
    /// Where the party stands in the request, e.g. `content.header.buyer`.
    pub path: String,
    pub identifiers: Vec<PartyIdentifier>,
}
