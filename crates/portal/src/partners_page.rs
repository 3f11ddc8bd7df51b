//! `/portal/partners`: each company this one trades with, per document type the state of the
//! relationship each way (live, in test, stopped), what went each way in the last 30 days, and
//! who is told of errors with that partner where a rule for it replaces the default.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use switchyard_network::model::RelationshipState;
use switchyard_network::usecases::partners::PartnerView;

use crate::PortalState;
use crate::document_words::capitalised;
use crate::pages::{render, server_error};
use crate::signed_in::{self, Nav};

const PATH: &str = "/portal/partners";

#[derive(Template)]
#[template(path = "partners.html")]
struct PartnersPage {
    nav: Option<Nav>,
    company: String,
    partners: Vec<Partner>,
}

struct Partner {
    name: String,
    /// Type, what this company sends, what the partner sends, sent and received in 30 days.
    kinds: Vec<(&'static str, Badge, Badge, u64, u64)>,
    /// Type and the people told of its errors with this partner.
    responsible: Vec<(&'static str, String)>,
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

pub async fn show(State(state): State<PortalState>, headers: HeaderMap) -> Response {
    let (session, nav) = match signed_in::page_session(&state, &headers, PATH).await {
        Ok(signed_in) => signed_in,
        Err(response) => return response,
    };
    match state.hub.partners(session.user.company_id).await {
        Ok(partners) => {
            let page = PartnersPage {
                nav: Some(nav),
                company: session.user.company_name.clone(),
                partners: partners.iter().map(partner).collect(),
            };
            render(StatusCode::OK, &page)
        }
        Err(cause) => {
            tracing::error!(%cause, "could not list a company's partners");
            server_error()
        }
    }
}

fn partner(view: &PartnerView) -> Partner {
    Partner {
        name: view.name.clone(),
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
