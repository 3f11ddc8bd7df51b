//! `/portal/connections`, for admins: the company's ERP connections and their API tokens, each
//! with when it was issued and last used, whether it still works, and what it may do (its
//! scopes, networks and expiry). Secrets are never shown: only the hint a token starts with.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use switchyard_network::Timestamp;
use switchyard_network::model::{Grant, Scopes, TokenRecord};

use crate::PortalState;
use crate::pages::{ProblemPage, render, server_error};
use crate::signed_in::{self, Nav};
use crate::time::format_time;

const PATH: &str = "/portal/connections";

#[derive(Template)]
#[template(path = "connections.html")]
struct ConnectionsPage {
    nav: Option<Nav>,
    company: String,
    tokens: Vec<TokenRow>,
}

/// One token as the page shows it, in words.
struct TokenRow {
    connection: String,
    hint: String,
    issued: String,
    last_used: String,
    state: String,
    working: bool,
    may: String,
}

pub async fn show(State(state): State<PortalState>, headers: HeaderMap) -> Response {
    let session = match signed_in::required(&state, &headers, PATH).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let nav = match Nav::load(&state, &session).await {
        Ok(nav) => nav,
        Err(response) => return response,
    };
    if !session.user.is_admin() {
        let page = ProblemPage {
            nav: Some(nav),
            title: "Only admins can see the connections",
            explanation: "The ERP connections and their tokens are for your company's admins. Ask one of them.",
        };
        return render(StatusCode::FORBIDDEN, &page);
    }
    let company = match state.hub.company(&session.user.company_id.to_string()).await {
        Ok(company) => company,
        Err(cause) => {
            tracing::error!(%cause, "could not read the company of a session");
            return server_error();
        }
    };
    let tokens = match state.hub.list_tokens(&company).await {
        Ok(tokens) => tokens,
        Err(cause) => {
            tracing::error!(%cause, "could not list a company's tokens");
            return server_error();
        }
    };
    let now = state.hub.now();
    let zone = state.time_zone;
    let tokens = tokens.iter().map(|token| row(token, now, zone)).collect();
    render(StatusCode::OK, &ConnectionsPage { nav: Some(nav), company: company.name, tokens })
}

fn row(token: &TokenRecord, now: Timestamp, zone: chrono_tz::Tz) -> TokenRow {
    let expired = token.grant.expired(now);
    let state = match (token.revoked_at, token.grant.expires_at) {
        (Some(at), _) => format!("Revoked {}", format_time(at, zone)),
        (None, Some(at)) if expired => format!("Expired {}", format_time(at, zone)),
        (None, Some(at)) => format!("Works until {}", format_time(at, zone)),
        (None, None) => "Works until revoked".to_owned(),
    };
    TokenRow {
        connection: token.connection_name.clone(),
        hint: token.hint.clone(),
        issued: format_time(token.created_at, zone),
        last_used: token.last_used_at.map_or_else(|| "Never".to_owned(), |at| format_time(at, zone)),
        state,
        working: token.revoked_at.is_none() && !expired,
        may: permissions(&token.grant),
    }
}

/// What a token may do, in words: its scopes, and the networks it may call from.
fn permissions(grant: &Grant) -> String {
    let scopes = if grant.scopes == Scopes::ALL {
        "Everything".to_owned()
    } else {
        grant.scopes.names().iter().map(|scope| scope.as_str()).collect::<Vec<_>>().join(", ")
    };
    match grant.allowed_from.stored() {
        Some(networks) => format!("{scopes}, from {networks} only"),
        None => scopes,
    }
}
