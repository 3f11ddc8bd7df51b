//! `GET /portal/errors/{id}`: the page every `errorUrl` opens. It says what went wrong, who
//! must act and what to do, then shows the reason, the problems by path, the context the ERP
//! gave and the document concerned.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use switchyard_network::model::{ErrorOrigin, ErrorRecord, ErrorType, TransactionRecord};

use crate::PortalState;
use crate::pages::{not_found, render, server_error};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorView {
    heading: &'static str,
    what_to_do: String,
    fault: Option<&'static str>,
    resolved: Option<String>,
    reason: String,
    kind_label: &'static str,
    company: String,
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

pub async fn show(State(state): State<PortalState>, Path(id): Path<String>) -> Response {
    const GONE: &str = "There is no error with this address. The link may be mistyped or cut short: compare it \
                        with the answer or message it came from.";
    let Ok(id) = id.parse() else { return not_found("Error not found", GONE) };
    match state.hub.error_details(id).await {
        Ok(Some((error, transaction))) => render(StatusCode::OK, &view(&state, error, transaction.as_ref())),
        Ok(None) => not_found("Error not found", GONE),
        Err(cause) => {
            tracing::error!(%cause, "could not load an error page");
            server_error()
        }
    }
}

fn view(state: &PortalState, error: ErrorRecord, transaction: Option<&TransactionRecord>) -> ErrorView {
    let zone = state.time_zone;
    let (problems, context) = split_context(error.context);
    // A refused document's stored reason repeats its first problem; the list below says it all.
    let reason = match problems.len() {
        0 => error.reason,
        1 => "The hub found a problem in the document, shown below.".to_owned(),
        count => format!("The hub found {count} problems in the document, listed below."),
    };
    ErrorView {
        heading: heading(error.origin),
        what_to_do: what_to_do(error.origin, &error.company_name),
        fault: (error.error_type == ErrorType::Internal).then_some(
            "This is a fault of a system rather than of the data: your IT or ERP support should look at it.",
        ),
        resolved: error.resolved_at.map(|at| format_time(at, zone)),
        reason,
        kind_label: if error.error_type == ErrorType::Internal { "System fault" } else { "Data problem" },
        company: error.company_name,
        opened: format_time(error.created_at, zone),
        document_type: error.transaction_type.map(|kind| kind.to_string()),
        document_number: error.transaction_identifier,
        problems,
        context,
        transaction: transaction.map(|transaction| transaction_view(transaction, zone)),
        transaction_heading: if error.origin == ErrorOrigin::Duplicate {
            "The document received before"
        } else {
            "The document"
        },
    }
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

fn what_to_do(origin: ErrorOrigin, company: &str) -> String {
    match origin {
        ErrorOrigin::Rejected => format!(
            "The hub refused a document {company} sent and did not deliver it. {company} must act: correct the \
             problems listed below in the ERP, then send the document again."
        ),
        ErrorOrigin::Duplicate => format!(
            "{company} sent a document the hub had received already; it was not stored again. Nothing needs to be \
             done, unless the document was meant to change: then change it (same number) and send it again."
        ),
        ErrorOrigin::ProcessingFailed => format!(
            "{company}'s ERP reported that it could not process this document. {company} must act: fix the cause \
             named below in the ERP, then ask the sender to send the document again (with the same number, as a \
             new version)."
        ),
        ErrorOrigin::Reported => format!(
            "{company}'s ERP reported that it could not build an outgoing document. {company} must act: fix the \
             cause named below, then let the ERP send the document."
        ),
        ErrorOrigin::TaskFailed => format!(
            "{company}'s ERP could not complete a task the network gave it. {company} must act: fix the cause named \
             below; the operator can then give the task again."
        ),
    }
}

/// A refused document's context is `{"errors": {path: [message]}}`: shown as a list. Any other
/// context is shown as JSON.
fn split_context(context: Option<Value>) -> (Vec<(String, Vec<String>)>, Option<String>) {
    let Some(mut context) = context else { return (Vec::new(), None) };
    let problems = context.as_object_mut().and_then(|object| object.remove("errors")).map(problems_of);
    let rest_is_empty = context.as_object().is_some_and(serde_json::Map::is_empty);
    let rest = (!rest_is_empty).then(|| serde_json::to_string_pretty(&context).unwrap_or_default());
    (problems.unwrap_or_default(), rest)
}

fn problems_of(errors: Value) -> Vec<(String, Vec<String>)> {
    let Value::Object(by_path) = errors else { return Vec::new() };
    by_path
        .into_iter()
        .map(|(path, messages)| {
            let messages = messages.as_array().map(|list| list.iter().map(text_of).collect()).unwrap_or_default();
            (path, messages)
        })
        .collect()
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

/// A time for people: `2024-03-01 09:30 (Europe/Berlin)`.
fn format_time(at: switchyard_network::Timestamp, zone: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp_micros(at)
        .unwrap_or_default()
        .with_timezone(&zone)
        .format(&format!("%Y-%m-%d %H:%M ({zone})"))
        .to_string()
}
