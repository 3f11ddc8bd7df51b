//! `GET /portal/transactions/{id}`: one document as its sender or receiver sees it: where it
//! stands and why, its parties, numbers, items and totals, its versions, the other documents of
//! its order, the errors it opened and its story; and `GET /portal/transactions/{id}/json`, the
//! document as sent, to download. Anyone else gets the same 404 as for an unknown id.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono_tz::Tz;
use switchyard_network::finding::Side;
use switchyard_network::model::{ErrorRecord, EventKind, Flow, Status, TransactionRecord};
use switchyard_network::usecases::finding::Dossier;
use uuid::Uuid;

use crate::PortalState;
use crate::document_view::{DocumentView, view};
use crate::document_words::{badge, capitalised};
use crate::pages::{not_found, render, server_error};
use crate::signed_in::{self, Nav};
use crate::story::sentence;
use crate::time::format_time;

const GONE: &str = "There is no document with this address that your company sent or received. The link may be \
                    mistyped or cut short; search for the document by its number on the documents page.";

#[derive(Template)]
#[template(path = "transaction.html")]
struct TransactionPage {
    nav: Option<Nav>,
    id: String,
    title: String,
    /// Who sent it to whom and when, in a sentence.
    summary: String,
    status: &'static str,
    status_class: &'static str,
    /// Where it stands and who must act, in words.
    standing: String,
    facts: Vec<(&'static str, String)>,
    document: Option<DocumentView>,
    size: String,
    versions: Vec<Linked>,
    linked: Vec<Linked>,
    errors: Vec<ErrorLine>,
    story: Vec<(String, String)>,
}

/// Another document (or version) named on the page.
struct Linked {
    link: String,
    name: String,
    direction: String,
    created: String,
    status: &'static str,
    status_class: &'static str,
    /// This page's own document.
    current: bool,
    latest: bool,
}

struct ErrorLine {
    link: String,
    reason: String,
    company: String,
    opened: String,
    open: bool,
}

pub async fn show(State(state): State<PortalState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let (session, nav) = match signed_in::page_session(&state, &headers, &format!("/portal/transactions/{id}")).await {
        Ok(signed_in) => signed_in,
        Err(response) => return response,
    };
    let Ok(id) = id.parse::<Uuid>() else { return not_found("Document not found", GONE) };
    let dossier = match state.hub.dossier(session.user.company_id, id).await {
        Ok(Some(dossier)) => dossier,
        Ok(None) => return not_found("Document not found", GONE),
        Err(cause) => {
            tracing::error!(%cause, "could not load a document page");
            return server_error();
        }
    };
    render(StatusCode::OK, &page(nav, &dossier, state.time_zone))
}

/// The document as sent, indented as it came, to save as a file.
pub async fn download(State(state): State<PortalState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let session = match signed_in::required(&state, &headers, &format!("/portal/transactions/{id}")).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let Ok(id) = id.parse::<Uuid>() else { return not_found("Document not found", GONE) };
    match state.hub.find_own_transaction(session.user.company_id, id).await {
        Ok(Some(transaction)) => {
            let name = file_name(&transaction);
            let disposition = format!("attachment; filename=\"{name}\"");
            let body = transaction.content.into_bytes();
            ([(header::CONTENT_TYPE, "application/json".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
                .into_response()
        }
        Ok(None) => not_found("Document not found", GONE),
        Err(cause) => {
            tracing::error!(%cause, "could not read a document to download");
            server_error()
        }
    }
}

/// `ORDER-PO-2026-0001.json`, with only characters every file system takes.
fn file_name(transaction: &TransactionRecord) -> String {
    let number = transaction.business_number.clone().unwrap_or_else(|| transaction.id.to_string());
    let safe: String = number
        .chars()
        .map(|letter| if letter.is_ascii_alphanumeric() || "-_.".contains(letter) { letter } else { '_' })
        .collect();
    format!("{}-{safe}.json", transaction.kind.as_str())
}

fn page(nav: Nav, dossier: &Dossier, zone: Tz) -> TransactionPage {
    let transaction = &dossier.transaction;
    let kind = capitalised(transaction.kind.in_words());
    let number = transaction.business_number.clone().unwrap_or_default();
    let badge = badge(transaction);
    let size = transaction.content.as_bytes().len();
    TransactionPage {
        nav: Some(nav),
        id: transaction.id.to_string(),
        title: format!("{kind} {number}").trim().to_owned(),
        summary: format!(
            "{} sent it to {} on {}.",
            dossier.sender,
            dossier.receiver,
            format_time(transaction.created_at, zone)
        ),
        status: badge.words,
        status_class: badge.class,
        standing: standing(dossier),
        facts: facts(transaction, zone),
        document: view(transaction.content.as_bytes()),
        size: in_megabytes(size),
        versions: dossier.versions.iter().map(|version| linked(version, dossier, zone)).collect(),
        linked: dossier.linked.iter().map(|other| linked(other, dossier, zone)).collect(),
        errors: dossier.errors.iter().map(|error| error_line(error, zone)).collect(),
        story: story(dossier, zone),
    }
}

fn facts(transaction: &TransactionRecord, zone: Tz) -> Vec<(&'static str, String)> {
    let mut facts = vec![("Type", capitalised(transaction.kind.in_words()).to_owned())];
    if let Some(number) = &transaction.business_number {
        facts.push(("Number", number.clone()));
    }
    if let Some(order) =
        transaction.order_number.as_ref().filter(|order| Some(*order) != transaction.business_number.as_ref())
    {
        facts.push(("For order", order.clone()));
    }
    let flow = match transaction.flow {
        Flow::Live => "Live",
        Flow::Test => "Test (the partners are still trying out this document type)",
    };
    facts.push(("Flow", flow.to_owned()));
    facts.push(("Status", transaction.status.as_str().to_owned()));
    facts.push(("Sent", format_time(transaction.created_at, zone)));
    facts.push(("Transaction id", transaction.id.to_string()));
    facts
}

/// Where the document stands and who, if anyone, must act, from the reader's side.
fn standing(dossier: &Dossier) -> String {
    let transaction = &dossier.transaction;
    let receiver = &dossier.receiver;
    let ours = dossier.side == Side::Received;
    let last_error = dossier.errors.last();
    match transaction.status {
        Status::Pending if transaction.fetched && ours => {
            "Your ERP has fetched it and not yet reported whether it could import it; it should soon.".to_owned()
        }
        Status::Pending if transaction.fetched => format!(
            "{receiver}'s ERP has fetched it and not yet reported whether it could import it. Nothing to do for you now."
        ),
        Status::Pending if ours => "It waits in your queue for your ERP to fetch it. If it waits long, check that \
                                    your ERP connection polls the hub."
            .to_owned(),
        Status::Pending => {
            format!("It waits in {receiver}'s queue for {receiver}'s ERP to fetch it. Nothing to do for you now.")
        }
        Status::Success => format!("{receiver}'s ERP imported it. Nothing more needs to be done."),
        Status::Failed => {
            let reason = last_error.map(|error| format!(": \u{201c}{}\u{201d}", error.reason)).unwrap_or_default();
            let act = if ours {
                "Open the error below to fix it and deliver it again, or discard it."
            } else {
                "The receiver must act first; the error below shows what they were told."
            };
            format!("{receiver}'s ERP could not import it{reason}. {act}")
        }
        Status::Dropped if !transaction.is_latest_version() => {
            "A newer version replaced it; the newer one is the one that counts (see the versions below).".to_owned()
        }
        Status::Dropped => dropped_reason(dossier),
        Status::Unknown => "The hub does not know what became of it.".to_owned(),
    }
}

fn dropped_reason(dossier: &Dossier) -> String {
    let discarded = dossier.story.iter().rev().find(|event| event.kind == EventKind::Discarded);
    match discarded {
        Some(event) => {
            let by = crate::story::detail(event, "by").unwrap_or_else(|| "Someone".to_owned());
            let reason = crate::story::detail(event, "reason").unwrap_or_default();
            format!("{by} discarded it: \u{201c}{reason}\u{201d}. It will not be processed.")
        }
        None => format!(
            "It was kept without being delivered: {} and {} have no active relationship for this document type. Ask \
             the operator of this network to activate it, then send the document again.",
            dossier.sender, dossier.receiver
        ),
    }
}

fn linked(other: &TransactionRecord, dossier: &Dossier, zone: Tz) -> Linked {
    let badge = badge(other);
    let (from, to) = if other.sender_id == dossier.transaction.sender_id {
        (&dossier.sender, &dossier.receiver)
    } else {
        (&dossier.receiver, &dossier.sender)
    };
    let number = other.business_number.clone().unwrap_or_default();
    Linked {
        link: format!("/portal/transactions/{}", other.id),
        name: format!("{} {number}", capitalised(other.kind.in_words())).trim().to_owned(),
        direction: format!("{from} to {to}"),
        created: format_time(other.created_at, zone),
        status: badge.words,
        status_class: badge.class,
        current: other.id == dossier.transaction.id,
        latest: other.is_latest_version(),
    }
}

fn error_line(error: &ErrorRecord, zone: Tz) -> ErrorLine {
    ErrorLine {
        link: format!("/portal/errors/{}", error.id),
        reason: error.reason.clone(),
        company: error.company_name.clone(),
        opened: format_time(error.created_at, zone),
        open: error.is_open(),
    }
}

/// The story in sentences, an opened error told with its reason.
fn story(dossier: &Dossier, zone: Tz) -> Vec<(String, String)> {
    let (sender, receiver) = (&dossier.sender, &dossier.receiver);
    dossier
        .story
        .iter()
        .filter_map(|event| {
            let text = match event.kind {
                EventKind::ErrorOpened => {
                    let id = crate::story::detail(event, "errorId");
                    let error = dossier.errors.iter().find(|error| Some(error.id.to_string()) == id)?;
                    format!("An error was opened for {}: \u{201c}{}\u{201d}", error.company_name, error.reason)
                }
                _ => sentence(event, sender, receiver)?,
            };
            Some((format_time(event.at, zone), text))
        })
        .collect()
}

fn in_megabytes(bytes: usize) -> String {
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_downloaded_file_is_named_by_type_and_number_in_safe_characters() {
        let transaction = TransactionRecord {
            id: Uuid::nil(),
            kind: switchyard_documents::DocumentType::Invoice,
            sender_id: Uuid::nil(),
            receiver_id: Uuid::nil(),
            status: Status::Pending,
            flow: Flow::Live,
            created_at: 0,
            business_number: Some("INV/2026 \"7\"".into()),
            order_number: None,
            replaces: None,
            replaced_by: None,
            content: switchyard_network::model::Content::default(),
            warnings: None,
            fetched: false,
        };
        assert_eq!(file_name(&transaction), "INVOICE-INV_2026__7_.json");
        assert_eq!(in_megabytes(25 * 1024 * 1024 + 600 * 1024), "25.5 MB");
    }
}
