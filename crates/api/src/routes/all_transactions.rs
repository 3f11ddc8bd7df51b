//! `GET /v2/all-transactions` and `GET /v2/all-transactions/{id}`: everything the caller's
//! company sent or received, with status and flow.

use axum::Extension;
use axum::extract::{RawQuery, State};
use chrono_tz::Tz;
use switchyard_documents::Problems;
use switchyard_network::model::Caller;
use switchyard_network::usecases::all_transactions::HistoryFilter;

use super::PathId;
use crate::pagination::{ListQuery, PageRequest, RenderedPage};
use crate::stored_json::JsonPieces;
use crate::time::parse_day_range;
use crate::views::{rendered_size, transaction};
use crate::{ApiError, AppState};

pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<JsonPieces, ApiError> {
    let query = ListQuery::parse(query.as_deref());
    let (filter, page_request) = read_filters(&query, state.config.time_zone)?;
    let per_page = page_request.per_page;
    let page = state.hub.list_all(caller, filter, page_request.after, state.page_budget(per_page)).await?;
    let turn = state.turn_for_page(&page.items).await;
    let zone = state.config.time_zone;
    let rendered = RenderedPage {
        next: page.next,
        per_page,
        query: &query,
        base: &state.config.public_url,
        path: "/v2/all-transactions",
        lease: None,
        capacity: rendered_size(&page.items),
    };
    Ok(rendered.render(page.items, |record, text| transaction(record, zone, text))?.holding(turn))
}

pub(super) fn read_filters(query: &ListQuery, zone: Tz) -> Result<(HistoryFilter, PageRequest), ApiError> {
    let mut problems = Problems::new();
    let page = query.page(&mut problems);
    let mut filters = HistoryFilter {
        kinds: query.filter_list("type", &mut problems),
        flows: query.filter_list("flow", &mut problems),
        statuses: query.filter_list("status", &mut problems),
        ..HistoryFilter::default()
    };
    if let Some(range) = query.filter("created_between") {
        match parse_day_range(range, zone) {
            Ok((from, until)) => {
                filters.created_from = Some(from);
                filters.created_until = Some(until);
            }
            Err(message) => problems.add("filter.created_between", message),
        }
    }
    problems.into_result((filters, page)).map_err(ApiError::from)
}

pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
) -> Result<JsonPieces, ApiError> {
    let record = state.hub.show_transaction(caller, id).await?;
    let mut text = JsonPieces::default();
    text.push(b"{\"data\":");
    transaction(record, state.config.time_zone, &mut text)?;
    text.push(b"}");
    Ok(text)
}

/// `GET /v2/all-transactions/{id}/events`: the document's timeline, oldest first.
pub async fn events(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let zone = state.config.time_zone;
    let entries = state.hub.timeline(caller, id).await?;
    let data: Vec<_> = entries
        .into_iter()
        .map(|entry| {
            serde_json::json!({
                "type": entry.kind,
                "at": crate::time::format_timestamp(entry.at, zone),
                "actor": entry.actor,
                "detail": entry.detail,
            })
        })
        .collect();
    Ok(axum::Json(serde_json::json!({ "data": data })))
}
