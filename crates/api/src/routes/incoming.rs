//! `GET /v2/transactions`: the caller's unprocessed incoming transactions; with `lease`, held
//! for the caller for a while (see [`super::leases`]).

use axum::Extension;
use axum::extract::{RawQuery, State};
use switchyard_documents::{DocumentType, Problems};
use switchyard_network::model::lease::LONGEST_LEASE_SECONDS;
use switchyard_network::model::{Caller, LeaseLength};

use crate::pagination::{LeaseInfo, ListQuery, RenderedPage};
use crate::stored_json::JsonPieces;
use crate::time::format_timestamp;
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
    let lease = lease_length(&query, &mut problems);
    problems.into_result(())?;
    let budget = state.page_budget(page_request.per_page);
    let (page, lease) = match lease {
        None => (state.hub.list_incoming(caller, kinds, page_request.after, budget).await?, None),
        Some(length) => {
            let (page, lease) = state.hub.lease_incoming(caller, kinds, page_request.after, budget, length).await?;
            let expires = format_timestamp(lease.until, state.config.time_zone);
            (page, Some(LeaseInfo { lease_id: lease.id, lease_expires_at: expires }))
        }
    };
    let turn = state.turn_for_page(&page.items).await;
    let rendered = RenderedPage {
        next: page.next,
        per_page: page_request.per_page,
        query: &query,
        base: &state.config.public_url,
        path: "/v2/transactions",
        capacity: rendered_size(&page.items),
        lease,
    };
    Ok(rendered.render(page.items, received)?.holding(turn))
}

/// `lease=SECONDS`, 1 to 900; `None` when not asked for.
fn lease_length(query: &ListQuery, problems: &mut Problems) -> Option<LeaseLength> {
    let text = query.get("lease")?;
    let length = text.trim().parse().ok().and_then(LeaseLength::seconds);
    if length.is_none() {
        problems.add("lease", format!("The lease must be a number of seconds between 1 and {LONGEST_LEASE_SECONDS}."));
    }
    length
}
