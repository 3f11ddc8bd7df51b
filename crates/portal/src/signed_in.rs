//! Who is looking at a page: the session of the browser's cookie, or a redirect to the sign-in
//! page that comes back to the page afterwards.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use switchyard_network::model::{Company, SessionRecord};

use crate::pages::server_error;
use crate::{PortalState, cookies};

/// What the top of every signed-in page shows: who is signed in, the sign-out form, and a
/// banner while the company has open errors.
pub struct Nav {
    pub email: String,
    pub company: String,
    pub csrf: String,
    pub open_errors: u64,
    /// Whether the user may see the admins' pages (they are left out of the navigation otherwise).
    pub admin: bool,
}

impl Nav {
    pub async fn load(state: &PortalState, session: &SessionRecord) -> Result<Self, Response> {
        let open_errors = state.hub.open_error_count(session.user.company_id).await.map_err(|cause| {
            tracing::error!(%cause, "could not count open errors");
            server_error()
        })?;
        Ok(Self {
            email: session.user.email.clone(),
            company: session.user.company_name.clone(),
            csrf: session.csrf_token.clone(),
            open_errors,
            admin: session.user.is_admin(),
        })
    }
}

/// The browser's session, if it has one that is still good.
pub async fn session(state: &PortalState, headers: &HeaderMap) -> Result<Option<SessionRecord>, Response> {
    let Some(secret) = cookies::read(headers, cookies::SESSION) else { return Ok(None) };
    let session = state.hub.session(&secret).await.map_err(|cause| {
        tracing::error!(%cause, "could not read a session");
        server_error()
    })?;
    if let Some(session) = &session {
        switchyard_network::noted_company::note_company(session.user.company_id);
    }
    Ok(session)
}

/// The browser's session, or the answer that sends it to sign in and then back to `path`.
pub async fn required(state: &PortalState, headers: &HeaderMap, path: &str) -> Result<SessionRecord, Response> {
    session(state, headers).await?.ok_or_else(|| to_sign_in(path))
}

/// The session of a signed-in page and the navigation at its top, or the answer that sends the
/// browser to sign in and back to `path` (or says the server failed).
pub async fn page_session(
    state: &PortalState,
    headers: &HeaderMap,
    path: &str,
) -> Result<(SessionRecord, Nav), Response> {
    let session = required(state, headers, path).await?;
    let nav = Nav::load(state, &session).await?;
    Ok((session, nav))
}

/// The company of the signed-in user, or the page that says the server failed.
pub async fn own_company(state: &PortalState, session: &SessionRecord) -> Result<Company, Response> {
    state.hub.company(&session.user.company_id.to_string()).await.map_err(|cause| {
        tracing::error!(%cause, "could not read the company of a session");
        server_error()
    })
}

pub fn to_sign_in(path: &str) -> Response {
    let next: String = url_encode(path);
    see_other(&format!("/portal/login?next={next}"))
}

pub fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

/// Where to go after signing in: only a page of the portal, never another site.
pub fn safe_next(next: &str) -> &str {
    let ours = next.starts_with("/portal") && !next.starts_with("//") && !next.contains('\\');
    if ours { next } else { "/portal" }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => char::from(byte).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// The address a request came from, for the sign-in throttle.
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let address = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip());
        Ok(Self(address.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_portal_pages_are_followed_after_sign_in() {
        assert_eq!(safe_next("/portal/errors/1"), "/portal/errors/1");
        assert_eq!(safe_next("https://evil.example/portal"), "/portal");
        assert_eq!(safe_next("//evil.example"), "/portal");
        assert_eq!(safe_next("/portal\\@evil"), "/portal");
        assert_eq!(url_encode("/portal/errors?x=1&y"), "/portal/errors%3Fx%3D1%26y");
    }
}
