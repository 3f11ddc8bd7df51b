//! `PUT /v2/transactions/{id}` and `POST /v2/transactions/bulk/mark-processed`: the receiver
//! reports whether it processed transactions.

use std::collections::HashSet;

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use switchyard_documents::Problems;
use switchyard_network::model::idempotency::Render;
use switchyard_network::model::{Answering, Caller, Marked};
use switchyard_network::usecases::incoming::ProcessingReport;
use uuid::Uuid;

use super::PathId;
use crate::body::{JsonBytes, parse_json};
use crate::fields::Fields;
use crate::idempotency::{Keyed, json_answer};
use crate::{ApiError, AppState};

const MAX_ITEMS: usize = 1000;
const ID: &str = "procurosTransactionId";

pub async fn mark_one(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
    headers: HeaderMap,
    JsonBytes(bytes): JsonBytes,
) -> Result<Response, ApiError> {
    let keyed = Keyed::read(&state, caller, &headers, &format!("PUT /v2/transactions/{id}"), &bytes)?;
    let links = state.clone();
    let render: Render<[Marked]> = Arc::new(move |marked| {
        let data = marked.first().map(|marked| Outcome::of(&links, marked, false));
        json_answer(StatusCode::OK, &Answer { data })
    });
    let hub = &state.hub;
    let run = |answering: Option<Answering<[Marked]>>| async move {
        let body = parse_json(&bytes)?;
        let mut problems = Problems::new();
        let report = Fields::of(&body, "", &mut problems).and_then(|fields| read_report(&fields, id, &mut problems));
        let report = problems.into_result(report)?.ok_or_else(|| ApiError::invalid("body", "The body is invalid."))?;
        Ok::<_, ApiError>(vec![hub.mark_one(caller, report, answering).await?])
    };
    Ok(keyed.answer(render, run).await)
}

pub async fn mark_many(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    JsonBytes(bytes): JsonBytes,
) -> Result<Response, ApiError> {
    let keyed = Keyed::read(&state, caller, &headers, "POST /v2/transactions/bulk/mark-processed", &bytes)?;
    let links = state.clone();
    let render: Render<[Marked]> = Arc::new(move |marked| {
        let data: Vec<Outcome> = marked.iter().map(|marked| Outcome::of(&links, marked, true)).collect();
        json_answer(StatusCode::OK, &Answer { data })
    });
    let hub = &state.hub;
    let run = |answering: Option<Answering<[Marked]>>| async move {
        let reports = read_bulk(&parse_json(&bytes)?)?;
        Ok::<_, ApiError>(hub.mark_many(caller, reports, answering).await?)
    };
    Ok(keyed.answer(render, run).await)
}

/// The `{"data": ...}` envelope every marking answer comes in.
#[derive(Serialize)]
pub struct Answer<T> {
    data: T,
}

/// One report's answer, serialised straight from its fields: a thousand of them are built for
/// every full batch.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    #[serde(skip_serializing_if = "Option::is_none")]
    procuros_transaction_id: Option<Uuid>,
    message: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_url: Option<String>,
}

impl Outcome {
    fn of(state: &AppState, marked: &Marked, with_id: bool) -> Self {
        Self {
            procuros_transaction_id: with_id.then_some(marked.transaction_id),
            message: "OK.",
            error_url: marked.error_id.map(|error_id| state.error_url(error_id)),
        }
    }
}

/// `{"items": [...]}` or a bare array, as the public documentation shows both.
pub(super) fn read_bulk(body: &Value) -> Result<Vec<ProcessingReport>, ApiError> {
    let items = match body {
        Value::Array(items) => items,
        Value::Object(object) => match object.get("items") {
            Some(Value::Array(items)) => items,
            Some(_) => return Err(ApiError::invalid("items", "The items field must be a list.")),
            None => return Err(ApiError::invalid("items", "The items field is required.")),
        },
        _ => return Err(ApiError::invalid("items", "The body must be a list of items or an object with items.")),
    };
    if items.is_empty() {
        return Err(ApiError::invalid("items", "The items field must have at least 1 item."));
    }
    if items.len() > MAX_ITEMS {
        return Err(ApiError::invalid("items", format!("The items field must not have more than {MAX_ITEMS} items.")));
    }
    read_items(items)
}

fn read_items(items: &[Value]) -> Result<Vec<ProcessingReport>, ApiError> {
    let mut problems = Problems::new();
    let mut seen = HashSet::new();
    let mut reports = Vec::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        let Some(fields) = Fields::of(item, &format!("items.{position}"), &mut problems) else { continue };
        let Some(id) = fields.required_uuid(ID, &mut problems) else { continue };
        if !seen.insert(id) {
            problems.add(fields.path(ID), "The same transaction appears more than once.");
        }
        reports.extend(read_report(&fields, id, &mut problems));
    }
    problems.into_result(reports).map_err(ApiError::from)
}

/// `success`, and `errorReason` (required on failure), `errorType`, `errorContext`.
fn read_report(fields: &Fields<'_>, id: Uuid, problems: &mut Problems) -> Option<ProcessingReport> {
    let success = fields.required_bool("success", problems);
    let error_reason = fields.text("errorReason", success == Some(false), problems);
    let error_type = fields.error_type(problems);
    let error_context = fields.error_context(problems);
    Some(ProcessingReport { transaction_id: id, success: success?, error_reason, error_type, error_context })
}
