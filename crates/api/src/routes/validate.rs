//! `POST /v2/validate` (our addition): decide `{type, content}` as a send would (reading,
//! routing, the relationship, a duplicate of an earlier send), store nothing, and answer with
//! the status the send would get, its problems by the same paths, and where it would go.

use axum::Json;
use axum::extract::State;
use axum::{Extension, http::StatusCode};
use serde_json::{Value, json};
use switchyard_network::model::{Caller, Company};
use switchyard_network::usecases::validate::{RouteView, Validation, Verdict};

use super::send::read_submission;
use crate::body::JsonBytes;
use crate::error::{INVALID, add_invalid_message};
use crate::{ApiError, AppState};

pub async fn validate(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    JsonBytes(bytes): JsonBytes,
) -> Result<Json<Value>, ApiError> {
    let submission = read_submission(&bytes).map_err(ApiError::UnreadableBody)?;
    let validation = state.hub.validate(caller, &submission).await?;
    Ok(Json(answer(&validation)))
}

fn answer(validation: &Validation) -> Value {
    let (status, message) = match &validation.verdict {
        Verdict::Delivered => (StatusCode::CREATED, "The document would be delivered."),
        Verdict::Dropped { reason } => (StatusCode::ACCEPTED, *reason),
        Verdict::Rejected => (StatusCode::UNPROCESSABLE_ENTITY, INVALID),
        Verdict::Duplicate { .. } => (StatusCode::BAD_REQUEST, "Payload already received"),
    };
    let mut body = json!({
        "valid": validation.is_valid(),
        "status": status.as_u16(),
        "message": message,
        "errors": validation.errors.by_path(),
        "warnings": validation.warnings.by_path(),
        "route": validation.route.as_ref().map(route),
    });
    if matches!(validation.verdict, Verdict::Rejected) {
        add_invalid_message(&mut body, &validation.errors);
    }
    if let Verdict::Duplicate { original } = validation.verdict {
        body["procurosTransactionId"] = json!(original);
    }
    body
}

fn route(view: &RouteView) -> Value {
    json!({
        "sender": company(&view.sender),
        "receiver": company(&view.receiver),
        "flow": view.flow,
        "relationshipState": view.relationship,
    })
}

fn company(company: &Company) -> Value {
    json!({ "companyId": company.id, "name": company.name })
}
