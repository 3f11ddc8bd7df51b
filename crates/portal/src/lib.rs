//! The pages for people: server-rendered templates (askama, escaping every value by default),
//! one stylesheet of our own embedded in the binary, and the security headers every page
//! carries. Handlers read through the hub's use cases, as the API's do.

mod audit_page;
mod connections_page;
mod cookies;
mod csrf;
mod dashboard_page;
mod document_view;
mod document_words;
mod error_actions;
mod error_page;
mod errors_list;
mod headers;
mod identifiers_page;
mod pages;
mod partners_page;
mod passwords;
mod settings_page;
mod sign_in;
mod signed_in;
mod story;
mod style;
mod time;
mod transaction_page;
mod transactions_list;
mod webhooks_section;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use chrono_tz::Tz;
use switchyard_network::Hub;
use tower_http::catch_panic::CatchPanicLayer;

/// What the pages need besides the hub.
#[derive(Clone)]
pub struct PortalState {
    pub hub: Arc<Hub>,
    /// Zone the pages show times in.
    pub time_zone: Tz,
    /// Whether cookies are sent over https only (the hub's public address is https).
    pub secure_cookies: bool,
    /// Where webhook endpoints may be.
    pub webhook_policy: switchyard_network::model::webhook_target::TargetPolicy,
}

/// The portal's routes, to merge beside the API's.
pub fn router(state: PortalState) -> Router {
    Router::new()
        .route("/portal/login", get(sign_in::form).post(sign_in::submit))
        .route("/portal/logout", post(sign_in::sign_out))
        .route("/portal/password/{secret}", get(passwords::form).post(passwords::submit))
        .route("/portal/forgot-password", get(passwords::forgot_form).post(passwords::forgot_submit))
        .route("/portal", get(dashboard_page::show))
        .route("/portal/errors", get(errors_list::list))
        .route("/portal/transactions", get(transactions_list::list))
        .route("/portal/transactions.csv", get(transactions_list::export))
        .route("/portal/transactions/{id}", get(transaction_page::show))
        .route("/portal/transactions/{id}/json", get(transaction_page::download))
        .route("/portal/settings", get(settings_page::show))
        .route("/portal/identifiers", get(identifiers_page::show))
        .route("/portal/partners", get(partners_page::show))
        .route("/portal/partners/{id}/propose", post(partners_page::propose))
        .route("/portal/proposals/{id}/accept", post(partners_page::accept))
        .route("/portal/proposals/{id}/decline", post(partners_page::decline))
        .route("/portal/proposals/{id}/withdraw", post(partners_page::withdraw))
        .route("/portal/connections", get(connections_page::show))
        .route("/portal/audit", get(audit_page::show))
        .route("/portal/connections/new", post(connections_page::issue))
        .route("/portal/connections/{id}/rotate", post(connections_page::rotate))
        .route("/portal/connections/{id}/revoke", post(connections_page::revoke))
        .route("/portal/connections/webhooks/new", post(webhooks_section::add))
        .route("/portal/connections/webhooks/{id}/{action}", post(webhooks_section::act))
        .route("/portal/connections/deliveries/{id}/retry", post(webhooks_section::retry))
        .route("/portal/settings/mail", post(settings_page::save_mail))
        .route("/portal/people/invite", post(settings_page::invite))
        .route("/portal/people/{id}/role", post(settings_page::change_role))
        .route("/portal/people/{id}/disable", post(settings_page::disable))
        .route("/portal/responsible", post(settings_page::set_responsible))
        .route("/portal/errors/{id}", get(error_page::show))
        .route("/portal/errors/{id}/resolve", post(error_actions::resolve))
        .route("/portal/errors/{id}/deliver-again", post(error_actions::deliver_again))
        .route("/portal/errors/{id}/discard", post(error_actions::discard))
        .route(style::PATH, get(style::stylesheet))
        .layer(axum::middleware::from_fn(headers::secure))
        .layer(CatchPanicLayer::new())
        .with_state(state)
}
