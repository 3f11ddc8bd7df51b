//! The HTTP face of the hub for ERPs: the `/v2` API wire-compatible with Procuros API v2, our
//! OpenAPI document, and health checks. (The pages `errorUrl` links open are the portal's.) Handlers parse, call one use case, and shape
//! the response; the rules live in `network`.

mod auth;
mod body;
mod body_pace;
mod error;
mod error_code;
mod fields;
mod idempotency;
mod json_errors;
mod large_bodies;
mod openapi;
mod pagination;
mod pieces_body;
mod rate_limit;
pub mod request_log;
mod routes;
mod scopes;
mod stored_json;
mod time;
mod views;
mod webhook_bodies;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use chrono_tz::Tz;
use switchyard_network::{Hub, PageBudget};
use tower_http::catch_panic::CatchPanicLayer;

pub use body_pace::{BodyPace, BodyTooSlow, paced};
pub use error::ApiError;
pub use error_code::ErrorCode;
pub use json_errors::message_for as error_message_for;
pub use large_bodies::LARGE_BODY_BYTES;
use large_bodies::LargeBodies;
pub use openapi::document as openapi_document;
use rate_limit::RateLimiter;
#[doc(hidden)]
pub use routes::fuzzing;
pub use time::parse_day_range;
pub use webhook_bodies::{WebhookData, webhook_body};

/// What the HTTP layer needs to know besides the hub.
#[derive(Clone, Debug)]
pub struct ApiConfig {
    /// Base of absolute links (`nextPageUrl`, `errorUrl`), without a trailing slash.
    pub public_url: String,
    /// Zone of `createdAt` and of the days in `filter[created_between]`.
    pub time_zone: Tz,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Requests per token per minute; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Requests per client address per minute without a valid token; 0 turns the limit off.
    pub unauthenticated_rate_limit_per_minute: u32,
    /// Large bodies (see [`LARGE_BODY_BYTES`]) handled at once; more wait their turn.
    pub large_bodies_in_flight: usize,
    /// Bytes of stored documents one list page holds at most (it holds one however large).
    pub list_page_bytes: usize,
    /// Where webhook endpoints may be.
    pub webhook_policy: switchyard_network::model::webhook_target::TargetPolicy,
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub config: Arc<ApiConfig>,
    limiter: Arc<RateLimiter<uuid::Uuid>>,
    address_limiter: Arc<RateLimiter<std::net::IpAddr>>,
    large_bodies: LargeBodies,
    /// Our OpenAPI document, built and serialised once at start.
    openapi: Arc<str>,
}

impl AppState {
    pub fn new(hub: Arc<Hub>, mut config: ApiConfig) -> Self {
        let trimmed_len = config.public_url.trim_end_matches('/').len();
        config.public_url.truncate(trimmed_len);
        let limiter = Arc::new(RateLimiter::new(config.rate_limit_per_minute));
        let address_limiter = Arc::new(RateLimiter::new(config.unauthenticated_rate_limit_per_minute));
        let openapi = openapi::document(&config.public_url).to_string().into();
        let large_bodies = LargeBodies::new(config.large_bodies_in_flight);
        Self { hub, config: Arc::new(config), limiter, address_limiter, large_bodies, openapi }
    }

    /// A large body's turn for a page of `records`, if their contents are large (see
    /// [`large_bodies`]); waits for it.
    pub(crate) async fn turn_for_page(
        &self,
        records: &[switchyard_network::model::TransactionRecord],
    ) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let bytes = records.iter().map(|record| record.content.as_bytes().len()).sum();
        self.large_bodies.turn_for_answer(bytes).await
    }

    /// What one list page of `per_page` may hold.
    pub fn page_budget(&self, per_page: usize) -> PageBudget {
        PageBudget { items: per_page, bytes: self.config.list_page_bytes }
    }

    /// The page of this server that shows an error (served by the portal at this path).
    pub fn error_url(&self, error_id: uuid::Uuid) -> String {
        format!("{}/portal/errors/{error_id}", self.config.public_url)
    }
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let body_limit = state.config.body_limit;
    routes::routes(state)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(CatchPanicLayer::new())
        .layer(axum::middleware::from_fn(json_errors::json_error_bodies))
}
