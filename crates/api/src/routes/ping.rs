//! `GET /v2/ping`: an authenticated no-op for ERPs to test their connection; `/healthz`.

use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;

pub async fn ping() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// The process is up and serving; for supervisors that restart what hangs.
pub async fn healthy() -> &'static str {
    "ok"
}

/// The process can serve requests: its database answers. Load balancers send traffic only to
/// ready processes.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.hub.ready().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(cause) => {
            tracing::warn!(%cause, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "the database does not answer")
        }
    }
}
