//! `GET /v2/transactions`: the caller's unprocessed incoming transactions.

use axum::Extension;
use axum::extract::{RawQuery, State};
use switchyard_documents::{DocumentType, Problems};
use switchyard_network::model::Caller;

use crate::pagination::{ListQuery, RenderedPage};
use crate::stored_json::JsonPieces;
use crate::views::{received, rendered_size};
use crate::{ApiError, AppState};

pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<JsonPieces, ApiError> {
    let query = ListQuery::parse(query.as_deref());
    let mut problems = Problems::new();
    let kinds: Vec<DocumentType> = query.filter_list("type", &mut problems);
    let page_request = query.page(&mut problems);
    problems.into_result(())?;
    let budget = state.page_budget(page_request.per_page);
    let page = state.hub.list_incoming(caller, kinds, page_request.after, budget).await?;
    let turn = state.turn_for_page(&page.items).await;
    let rendered = RenderedPage {
        next: page.next,
        per_page: page_request.per_page,
        query: &query,
        base: &state.config.public_url,
        path: "/v2/transactions",
        capacity: rendered_size(&page.items),
    };
    Ok(rendered.render(page.items, received)?.holding(turn))
}
