//! `GET /v2/all-transactions` and `GET /v2/all-transactions/{id}`: everything the caller's
//! company sent or received, with status and flow.

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use documents::Problems;
use network::model::Caller;
use network::store::AllQuery;

use super::path_id;
use crate::pagination::{ListQuery, envelope};
use crate::stored_json::JsonText;
use crate::time::parse_day_range;
use crate::views::transaction;
use crate::{ApiError, AppState};

pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<JsonText, ApiError> {
    let query = ListQuery::parse(query.as_deref());
    let (filters, per_page) = read_filters(&query, &state)?;
    let page = state.hub.list_all(caller, filters).await?;
    let zone = state.config.time_zone;
    let items = page.items.iter().map(|record| transaction(record, zone)).collect::<Result<Vec<_>, _>>()?;
    envelope(page.next, items, per_page, &query, &state.config.public_url, "/v2/all-transactions").into_json_text()
}

fn read_filters(query: &ListQuery, state: &AppState) -> Result<(AllQuery, usize), ApiError> {
    let mut problems = Problems::new();
    let page = query.page(&mut problems);
    let mut filters = AllQuery {
        kinds: query.filter_list("type", &mut problems),
        flows: query.filter_list("flow", &mut problems),
        statuses: query.filter_list("status", &mut problems),
        after: page.after,
        limit: page.per_page,
        ..AllQuery::default()
    };
    if let Some(range) = query.get("filter[created_between]") {
        match parse_day_range(range, state.config.time_zone) {
            Ok((from, until)) => {
                filters.created_from = Some(from);
                filters.created_until = Some(until);
            }
            Err(message) => problems.add("filter.created_between", message),
        }
    }
    problems.into_result((filters, page.per_page)).map_err(ApiError::from)
}

pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<JsonText, ApiError> {
    let id = path_id(&id)?;
    let record = state.hub.show_transaction(caller, id).await?.ok_or(ApiError::NotFound)?;
    let data = transaction(&record, state.config.time_zone)?;
    Ok(JsonText(format!("{{\"data\":{data}}}")))
}
