//! Choosing a password: `/portal/password/{secret}` (the one-time link of an invitation or a
//! reset) and `/portal/forgot-password` (which mails such a link, and never says whether the
//! address has an account).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use switchyard_network::Error;

use crate::pages::{ProblemPage, render, server_error};
use crate::sign_in::{form_expired, with_form_cookie};
use crate::signed_in::{Nav, see_other};
use crate::{PortalState, csrf};

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    nav: Option<Nav>,
    problem: Option<String>,
    secret: String,
    csrf: String,
    min_length: usize,
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    nav: Option<Nav>,
    csrf: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
    repeat: String,
    csrf: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
    csrf: String,
}

fn password_page(secret: String, csrf: String, problem: Option<String>) -> PasswordPage {
    PasswordPage { nav: None, problem, secret, csrf, min_length: switchyard_network::password::MIN_LENGTH }
}

pub async fn form(State(state): State<PortalState>, headers: HeaderMap, Path(secret): Path<String>) -> Response {
    let (csrf, new) = csrf::form_token(&headers);
    with_form_cookie(&state, StatusCode::OK, &password_page(secret, csrf, None), new)
}

pub async fn submit(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Response {
    if !csrf::anonymous_form_matches(&headers, &form.csrf) {
        return form_expired();
    }
    if form.password != form.repeat {
        let problem = Some("The two passwords are not the same. Type the new password twice.".to_owned());
        return render(StatusCode::UNPROCESSABLE_ENTITY, &password_page(secret, form.csrf, problem));
    }
    match state.hub.set_password(&secret, &form.password).await {
        Ok(_) => see_other("/portal/login?notice=password-set"),
        Err(Error::Invalid(problems)) => {
            let problem = Some(problems.summary());
            render(StatusCode::UNPROCESSABLE_ENTITY, &password_page(secret, form.csrf, problem))
        }
        Err(Error::NotFound(_)) => render(
            StatusCode::NOT_FOUND,
            &ProblemPage {
                nav: None,
                title: "This link no longer works",
                explanation: "A link to choose a password works once, for 72 hours. Ask for a new one with \
                              \u{201c}Forgot your password?\u{201d} on the sign-in page, or ask an admin of your \
                              company to invite you again.",
            },
        ),
        Err(cause) => {
            tracing::error!(%cause, "a password could not be set");
            server_error()
        }
    }
}

pub async fn forgot_form(State(state): State<PortalState>, headers: HeaderMap) -> Response {
    let (csrf, new) = csrf::form_token(&headers);
    with_form_cookie(&state, StatusCode::OK, &ForgotPage { nav: None, csrf }, new)
}

pub async fn forgot_submit(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Form(form): Form<ForgotForm>,
) -> Response {
    if !csrf::anonymous_form_matches(&headers, &form.csrf) {
        return form_expired();
    }
    match state.hub.request_password_reset(&form.email).await {
        Ok(()) => see_other("/portal/login?notice=reset-sent"),
        Err(cause) => {
            tracing::error!(%cause, "a password reset could not be recorded");
            server_error()
        }
    }
}
