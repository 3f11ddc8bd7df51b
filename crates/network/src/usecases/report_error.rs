//! Errors an ERP reports about documents it could not build, and reading any error back.

use serde_json::Value;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::model::{Answering, Caller, ErrorOrigin, ErrorRecord, ErrorType, NewError, TransactionRecord};
use crate::{Error, Hub};

#[derive(Clone, Debug)]
pub struct ReportedError {
    pub reason: String,
    pub error_type: ErrorType,
    pub context: Option<Value>,
    pub transaction_identifier: Option<String>,
    pub transaction_type: Option<DocumentType>,
}

impl Hub {
    /// Under an idempotency key, `answering` renders the answer stored with the error.
    pub async fn report_error(
        &self,
        caller: Caller,
        report: ReportedError,
        answering: Option<&Answering<Uuid>>,
    ) -> Result<Uuid, Error> {
        let error =
            NewError::new(caller.company_id, ErrorOrigin::Reported, report.error_type, report.reason, self.now())
                .about(None, report.transaction_type, report.transaction_identifier)
                .with_context(report.context);
        let answer = answering.map(|answering| answering.effect(&error.id));
        let routing = self.routing_table(caller.routing_version).await?;
        self.open_error(error.told(&routing).with_effect(answer)).await
    }

    /// Opens `error` and returns its id, for the `errorUrl` of the answer.
    pub(crate) async fn open_error(&self, error: NewError) -> Result<Uuid, Error> {
        let id = error.id;
        self.store.open_error(error).await?;
        Ok(id)
    }

    /// An error and the transaction it concerns, if any.
    pub async fn error_details(&self, id: Uuid) -> Result<Option<(ErrorRecord, Option<TransactionRecord>)>, Error> {
        let Some(error) = self.store.find_error(id).await? else { return Ok(None) };
        let transaction = match error.transaction_id {
            Some(transaction_id) => self.store.find_any_transaction(transaction_id).await?,
            None => None,
        };
        Ok(Some((error, transaction)))
    }
}
