//! `GET /v2/transactions`: the caller's unprocessed incoming transactions.

use axum::Extension;
use axum::extract::{RawQuery, State};
use documents::{DocumentType, Problems};
use network::model::Caller;

use crate::pagination::{ListQuery, envelope};
use crate::stored_json::JsonText;
use crate::views::received;
use crate::{ApiError, AppState};

pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<JsonText, ApiError> {
    let query = ListQuery::parse(query.as_deref());
    let mut problems = Problems::new();
    let kinds: Vec<DocumentType> = query.filter_list("type", &mut problems);
    let page_request = query.page(&mut problems);
    problems.into_result(())?;
    let page = state.hub.list_incoming(caller, kinds, page_request.after, page_request.per_page).await?;
    let items = page.items.iter().map(received).collect::<Result<Vec<_>, _>>()?;
    envelope(page.next, items, page_request.per_page, &query, &state.config.public_url, "/v2/transactions")
        .into_json_text()
}
