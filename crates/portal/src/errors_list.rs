//! `GET /portal/errors`: the company's errors, open ones first, with filters for state, kind,
//! document type and partner.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use switchyard_documents::DocumentType;
use switchyard_network::advice::document_name;
use switchyard_network::model::{ErrorOrigin, ErrorType, ListedError};
use switchyard_network::store::ErrorCursor;
use switchyard_network::usecases::error_desk::ErrorFilter;

use crate::PortalState;
use crate::pages::{render, server_error};
use crate::signed_in::{self, Nav};
use crate::time::format_time;

const PAGE_SIZE: usize = 50;

#[derive(Template)]
#[template(path = "errors.html")]
struct ErrorsPage {
    nav: Option<Nav>,
    rows: Vec<Row>,
    state: String,
    kind: String,
    document: String,
    partner: String,
    partners: Vec<(String, String)>,
    documents: Vec<(&'static str, &'static str)>,
    previous: Option<String>,
    next: Option<String>,
}

struct Row {
    link: String,
    opened: String,
    what: &'static str,
    document: String,
    partner: String,
    reason: String,
    state: &'static str,
    state_class: &'static str,
    kind: &'static str,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    state: String,
    kind: String,
    document: String,
    partner: String,
    /// Where the page starts (after the last error of the page before).
    after: String,
}

impl ListQuery {
    fn filter(&self) -> ErrorFilter {
        ErrorFilter {
            open: match self.state.as_str() {
                "open" => Some(true),
                "resolved" => Some(false),
                _ => None,
            },
            error_type: self.kind.parse::<ErrorType>().ok(),
            document_type: self.document.parse::<DocumentType>().ok(),
            partner_id: self.partner.parse().ok(),
            after: ErrorCursor::decode(&self.after),
            // One more than shown tells whether a next page exists.
            limit: PAGE_SIZE + 1,
        }
    }

    /// This list's address, starting after `after` (at the top without one).
    fn link_after(&self, after: Option<&ErrorCursor>) -> String {
        let fields = [
            ("state", self.state.as_str()),
            ("kind", self.kind.as_str()),
            ("document", self.document.as_str()),
            ("partner", self.partner.as_str()),
        ];
        let mut query = serde_urlencoded::to_string(fields).unwrap_or_default();
        if let Some(after) = after {
            query.push_str("&after=");
            query.push_str(&after.encode());
        }
        format!("/portal/errors?{query}")
    }
}

fn what(origin: ErrorOrigin) -> &'static str {
    match origin {
        ErrorOrigin::Rejected => "Refused by the hub",
        ErrorOrigin::Duplicate => "Sent twice",
        ErrorOrigin::ProcessingFailed => "ERP could not import it",
        ErrorOrigin::Reported => "ERP could not build it",
        ErrorOrigin::TaskFailed => "Task failed",
    }
}

fn row(listed: ListedError, zone: chrono_tz::Tz) -> Row {
    let error = listed.error;
    let (state, state_class) = match (error.resolved_at, error.redelivered_at) {
        (Some(_), _) => ("Resolved", "resolved"),
        (None, Some(_)) => ("Delivered again", "waiting"),
        (None, None) => ("Open", "open"),
    };
    let mut reason: String = error.reason.chars().take(160).collect();
    if error.reason.chars().count() > 160 {
        reason.push('…');
    }
    Row {
        link: format!("/portal/errors/{}", error.id),
        opened: format_time(error.created_at, zone),
        what: what(error.origin),
        document: document_name(error.transaction_type, error.transaction_identifier.as_deref()),
        partner: listed.partner.unwrap_or_default(),
        reason,
        state,
        state_class,
        kind: if error.error_type == ErrorType::Internal { "System fault" } else { "Data problem" },
    }
}

pub async fn list(State(state): State<PortalState>, headers: HeaderMap, Query(query): Query<ListQuery>) -> Response {
    let session = match signed_in::required(&state, &headers, "/portal/errors").await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let nav = match Nav::load(&state, &session).await {
        Ok(nav) => nav,
        Err(response) => return response,
    };
    let loaded = async {
        let listed = state.hub.errors_of(&session.user, query.filter()).await?;
        let partners = state.hub.trade_partners(session.user.company_id).await?;
        Ok::<_, switchyard_network::Error>((listed, partners))
    };
    let (mut listed, partners) = match loaded.await {
        Ok(loaded) => loaded,
        Err(cause) => {
            tracing::error!(%cause, "could not list errors");
            return server_error();
        }
    };
    let has_next = listed.len() > PAGE_SIZE;
    listed.truncate(PAGE_SIZE);
    let last = listed.last().map(|last| ErrorCursor::after(&last.error));
    let page = ErrorsPage {
        nav: Some(nav),
        rows: listed.into_iter().map(|listed| row(listed, state.time_zone)).collect(),
        partners: partners.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
        documents: DocumentType::ALL.iter().map(|kind| (kind.as_str(), kind.in_words())).collect(),
        previous: (!query.after.is_empty()).then(|| query.link_after(None)),
        next: if has_next { last.map(|last| query.link_after(Some(&last))) } else { None },
        state: query.state,
        kind: query.kind,
        document: query.document,
        partner: query.partner,
    };
    render(StatusCode::OK, &page)
}
