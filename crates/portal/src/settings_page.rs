//! `/portal/settings`: the user's own mail choices and, for admins, the company's people
//! (invite by mail), who is responsible for which documents, and mails that could not be
//! delivered. Every form posts back here with the session's CSRF token.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use switchyard_documents::DocumentType;
use switchyard_network::Error;
use switchyard_network::model::{Actor, MailChoices, Role, SessionRecord};
use switchyard_network::usecases::people::Inviter;

use crate::pages::{ProblemPage, not_found, render, server_error};
use crate::sign_in::form_expired;
use crate::signed_in::{self, Nav, see_other};
use crate::time::format_time;
use crate::{PortalState, csrf};

const PATH: &str = "/portal/settings";

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    nav: Option<Nav>,
    csrf: String,
    notice: Option<&'static str>,
    problem: Option<String>,
    company: String,
    mail: MailChoices,
    admin: bool,
    people: Vec<Person>,
    rules: Vec<(String, String, String)>,
    documents: Vec<(&'static str, &'static str)>,
    partners: Vec<(String, String)>,
    undelivered: Vec<(String, &'static str, String, String)>,
}

/// A person of the company as the admins' table shows them.
struct Person {
    id: String,
    email: String,
    role: &'static str,
    state: &'static str,
    /// Whether the admin looking may change their role or disable them (not themselves, not a
    /// disabled person).
    manageable: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsQuery {
    done: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    csrf: String,
    issues: String,
    incoming: String,
    sent: String,
    email: String,
    role: String,
    document: String,
    partner: String,
    emails: String,
}

fn done_notice(done: &str) -> Option<&'static str> {
    match done {
        "mail" => Some("Your mail choices are saved."),
        "invited" => Some("The invitation is on its way by mail. The link in it works for 72 hours."),
        "responsible" => Some("Saved. New errors of that kind go to the people named."),
        "role" => Some("The role is changed. It applies from their next page on."),
        "disabled" => Some("The person is disabled: signed out everywhere, and they get no more mail."),
        _ => None,
    }
}

fn failed(cause: &Error) -> Response {
    tracing::error!(%cause, "the settings page failed");
    server_error()
}

async fn page(state: &PortalState, session: &SessionRecord) -> Result<SettingsPage, Response> {
    let nav = Nav::load(state, session).await?;
    let user = &session.user;
    let mut page = SettingsPage {
        csrf: nav.csrf.clone(),
        nav: Some(nav),
        notice: None,
        problem: None,
        company: user.company_name.clone(),
        mail: user.mail,
        admin: user.is_admin(),
        people: Vec::new(),
        rules: Vec::new(),
        documents: DocumentType::ALL.iter().map(|kind| (kind.as_str(), kind.in_words())).collect(),
        partners: Vec::new(),
        undelivered: Vec::new(),
    };
    if !user.is_admin() {
        return Ok(page);
    }
    let hub = &state.hub;
    let company = hub.company(&user.company_id.to_string()).await.map_err(|cause| failed(&cause))?;
    let users = hub.users(Some(&company)).await.map_err(|cause| failed(&cause))?;
    let partners = hub.trade_partners(company.id).await.map_err(|cause| failed(&cause))?;
    for rule in hub.responsibilities(&company).await.map_err(|cause| failed(&cause))? {
        let email =
            users.iter().find(|user| user.id == rule.user_id).map(|user| user.email.clone()).unwrap_or_default();
        let partner = rule.partner_id.and_then(|id| partners.iter().find(|(partner, _)| *partner == id));
        let partner = partner.map_or_else(|| "every partner".to_owned(), |(_, name)| name.clone());
        page.rules.push((rule.document_type.in_words().to_owned(), partner, email));
    }
    page.people = users
        .iter()
        .map(|person| {
            let state = match (person.is_disabled(), person.password_hash.is_some()) {
                (true, _) => "disabled",
                (false, false) => "invited",
                (false, true) => "active",
            };
            Person {
                id: person.id.to_string(),
                email: person.email.clone(),
                role: if person.is_admin() { "admin" } else { "member" },
                state,
                manageable: person.id != user.id && !person.is_disabled(),
            }
        })
        .collect();
    page.partners = partners.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let undelivered = hub.undelivered_mails(user).await.map_err(|cause| failed(&cause))?;
    page.undelivered = undelivered
        .into_iter()
        .map(|mail| {
            let at = mail.given_up_at.map(|at| format_time(at, state.time_zone)).unwrap_or_default();
            (mail.to, mail.what, mail.error.unwrap_or_default(), at)
        })
        .collect();
    Ok(page)
}

pub async fn show(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Query(query): Query<SettingsQuery>,
) -> Response {
    let session = match signed_in::required(&state, &headers, PATH).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    match page(&state, &session).await {
        Ok(mut page) => {
            page.notice = done_notice(&query.done);
            render(StatusCode::OK, &page)
        }
        Err(response) => response,
    }
}

/// The session of a form post, or the answer that refuses it.
async fn posting(
    state: &PortalState,
    headers: &HeaderMap,
    form: &SettingsForm,
    admin: bool,
) -> Result<SessionRecord, Response> {
    let session = signed_in::required(state, headers, PATH).await?;
    if !csrf::matches(&session.csrf_token, &form.csrf) {
        return Err(form_expired());
    }
    if admin && !session.user.is_admin() {
        let page = ProblemPage {
            nav: None,
            title: "Only admins can do this",
            explanation: "Inviting people and choosing who is responsible is for your company's admins. Ask one of them.",
        };
        return Err(render(StatusCode::FORBIDDEN, &page));
    }
    Ok(session)
}

/// The settings page again, saying why a form was not taken.
async fn refused(state: &PortalState, session: &SessionRecord, status: StatusCode, problem: String) -> Response {
    match page(state, session).await {
        Ok(mut page) => {
            page.problem = Some(problem);
            render(status, &page)
        }
        Err(response) => response,
    }
}

async fn outcome(state: &PortalState, session: &SessionRecord, result: Result<(), Error>, done: &str) -> Response {
    match result {
        Ok(()) => see_other(&format!("{PATH}?done={done}")),
        Err(Error::Invalid(problems)) => {
            refused(state, session, StatusCode::UNPROCESSABLE_ENTITY, problems.summary()).await
        }
        Err(Error::Conflict(why)) => refused(state, session, StatusCode::CONFLICT, why).await,
        Err(cause) => failed(&cause),
    }
}

pub async fn save_mail(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Form(form): Form<SettingsForm>,
) -> Response {
    let session = match posting(&state, &headers, &form, false).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let choices = MailChoices { issues: form.issues == "on", incoming: form.incoming == "on", sent: form.sent == "on" };
    let result = state.hub.set_mail_choices(&session.user, choices).await;
    outcome(&state, &session, result, "mail").await
}

pub async fn invite(State(state): State<PortalState>, headers: HeaderMap, Form(form): Form<SettingsForm>) -> Response {
    let session = match posting(&state, &headers, &form, true).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let role = if form.role == "admin" { Role::Admin } else { Role::Member };
    let result = async {
        let company = state.hub.company(&session.user.company_id.to_string()).await?;
        state.hub.add_user(&company, &form.email, role, Inviter::Admin(&session.user)).await.map(drop)
    };
    let result = result.await;
    outcome(&state, &session, result, "invited").await
}

pub async fn set_responsible(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Form(form): Form<SettingsForm>,
) -> Response {
    let session = match posting(&state, &headers, &form, true).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let result = async {
        let kind: DocumentType =
            form.document.parse().map_err(|_| Error::invalid("document", "Choose a document type."))?;
        let company = state.hub.company(&session.user.company_id.to_string()).await?;
        let partners = state.hub.trade_partners(company.id).await?;
        let partner = match form.partner.parse::<uuid::Uuid>() {
            Ok(id) if partners.iter().any(|(partner, _)| *partner == id) => {
                Some(state.hub.company(&id.to_string()).await?)
            }
            _ => None,
        };
        let emails: Vec<String> = form
            .emails
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|email| !email.is_empty())
            .map(str::to_owned)
            .collect();
        let actor = Actor::Person(session.user.email.clone());
        state.hub.set_responsible(&company, kind, partner.as_ref(), &emails, &actor).await.map(drop)
    };
    let result = result.await;
    outcome(&state, &session, result, "responsible").await
}

/// An admin gives a person of the company another role.
pub async fn change_role(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Response {
    let role = if form.role == "admin" { Role::Admin } else { Role::Member };
    change_person(&state, &headers, &id, &form, PersonChange::Role(role)).await
}

/// An admin disables a person of the company.
pub async fn disable(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Response {
    change_person(&state, &headers, &id, &form, PersonChange::Disable).await
}

/// What an admin does to a person of the company.
enum PersonChange {
    Role(Role),
    Disable,
}

async fn change_person(
    state: &PortalState,
    headers: &HeaderMap,
    id: &str,
    form: &SettingsForm,
    change: PersonChange,
) -> Response {
    let session = match posting(state, headers, form, true).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let admin = &session.user;
    let (result, done) = match (id.parse(), change) {
        (Ok(id), PersonChange::Role(role)) => (state.hub.change_role(admin, id, role).await.map(drop), "role"),
        (Ok(id), PersonChange::Disable) => (state.hub.disable_colleague(admin, id).await.map(drop), "disabled"),
        (Err(_), _) => (Err(Error::not_found("no such person")), ""),
    };
    person_outcome(state, &session, result, done).await
}

/// As [`outcome`], with the page every unknown person (or one of another company) gets.
async fn person_outcome(
    state: &PortalState,
    session: &SessionRecord,
    result: Result<(), Error>,
    done: &str,
) -> Response {
    match result {
        Err(Error::NotFound(_)) => not_found(
            "Person not found",
            "Nobody of your company who is still enabled has this id: they may have been disabled already.",
        ),
        other => outcome(state, session, other, done).await,
    }
}
