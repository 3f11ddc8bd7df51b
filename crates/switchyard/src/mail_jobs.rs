//! The outbox jobs that send mail: the mails the domain ordered (invitations, password resets)
//! and the digests of issues and of documents. Each is rendered from the mail templates with the hub's public
//! address in front of its links, and sent with a `Message-ID` made from the job's id, so that
//! a mail sent again after a crash is recognisably the same one.

use std::sync::Arc;

use async_trait::async_trait;
use chrono_tz::Tz;
use switchyard_mail::{Mail, MailError, Mailer, templates};
use switchyard_network::Hub;
use switchyard_network::model::{ClaimedJob, MailOrder};
use switchyard_network::worker::{JobFailure, JobHandler};

/// What rendering a mail needs.
#[derive(Clone)]
pub struct MailContext {
    pub mailer: Arc<dyn Mailer>,
    /// Without a trailing slash.
    pub public_url: String,
    pub time_zone: Tz,
}

impl MailContext {
    fn message_id(job: &ClaimedJob) -> String {
        format!("{}@switchyard", job.id)
    }

    fn expires(&self, at: switchyard_network::Timestamp) -> String {
        chrono::DateTime::from_timestamp_micros(at)
            .unwrap_or_default()
            .with_timezone(&self.time_zone)
            .format(&format!("%Y-%m-%d %H:%M ({})", self.time_zone))
            .to_string()
    }

    async fn send(&self, mail: Result<Mail, MailError>) -> Result<(), JobFailure> {
        let failure = |error: MailError| {
            if error.is_transient() {
                JobFailure::Transient(error.to_string())
            } else {
                JobFailure::Permanent(error.to_string())
            }
        };
        let mail = mail.map_err(failure)?;
        self.mailer.send(&mail).await.map_err(failure)
    }
}

/// The user a digest job is for.
fn user_of(job: &ClaimedJob) -> Result<uuid::Uuid, JobFailure> {
    let user_id = job.payload["userId"].as_str().and_then(|id| id.parse().ok());
    user_id.ok_or_else(|| JobFailure::Permanent("no userId in the job".into()))
}

/// Does `mail` jobs: one [`MailOrder`] each.
pub struct OrderedMails(pub MailContext);

#[async_trait]
impl JobHandler for OrderedMails {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobFailure> {
        let order: MailOrder = serde_json::from_value(job.payload.clone())
            .map_err(|error| JobFailure::Permanent(format!("not a mail this hub knows: {error}")))?;
        let context = &self.0;
        let id = MailContext::message_id(job);
        let mail = match &order {
            MailOrder::Invitation { to, company, invited_by, path, expires_at } => {
                let link = format!("{}{path}", context.public_url);
                templates::invitation(to, company, invited_by.as_deref(), &link, &context.expires(*expires_at), id)
            }
            MailOrder::PasswordReset { to, path, expires_at } => {
                let link = format!("{}{path}", context.public_url);
                templates::password_reset(to, &link, &context.expires(*expires_at), id)
            }
            MailOrder::WebhookDisabled { to, company, url, reason, path } => {
                let link = format!("{}{path}", context.public_url);
                templates::webhook_disabled(to, company, url, reason, &link, id)
            }
        };
        context.send(mail).await
    }
}

/// Does `issues-digest` jobs: one mail listing every error noticed for the user.
pub struct IssueDigests {
    pub hub: Arc<Hub>,
    pub context: MailContext,
}

#[async_trait]
impl JobHandler for IssueDigests {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobFailure> {
        let mail = self
            .hub
            .issues_mail(user_of(job)?, job.id)
            .await
            .map_err(|error| JobFailure::Transient(error.to_string()))?;
        let Some(mail) = mail else { return Ok(()) };
        let told: Vec<uuid::Uuid> = mail.items.iter().filter_map(|item| item.transaction_id).collect();
        let issues: Vec<templates::Issue> = mail
            .items
            .into_iter()
            .map(|item| templates::Issue {
                title: item.title,
                what_to_do: item.what_to_do,
                reason: item.reason,
                link: format!("{}{}", self.context.public_url, item.path),
            })
            .collect();
        let rendered = templates::issues(&mail.to, &mail.company, mail.subject, &issues, MailContext::message_id(job));
        self.context.send(rendered).await?;
        note_notified(&self.hub, mail.company_id, &mail.to, &told).await;
        Ok(())
    }
}

/// Does `documents-digest` jobs: one mail listing every document noticed for the user.
pub struct DocumentDigests {
    pub hub: Arc<Hub>,
    pub context: MailContext,
}

#[async_trait]
impl JobHandler for DocumentDigests {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobFailure> {
        let mail = self
            .hub
            .documents_mail(user_of(job)?, job.id)
            .await
            .map_err(|error| JobFailure::Transient(error.to_string()))?;
        let Some(mail) = mail else { return Ok(()) };
        let told: Vec<uuid::Uuid> = mail.items.iter().map(|item| item.transaction_id).collect();
        let lines: Vec<templates::DocumentLine> = mail
            .items
            .into_iter()
            .map(|item| templates::DocumentLine {
                link: format!("{}/portal/transactions/{}", self.context.public_url, item.transaction_id),
                title: item.title,
                transaction_id: item.transaction_id.to_string(),
            })
            .collect();
        let settings = format!("{}/portal/settings", self.context.public_url);
        let id = MailContext::message_id(job);
        let rendered = templates::documents(&mail.to, &mail.company, mail.subject, &lines, &settings, id);
        self.context.send(rendered).await?;
        note_notified(&self.hub, mail.company_id, &mail.to, &told).await;
        Ok(())
    }
}

/// Tells each document's story that the mail went out. The mail is sent by then: a failure here
/// is logged, not retried, so that nobody gets the mail twice for a line in a story.
async fn note_notified(hub: &Hub, company_id: uuid::Uuid, to: &str, transaction_ids: &[uuid::Uuid]) {
    if let Err(error) = hub.note_notified(company_id, to, transaction_ids).await {
        tracing::warn!(%error, "a mail went out but the documents' stories could not tell so");
    }
}
