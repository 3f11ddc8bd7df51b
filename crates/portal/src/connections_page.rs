//! `/portal/connections`, for admins: the company's ERP connections and their API tokens, each
//! with when it was issued and last used, whether it still works, and what it may do (its
//! scopes, networks and expiry), and the forms that rotate or revoke one; below them the
//! company's webhook endpoints ([`crate::webhooks_section`]). A secret is shown once,
//! on the page that answers its rotation; otherwise only the characters a token starts with.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use switchyard_network::model::{Actor, Grant, Networks, Scope, Scopes, SessionRecord, TokenRecord};
use switchyard_network::{Error, Timestamp};
use uuid::Uuid;

use crate::pages::{ProblemPage, not_found, render, server_error};
use crate::sign_in::form_expired;
use crate::signed_in::{self, Nav, see_other};
use crate::time::{day_start, format_time};
use crate::{PortalState, csrf};

pub(crate) const PATH: &str = "/portal/connections";

#[derive(Template)]
#[template(path = "connections.html")]
struct ConnectionsPage {
    nav: Option<Nav>,
    csrf: String,
    notice: Option<&'static str>,
    /// Why a form was not taken.
    problem: Option<String>,
    /// A token just issued by a rotation: its connection and its secret, shown this once.
    issued: Option<(String, String)>,
    /// A webhook secret just made: the endpoint's address and the secret, shown this once.
    webhook_secret: Option<(String, String)>,
    company: String,
    tokens: Vec<TokenRow>,
    webhooks: Vec<crate::webhooks_section::WebhookRow>,
    events: Vec<(&'static str, &'static str)>,
}

/// What the page says besides the lists: the outcome of a form, a secret shown once.
#[derive(Default)]
pub(crate) struct Shown {
    pub notice: Option<&'static str>,
    pub problem: Option<String>,
    pub issued: Option<(String, String)>,
    pub webhook_secret: Option<(String, String)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConnectionsQuery {
    done: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    csrf: String,
}

/// The form that issues a token for a connection: its name and a box for each scope (none
/// ticked is every scope, as for the operator's command).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewTokenForm {
    csrf: String,
    connection: String,
    incoming_read: String,
    incoming_mark: String,
    outgoing_send: String,
    errors_report: String,
    tasks: String,
    admin: String,
    /// Networks it may call from, separated by commas or spaces; blank for any.
    networks: String,
    /// The last day it works, `YYYY-MM-DD` in the hub's zone; blank for no expiry.
    expires: String,
}

impl NewTokenForm {
    fn scopes(&self) -> Scopes {
        let ticked = [
            (&self.incoming_read, Scope::IncomingRead),
            (&self.incoming_mark, Scope::IncomingMark),
            (&self.outgoing_send, Scope::OutgoingSend),
            (&self.errors_report, Scope::ErrorsReport),
            (&self.tasks, Scope::Tasks),
            (&self.admin, Scope::Admin),
        ];
        let scopes: Vec<Scope> =
            ticked.iter().filter(|(value, _)| !value.is_empty()).map(|(_, scope)| *scope).collect();
        Scopes::of(&scopes)
    }

    /// What the token is granted, or why the form does not read.
    fn grant(&self, zone: chrono_tz::Tz, now: Timestamp) -> Result<Grant, String> {
        let blocks: Vec<&str> =
            self.networks.split([',', ' ', '\n']).filter(|block| !block.trim().is_empty()).collect();
        let allowed_from = Networks::parse(&blocks)?;
        let expires_at = day_start(&self.expires, zone, 1).map_err(str::to_owned)?;
        if expires_at.is_some_and(|at| at <= now) {
            return Err("The last day a token works cannot be in the past.".to_owned());
        }
        Ok(Grant { scopes: self.scopes(), allowed_from, expires_at })
    }
}

const NO_SUCH_TOKEN: &str =
    "No working token of your company has this id: it may have been revoked or rotated already.";

/// One token as the page shows it, in words.
struct TokenRow {
    id: Uuid,
    connection: String,
    hint: String,
    issued: String,
    last_used: String,
    state: String,
    working: bool,
    may: String,
}

pub async fn show(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Query(query): Query<ConnectionsQuery>,
) -> Response {
    let session = match admin_session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let notice = match query.done.as_str() {
        "revoked" => Some("The token is revoked: an ERP calling with it is refused from now on."),
        other => crate::webhooks_section::notice(other),
    };
    page(&state, &session, Shown { notice, ..Shown::default() }).await
}

pub async fn issue(State(state): State<PortalState>, headers: HeaderMap, Form(form): Form<NewTokenForm>) -> Response {
    let token_form = TokenForm { csrf: form.csrf.clone() };
    let session = match posting(&state, &headers, &token_form).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let name = form.connection.trim();
    if name.is_empty() {
        let problem = "Name the connection the token is for, e.g. the ERP or the warehouse system that will use it.";
        return refused(&state, &session, problem.to_owned()).await;
    }
    let company = match signed_in::own_company(&state, &session).await {
        Ok(company) => company,
        Err(response) => return response,
    };
    let grant = match form.grant(state.time_zone, state.hub.now()) {
        Ok(grant) => grant,
        Err(problem) => return refused(&state, &session, problem).await,
    };
    let actor = Actor::Person(session.user.email.clone());
    match state.hub.issue_granted_token(&company, name, grant, &actor).await {
        Ok(issued) => {
            let notice = Some("The token is issued. Put it into the ERP now: it is not shown again.");
            let issued = Some((issued.connection_name, issued.token));
            page(&state, &session, Shown { notice, issued, ..Shown::default() }).await
        }
        Err(cause) => {
            tracing::error!(%cause, "could not issue a token");
            server_error()
        }
    }
}

pub async fn rotate(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    let (session, id) = match token_posting(&state, &headers, &id, &form).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    match state.hub.rotate_own_token(&session.user, id).await {
        Ok(issued) => {
            let notice = Some(
                "A new token replaces the old one, which is refused from now on. Put the new one into the ERP now: it is not shown again.",
            );
            let issued = Some((issued.connection_name, issued.token));
            page(&state, &session, Shown { notice, issued, ..Shown::default() }).await
        }
        Err(Error::NotFound(_)) => not_found("Token not found", NO_SUCH_TOKEN),
        Err(cause) => {
            tracing::error!(%cause, "could not rotate a token");
            server_error()
        }
    }
}

pub async fn revoke(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    let (session, id) = match token_posting(&state, &headers, &id, &form).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    match state.hub.revoke_own_token(&session.user, id).await {
        Ok(_) => see_other(&format!("{PATH}?done=revoked")),
        Err(Error::NotFound(_)) => not_found("Token not found", NO_SUCH_TOKEN),
        Err(cause) => {
            tracing::error!(%cause, "could not revoke a token");
            server_error()
        }
    }
}

/// The session of an admin, or the page that sends a visitor to sign in or tells a member
/// that the page is for admins.
pub(crate) async fn admin_session(state: &PortalState, headers: &HeaderMap) -> Result<SessionRecord, Response> {
    let session = signed_in::required(state, headers, PATH).await?;
    if session.user.is_admin() {
        return Ok(session);
    }
    let page = ProblemPage {
        nav: Some(Nav::load(state, &session).await?),
        title: "Only admins can see the connections",
        explanation: "The ERP connections and their tokens are for your company's admins. Ask one of them.",
    };
    Err(render(StatusCode::FORBIDDEN, &page))
}

/// The admin's session of a form post with its CSRF token, or the answer that refuses it.
async fn posting(state: &PortalState, headers: &HeaderMap, form: &TokenForm) -> Result<SessionRecord, Response> {
    admin_posting(state, headers, &form.csrf).await
}

/// The admin's session of a form post carrying `csrf`, or the answer that refuses it.
pub(crate) async fn admin_posting(
    state: &PortalState,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<SessionRecord, Response> {
    let session = admin_session(state, headers).await?;
    if csrf::matches(&session.csrf_token, csrf) { Ok(session) } else { Err(form_expired()) }
}

/// The admin's session and the token id of a rotation or revocation, or the answer that refuses it.
async fn token_posting(
    state: &PortalState,
    headers: &HeaderMap,
    id: &str,
    form: &TokenForm,
) -> Result<(SessionRecord, Uuid), Response> {
    let session = posting(state, headers, form).await?;
    let id = id.parse::<Uuid>().map_err(|_| not_found("Token not found", NO_SUCH_TOKEN))?;
    Ok((session, id))
}

pub(crate) async fn page(state: &PortalState, session: &SessionRecord, shown: Shown) -> Response {
    let nav = match Nav::load(state, session).await {
        Ok(nav) => nav,
        Err(response) => return response,
    };
    let company = match signed_in::own_company(state, session).await {
        Ok(company) => company,
        Err(response) => return response,
    };
    let tokens = match state.hub.list_tokens(&company).await {
        Ok(tokens) => tokens,
        Err(cause) => {
            tracing::error!(%cause, "could not list a company's tokens");
            return server_error();
        }
    };
    let webhooks = match crate::webhooks_section::rows(state, company.id).await {
        Ok(webhooks) => webhooks,
        Err(response) => return response,
    };
    let (now, zone) = (state.hub.now(), state.time_zone);
    let tokens = tokens.iter().map(|token| row(token, now, zone)).collect();
    let csrf = session.csrf_token.clone();
    let Shown { notice, problem, issued, webhook_secret } = shown;
    let events = crate::webhooks_section::EVENTS.to_vec();
    let page = ConnectionsPage {
        nav: Some(nav),
        csrf,
        notice,
        problem,
        issued,
        webhook_secret,
        company: company.name,
        tokens,
        webhooks,
        events,
    };
    render(StatusCode::OK, &page)
}

/// The page again, saying why the form was not taken.
pub(crate) async fn refused(state: &PortalState, session: &SessionRecord, problem: String) -> Response {
    let mut answer = page(state, session, Shown { problem: Some(problem), ..Shown::default() }).await;
    if answer.status() == StatusCode::OK {
        *answer.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    answer
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
        id: token.id,
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
