//! `/portal/identifiers`: the party identifiers (GLN, VAT, DUNS ...) under which the network
//! routes documents to the signed-in user's company, with their labels. Read-only: the operator
//! registers identifiers, since a wrong one would route another company's documents here.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::PortalState;
use crate::pages::{render, server_error};
use crate::signed_in::{self, Nav};

const PATH: &str = "/portal/identifiers";

#[derive(Template)]
#[template(path = "identifiers.html")]
struct IdentifiersPage {
    nav: Option<Nav>,
    company: String,
    /// Domain, identifier and label of each, in the order the network lists them.
    identifiers: Vec<(String, String, String)>,
}

pub async fn show(State(state): State<PortalState>, headers: HeaderMap) -> Response {
    let (session, nav) = match signed_in::page_session(&state, &headers, PATH).await {
        Ok(signed_in) => signed_in,
        Err(response) => return response,
    };
    let company = match signed_in::own_company(&state, &session).await {
        Ok(company) => company,
        Err(response) => return response,
    };
    let identifiers = match state.hub.list_identifiers(&company).await {
        Ok(identifiers) => identifiers,
        Err(cause) => {
            tracing::error!(%cause, "could not list a company's identifiers");
            return server_error();
        }
    };
    let identifiers = identifiers
        .into_iter()
        .map(|record| (record.domain, record.identifier, record.label.unwrap_or_default()))
        .collect();
    render(StatusCode::OK, &IdentifiersPage { nav: Some(nav), company: company.name, identifiers })
}
