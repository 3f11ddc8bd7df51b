//! `POST /v2/errors`: an ERP reports that it could not build an outgoing document.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde_json::{Value, json};
use switchyard_documents::Problems;
use switchyard_network::model::{Caller, ErrorType};
use switchyard_network::usecases::report_error::ReportedError;

use crate::body::JsonValue;
use crate::fields::Fields;
use crate::{ApiError, AppState};

pub async fn report(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    JsonValue(body): JsonValue,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let report = read_report(&body)?;
    let error_id = state.hub.report_error(caller, report).await?;
    Ok((StatusCode::CREATED, Json(json!({ "message": "OK.", "errorUrl": state.error_url(error_id) }))))
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
