//! The forms of an error page: mark resolved, deliver again, discard. Each checks the session's
//! CSRF token, has the hub record who did what, and goes back to the error page, which then
//! shows the action in the document's story.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use switchyard_network::Error;
use switchyard_network::model::ErrorAction;
use uuid::Uuid;

use crate::error_page::{GONE, page};
use crate::pages::{not_found, render, server_error};
use crate::sign_in::form_expired;
use crate::signed_in::{self, see_other};
use crate::{PortalState, csrf};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    csrf: String,
    comment: String,
    reason: String,
}

pub async fn resolve(
    state: State<PortalState>,
    headers: HeaderMap,
    id: Path<String>,
    form: Form<ActionForm>,
) -> Response {
    let comment = Some(form.comment.clone());
    act(state, headers, id, form, ErrorAction::Resolve { comment }, "resolved").await
}

pub async fn deliver_again(
    state: State<PortalState>,
    headers: HeaderMap,
    id: Path<String>,
    form: Form<ActionForm>,
) -> Response {
    act(state, headers, id, form, ErrorAction::DeliverAgain, "delivered").await
}

pub async fn discard(
    state: State<PortalState>,
    headers: HeaderMap,
    id: Path<String>,
    form: Form<ActionForm>,
) -> Response {
    let reason = form.reason.clone();
    act(state, headers, id, form, ErrorAction::Discard { reason }, "discarded").await
}

async fn act(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
    action: ErrorAction,
    done: &str,
) -> Response {
    let back = format!("/portal/errors/{id}");
    let session = match signed_in::required(&state, &headers, &back).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    if !csrf::matches(&session.csrf_token, &form.csrf) {
        return form_expired();
    }
    let Ok(id) = id.parse::<Uuid>() else { return not_found("Error not found", GONE) };
    let problem = match state.hub.act_on_error(&session.user, id, action).await {
        Ok(_) => return see_other(&format!("{back}?done={done}")),
        Err(Error::NotFound(_)) => return not_found("Error not found", GONE),
        Err(Error::Conflict(why)) => (StatusCode::CONFLICT, why),
        Err(Error::Invalid(problems)) => (StatusCode::UNPROCESSABLE_ENTITY, problems.summary()),
        Err(cause) => {
            tracing::error!(%cause, "an action on an error failed");
            return server_error();
        }
    };
    // The page as it is now, saying why the action was not done.
    match state.hub.error_for(&session.user, id).await {
        Ok(Some(found)) => match page(&state, &session, found).await {
            Ok(mut page) => {
                page.problem = Some(problem.1);
                render(problem.0, &page)
            }
            Err(response) => response,
        },
        Ok(None) => not_found("Error not found", GONE),
        Err(cause) => {
            tracing::error!(%cause, "could not load an error page");
            server_error()
        }
    }
}
