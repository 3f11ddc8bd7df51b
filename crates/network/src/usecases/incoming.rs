//! The receiver's side: listing the incoming queue and reporting what was processed.

use serde_json::{Value, json};
use switchyard_documents::{DocumentType, Problems};
use uuid::Uuid;

use crate::model::{
    Answering, Caller, DocumentNews, ErrorOrigin, ErrorType, Mark, MarkOutcome, Marked, MarksAnswer, NewError, Status,
    TransactionRecord, WebhookEvent,
};
use crate::routing_table::RoutingTable;
use crate::store::{IncomingQuery, MarkFailure};
use crate::{Cursor, Error, Hub, Page, PageBudget, effects};

/// The receiver's report on one transaction, as the ERP sent it.
#[derive(Clone, Debug)]
pub struct ProcessingReport {
    pub transaction_id: Uuid,
    pub success: bool,
    /// Required when `success` is false (checked where the request is read).
    pub error_reason: Option<String>,
    pub error_type: ErrorType,
    pub error_context: Option<Value>,
}

impl Hub {
    /// A page of the caller's queue: pending documents under no running lease, oldest first.
    pub async fn list_incoming(
        &self,
        caller: Caller,
        kinds: Vec<DocumentType>,
        after: Option<Cursor>,
        budget: PageBudget,
    ) -> Result<Page<TransactionRecord>, Error> {
        self.note_connection_use(caller, crate::model::ConnectionUse::Poll).await?;
        let page = self.queue_page(caller, kinds, after, budget).await?;
        self.note_first_fetches(caller.company_id, &page.items).await?;
        Ok(page)
    }

    pub(crate) async fn queue_page(
        &self,
        caller: Caller,
        kinds: Vec<DocumentType>,
        after: Option<Cursor>,
        budget: PageBudget,
    ) -> Result<Page<TransactionRecord>, Error> {
        let query = IncomingQuery { company_id: caller.company_id, at: self.now(), kinds, after, budget };
        let listed = self.store.list_incoming(query).await?;
        Ok(Page::from_listed(listed, |row| Cursor { created_at: row.created_at, id: row.id }))
    }

    /// Tells the first listing of each transaction on the page, before the page is answered:
    /// a page in the ERP's hands is a fetch in the story.
    pub(crate) async fn note_first_fetches(&self, receiver_id: Uuid, items: &[TransactionRecord]) -> Result<(), Error> {
        let at = self.clock.now();
        let fetches: Vec<_> = items
            .iter()
            .filter(|item| !item.fetched)
            .map(|item| (item.id, vec![effects::of_fetch(receiver_id, item.id, at)]))
            .collect();
        if fetches.is_empty() {
            return Ok(());
        }
        Ok(self.store.record_fetches(receiver_id, fetches, at).await?)
    }

    /// Records the report on one transaction; a failure opens an error for the receiver's
    /// people. `NotFound` unless the transaction was delivered to the caller.
    /// Under an idempotency key, `answering` renders the answer stored with the mark.
    pub async fn mark_one(
        &self,
        caller: Caller,
        report: ProcessingReport,
        answering: Option<Answering<[Marked]>>,
    ) -> Result<Marked, Error> {
        let id = report.transaction_id;
        let mut marked = self.mark(caller, vec![report], answering.map(Answering::by_store)).await.map_err(
            |failure| match failure {
                MarkFailure::Unknown(_) => Error::not_found(format!("no transaction {id} to mark")),
                MarkFailure::Store(error) => error.into(),
            },
        )?;
        marked.pop().ok_or_else(|| Error::Internal("a mark recorded nothing".into()))
    }

    /// Records every report or none, as [`Hub::mark_one`] does each. Reports on transactions
    /// the caller may not mark make the whole batch invalid, each named by its position in the
    /// request's `items`.
    pub async fn mark_many(
        &self,
        caller: Caller,
        reports: Vec<ProcessingReport>,
        answering: Option<Answering<[Marked]>>,
    ) -> Result<Vec<Marked>, Error> {
        self.mark(caller, reports, answering.map(Answering::by_store)).await.map_err(|failure| match failure {
            MarkFailure::Unknown(positions) => {
                let mut problems = Problems::new();
                for position in positions {
                    let path = format!("items.{position}.procurosTransactionId");
                    problems.add(path, "The selected procurosTransactionId is invalid.");
                }
                Error::Invalid(problems)
            }
            MarkFailure::Store(error) => error.into(),
        })
    }

    /// `answer` renders the answer stored with the marks, when one is stored.
    async fn mark(
        &self,
        caller: Caller,
        reports: Vec<ProcessingReport>,
        answer: Option<MarksAnswer>,
    ) -> Result<Vec<Marked>, MarkFailure> {
        let now = self.now();
        let company = caller.company_id;
        let routing = self.routing_table(caller.routing_version).await.map_err(MarkFailure::Store)?;
        let processed_told = routing.tells_processed(company);
        let mut effects: Vec<_> = reports
            .iter()
            .map(|report| effects::of_mark(company, report.transaction_id, report.success, now))
            .collect();
        if processed_told {
            let imported = reports.iter().filter(|report| report.success);
            effects
                .extend(imported.map(|report| effects::of_news(report.transaction_id, DocumentNews::Processed, now)));
        }
        if routing.tells_outcomes(company) {
            effects.extend(self.outcomes_told(&routing, &reports, now).await.map_err(MarkFailure::Store)?);
        }
        let succeeded: Vec<bool> = reports.iter().map(|report| report.success).collect();
        let marks = reports.into_iter().map(|report| self.mark_of(caller, &routing, report)).collect();
        let marked = self.store.mark_processed(company, marks, effects, now, answer).await?;
        for success in succeeded {
            crate::telemetry::document_processed(if success { "SUCCESS" } else { "FAILED" });
        }
        Ok(marked)
    }

    /// The deliveries that tell the senders' endpoints of the outcome of each report.
    async fn outcomes_told(
        &self,
        routing: &RoutingTable,
        reports: &[ProcessingReport],
        at: crate::Timestamp,
    ) -> Result<Vec<effects::Effect>, crate::store::StoreError> {
        let ids: Vec<Uuid> = reports.iter().map(|report| report.transaction_id).collect();
        let senders = self.store.senders_of(&ids).await?;
        let mut told = Vec::new();
        for report in reports {
            let Some((sender, kind)) = senders.get(&report.transaction_id) else { continue };
            let status = if report.success { Status::Success } else { Status::Failed };
            let data = json!({
                "procurosTransactionId": report.transaction_id,
                "type": kind,
                "status": status,
                "reason": report.error_reason,
            });
            let event = WebhookEvent::TransactionStatusChanged;
            told.extend(effects::of_webhook(routing, *sender, event, Some(report.transaction_id), Some(&data), at));
        }
        Ok(told)
    }

    fn mark_of(&self, caller: Caller, routing: &RoutingTable, report: ProcessingReport) -> Mark {
        let outcome = if report.success {
            MarkOutcome::Success
        } else {
            let reason = report.error_reason.unwrap_or_else(|| "Processing failed.".into());
            let error =
                NewError::new(caller.company_id, ErrorOrigin::ProcessingFailed, report.error_type, reason, self.now());
            MarkOutcome::Failure(
                error.about(Some(report.transaction_id), None, None).with_context(report.error_context).told(routing),
            )
        };
        Mark { transaction_id: report.transaction_id, outcome }
    }
}
