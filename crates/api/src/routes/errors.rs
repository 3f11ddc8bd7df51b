//! `POST /v2/errors`: an ERP reports that it could not build an outgoing document.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};
use switchyard_documents::Problems;
use switchyard_network::model::idempotency::Render;
use switchyard_network::model::{Answering, Caller, ErrorType};
use switchyard_network::usecases::report_error::ReportedError;
use uuid::Uuid;

use crate::body::{JsonBytes, parse_json};
use crate::fields::Fields;
use crate::idempotency::{Keyed, json_answer};
use crate::{ApiError, AppState};

pub async fn report(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    JsonBytes(bytes): JsonBytes,
) -> Result<Response, ApiError> {
    let keyed = Keyed::read(&state, caller, &headers, "POST /v2/errors", &bytes)?;
    let links = state.clone();
    let render: Render<Uuid> = Arc::new(move |error_id| {
        json_answer(StatusCode::CREATED, &json!({ "message": "OK.", "errorUrl": links.error_url(*error_id) }))
    });
    let (hub, bytes) = (&state.hub, &bytes);
    let run = |answering: Option<Answering<Uuid>>| async move {
        let report = read_report(&parse_json(bytes)?)?;
        Ok::<_, ApiError>(hub.report_error(caller, report, answering.as_ref()).await?)
    };
    Ok(keyed.answer(render, run).await)
}

fn read_report(body: &Value) -> Result<ReportedError, ApiError> {
    let mut problems = Problems::new();
    let Some(fields) = Fields::of(body, "", &mut problems) else { return Err(problems.into()) };
    let reason = fields.text("errorReason", true, &mut problems);
    let error_type: Option<ErrorType> = fields.optional_name("errorType", &mut problems);
    if error_type.is_none() && !problems.iter().any(|problem| problem.path == "errorType") {
        problems.add("errorType", "The errorType field is required.");
    }
    let report = ReportedError {
        reason: reason.unwrap_or_default(),
        error_type: error_type.unwrap_or(ErrorType::Data),
        context: fields.error_context(&mut problems),
        transaction_identifier: fields.text("transactionIdentifier", false, &mut problems),
        transaction_type: fields.optional_name("transactionType", &mut problems),
    };
    problems.into_result(report).map_err(ApiError::from)
}
