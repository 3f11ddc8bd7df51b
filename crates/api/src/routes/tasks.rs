//! `GET /v2/tasks` and `PUT /v2/tasks/{id}`: work the network asks of the caller's ERP.

use axum::extract::{RawQuery, State};
use axum::{Extension, Json};
use serde_json::{Value, json};
use switchyard_documents::Problems;
use switchyard_network::model::{Caller, TaskType};
use switchyard_network::usecases::tasks::TaskReport;

use super::PathId;
use crate::body::JsonValue;
use crate::fields::Fields;
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
    JsonValue(body): JsonValue,
) -> Result<Json<Value>, ApiError> {
    let report = read_report(&body)?;
    Ok(Json(match state.hub.report_task(caller, id, report).await? {
        None => json!({ "message": "OK." }),
        Some(error_id) => json!({ "message": "OK.", "errorUrl": state.error_url(error_id) }),
    }))
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
