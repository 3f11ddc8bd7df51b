//! Telling people of documents, for those who asked for it: each document that arrives for
//! their company, and each one their company sent that the receiver's ERP imported. A send or
//! mark writes a `document-news` job with itself only when the routing table says somebody
//! wants to hear of it, so that a network where nobody asked pays nothing. The job gives each
//! such user a notice, and a digest job (`documents-digest`) collects the user's notices of one
//! batch window into one mail, as the mails of issues do.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::json;
use uuid::Uuid;

use super::notify::{digest_of, subject_of};
use crate::advice::document_name;
use crate::model::{ClaimedJob, DocumentNews, NewDocumentNotice, NewJob, TransactionRecord, UserRecord};
use crate::worker::{JobFailure, JobHandler};
use crate::{Error, Hub, Timestamp, new_id};

/// The job of a document that somebody wants to hear of, written with the send or mark.
pub const DOCUMENT_NEWS_JOB: &str = "document-news";
/// The job that sends one user a mail of the documents noticed for it.
pub const DOCUMENTS_DIGEST_JOB: &str = "documents-digest";

pub fn document_news_job(transaction_id: Uuid, news: DocumentNews, at: Timestamp) -> NewJob {
    NewJob {
        id: new_id(),
        kind: DOCUMENT_NEWS_JOB.into(),
        payload: json!({ "transactionId": transaction_id, "news": news }),
        created_at: at,
        due_at: at,
    }
}

/// One document in a mail of documents.
#[derive(Clone, Debug)]
pub struct DocumentItem {
    pub title: String,
    pub transaction_id: Uuid,
}

/// A mail of documents for one user.
#[derive(Clone, Debug)]
pub struct DocumentsMail {
    pub company_id: Uuid,
    pub to: String,
    pub company: String,
    pub subject: String,
    pub items: Vec<DocumentItem>,
}

/// Whom of a document's companies `news` is for: the receiver of an arrival, the sender of
/// one imported.
fn told_company(transaction: &TransactionRecord, news: DocumentNews) -> Uuid {
    match news {
        DocumentNews::Arrived => transaction.receiver_id,
        DocumentNews::Processed => transaction.sender_id,
    }
}

fn wants(user: &UserRecord, news: DocumentNews) -> bool {
    !user.is_disabled()
        && match news {
            DocumentNews::Arrived => user.mail.incoming,
            DocumentNews::Processed => user.mail.sent,
        }
}

fn title(transaction: &TransactionRecord, news: DocumentNews, partner: &str) -> String {
    let document = document_name(Some(transaction.kind), transaction.business_number.as_deref());
    match news {
        DocumentNews::Arrived => format!("New {document} from {partner}"),
        DocumentNews::Processed => format!("{partner} imported your {document}"),
    }
}

impl Hub {
    /// The work of a `document-news` job: a notice for every user of the company concerned who
    /// wants this news, and their digests.
    pub async fn notice_document(&self, transaction_id: Uuid, news: DocumentNews) -> Result<(), Error> {
        let Some(transaction) = self.store.find_any_transaction(transaction_id).await? else { return Ok(()) };
        let users = self.store.list_users(Some(told_company(&transaction, news))).await?;
        let now = self.now();
        let due = now + self.settings.notification_batch;
        let (mut notices, mut digests) = (Vec::new(), Vec::new());
        for user in users.into_iter().filter(|user| wants(user, news)) {
            notices.push(NewDocumentNotice { id: new_id(), user_id: user.id, transaction_id, news, created_at: now });
            digests.push(digest_of("documents", DOCUMENTS_DIGEST_JOB, user.id, now, due));
        }
        if notices.is_empty() {
            return Ok(());
        }
        Ok(self.store.add_document_notices(notices, digests).await?)
    }

    /// The mail of digest `digest_id` for `user_id`: every document notice it took that the
    /// user still wants; `None` when nothing is left to tell.
    pub async fn documents_mail(&self, user_id: Uuid, digest_id: Uuid) -> Result<Option<DocumentsMail>, Error> {
        let notices = self.store.take_document_notices(user_id, digest_id).await?;
        let Some(user) = self.store.find_user(user_id).await? else { return Ok(None) };
        let mut items = Vec::new();
        // A batch of arrivals mostly comes from a few partners: each name is read once.
        let mut partners: HashMap<Uuid, String> = HashMap::new();
        for notice in notices.into_iter().filter(|notice| wants(&user, notice.news)) {
            let Some(transaction) = self.store.find_transaction(user.company_id, notice.transaction_id).await? else {
                continue;
            };
            let partner_id =
                if transaction.sender_id == user.company_id { transaction.receiver_id } else { transaction.sender_id };
            if let Entry::Vacant(unread) = partners.entry(partner_id) {
                let company = self.store.find_company(&partner_id.to_string()).await?;
                unread.insert(company.map_or_else(|| "a partner".to_owned(), |company| company.name));
            }
            items.push(DocumentItem {
                title: title(&transaction, notice.news, &partners[&partner_id]),
                transaction_id: transaction.id,
            });
        }
        let titles: Vec<&str> = items.iter().map(|item| item.title.as_str()).collect();
        let Some(subject) = subject_of(&titles) else { return Ok(None) };
        Ok(Some(DocumentsMail {
            company_id: user.company_id,
            to: user.email,
            company: user.company_name,
            subject,
            items,
        }))
    }
}

/// Does `document-news` jobs.
pub struct DocumentNewsHandler(pub Arc<Hub>);

#[async_trait]
impl JobHandler for DocumentNewsHandler {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobFailure> {
        let transaction_id = job.payload["transactionId"].as_str().and_then(|id| id.parse().ok());
        let news = job.payload["news"].as_str().and_then(|news| news.parse().ok());
        let (Some(transaction_id), Some(news)) = (transaction_id, news) else {
            return Err(JobFailure::Permanent("no transactionId or news in the job".into()));
        };
        self.0.notice_document(transaction_id, news).await.map_err(|error| JobFailure::Transient(error.to_string()))
    }
}
