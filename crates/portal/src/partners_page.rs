//! `/portal/partners`: each company this one trades with, per document type the state of the
//! relationship each way (live, in test, stopped), what went each way in the last 30 days, who
//! is told of errors with that partner where a rule for it replaces the default, and the
//! proposals of relationship changes between the two: admins propose, accept, decline and
//! withdraw them here.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use switchyard_network::Error;
use switchyard_network::finding::Side;
use switchyard_network::model::{Proposal, ProposalStatus, ProposedChange, RelationshipState, SessionRecord};
use switchyard_network::usecases::partners::PartnerView;
use uuid::Uuid;

use crate::document_words::{capitalised, type_choices};
use crate::pages::{ProblemPage, not_found, render, server_error};
use crate::sign_in::form_expired;
use crate::signed_in::{self, Nav, see_other};
use crate::time::format_time;
use crate::{PortalState, csrf};

const PATH: &str = "/portal/partners";

#[derive(Template)]
#[template(path = "partners.html")]
struct PartnersPage {
    nav: Option<Nav>,
    csrf: String,
    admin: bool,
    notice: Option<&'static str>,
    problem: Option<String>,
    company: String,
    partners: Vec<Partner>,
    types: Vec<(&'static str, &'static str)>,
}

struct Partner {
    id: String,
    name: String,
    proposals: Vec<ProposalLine>,
    /// Type, what this company sends, what the partner sends, sent and received in 30 days.
    kinds: Vec<(&'static str, Badge, Badge, u64, u64)>,
    /// Type and the people told of its errors with this partner.
    responsible: Vec<(&'static str, String)>,
}

/// A proposal between the company and a partner, in words, with what an admin may do now.
struct ProposalLine {
    id: String,
    text: String,
    status: &'static str,
    status_class: &'static str,
    /// An admin of this company may accept or decline it (the partner proposed it).
    answerable: bool,
    /// An admin of this company may withdraw it (this company proposed it).
    withdrawable: bool,
}

/// A relationship's state as a badge: words and colour class.
struct Badge(&'static str, &'static str);

fn badge(state: Option<RelationshipState>) -> Badge {
    match state {
        Some(RelationshipState::Active) => Badge("Live", "resolved"),
        Some(RelationshipState::Testing) => Badge("In test", "waiting"),
        Some(RelationshipState::Inactive) => Badge("Stopped", "open"),
        None => Badge("None", "muted"),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PartnersQuery {
    done: String,
}

fn done_notice(done: &str) -> Option<&'static str> {
    match done {
        "proposed" => Some("Your proposal is sent: it takes effect when an admin of the partner accepts it."),
        "accepted" => Some("Accepted: the relationship is changed from now on."),
        "declined" => Some("Declined: nothing changes."),
        "withdrawn" => Some("Withdrawn: nothing changes."),
        _ => None,
    }
}

pub async fn show(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Query(query): Query<PartnersQuery>,
) -> Response {
    let (session, nav) = match signed_in::page_session(&state, &headers, PATH).await {
        Ok(signed_in) => signed_in,
        Err(response) => return response,
    };
    page(&state, &session, nav, done_notice(&query.done), None).await
}

async fn page(
    state: &PortalState,
    session: &SessionRecord,
    nav: Nav,
    notice: Option<&'static str>,
    problem: Option<(StatusCode, String)>,
) -> Response {
    let company_id = session.user.company_id;
    let (partners, proposals, names) = match (
        state.hub.partners(company_id).await,
        state.hub.proposals(company_id).await,
        state.hub.company_names().await,
    ) {
        (Ok(partners), Ok(proposals), Ok(names)) => (partners, proposals, names),
        (Err(cause), _, _) | (_, Err(cause), _) | (_, _, Err(cause)) => {
            tracing::error!(%cause, "could not list a company's partners");
            return server_error();
        }
    };
    let zone = state.time_zone;
    let (status, problem) = problem.map_or((StatusCode::OK, None), |(status, why)| (status, Some(why)));
    let admin = session.user.is_admin();
    let page = PartnersPage {
        csrf: nav.csrf.clone(),
        nav: Some(nav),
        admin,
        notice,
        problem,
        company: session.user.company_name.clone(),
        partners: partners
            .iter()
            .map(|view| {
                let mut shown = partner(view);
                shown.proposals = proposals
                    .iter()
                    .filter(|proposal| {
                        [proposal.relationship.sender_id, proposal.relationship.receiver_id].contains(&view.id)
                    })
                    .map(|proposal| proposal_line(proposal, company_id, admin, &names, zone))
                    .collect();
                shown
            })
            .collect(),
        types: type_choices(),
    };
    render(status, &page)
}

fn proposal_line(
    proposal: &Proposal,
    company_id: Uuid,
    admin: bool,
    names: &HashMap<Uuid, String>,
    zone: chrono_tz::Tz,
) -> ProposalLine {
    let r = &proposal.relationship;
    let name = |id: Uuid| names.get(&id).cloned().unwrap_or_default();
    let state = badge(Some(r.state)).0.to_lowercase();
    let proposed = format!(
        "{} proposed on {}: {}s from {} to {} travel {state}.",
        proposal.proposed_by,
        format_time(proposal.proposed_at, zone),
        r.kind.in_words(),
        name(r.sender_id),
        name(r.receiver_id),
    );
    let text = match (&proposal.decided_by, proposal.decided_at) {
        (Some(by), Some(at)) => {
            let decided = proposal.status.as_str().to_lowercase();
            format!("{proposed} {} by {by} on {}.", capitalised_status(&decided), format_time(at, zone))
        }
        _ => proposed,
    };
    let (status, status_class) = match proposal.status {
        ProposalStatus::Pending => ("Waiting for an answer", "waiting"),
        ProposalStatus::Accepted => ("Accepted", "resolved"),
        ProposalStatus::Declined => ("Declined", "open"),
        ProposalStatus::Withdrawn => ("Withdrawn", "muted"),
    };
    let pending = admin && proposal.status == ProposalStatus::Pending;
    ProposalLine {
        id: proposal.id.to_string(),
        text,
        status,
        status_class,
        answerable: pending && proposal.proposer_id != company_id,
        withdrawable: pending && proposal.proposer_id == company_id,
    }
}

/// `accepted` as `Accepted`.
fn capitalised_status(status: &str) -> String {
    let mut letters = status.chars();
    letters.next().map(|first| first.to_uppercase().chain(letters).collect()).unwrap_or_default()
}

/// The form that proposes a change with a partner.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProposeForm {
    csrf: String,
    #[serde(rename = "type")]
    kind: String,
    /// `sent` (this company sends) or `received`.
    direction: String,
    state: String,
}

/// A form that answers a proposal.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    csrf: String,
}

pub async fn propose(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(partner): Path<String>,
    Form(form): Form<ProposeForm>,
) -> Response {
    let (session, nav) = match admin_posting(&state, &headers, &form.csrf).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    let (Ok(kind), Ok(relationship_state)) = (form.kind.parse(), form.state.parse()) else {
        let why = "Choose a document type and a state.".to_owned();
        return page(&state, &session, nav, None, Some((StatusCode::UNPROCESSABLE_ENTITY, why))).await;
    };
    let change = ProposedChange { kind, state: relationship_state };
    let direction = if form.direction == "received" { Side::Received } else { Side::Sent };
    let result = match partner.parse() {
        Ok(partner) => state.hub.propose_relationship(&session.user, partner, direction, change).await.map(drop),
        Err(_) => Err(Error::not_found("no such partner")),
    };
    answered(&state, &session, nav, result, "proposed").await
}

pub async fn accept(
    state: State<PortalState>,
    headers: HeaderMap,
    id: Path<String>,
    form: Form<AnswerForm>,
) -> Response {
    answer(state, headers, id, form, ProposalStatus::Accepted).await
}

pub async fn decline(
    state: State<PortalState>,
    headers: HeaderMap,
    id: Path<String>,
    form: Form<AnswerForm>,
) -> Response {
    answer(state, headers, id, form, ProposalStatus::Declined).await
}

pub async fn withdraw(
    state: State<PortalState>,
    headers: HeaderMap,
    id: Path<String>,
    form: Form<AnswerForm>,
) -> Response {
    answer(state, headers, id, form, ProposalStatus::Withdrawn).await
}

async fn answer(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<AnswerForm>,
    status: ProposalStatus,
) -> Response {
    let (session, nav) = match admin_posting(&state, &headers, &form.csrf).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    let result = match id.parse() {
        Ok(id) => state.hub.decide_relationship_proposal(&session.user, id, status).await.map(drop),
        Err(_) => Err(Error::not_found("no such proposal")),
    };
    let done = match status {
        ProposalStatus::Accepted => "accepted",
        ProposalStatus::Declined => "declined",
        _ => "withdrawn",
    };
    answered(&state, &session, nav, result, done).await
}

/// Back to the page saying what was done, or why not.
async fn answered(
    state: &PortalState,
    session: &SessionRecord,
    nav: Nav,
    result: Result<(), Error>,
    done: &str,
) -> Response {
    match result {
        Ok(()) => see_other(&format!("{PATH}?done={done}")),
        Err(Error::NotFound(_)) => not_found(
            "Not found",
            "Your company has no partner or proposal with this id, or it is not yours to answer.",
        ),
        Err(Error::Conflict(why)) => page(state, session, nav, None, Some((StatusCode::CONFLICT, why))).await,
        Err(Error::Invalid(problems)) => {
            page(state, session, nav, None, Some((StatusCode::UNPROCESSABLE_ENTITY, problems.summary()))).await
        }
        Err(cause) => {
            tracing::error!(%cause, "a proposal could not be made or answered");
            server_error()
        }
    }
}

/// The admin's session and navigation for a form post with its CSRF token, or the answer that
/// refuses it.
async fn admin_posting(
    state: &PortalState,
    headers: &HeaderMap,
    token: &str,
) -> Result<(SessionRecord, Nav), Response> {
    let (session, nav) = signed_in::page_session(state, headers, PATH).await?;
    if !csrf::matches(&session.csrf_token, token) {
        return Err(form_expired());
    }
    if !session.user.is_admin() {
        let page = ProblemPage {
            nav: Some(nav),
            title: "Only admins can propose or answer changes",
            explanation: "Changes of relationships are proposed and answered by your company's admins. Ask one of them.",
        };
        return Err(render(StatusCode::FORBIDDEN, &page));
    }
    Ok((session, nav))
}

fn partner(view: &PartnerView) -> Partner {
    Partner {
        id: view.id.to_string(),
        name: view.name.clone(),
        proposals: Vec::new(),
        kinds: view
            .kinds
            .iter()
            .map(|kind| {
                let name = capitalised(kind.kind.in_words());
                (name, badge(kind.outgoing), badge(kind.incoming), kind.sent, kind.received)
            })
            .collect(),
        responsible: view
            .responsible
            .iter()
            .map(|(kind, emails)| {
                let people =
                    if emails.is_empty() { "nobody (the admins are told)".to_owned() } else { emails.join(", ") };
                (capitalised(kind.in_words()), people)
            })
            .collect(),
    }
}
