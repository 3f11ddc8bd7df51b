//! Telling people of errors. A new error's outbox job (`error-notice`) finds who must hear of
//! it: the responsible users of its company for the document type and partner (an override
//! for the partner replaces the company's default; with nobody set, the company's admins), and
//! for a document its receiver could not import, the sender's responsible users too, told from
//! their side. Each gets a notice, and a digest job that collects every notice of the user
//! arriving within the batch window into one mail.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::json;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::advice::{document_name, what_to_do};
use crate::model::{Actor, AuditAction};
use crate::model::{
    ClaimedJob, Company, Digest, ErrorOrigin, ErrorRecord, NewJob, NewNotice, Responsibility, Side, UserRecord,
};
use crate::worker::{JobFailure, JobHandler};
use crate::{Error, Hub, Timestamp, effects, new_id};

/// The job a new error causes, written with it.
pub const ERROR_NOTICE_JOB: &str = "error-notice";
/// The job that sends one user a mail of the errors noticed for it.
pub const DIGEST_JOB: &str = "issues-digest";

/// The job of a newly opened error.
pub fn error_notice_job(error_id: Uuid, at: Timestamp) -> NewJob {
    NewJob {
        id: new_id(),
        kind: ERROR_NOTICE_JOB.into(),
        payload: json!({ "errorId": error_id }),
        created_at: at,
        due_at: at,
    }
}

/// One error in a mail of issues, worded for the reader's side.
#[derive(Clone, Debug, Serialize)]
pub struct IssueItem {
    pub title: String,
    pub what_to_do: String,
    pub reason: String,
    /// `/portal/errors/{id}`.
    pub path: String,
    /// The document the error is about, if any.
    pub transaction_id: Option<Uuid>,
}

/// A mail of issues for one user.
#[derive(Clone, Debug)]
pub struct IssuesMail {
    pub company_id: Uuid,
    pub to: String,
    pub company: String,
    pub subject: String,
    pub items: Vec<IssueItem>,
}

/// The digest job of `user_id`'s next mail of one kind (`issues`, `documents`), due at `due`:
/// the one a notice joins unless that mail's job has started already.
pub(crate) fn digest_of(kind: &str, job_kind: &str, user_id: Uuid, now: Timestamp, due: Timestamp) -> Digest {
    let job = NewJob {
        id: new_id(),
        kind: job_kind.into(),
        payload: json!({ "userId": user_id }),
        created_at: now,
        due_at: due,
    };
    Digest { key: format!("{kind}:{user_id}"), job }
}

/// The subject of a mail listing items with these titles: the first, and how many more;
/// `None` when there is nothing to tell.
pub(crate) fn subject_of(titles: &[&str]) -> Option<String> {
    match titles {
        [] => None,
        [only] => Some((*only).to_owned()),
        [first, rest @ ..] => Some(format!("{first} and {} more", rest.len())),
    }
}

/// Who is responsible for `kind` with `partner_id` among `rules`: the partner's override, else
/// the company's default; `None` when neither names anybody.
fn responsible_ids(rules: &[Responsibility], kind: DocumentType, partner_id: Option<Uuid>) -> Option<Vec<Uuid>> {
    let pick = |partner: Option<Uuid>| -> Vec<Uuid> {
        rules
            .iter()
            .filter(|rule| rule.document_type == kind && rule.partner_id == partner)
            .map(|rule| rule.user_id)
            .collect()
    };
    let over = partner_id.map(|partner| pick(Some(partner))).filter(|ids| !ids.is_empty());
    over.or_else(|| Some(pick(None)).filter(|ids| !ids.is_empty()))
}

fn title(error: &ErrorRecord, side: Side, partner: Option<&str>) -> String {
    let document = document_name(error.transaction_type, error.transaction_identifier.as_deref());
    let company = &error.company_name;
    let partner = partner.unwrap_or("a partner");
    match (error.origin, side) {
        (ErrorOrigin::ProcessingFailed, Side::Ours) => {
            format!("{company}'s ERP could not import the {document} from {partner}")
        }
        (ErrorOrigin::ProcessingFailed, Side::Partner) => format!("{company} could not import your {document}"),
        (ErrorOrigin::Rejected, _) => format!("The hub refused the {document} {company} sent"),
        (ErrorOrigin::Duplicate, _) => format!("{company} sent the {document} twice"),
        (ErrorOrigin::Reported, _) => format!("{company}'s ERP could not build a {document}"),
        (ErrorOrigin::TaskFailed, _) => format!("{company}'s ERP could not complete a task"),
    }
}

impl Hub {
    /// Makes the users with `emails` (of `company`) responsible for its documents of `kind`,
    /// with `partner` or by default; an empty list removes the rule.
    pub async fn set_responsible(
        &self,
        company: &Company,
        kind: DocumentType,
        partner: Option<&Company>,
        emails: &[String],
        actor: &Actor,
    ) -> Result<Vec<UserRecord>, Error> {
        let users = self.store.list_users(Some(company.id)).await?;
        let mut chosen = Vec::new();
        for email in emails {
            let email = email.trim().to_lowercase();
            let user = users.iter().find(|user| user.email == email && !user.is_disabled()).ok_or_else(|| {
                Error::invalid("email", format!("`{email}` is not an enabled user of {}", company.name))
            })?;
            chosen.push(user.clone());
        }
        let ids = chosen.iter().map(|user| user.id).collect();
        let detail = json!({
            "type": kind.as_str(),
            "partner": partner.map(|partner| partner.name.clone()),
            "emails": chosen.iter().map(|user| user.email.clone()).collect::<Vec<_>>(),
        });
        let audit = effects::audited(company.id, actor, AuditAction::ResponsibilitySet, self.now(), detail);
        self.store.set_responsible(company.id, kind, partner.map(|partner| partner.id), ids, vec![audit]).await?;
        Ok(chosen)
    }

    pub async fn responsibilities(&self, company: &Company) -> Result<Vec<Responsibility>, Error> {
        Ok(self.store.list_responsibilities(company.id).await?)
    }

    /// The users of `company_id` who hear of its errors about `kind` with `partner_id`, as far
    /// as they want mails of issues.
    pub async fn responsible_users(
        &self,
        company_id: Uuid,
        kind: Option<DocumentType>,
        partner_id: Option<Uuid>,
    ) -> Result<Vec<UserRecord>, Error> {
        let users = self.store.list_users(Some(company_id)).await?;
        let rules = self.store.list_responsibilities(company_id).await?;
        let named = kind.and_then(|kind| responsible_ids(&rules, kind, partner_id));
        let responsible = users.into_iter().filter(|user| match &named {
            Some(ids) => ids.contains(&user.id),
            None => user.is_admin(),
        });
        Ok(responsible.filter(|user| !user.is_disabled() && user.mail.issues).collect())
    }

    /// The work of an `error-notice` job: a notice for everyone to tell, and their digests.
    pub async fn notice_error(&self, error_id: Uuid) -> Result<(), Error> {
        let Some((error, transaction)) = self.error_details(error_id).await? else { return Ok(()) };
        let partner_id = transaction.as_ref().map(|transaction| {
            if transaction.sender_id == error.company_id { transaction.receiver_id } else { transaction.sender_id }
        });
        let mut told =
            vec![(Side::Ours, self.responsible_users(error.company_id, error.transaction_type, partner_id).await?)];
        if let (ErrorOrigin::ProcessingFailed, Some(partner)) = (error.origin, partner_id) {
            told.push((
                Side::Partner,
                self.responsible_users(partner, error.transaction_type, Some(error.company_id)).await?,
            ));
        }
        let now = self.now();
        let due = now + self.settings.notification_batch;
        let (mut notices, mut digests) = (Vec::new(), Vec::new());
        for (side, users) in told {
            for user in users {
                notices.push(NewNotice { id: new_id(), user_id: user.id, error_id, side, created_at: now });
                digests.push(digest_of("issues", DIGEST_JOB, user.id, now, due));
            }
        }
        Ok(self.store.add_notices(notices, digests).await?)
    }

    /// The mail of digest `digest_id` for `user_id`: every notice it took whose error is still
    /// open; `None` when nothing is left to tell (all resolved meanwhile, or the user disabled).
    pub async fn issues_mail(&self, user_id: Uuid, digest_id: Uuid) -> Result<Option<IssuesMail>, Error> {
        let notices = self.store.take_notices(user_id, digest_id).await?;
        let Some(user) = self.store.find_user(user_id).await?.filter(|user| !user.is_disabled()) else {
            return Ok(None);
        };
        let mut items = Vec::new();
        for notice in notices {
            let Some(view) = self.error_for(&user, notice.error_id).await? else { continue };
            if !view.error.is_open() {
                continue;
            }
            let document = document_name(view.error.transaction_type, view.error.transaction_identifier.as_deref());
            let ours = notice.side == Side::Ours;
            items.push(IssueItem {
                title: title(&view.error, notice.side, view.partner.as_deref()),
                what_to_do: what_to_do(&view.error, ours, view.partner.as_deref(), &document),
                reason: view.error.reason.clone(),
                path: format!("/portal/errors/{}", view.error.id),
                transaction_id: view.error.transaction_id,
            });
        }
        let titles: Vec<&str> = items.iter().map(|item| item.title.as_str()).collect();
        let Some(subject) = subject_of(&titles) else { return Ok(None) };
        Ok(Some(IssuesMail { company_id: user.company_id, to: user.email, company: user.company_name, subject, items }))
    }
}

/// Does `error-notice` jobs.
pub struct ErrorNoticeHandler(pub Arc<Hub>);

#[async_trait]
impl JobHandler for ErrorNoticeHandler {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobFailure> {
        let error_id = job.payload["errorId"].as_str().and_then(|id| id.parse().ok());
        let Some(error_id) = error_id else { return Err(JobFailure::Permanent("no errorId in the job".into())) };
        self.0.notice_error(error_id).await.map_err(|error| JobFailure::Transient(error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_for_the_partner_replaces_the_default() {
        let (company, partner, other) = (new_id(), new_id(), new_id());
        let (ann, bob) = (new_id(), new_id());
        let rule = |partner_id, user_id| Responsibility {
            company_id: company,
            document_type: DocumentType::Order,
            partner_id,
            user_id,
        };
        let rules = vec![rule(None, ann), rule(Some(partner), bob)];
        assert_eq!(responsible_ids(&rules, DocumentType::Order, Some(partner)), Some(vec![bob]));
        assert_eq!(responsible_ids(&rules, DocumentType::Order, Some(other)), Some(vec![ann]));
        assert_eq!(responsible_ids(&rules, DocumentType::Order, None), Some(vec![ann]));
        assert_eq!(responsible_ids(&rules, DocumentType::Invoice, Some(partner)), None, "nobody set: the admins");
    }
}
