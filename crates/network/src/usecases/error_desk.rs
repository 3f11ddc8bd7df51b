//! Errors as the people of a company see and work them in the portal: an error is seen by the
//! company it was opened for and by the other party of its transaction, by nobody else.

use uuid::Uuid;

use crate::model::{
    ErrorActing, ErrorAction, ErrorOrigin, ErrorRecord, ErrorType, Event, ListedError, Status, TransactionRecord,
    UserRecord,
};
use crate::store::{ErrorQuery, StoreError};
use crate::{Error, Hub, effects};

/// An error as one user may see it.
#[derive(Clone, Debug)]
pub struct ErrorView {
    pub error: ErrorRecord,
    pub transaction: Option<TransactionRecord>,
    /// Whether the user's company is the one that must act (else it is the partner's side).
    pub ours: bool,
    /// The other company of the transaction, seen from the error's company.
    pub partner: Option<String>,
    /// The transaction's story, in order.
    pub story: Vec<Event>,
}

/// Who an action taken on the command line is recorded as.
const OPERATOR: &str = "operator";

impl Hub {
    /// The error `id` if `user` may see it; `None` for an unknown error and for one of other
    /// companies alike, so that nobody learns which ids exist.
    pub async fn error_for(&self, user: &UserRecord, id: Uuid) -> Result<Option<ErrorView>, Error> {
        self.error_seen_by(user.company_id, id).await
    }

    /// The error `id` as `company_id` sees it: its own, or its trade partner's about a document
    /// of theirs; `None` otherwise.
    pub async fn error_seen_by(&self, company_id: Uuid, id: Uuid) -> Result<Option<ErrorView>, Error> {
        let Some((error, transaction)) = self.error_details(id).await? else { return Ok(None) };
        let ours = error.company_id == company_id;
        let partner = transaction
            .as_ref()
            .is_some_and(|transaction| [transaction.sender_id, transaction.receiver_id].contains(&company_id));
        if !ours && !partner {
            return Ok(None);
        }
        let (partner, story) = match &transaction {
            Some(transaction) => {
                let other = if transaction.sender_id == error.company_id {
                    transaction.receiver_id
                } else {
                    transaction.sender_id
                };
                let partner = self.store.find_company(&other.to_string()).await?.map(|company| company.name);
                (partner, self.story_seen_by(company_id, transaction.id).await?)
            }
            None => (None, Vec::new()),
        };
        Ok(Some(ErrorView { error, transaction, ours, partner, story }))
    }
}

/// What a user may do about an error now, in the order the page offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Possible {
    Resolve,
    DeliverAgain,
    Discard,
}

/// The longest comment or reason kept.
pub const LONGEST_NOTE: usize = 2000;

impl ErrorView {
    /// The actions open to the error's own company; none for the partner's side or once
    /// resolved.
    pub fn possible(&self) -> Vec<Possible> {
        if !self.ours || !self.error.is_open() {
            return Vec::new();
        }
        let mut possible = vec![Possible::Resolve];
        if let Some(transaction) = &self.transaction {
            let latest = transaction.is_latest_version();
            if self.error.origin == ErrorOrigin::ProcessingFailed && transaction.status == Status::Failed && latest {
                possible.push(Possible::DeliverAgain);
            }
            if matches!(transaction.status, Status::Pending | Status::Failed) {
                possible.push(Possible::Discard);
            }
        }
        possible
    }
}

/// Which of a company's errors a user lists.
#[derive(Clone, Debug, Default)]
pub struct ErrorFilter {
    pub open: Option<bool>,
    pub error_type: Option<ErrorType>,
    pub document_type: Option<switchyard_documents::DocumentType>,
    pub partner_id: Option<Uuid>,
    pub after: Option<crate::store::ErrorCursor>,
    pub limit: usize,
}

fn note(text: Option<&str>, path: &str) -> Result<Option<String>, Error> {
    let text = text.map(str::trim).filter(|text| !text.is_empty());
    match text {
        Some(text) if text.chars().count() > LONGEST_NOTE => {
            Err(Error::invalid(path, format!("Keep it under {LONGEST_NOTE} characters.")))
        }
        other => Ok(other.map(str::to_owned)),
    }
}

impl Hub {
    /// Does `action` on the error `id` for `user`, recorded with who and when; the error as it
    /// is afterwards.
    pub async fn act_on_error(&self, user: &UserRecord, id: Uuid, action: ErrorAction) -> Result<ErrorView, Error> {
        self.act_on_error_as(user.company_id, &user.email, id, action).await
    }

    /// Does `action` on the error `id` for the company it belongs to, as the operator (the
    /// command line): recorded as done by `operator`.
    pub async fn act_on_error_as_operator(&self, id: Uuid, action: ErrorAction) -> Result<ErrorView, Error> {
        let error = self.store.find_error(id).await?.ok_or_else(|| Error::not_found("no such error"))?;
        self.act_on_error_as(error.company_id, OPERATOR, id, action).await
    }

    /// Does `action` on the error `id` for `company_id`, recorded as done `by`.
    async fn act_on_error_as(
        &self,
        company_id: Uuid,
        by: &str,
        id: Uuid,
        action: ErrorAction,
    ) -> Result<ErrorView, Error> {
        let not_found = || Error::not_found("no such error");
        let view = self.error_seen_by(company_id, id).await?.ok_or_else(not_found)?;
        let wanted = match &action {
            ErrorAction::Resolve { .. } => Possible::Resolve,
            ErrorAction::DeliverAgain => Possible::DeliverAgain,
            ErrorAction::Discard { .. } => Possible::Discard,
        };
        if !view.ours {
            return Err(Error::Conflict(format!("{} acts on this error, not your company", view.error.company_name)));
        }
        if !view.possible().contains(&wanted) {
            return Err(Error::Conflict(not_possible(&view, wanted).into()));
        }
        let action = match action {
            ErrorAction::Resolve { comment } => ErrorAction::Resolve { comment: note(comment.as_deref(), "comment")? },
            ErrorAction::Discard { reason } => {
                let reason = note(Some(&reason), "reason")?.ok_or_else(|| {
                    Error::invalid("reason", "Say why the document is discarded: both companies see it.")
                })?;
                ErrorAction::Discard { reason }
            }
            ErrorAction::DeliverAgain => ErrorAction::DeliverAgain,
        };
        let at = self.now();
        let mut effects = vec![
            effects::of_error_action(&view.error, &action, by, at),
            effects::audit_of_error_action(&view.error, &action, by, at),
        ];
        let routing = self.latest_routing_table().await?;
        effects.extend(effects::of_error_action_webhooks(&routing, &view, &action, by, at));
        let acting = ErrorActing { error_id: id, company_id, action, by: by.to_owned(), at, effects };
        self.store.act_on_error(acting).await.map_err(|error| match error {
            StoreError::Conflict(_) => Error::Conflict("Someone changed this error or its document meanwhile.".into()),
            other => other.into(),
        })?;
        self.error_seen_by(company_id, id).await?.ok_or_else(not_found)
    }

    /// The user's company's errors, open ones first.
    pub async fn errors_of(&self, user: &UserRecord, filter: ErrorFilter) -> Result<Vec<ListedError>, Error> {
        let query = ErrorQuery {
            company_id: user.company_id,
            open: filter.open,
            error_type: filter.error_type,
            document_type: filter.document_type,
            partner_id: filter.partner_id,
            after: filter.after,
            limit: filter.limit,
        };
        Ok(self.store.list_errors(query).await?)
    }

    pub async fn open_error_count(&self, company_id: Uuid) -> Result<u64, Error> {
        Ok(self.store.count_open_errors(company_id).await?)
    }
}

fn not_possible(view: &ErrorView, wanted: Possible) -> &'static str {
    if !view.error.is_open() {
        return "This error is resolved already.";
    }
    match wanted {
        Possible::Resolve => "This error cannot be resolved now.",
        Possible::DeliverAgain => {
            "Only a document the receiver's ERP reported as failed can be delivered again, and \
                                   only its latest version."
        }
        Possible::Discard => "Only a document that is waiting or failed can be discarded.",
    }
}

impl Hub {
    /// The companies `company_id` has a relationship with, either way, by name.
    pub async fn trade_partners(&self, company_id: Uuid) -> Result<Vec<(Uuid, String)>, Error> {
        let Some(company) = self.store.find_company(&company_id.to_string()).await? else { return Ok(Vec::new()) };
        let mut ids: Vec<Uuid> =
            self.list_relationships(&company)
                .await?
                .iter()
                .map(|relationship| {
                    if relationship.sender_id == company_id { relationship.receiver_id } else { relationship.sender_id }
                })
                .collect();
        ids.sort_unstable();
        ids.dedup();
        // One read of the (small) company list rather than one lookup per partner.
        let mut partners: Vec<(Uuid, String)> = self
            .list_companies()
            .await?
            .into_iter()
            .filter(|company| ids.binary_search(&company.id).is_ok())
            .map(|company| (company.id, company.name))
            .collect();
        partners.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(partners)
    }
}
