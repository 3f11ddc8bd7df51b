//! The pages for people: server-rendered templates (askama, escaping every value by default),
//! one stylesheet of our own embedded in the binary, and the security headers every page
//! carries. Handlers read through the hub's use cases, as the API's do.

mod error_page;
mod headers;
mod pages;
mod style;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use chrono_tz::Tz;
use switchyard_network::Hub;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

/// What the pages need besides the hub.
#[derive(Clone)]
pub struct PortalState {
    pub hub: Arc<Hub>,
    /// Zone the pages show times in.
    pub time_zone: Tz,
}

/// The portal's routes, to merge beside the API's.
pub fn router(state: PortalState) -> Router {
    Router::new()
        .route("/portal/errors/{id}", get(error_page::show))
        .route(style::PATH, get(style::stylesheet))
        .layer(axum::middleware::from_fn(headers::secure))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
