//! Checking a document without sending it, so that an ERP connector can test what it builds:
//! the hub decides as a send would (reading, routing, the relationship, a duplicate of an
//! earlier send) and writes nothing.

use switchyard_documents::Problems;
use uuid::Uuid;

use super::send::{Examined, Route, Submission};
use crate::model::{Caller, Company, Flow, RelationshipState};
use crate::{Error, Hub};

/// What a send of the same submission would get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Stored and put in the receiver's queue.
    Delivered,
    /// Stored but not delivered, for the reason given.
    Dropped { reason: &'static str },
    /// Refused for its problems.
    Rejected,
    /// The connection sent this exact payload before, as `original`.
    Duplicate { original: Uuid },
}

/// Where a routed document would go.
#[derive(Debug, Clone)]
pub struct RouteView {
    pub sender: Company,
    pub receiver: Company,
    pub flow: Flow,
    /// The relationship for the document's type; `None` when the companies have none for it.
    pub relationship: Option<RelationshipState>,
}

/// What the hub would say of a document, with nothing stored.
#[derive(Debug)]
pub struct Validation {
    pub verdict: Verdict,
    pub errors: Problems,
    pub warnings: Problems,
    /// Present when the document could be routed.
    pub route: Option<RouteView>,
}

impl Validation {
    /// Whether a send would be accepted (delivered or stored).
    pub fn is_valid(&self) -> bool {
        matches!(self.verdict, Verdict::Delivered | Verdict::Dropped { .. })
    }
}

impl Hub {
    /// Decides `submission` as [`Hub::send`] would, without storing anything or opening errors.
    pub async fn validate(&self, caller: Caller, submission: &Submission) -> Result<Validation, Error> {
        let (document, route) = match self.examine(caller, submission).await? {
            Examined::Refused(refusal, _) => {
                let errors = refusal.problems;
                return Ok(Validation { verdict: Verdict::Rejected, errors, warnings: Problems::new(), route: None });
            }
            Examined::Routed { document, route } => (document, route),
        };
        let verdict = match self.store.find_duplicate(caller.connection_id, document.fingerprint).await? {
            Some(original) => Verdict::Duplicate { original },
            None => route.drop_reason.map_or(Verdict::Delivered, |reason| Verdict::Dropped { reason }),
        };
        let view = self.route_view(&route).await?;
        Ok(Validation { verdict, errors: Problems::new(), warnings: document.warnings, route: Some(view) })
    }

    async fn route_view(&self, route: &Route) -> Result<RouteView, Error> {
        Ok(RouteView {
            sender: self.company(&route.sender.to_string()).await?,
            receiver: self.company(&route.receiver.to_string()).await?,
            flow: route.flow(),
            relationship: route.state,
        })
    }
}
