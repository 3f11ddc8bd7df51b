//! `GET /v2/ping`: an authenticated no-op for ERPs to test their connection; `/healthz`.

use axum::http::StatusCode;

pub async fn ping() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// The process is up and serving; for load balancers and supervisors.
pub async fn healthy() -> &'static str {
    "ok"
}
