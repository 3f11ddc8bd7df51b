//! `POST /v2/transactions`: send a document to a trade partner.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{Value, json};
use switchyard_documents::{Unreadable, object_fields};
use switchyard_network::model::Caller;
use switchyard_network::usecases::send::{SendOutcome, Submission};

use crate::body::JsonBytes;
use crate::{ApiError, AppState};

pub async fn send(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    JsonBytes(bytes): JsonBytes,
) -> Result<Response, ApiError> {
    let submission = match read_submission(&bytes) {
        Ok(submission) => submission,
        Err(detail) => {
            let error_id = state.hub.refuse_unreadable(caller, &detail).await?;
            return Ok(ApiError::Unreadable { message: detail, error_url: state.error_url(error_id) }.into_response());
        }
    };
    // The submission holds its own copy of the content: a large body need not stay twice.
    drop(bytes);
    let outcome = state.hub.send(caller, submission).await?;
    Ok(match outcome {
        SendOutcome::Delivered { id, warnings } => {
            let body = json!({ "procurosTransactionId": id, "warnings": warnings.by_path() });
            (StatusCode::CREATED, Json(body)).into_response()
        }
        SendOutcome::Dropped { id, reason, warnings } => {
            let body = json!({ "message": reason, "procurosTransactionId": id, "warnings": warnings.by_path() });
            (StatusCode::ACCEPTED, Json(body)).into_response()
        }
        SendOutcome::Rejected { problems, error_id } => {
            ApiError::Validation { problems, error_url: Some(state.error_url(error_id)) }.into_response()
        }
        SendOutcome::Duplicate { original, error_id } => {
            ApiError::Duplicate { original, error_url: state.error_url(error_id) }.into_response()
        }
    })
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
