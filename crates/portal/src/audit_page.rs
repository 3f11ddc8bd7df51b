//! `/portal/audit`, for admins: every change made to the company's people, tokens,
//! relationships, responsibilities and errors, newest first, each saying who made it, when and
//! what, a page at a time. Members are told it is for admins.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use switchyard_network::model::{AuditAction, AuditEntry};

use crate::PortalState;
use crate::pages::{ProblemPage, render, server_error};
use crate::signed_in::{self, Nav};
use crate::time::format_time;

const PATH: &str = "/portal/audit";
const PAGE_SIZE: usize = 50;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Option<Nav>,
    /// When, who and what of each entry.
    lines: Vec<(String, String, String)>,
    older: Option<String>,
    newest: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    before: Option<i64>,
}

pub async fn show(State(state): State<PortalState>, headers: HeaderMap, Query(query): Query<AuditQuery>) -> Response {
    let (session, nav) = match signed_in::page_session(&state, &headers, PATH).await {
        Ok(signed_in) => signed_in,
        Err(response) => return response,
    };
    if !session.user.is_admin() {
        let page = ProblemPage {
            nav: Some(nav),
            title: "Only admins can read the audit log",
            explanation: "The log of changes to your company's people, tokens and relationships is for its admins. \
                          Ask one of them.",
        };
        return render(StatusCode::FORBIDDEN, &page);
    }
    match state.hub.audit_log(&session.user, query.before, PAGE_SIZE).await {
        Ok(log) => {
            let zone = state.time_zone;
            let lines = log
                .records
                .iter()
                .map(|record| (format_time(record.entry.at, zone), record.entry.actor.clone(), sentence(&record.entry)))
                .collect();
            let older = log.older.map(|seq| format!("{PATH}?before={seq}"));
            render(StatusCode::OK, &AuditPage { nav: Some(nav), lines, older, newest: query.before.is_none() })
        }
        Err(cause) => {
            tracing::error!(%cause, "could not read an audit log");
            server_error()
        }
    }
}

/// What an entry changed, in a sentence.
fn sentence(entry: &AuditEntry) -> String {
    let text = |key: &str| entry.detail.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let role = || text("role").to_lowercase();
    match entry.action {
        AuditAction::UserInvited => format!("Invited {} as {}.", text("email"), role()),
        AuditAction::RoleChanged => format!("Made {} {}.", text("email"), role()),
        AuditAction::UserDisabled => format!("Disabled {}.", text("email")),
        AuditAction::TokenIssued => {
            format!("Issued token {}… for the connection {}.", text("token"), text("connection"))
        }
        AuditAction::TokenRotated => format!(
            "Rotated token {}… of the connection {}; the new one starts {}…",
            text("token"),
            text("connection"),
            text("newToken")
        ),
        AuditAction::TokenRevoked => {
            format!("Revoked token {}… of the connection {}.", text("token"), text("connection"))
        }
        AuditAction::ResponsibilitySet => responsibility(&entry.detail),
        AuditAction::RelationshipSet => format!(
            "Set the relationship for {} from {} to {} to {}.",
            kind_words(&text("type")),
            text("sender"),
            text("receiver"),
            text("state")
        ),
        AuditAction::RelationshipProposed => format!("Proposed {}.", relationship_words(&text)),
        AuditAction::ProposalAccepted => format!("Accepted the proposal: {}.", relationship_words(&text)),
        AuditAction::ProposalDeclined => format!("Declined the proposal: {}.", relationship_words(&text)),
        AuditAction::ProposalWithdrawn => format!("Withdrew the proposal: {}.", relationship_words(&text)),
        AuditAction::ErrorResolved => format!("Marked the error about the {} resolved.", text("document")),
        AuditAction::ErrorDeliveredAgain => format!("Delivered the {} again.", text("document")),
        AuditAction::ErrorDiscarded => {
            format!("Discarded the {}: \u{201c}{}\u{201d}", text("document"), text("reason"))
        }
        AuditAction::WebhookAdded => format!("Added the webhook {}.", text("url")),
        AuditAction::WebhookChanged => format!("Changed the webhook {}.", text("url")),
        AuditAction::WebhookRemoved => format!("Removed the webhook {}.", text("url")),
        AuditAction::WebhookSecretRotated => format!("Gave the webhook {} a new secret.", text("url")),
        AuditAction::WebhookDisabled => format!("Turned the webhook {} off: {}", text("url"), text("reason")),
    }
}

/// `orders from ACME to Testsupplier travel TESTING`.
fn relationship_words(text: &impl Fn(&str) -> String) -> String {
    format!(
        "{}s from {} to {} travel {}",
        kind_words(&text("type")),
        text("sender"),
        text("receiver"),
        state_words(&text("state"))
    )
}

fn state_words(state: &str) -> &'static str {
    match state {
        "ACTIVE" => "live",
        "TESTING" => "in test",
        _ => "not at all",
    }
}

fn responsibility(detail: &Value) -> String {
    let kind = kind_words(detail.get("type").and_then(Value::as_str).unwrap_or_default());
    let partner =
        detail.get("partner").and_then(Value::as_str).map_or_else(|| "every partner".to_owned(), str::to_owned);
    let emails: Vec<&str> =
        detail.get("emails").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    if emails.is_empty() {
        format!("Removed who is told of errors about {kind}s with {partner}: the admins are, again.")
    } else {
        // Ends with the addresses: a partner's name may end with its own full stop ("Ltd.").
        format!("Errors about {kind}s with {partner} now go to {}.", emails.join(", "))
    }
}

/// `ORDER_RESPONSE` as `order response`.
fn kind_words(name: &str) -> String {
    name.parse::<switchyard_documents::DocumentType>()
        .map_or_else(|_| name.to_lowercase(), |kind| kind.in_words().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(action: AuditAction, detail: Value) -> AuditEntry {
        AuditEntry { id: uuid::Uuid::nil(), company_id: uuid::Uuid::nil(), at: 0, actor: "ann".into(), action, detail }
    }

    #[test]
    fn entries_read_as_sentences() {
        let invited = entry(AuditAction::UserInvited, json!({"email": "max@x.example", "role": "MEMBER"}));
        assert_eq!(sentence(&invited), "Invited max@x.example as member.");
        let rule = entry(
            AuditAction::ResponsibilitySet,
            json!({"type": "ORDER_RESPONSE", "partner": null, "emails": ["a@x.example", "b@x.example"]}),
        );
        assert_eq!(
            sentence(&rule),
            "Errors about order responses with every partner now go to a@x.example, b@x.example."
        );
        let removed =
            entry(AuditAction::ResponsibilitySet, json!({"type": "INVOICE", "partner": "ACME", "emails": []}));
        assert!(sentence(&removed).starts_with("Removed who is told of errors about invoices with ACME"));
    }
}
