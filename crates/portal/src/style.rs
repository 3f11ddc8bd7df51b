//! The one stylesheet, embedded in the binary so that a page needs nothing from elsewhere.

use axum::http::header;
use axum::response::IntoResponse;

pub const PATH: &str = "/portal/style.css";

const STYLESHEET: &str = include_str!("../static/style.css");

pub async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLESHEET)
}
