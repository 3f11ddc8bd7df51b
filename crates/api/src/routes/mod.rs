//! The routes: one module per resource, each with its handlers and their request reading.

mod all_transactions;
mod errors;
pub mod fuzzing;
mod incoming;
mod leases;
mod marking;
mod ping;
mod reference;
mod send;
mod tasks;
mod validate;
mod webhooks;

use axum::Router;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::middleware::from_fn_with_state;
use axum::routing::{delete, get, post, put};
use uuid::Uuid;

use crate::large_bodies;
use crate::{ApiError, AppState, auth};

pub fn routes(state: AppState) -> Router {
    let v2 = Router::new()
        .route("/ping", get(ping::ping).post(ping::ping))
        .route("/transactions", get(incoming::list).post(send::send))
        .route("/transactions/bulk/mark-processed", post(marking::mark_many))
        .route("/transactions/{id}", put(marking::mark_one))
        .route("/transactions/leases/{id}/extend", post(leases::extend))
        .route("/transactions/leases/{id}", delete(leases::release))
        .route("/all-transactions", get(all_transactions::list))
        .route("/all-transactions/{id}", get(all_transactions::show))
        .route("/all-transactions/{id}/events", get(all_transactions::events))
        .route("/errors", post(errors::report))
        .route("/tasks", get(tasks::list))
        .route("/tasks/{id}", put(tasks::report))
        .route("/validate", post(validate::validate))
        .route("/webhooks", get(webhooks::list).post(webhooks::add))
        .route("/webhooks/{id}", get(webhooks::show).patch(webhooks::change).delete(webhooks::remove))
        .route("/webhooks/{id}/rotate-secret", post(webhooks::rotate_secret))
        .route("/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route("/webhooks/deliveries/{id}/retry", post(webhooks::retry))
        // Authenticated callers only may wait for a large-body permit.
        .route_layer(from_fn_with_state(state.clone(), large_bodies::admit))
        .route_layer(from_fn_with_state(state.clone(), auth::authenticate));
    let public = Router::new()
        .route("/healthz", get(ping::healthy))
        .route("/readyz", get(ping::ready))
        .route("/openapi.json", get(reference::openapi))
        .route("/docs", get(reference::page))
        .route_layer(from_fn_with_state(state.clone(), auth::limit_by_address));
    Router::new().nest("/v2", v2).merge(public).fallback(not_found).with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// The id in a path. Read from the raw path, before percent-decoding: a UUID has nothing to
/// decode, and anything else (`%FF` included) names nothing, so it is a 404 like any unknown id.
pub(crate) struct PathId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| ApiError::NotFound)?;
        let (_, text) = params.iter().next().ok_or(ApiError::NotFound)?;
        text.parse().map(PathId).map_err(|_| ApiError::NotFound)
    }
}
