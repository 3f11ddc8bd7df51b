//! `POST /v2/transactions`: send a document to a trade partner.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};
use switchyard_documents::{Unreadable, object_fields};
use switchyard_network::model::idempotency::Render;
use switchyard_network::model::{Answering, Caller, StoredAnswer};
use switchyard_network::usecases::send::{RefusedFor, SendOutcome, Submission, TYPE_NOT_ACCEPTED};

use crate::body::JsonBytes;
use crate::error_code;
use crate::idempotency::{Keyed, json_answer};
use crate::{ApiError, AppState, ErrorCode};

pub async fn send(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    JsonBytes(bytes): JsonBytes,
) -> Result<Response, ApiError> {
    let keyed = Keyed::read(&state, caller, &headers, "POST /v2/transactions", &bytes)?;
    let links = state.clone();
    let render: Render<SendOutcome> = Arc::new(move |outcome| answer(&links, outcome));
    let hub = &state.hub;
    let run = |answering: Option<Answering<SendOutcome>>| async move {
        let answering = answering.as_ref();
        match read_submission(&bytes) {
            Ok(submission) => {
                // The submission holds its own copy of the content: a large body need not stay twice.
                drop(bytes);
                Ok::<_, ApiError>(hub.send(caller, submission, answering).await?)
            }
            Err(detail) => Ok(hub.refuse_unreadable(caller, detail, answering).await?),
        }
    };
    Ok(keyed.answer(render, run).await)
}

/// The answer of a send, as sent and as kept for a retry with its idempotency key.
fn answer(state: &AppState, outcome: &SendOutcome) -> StoredAnswer {
    match outcome {
        SendOutcome::Delivered { id, warnings } => {
            json_answer(StatusCode::CREATED, &json!({ "procurosTransactionId": id, "warnings": warnings.by_path() }))
        }
        SendOutcome::Dropped { id, reason, warnings } => {
            let code = held_code(reason);
            let body =
                json!({ "message": reason, "code": code, "procurosTransactionId": id, "warnings": warnings.by_path() });
            json_answer(StatusCode::ACCEPTED, &body)
        }
        SendOutcome::Rejected { problems, error_id, why } => {
            let error_url = Some(state.error_url(*error_id));
            ApiError::Validation { problems: problems.clone(), error_url, code: refusal_code(*why) }.answer().0
        }
        SendOutcome::Duplicate { original, error_id } => {
            ApiError::Duplicate { original: *original, error_url: state.error_url(*error_id) }.answer().0
        }
        SendOutcome::Unreadable { detail, error_id } => {
            ApiError::Unreadable { message: detail.clone(), error_url: state.error_url(*error_id) }.answer().0
        }
    }
}

fn refusal_code(why: RefusedFor) -> ErrorCode {
    match why {
        RefusedFor::Invalid => ErrorCode::ValidationFailed,
        RefusedFor::UnresolvedParty => ErrorCode::PartyUnresolved,
        RefusedFor::PartyMismatch => ErrorCode::PartyMismatch,
    }
}

/// The code of a `202`: why the document was kept but not delivered.
fn held_code(reason: &str) -> &'static str {
    if reason == TYPE_NOT_ACCEPTED { error_code::TYPE_NOT_ACCEPTED } else { error_code::RELATIONSHIP_INACTIVE }
}

/// The body's `type` and `content`; a body that is JSON but not an object has neither, and is
/// refused for that like any other incomplete document. `Err` says why the body cannot be read:
/// it is not JSON, or it names a field twice (which of the two the receiver would read is
/// anybody's guess).
pub(super) fn read_submission(bytes: &[u8]) -> Result<Submission, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| format!("The request body is not valid JSON: {error}."))?;
    let fields = match object_fields(text) {
        Ok(Some(fields)) => fields,
        Ok(None) => return Ok(Submission { kind: None, content: None }),
        Err(Unreadable::Syntax(error)) => return Err(format!("The request body is not valid JSON: {error}.")),
        Err(Unreadable::RepeatedKey { path, .. }) => {
            return Err(format!("The request body names `{path}` more than once: name each field once."));
        }
    };
    // `type` was valid JSON when the body was read.
    let kind = fields.get("type").map(|raw| serde_json::from_str(raw.get()).unwrap_or(Value::Null));
    Ok(Submission { kind, content: fields.get("content").map(|raw| raw.get().to_owned()) })
}
