//! Requests sent with an idempotency key: claiming the key, keeping the answer of a refusal
//! that changed nothing, letting go of a key whose request failed, forgetting expired keys.
//! (The answer of a change is written with the change, by the use case that makes it.)

use crate::model::{AnswerRecord, Begun, IdempotentRequest};
use crate::{Error, Hub};

/// Expired keys deleted at once, so that forgetting never holds the writer for long.
const FORGET_BATCH: usize = 1_000;

impl Hub {
    /// Whether the request runs, or gets a stored answer, or is refused for its key.
    pub async fn begin_idempotent(&self, request: &IdempotentRequest) -> Result<Begun, Error> {
        Ok(self.store.begin_idempotent(request).await?)
    }

    /// Keeps the answer of a request that was refused without a change.
    pub async fn store_idempotent_answer(&self, answer: AnswerRecord) -> Result<bool, Error> {
        Ok(self.store.store_answer(answer).await?)
    }

    /// Lets go of the key of a request that failed on our side, so that its retry runs.
    pub async fn release_idempotency_key(&self, request: &IdempotentRequest) -> Result<(), Error> {
        Ok(self.store.release_key(request.company_id, request.key.as_str(), request.claim).await?)
    }

    /// Deletes keys past their 24 hours; returns how many.
    pub async fn forget_expired_idempotency_keys(&self) -> Result<u64, Error> {
        let mut forgotten = 0;
        loop {
            let deleted = self.store.forget_expired_keys(self.now(), FORGET_BATCH).await?;
            forgotten += deleted;
            if deleted < FORGET_BATCH as u64 {
                return Ok(forgotten);
            }
        }
    }
}
