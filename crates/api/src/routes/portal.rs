//! `GET /portal/errors/{id}`: the page every `errorUrl` opens. It shows the error, its reason,
//! type, context and transaction. The id is a random UUID handed only to the party concerned.

use std::fmt::Write;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Html;
use switchyard_network::model::{ErrorRecord, TransactionRecord};

use crate::AppState;
use crate::time::format_timestamp;

pub async fn error_page(State(state): State<AppState>, Path(id): Path<String>) -> (StatusCode, Html<String>) {
    let details = match id.parse() {
        Ok(id) => state.hub.error_details(id).await,
        Err(_) => Ok(None),
    };
    match details {
        Ok(Some((error, transaction))) => (StatusCode::OK, Html(render(&state, &error, transaction.as_ref()))),
        Ok(None) => (StatusCode::NOT_FOUND, Html(page("Error not found", "<p>There is no error with this id.</p>"))),
        Err(cause) => {
            tracing::error!(%cause, "could not load an error page");
            (StatusCode::INTERNAL_SERVER_ERROR, Html(page("Server error", "<p>The error could not be loaded.</p>")))
        }
    }
}

fn render(state: &AppState, error: &ErrorRecord, transaction: Option<&TransactionRecord>) -> String {
    let zone = state.config.time_zone;
    let status = match error.resolved_at {
        Some(at) => format!("Resolved {}", format_timestamp(at, zone)),
        None => "Open".to_owned(),
    };
    let mut rows = vec![
        ("Status", status),
        ("Reason", error.reason.clone()),
        ("Type", error.error_type.to_string()),
        ("Origin", error.origin.to_string()),
        ("Company", error.company_name.clone()),
        ("Opened", format_timestamp(error.created_at, zone)),
    ];
    if let Some(kind) = error.transaction_type {
        rows.push(("Document type", kind.to_string()));
    }
    if let Some(number) = &error.transaction_identifier {
        rows.push(("Document number", number.clone()));
    }
    let mut body = format!("<dl>{}</dl>", definition_list(&rows));
    if let Some(context) = &error.context {
        let pretty = serde_json::to_string_pretty(context).unwrap_or_default();
        let _ = write!(body, "<h2>Context</h2><pre id=\"context\">{}</pre>", escape(&pretty));
    }
    if let Some(transaction) = transaction {
        body.push_str(&transaction_section(transaction, zone));
    }
    page(&format!("Error {}", error.id), &body)
}

fn transaction_section(transaction: &TransactionRecord, zone: chrono_tz::Tz) -> String {
    let rows = [
        ("Transaction", transaction.id.to_string()),
        ("Type", transaction.kind.to_string()),
        ("Status", transaction.status.to_string()),
        ("Flow", transaction.flow.to_string()),
        ("Created", format_timestamp(transaction.created_at, zone)),
        ("Number", transaction.business_number.clone().unwrap_or_default()),
    ];
    let content = serde_json::from_slice::<serde_json::Value>(transaction.content.as_bytes())
        .and_then(|value| serde_json::to_string_pretty(&value))
        .unwrap_or_else(|_| String::from_utf8_lossy(transaction.content.as_bytes()).into_owned());
    format!(
        "<h2>Transaction</h2><dl id=\"transaction\">{}</dl><details><summary>Content</summary><pre>{}</pre></details>",
        definition_list(&rows),
        escape(&content)
    )
}

fn definition_list(rows: &[(&str, String)]) -> String {
    rows.iter().fold(String::new(), |mut html, (term, value)| {
        let _ = write!(html, "<dt>{term}</dt><dd>{}</dd>", escape(value));
        html
    })
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · Switchyard</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}\
         dt{{font-weight:600}}dd{{margin:0 0 .5rem 0}}pre{{background:#f4f4f4;padding:1rem;overflow:auto}}</style>\
         </head><body><h1>{title}</h1>{body}</body></html>",
        title = escape(title)
    )
}

/// Text made safe to place in HTML.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}
