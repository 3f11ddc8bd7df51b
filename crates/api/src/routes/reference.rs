//! `GET /openapi.json`, our own OpenAPI document, and `GET /docs`, a reference page that renders
//! it with nothing fetched from elsewhere.

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse};

use crate::AppState;

const PAGE: &str = include_str!("../../assets/reference.html");

pub async fn openapi(State(state): State<AppState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], state.openapi.to_string())
}

pub async fn page() -> Html<&'static str> {
    Html(PAGE)
}
