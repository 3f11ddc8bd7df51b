//! Turning a template into a page, and the pages every handler may answer with.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// A page that could not be shown: what happened, and what the reader can do.
#[derive(Template)]
#[template(path = "problem.html")]
pub struct ProblemPage {
    pub nav: Option<crate::signed_in::Nav>,
    pub title: &'static str,
    pub explanation: &'static str,
}

/// Renders `page` with `status`; a template that fails to render is logged and answered 500.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(cause) => {
            tracing::error!(%cause, "a page could not be rendered");
            let body = "<!doctype html><title>Server error</title><p>The page could not be shown.</p>";
            (StatusCode::INTERNAL_SERVER_ERROR, Html(body)).into_response()
        }
    }
}

pub fn not_found(title: &'static str, explanation: &'static str) -> Response {
    render(StatusCode::NOT_FOUND, &ProblemPage { nav: None, title, explanation })
}

pub fn server_error() -> Response {
    let page = ProblemPage {
        nav: None,
        title: "Something went wrong on our side",
        explanation: "The page could not be loaded. Please try again in a minute; if it keeps happening, tell the \
                      operator of this hub.",
    };
    render(StatusCode::INTERNAL_SERVER_ERROR, &page)
}
