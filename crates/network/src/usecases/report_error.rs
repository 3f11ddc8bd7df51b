//! Errors an ERP reports about documents it could not build, and reading any error back.

use documents::DocumentType;
use serde_json::Value;
use uuid::Uuid;

use crate::model::{Caller, ErrorOrigin, ErrorRecord, ErrorType, NewError, TransactionRecord};
use crate::store::StoreError;
use crate::{Hub, new_id};

#[derive(Clone, Debug)]
pub struct ReportedError {
    pub reason: String,
    pub error_type: ErrorType,
    pub context: Option<Value>,
    pub transaction_identifier: Option<String>,
    pub transaction_type: Option<DocumentType>,
}

impl Hub {
    pub async fn report_error(&self, caller: Caller, report: ReportedError) -> Result<Uuid, StoreError> {
        let error = NewError {
            id: new_id(),
            company_id: caller.company_id,
            transaction_id: None,
            transaction_type: report.transaction_type,
            transaction_identifier: report.transaction_identifier,
            origin: ErrorOrigin::Reported,
            error_type: report.error_type,
            reason: report.reason,
            context: report.context,
            created_at: self.now(),
        };
        let id = error.id;
        self.store.open_error(error).await?;
        Ok(id)
    }

    /// An error and the transaction it concerns, if any.
    pub async fn error_details(
        &self,
        id: Uuid,
    ) -> Result<Option<(ErrorRecord, Option<TransactionRecord>)>, StoreError> {
        let Some(error) = self.store.find_error(id).await? else { return Ok(None) };
        let transaction = match error.transaction_id {
            Some(transaction_id) => self.store.find_any_transaction(transaction_id).await?,
            None => None,
        };
        Ok(Some((error, transaction)))
    }
}
