//! `GET /portal/errors/{id}`: the page every `errorUrl` opens, for the people of the error's
//! company and of the other company of its document. It says what went wrong, who must act and
//! what to do, then shows the reason, the problems by path, the context the ERP gave, the
//! document concerned and its story, and the actions still open (see [`crate::error_actions`]).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use switchyard_network::model::{ErrorOrigin, ErrorType, SessionRecord, TransactionRecord};
use switchyard_network::usecases::error_desk::{ErrorView, Possible};

use crate::PortalState;
use crate::pages::{not_found, render, server_error};
use crate::signed_in::{self, Nav};
use crate::story::sentence;
use crate::time::format_time;
use switchyard_network::advice::{document_name, what_to_do};

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    nav: Option<Nav>,
    csrf: String,
    error_id: String,
    heading: &'static str,
    standing: Standing,
    what_to_do: String,
    fault: Option<&'static str>,
    reason: String,
    kind_label: &'static str,
    company: String,
    partner: Option<String>,
    opened: String,
    document_type: Option<String>,
    document_number: Option<String>,
    /// For a refused document: every problem, by path.
    problems: Vec<(String, Vec<String>)>,
    /// Whatever else the context holds, as indented JSON.
    context: Option<String>,
    transaction: Option<TransactionView>,
    /// What the transaction shown is to this error.
    transaction_heading: &'static str,
    story: Vec<StoryLine>,
    can_resolve: bool,
    can_deliver_again: bool,
    can_discard: bool,
    /// After an action: what it did.
    notice: Option<&'static str>,
    /// An action that could not be done, and why.
    pub problem: Option<String>,
}

/// Where the error stands, as the badge at the top says it.
enum Standing {
    Open,
    Waiting { since: String, receiver: String },
    Resolved { at: String, by: Option<String>, resolution: Option<String> },
}

struct TransactionView {
    id: String,
    kind: String,
    status: String,
    flow: String,
    created: String,
    number: String,
    content: String,
}

struct StoryLine {
    at: String,
    text: String,
}

pub const GONE: &str = "There is no error with this address that you can see. The link may be mistyped or cut short: \
                        compare it with the message it came from. If it is meant for another company, sign in as \
                        one of its people.";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    done: String,
}

fn done_notice(done: &str) -> Option<&'static str> {
    match done {
        "resolved" => Some("The error is marked resolved."),
        "delivered" => Some(
            "The document is back in the receiver's queue. The error is resolved as soon as the receiver's ERP reports \
             it processed; if it fails again, this error opens again.",
        ),
        "discarded" => Some("The document is discarded: it left every queue, and both companies see why."),
        _ => None,
    }
}

pub async fn show(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Response {
    let session = match signed_in::required(&state, &headers, &format!("/portal/errors/{id}")).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let Ok(id) = id.parse() else { return not_found("Error not found", GONE) };
    match state.hub.error_for(&session.user, id).await {
        Ok(Some(found)) => match page(&state, &session, found).await {
            Ok(mut page) => {
                page.notice = done_notice(&query.done);
                render(StatusCode::OK, &page)
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

/// The page of `found` for the user of `session`.
pub async fn page(state: &PortalState, session: &SessionRecord, found: ErrorView) -> Result<ErrorPage, Response> {
    let nav = Nav::load(state, session).await?;
    Ok(view(state, nav, found))
}

fn view(state: &PortalState, nav: Nav, found: ErrorView) -> ErrorPage {
    let zone = state.time_zone;
    let possible = found.possible();
    let story = story_of(&found, zone);
    let ErrorView { error, transaction, ours, partner, .. } = found;
    let standing = match (error.resolved_at, error.redelivered_at) {
        (Some(at), _) => Standing::Resolved {
            at: format_time(at, zone),
            by: error.resolved_by.clone(),
            resolution: error.resolution.clone(),
        },
        (None, Some(since)) => {
            Standing::Waiting { since: format_time(since, zone), receiver: error.company_name.clone() }
        }
        (None, None) => Standing::Open,
    };
    let Refused { problems, unlisted, context } = split_context(error.context.clone());
    // A refused document's stored reason repeats its first problem; the list below says it all.
    let listed: usize = problems.iter().map(|(_, messages)| messages.len()).sum();
    let reason = match (listed, unlisted) {
        (0, _) => error.reason.clone(),
        (1, 0) => "The hub found a problem in the document, shown below.".to_owned(),
        (count, 0) => format!("The hub found {count} problems in the document, listed below."),
        (listed, unlisted) => format!(
            "The hub found {} problems in the document; the first {listed} are listed below. Mending \
             them usually shows what the others are.",
            with_thousands(listed + unlisted)
        ),
    };
    let document = document_name(error.transaction_type, error.transaction_identifier.as_deref());
    let advice = match &standing {
        Standing::Open => what_to_do(&error, ours, partner.as_deref(), &document),
        Standing::Waiting { receiver, .. } => format!(
            "Nothing to do now: the {document} is back in {receiver}'s queue. This error is resolved when \
             {receiver}'s ERP reports it processed; if it fails again, it opens again here."
        ),
        Standing::Resolved { .. } => "Nothing more needs to be done: this error is resolved.".to_owned(),
    };
    ErrorPage {
        csrf: nav.csrf.clone(),
        nav: Some(nav),
        error_id: error.id.to_string(),
        heading: heading(error.origin),
        standing,
        what_to_do: advice,
        fault: (error.error_type == ErrorType::Internal).then_some(
            "This is a fault of a system rather than of the data: your IT or ERP support should look at it.",
        ),
        reason,
        kind_label: if error.error_type == ErrorType::Internal { "System fault" } else { "Data problem" },
        company: error.company_name,
        partner,
        opened: format_time(error.created_at, zone),
        document_type: error.transaction_type.map(|kind| kind.to_string()),
        document_number: error.transaction_identifier,
        problems,
        context,
        transaction: transaction.as_ref().map(|transaction| transaction_view(transaction, zone)),
        transaction_heading: if error.origin == ErrorOrigin::Duplicate {
            "The document received before"
        } else {
            "The document"
        },
        story,
        can_resolve: possible.contains(&Possible::Resolve),
        can_deliver_again: possible.contains(&Possible::DeliverAgain),
        can_discard: possible.contains(&Possible::Discard),
        notice: None,
        problem: None,
    }
}

/// The transaction's story in sentences, with the names of the two companies.
fn story_of(found: &ErrorView, zone: chrono_tz::Tz) -> Vec<StoryLine> {
    let Some(transaction) = &found.transaction else { return Vec::new() };
    let name = |id: uuid::Uuid| {
        if id == found.error.company_id {
            found.error.company_name.clone()
        } else {
            found.partner.clone().unwrap_or_else(|| "the partner".to_owned())
        }
    };
    let (sender, receiver) = (name(transaction.sender_id), name(transaction.receiver_id));
    found
        .story
        .iter()
        .filter_map(|event| {
            sentence(event, &sender, &receiver).map(|text| StoryLine { at: format_time(event.at, zone), text })
        })
        .collect()
}

fn heading(origin: ErrorOrigin) -> &'static str {
    match origin {
        ErrorOrigin::Rejected => "A document was refused",
        ErrorOrigin::Duplicate => "A document was sent twice",
        ErrorOrigin::ProcessingFailed => "A received document could not be processed",
        ErrorOrigin::Reported => "Your ERP could not build a document",
        ErrorOrigin::TaskFailed => "A task of the network failed",
    }
}

/// A refused document's context: `{"errors": {path: [message]}, "unlistedErrors": n}`.
struct Refused {
    problems: Vec<(String, Vec<String>)>,
    /// Problems found beyond the listed ones.
    unlisted: usize,
    /// Whatever else the context holds, as indented JSON.
    context: Option<String>,
}

/// A refused document's problems are shown as a list; any other context as JSON.
fn split_context(context: Option<Value>) -> Refused {
    let Some(mut context) = context else { return Refused { problems: Vec::new(), unlisted: 0, context: None } };
    let object = context.as_object_mut();
    let (problems, unlisted) = match object {
        Some(object) => (
            object.remove("errors").map(problems_of).unwrap_or_default(),
            object.remove("unlistedErrors").and_then(|count| count.as_u64()).unwrap_or_default(),
        ),
        None => (Vec::new(), 0),
    };
    let rest_is_empty = context.as_object().is_some_and(serde_json::Map::is_empty);
    let rest = (!rest_is_empty).then(|| serde_json::to_string_pretty(&context).unwrap_or_default());
    Refused { problems, unlisted: usize::try_from(unlisted).unwrap_or(usize::MAX), context: rest }
}

/// The problems in the document's order: `items.2` before `items.10`, as people count.
fn problems_of(errors: Value) -> Vec<(String, Vec<String>)> {
    let Value::Object(by_path) = errors else { return Vec::new() };
    let mut problems: Vec<(String, Vec<String>)> = by_path
        .into_iter()
        .map(|(path, messages)| {
            let messages = messages.as_array().map(|list| list.iter().map(text_of).collect()).unwrap_or_default();
            (path, messages)
        })
        .collect();
    problems.sort_by(|(one, _), (other, _)| in_document_order(one, other));
    problems
}

/// Compares dotted paths segment by segment, list positions by their number.
fn in_document_order(one: &str, other: &str) -> std::cmp::Ordering {
    let segments = |path: &str| {
        path.split('.').map(|segment| (segment.parse::<u64>().ok(), segment.to_owned())).collect::<Vec<_>>()
    };
    segments(one).cmp(&segments(other))
}

/// `1000000` as `1,000,000`.
fn with_thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

fn text_of(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}

fn transaction_view(transaction: &TransactionRecord, zone: chrono_tz::Tz) -> TransactionView {
    let bytes = transaction.content.as_bytes();
    let content = serde_json::from_slice::<Value>(bytes)
        .and_then(|value| serde_json::to_string_pretty(&value))
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned());
    TransactionView {
        id: transaction.id.to_string(),
        kind: transaction.kind.to_string(),
        status: transaction.status.to_string(),
        flow: transaction.flow.to_string(),
        created: format_time(transaction.created_at, zone),
        number: transaction.business_number.clone().unwrap_or_default(),
        content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_come_in_the_document_order_and_counts_read_with_thousands() {
        let errors = serde_json::json!({
            "content.items.10": ["b"], "content.items.2": ["a"], "content.header.orderIdentifier": ["c"],
        });
        let paths: Vec<String> = problems_of(errors).into_iter().map(|(path, _)| path).collect();
        assert_eq!(paths, ["content.header.orderIdentifier", "content.items.2", "content.items.10"]);
        assert_eq!(with_thousands(1_000_000), "1,000,000");
        assert_eq!(with_thousands(999), "999");
        assert_eq!(with_thousands(1_234), "1,234");
    }
}
