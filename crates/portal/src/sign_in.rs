//! `/portal/login` and `/portal/logout`: signing in with an e-mail address and a password, and
//! out again. A failed sign-in never says whether the address or the password was wrong.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use switchyard_network::usecases::sign_in::SignIn;

use crate::pages::{ProblemPage, render, server_error};
use crate::signed_in::{self, ClientAddress, Nav, safe_next, see_other};
use crate::{PortalState, cookies, csrf};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Option<Nav>,
    notice: Option<&'static str>,
    problem: Option<&'static str>,
    email: String,
    next: String,
    csrf: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    next: String,
    notice: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
    csrf: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignedInForm {
    pub csrf: String,
}

/// The sentence the sign-in page opens with after another page sent the browser there.
fn notice(name: &str) -> Option<&'static str> {
    match name {
        "signed-out" => Some("You are signed out."),
        "password-set" => Some("Your password is set. Sign in with it now."),
        "reset-sent" => Some(
            "If an account exists for that address, a link to choose a new password is on its way. It works for 72 \
             hours.",
        ),
        _ => None,
    }
}

/// An anonymous form's page, with the form token's cookie when the browser has none yet.
pub fn with_form_cookie(
    state: &PortalState,
    status: StatusCode,
    page: &impl Template,
    new: Option<String>,
) -> Response {
    let mut response = render(status, page);
    if let Some(token) = new
        && let Ok(value) = cookies::set(cookies::FORM_TOKEN, &token, state.secure_cookies, None).parse()
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

pub fn form_expired() -> Response {
    let page = ProblemPage {
        nav: None,
        title: "This form has expired",
        explanation: "The page was open too long, or it came from somewhere else. Go back, reload the page and try \
                      again.",
    };
    render(StatusCode::FORBIDDEN, &page)
}

pub async fn form(State(state): State<PortalState>, headers: HeaderMap, Query(query): Query<LoginQuery>) -> Response {
    match signed_in::session(&state, &headers).await {
        Ok(Some(_)) => return see_other(safe_next(&query.next)),
        Ok(None) => {}
        Err(response) => return response,
    }
    let (csrf, new) = csrf::form_token(&headers);
    let page = LoginPage {
        nav: None,
        notice: notice(&query.notice),
        problem: None,
        email: String::new(),
        next: safe_next(&query.next).to_owned(),
        csrf,
    };
    with_form_cookie(&state, StatusCode::OK, &page, new)
}

pub async fn submit(
    State(state): State<PortalState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if !csrf::anonymous_form_matches(&headers, &form.csrf) {
        return form_expired();
    }
    let next = safe_next(&form.next).to_owned();
    match state.hub.sign_in(&form.email, &form.password, &address).await {
        Ok(SignIn::SignedIn(signed_in)) => {
            let cookie = cookies::set(cookies::SESSION, &signed_in.secret, state.secure_cookies, None);
            (StatusCode::SEE_OTHER, [(header::LOCATION, next), (header::SET_COOKIE, cookie)]).into_response()
        }
        Ok(SignIn::Refused) => {
            let page = LoginPage {
                nav: None,
                notice: None,
                problem: Some("The e-mail address or the password is not right."),
                email: form.email,
                next,
                csrf: form.csrf,
            };
            render(StatusCode::UNAUTHORIZED, &page)
        }
        Ok(SignIn::Throttled) => {
            let page = ProblemPage {
                nav: None,
                title: "Too many failed sign-ins",
                explanation: "Signing in is paused for this account or from this network after many failed \
                              attempts. Wait a quarter of an hour and try again, or choose a new password with \
                              \u{201c}Forgot your password?\u{201d} on the sign-in page.",
            };
            render(StatusCode::TOO_MANY_REQUESTS, &page)
        }
        Err(cause) => {
            tracing::error!(%cause, "a sign-in could not be checked");
            server_error()
        }
    }
}

pub async fn sign_out(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Form(form): Form<SignedInForm>,
) -> Response {
    let Some(secret) = cookies::read(&headers, cookies::SESSION) else {
        return see_other("/portal/login?notice=signed-out");
    };
    match state.hub.session(&secret).await {
        Ok(Some(session)) if !csrf::matches(&session.csrf_token, &form.csrf) => return form_expired(),
        Ok(_) => {}
        Err(cause) => {
            tracing::error!(%cause, "could not read a session");
            return server_error();
        }
    }
    if let Err(cause) = state.hub.sign_out(&secret).await {
        tracing::error!(%cause, "could not end a session");
        return server_error();
    }
    let cookie = cookies::clear(cookies::SESSION, state.secure_cookies);
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/portal/login?notice=signed-out".to_owned()), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}
