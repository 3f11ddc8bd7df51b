//! `GET /v2/tasks` and `PUT /v2/tasks/{id}`: work the network asks of the caller's ERP.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use serde_json::{Value, json};
use switchyard_documents::Problems;
use switchyard_network::model::idempotency::Render;
use switchyard_network::model::{Answering, Caller, TaskType};
use switchyard_network::usecases::tasks::TaskReport;
use uuid::Uuid;

use super::PathId;
use crate::body::{JsonBytes, parse_json};
use crate::fields::Fields;
use crate::idempotency::{Keyed, json_answer};
use crate::pagination::{Envelope, ListQuery, envelope};
use crate::views::{Task, task};
use crate::{ApiError, AppState};

pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Envelope<Task>>, ApiError> {
    let query = ListQuery::parse(query.as_deref());
    let mut problems = Problems::new();
    let kinds: Vec<TaskType> = query.filter_list("type", &mut problems);
    let page_request = query.page(&mut problems);
    problems.into_result(())?;
    let page = state.hub.list_tasks(caller, kinds, page_request.after, page_request.per_page).await?;
    let zone = state.config.time_zone;
    let items = page.items.into_iter().map(|record| task(record, zone)).collect();
    Ok(Json(envelope(page.next, items, page_request.per_page, &query, &state.config.public_url, "/v2/tasks")))
}

pub async fn report(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
    headers: HeaderMap,
    JsonBytes(bytes): JsonBytes,
) -> Result<Response, ApiError> {
    let keyed = Keyed::read(&state, caller, &headers, &format!("PUT /v2/tasks/{id}"), &bytes)?;
    let links = state.clone();
    let render: Render<Option<Uuid>> = Arc::new(move |error_id| {
        let body = match error_id {
            None => json!({ "message": "OK." }),
            Some(error_id) => json!({ "message": "OK.", "errorUrl": links.error_url(*error_id) }),
        };
        json_answer(StatusCode::OK, &body)
    });
    let (hub, bytes) = (&state.hub, &bytes);
    let run = |answering: Option<Answering<Option<Uuid>>>| async move {
        let report = read_report(&parse_json(bytes)?)?;
        Ok::<_, ApiError>(hub.report_task(caller, id, report, answering.as_ref()).await?)
    };
    Ok(keyed.answer(render, run).await)
}

fn read_report(body: &Value) -> Result<TaskReport, ApiError> {
    let mut problems = Problems::new();
    let Some(fields) = Fields::of(body, "", &mut problems) else { return Err(problems.into()) };
    let success = fields.required_bool("success", &mut problems);
    let report = TaskReport {
        success: success.unwrap_or_default(),
        result: body.get("result").filter(|result| !result.is_null()).cloned(),
        error_reason: fields.text("errorReason", success == Some(false), &mut problems),
        error_type: fields.error_type(&mut problems),
        error_context: fields.error_context(&mut problems),
    };
    problems.into_result(report).map_err(ApiError::from)
}
