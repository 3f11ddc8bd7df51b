//! `POST /v2/transactions/leases/{leaseId}/extend` and `DELETE /v2/transactions/leases/{leaseId}`:
//! a poller keeps the items a leasing listing gave it for longer, or gives them back at once.

use axum::extract::State;
use axum::{Extension, Json};
use serde_json::{Value, json};
use switchyard_documents::Problems;
use switchyard_network::model::lease::LONGEST_LEASE_SECONDS;
use switchyard_network::model::{Caller, LeaseLength};

use super::PathId;
use crate::body::{JsonBytes, parse_json};
use crate::fields::Fields;
use crate::time::format_timestamp;
use crate::{ApiError, AppState};

pub async fn extend(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(lease_id): PathId,
    JsonBytes(bytes): JsonBytes,
) -> Result<Json<Value>, ApiError> {
    let length = read_length(&parse_json(&bytes)?)?;
    let (lease, held) = state.hub.extend_lease(caller, lease_id, length).await?;
    let expires = format_timestamp(lease.until, state.config.time_zone);
    Ok(Json(json!({ "data": { "leaseId": lease.id, "leaseExpiresAt": expires, "count": held } })))
}

pub async fn release(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(lease_id): PathId,
) -> Result<Json<Value>, ApiError> {
    let held = state.hub.release_lease(caller, lease_id).await?;
    Ok(Json(json!({ "data": { "leaseId": lease_id, "released": held } })))
}

/// `{"seconds": N}`: the lease's new length from now.
fn read_length(body: &Value) -> Result<LeaseLength, ApiError> {
    let mut problems = Problems::new();
    let Some(fields) = Fields::of(body, "", &mut problems) else { return Err(problems.into()) };
    let seconds = fields.required_integer("seconds", &mut problems);
    let length = seconds.and_then(LeaseLength::seconds);
    if seconds.is_some() && length.is_none() {
        problems.add("seconds", format!("The seconds must be between 1 and {LONGEST_LEASE_SECONDS}."));
    }
    problems.into_result(())?;
    length.ok_or_else(|| ApiError::invalid("seconds", "The seconds field is required."))
}
