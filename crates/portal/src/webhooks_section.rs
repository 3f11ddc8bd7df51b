//! The webhooks on the connections page, for admins: each endpoint with what it is told, whether
//! it works (failing since when, turned off by the hub and why), its latest deliveries, and the
//! forms that add one, turn it on or off, give it a new secret, remove it or send a delivery
//! again. A secret is shown once, on the page that answers the form that made it.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use switchyard_network::Error;
use switchyard_network::model::{Actor, DeliveryRecord, DeliveryState, Webhook, WebhookChange, WebhookEvent};
use switchyard_network::usecases::webhooks::WebhookInput;
use uuid::Uuid;

use crate::PortalState;
use crate::connections_page::{PATH, Shown, admin_posting, page, refused};
use crate::pages::{not_found, server_error};
use crate::signed_in::{self, see_other};
use crate::time::format_time;

/// Each event with the words the page offers it in.
pub(crate) const EVENTS: [(&str, &str); 5] = [
    ("transaction.received", "A document is waiting in our queue (with its content)"),
    ("transaction.status_changed", "A document we sent was imported, failed or discarded"),
    ("error.opened", "An error opened that we must act on"),
    ("error.resolved", "One of our errors was resolved"),
    ("task.created", "The network hands our ERP a task"),
];

/// Deliveries shown under each endpoint.
const SHOWN_DELIVERIES: usize = 5;

const NO_SUCH_WEBHOOK: &str = "Your company has no webhook with this id: it may have been removed.";

/// One endpoint as the page shows it, in words.
pub(crate) struct WebhookRow {
    pub id: Uuid,
    pub url: String,
    pub description: String,
    pub events: String,
    pub state: String,
    pub enabled: bool,
    pub deliveries: Vec<DeliveryRow>,
}

pub(crate) struct DeliveryRow {
    pub id: Uuid,
    pub event: &'static str,
    pub created: String,
    pub outcome: String,
    pub failed: bool,
}

/// The company's endpoints with their latest deliveries.
pub(crate) async fn rows(state: &PortalState, company_id: Uuid) -> Result<Vec<WebhookRow>, Response> {
    let webhooks = state.hub.webhooks_of(company_id).await.map_err(|cause| {
        tracing::error!(%cause, "could not list a company's webhooks");
        server_error()
    })?;
    let mut rows = Vec::with_capacity(webhooks.len());
    for webhook in webhooks {
        let deliveries = state.hub.deliveries_of(company_id, webhook.id).await.map_err(|cause| {
            tracing::error!(%cause, "could not list a webhook's deliveries");
            server_error()
        })?;
        rows.push(row(&webhook, &deliveries, state.time_zone));
    }
    Ok(rows)
}

fn row(webhook: &Webhook, deliveries: &[DeliveryRecord], zone: chrono_tz::Tz) -> WebhookRow {
    let events: Vec<&str> = webhook.events.iter().map(|event| words(*event)).collect();
    let state = match (webhook.enabled, &webhook.disabled_reason, webhook.failing_since) {
        (false, Some(reason), _) => format!("Turned off by the hub. {reason}"),
        (false, None, _) => "Off: nothing is sent to it; its messages wait until it is turned on.".to_owned(),
        (true, _, Some(since)) => format!(
            "Failing since {}: messages are tried again for a day; after five days of failures the hub turns it off.",
            format_time(since, zone)
        ),
        (true, _, None) => "Works".to_owned(),
    };
    WebhookRow {
        id: webhook.id,
        url: webhook.url.clone(),
        description: webhook.description.clone().unwrap_or_default(),
        events: events.join("; "),
        state,
        enabled: webhook.enabled,
        deliveries: deliveries.iter().take(SHOWN_DELIVERIES).map(|delivery| delivery_row(delivery, zone)).collect(),
    }
}

fn words(event: WebhookEvent) -> &'static str {
    EVENTS.iter().find(|(name, _)| *name == event.as_str()).map_or(event.as_str(), |(_, words)| words)
}

fn delivery_row(delivery: &DeliveryRecord, zone: chrono_tz::Tz) -> DeliveryRow {
    let last = delivery.attempts.last();
    let answer = last.map_or_else(String::new, |attempt| match (&attempt.error, attempt.status) {
        (Some(error), _) => format!(" Last try: {error}."),
        (None, Some(status)) => format!(" Answered {status}."),
        (None, None) => String::new(),
    });
    let tries = delivery.attempts.len();
    let outcome = match delivery.state {
        DeliveryState::Delivered if tries <= 1 => "Delivered on the first try.".to_owned(),
        DeliveryState::Delivered => format!("Delivered on try {tries}."),
        DeliveryState::Failed => format!("Given up after {tries} tries.{answer}"),
        DeliveryState::Pending if tries == 0 => "Waiting to be sent.".to_owned(),
        DeliveryState::Pending => {
            format!(
                "Not delivered yet: tried {}, again at {}.{answer}",
                times(tries),
                format_time(delivery.due_at, zone)
            )
        }
    };
    DeliveryRow {
        id: delivery.id,
        event: delivery.event.as_str(),
        created: format_time(delivery.created_at, zone),
        outcome,
        failed: delivery.state == DeliveryState::Failed,
    }
}

fn times(tries: usize) -> String {
    if tries == 1 { "once".to_owned() } else { format!("{tries} times") }
}

/// What a form that redirects back says, by its `done`.
pub(crate) fn notice(done: &str) -> Option<&'static str> {
    match done {
        "webhook-on" => Some("The webhook is on: what waited for it is sent now."),
        "webhook-off" => Some("The webhook is off: nothing is sent to it; its messages wait."),
        "webhook-removed" => Some("The webhook is removed, with its deliveries."),
        "delivery-retried" => Some("The delivery is sent again shortly, with the same webhook-id."),
        _ => None,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewWebhookForm {
    csrf: String,
    url: String,
    description: String,
    #[serde(rename = "transaction.received")]
    received: String,
    #[serde(rename = "transaction.status_changed")]
    status_changed: String,
    #[serde(rename = "error.opened")]
    error_opened: String,
    #[serde(rename = "error.resolved")]
    error_resolved: String,
    #[serde(rename = "task.created")]
    task_created: String,
}

impl NewWebhookForm {
    fn events(&self) -> Vec<WebhookEvent> {
        let ticked = [
            (&self.received, WebhookEvent::TransactionReceived),
            (&self.status_changed, WebhookEvent::TransactionStatusChanged),
            (&self.error_opened, WebhookEvent::ErrorOpened),
            (&self.error_resolved, WebhookEvent::ErrorResolved),
            (&self.task_created, WebhookEvent::TaskCreated),
        ];
        ticked.iter().filter(|(value, _)| !value.is_empty()).map(|(_, event)| *event).collect()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WebhookForm {
    csrf: String,
}

pub async fn add(State(state): State<PortalState>, headers: HeaderMap, Form(form): Form<NewWebhookForm>) -> Response {
    let session = match admin_posting(&state, &headers, &form.csrf).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let company = match signed_in::own_company(&state, &session).await {
        Ok(company) => company,
        Err(response) => return response,
    };
    let description = Some(form.description.clone()).filter(|text| !text.trim().is_empty());
    let input = WebhookInput { url: form.url.clone(), events: form.events(), description };
    let actor = Actor::Person(session.user.email.clone());
    match state.hub.add_webhook(company.id, &actor, input, state.webhook_policy).await {
        Ok(webhook) => {
            let notice = Some("The webhook is added. Give its secret to the receiver now: it is not shown again.");
            let webhook_secret = Some((webhook.url, webhook.secret.expose().to_owned()));
            page(&state, &session, Shown { notice, webhook_secret, ..Shown::default() }).await
        }
        Err(Error::Invalid(problems)) => refused(&state, &session, problems.summary()).await,
        Err(cause) => {
            tracing::error!(%cause, "could not add a webhook");
            server_error()
        }
    }
}

/// `on`, `off`, `rotate` or `remove` on one of the company's endpoints.
pub async fn act(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<WebhookForm>,
) -> Response {
    let (session, company_id, id) = match webhook_posting(&state, &headers, &id, &form).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    let actor = Actor::Person(session.user.email.clone());
    let hub = &state.hub;
    let outcome = match action.as_str() {
        "on" | "off" => {
            let enabled = action == "on";
            let change = WebhookChange { enabled: Some(enabled), ..WebhookChange::default() };
            let changed = hub.change_webhook(company_id, &actor, id, change, state.webhook_policy).await;
            changed.map(|_| see_other(&format!("{PATH}?done=webhook-{action}")))
        }
        "remove" => hub
            .remove_webhook(company_id, &actor, id)
            .await
            .map(|()| see_other(&format!("{PATH}?done=webhook-removed"))),
        "rotate" => match hub.rotate_webhook_secret(company_id, &actor, id).await {
            Ok(webhook) => {
                let notice = Some(
                    "The webhook has a new secret. The old one signs beside it for 24 hours: give the new one to the receiver before then.",
                );
                let webhook_secret = Some((webhook.url, webhook.secret.expose().to_owned()));
                Ok(page(&state, &session, Shown { notice, webhook_secret, ..Shown::default() }).await)
            }
            Err(error) => Err(error),
        },
        _ => return not_found("Page not found", "There is no such action on a webhook."),
    };
    outcome.unwrap_or_else(|error| failed(error, "could not change a webhook"))
}

pub async fn retry(
    State(state): State<PortalState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<WebhookForm>,
) -> Response {
    let (_, company_id, id) = match webhook_posting(&state, &headers, &id, &form).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    match state.hub.retry_delivery(company_id, id).await {
        Ok(_) => see_other(&format!("{PATH}?done=delivery-retried")),
        Err(error) => failed(error, "could not retry a webhook delivery"),
    }
}

/// The admin's session, company and the id in the path of a webhook form, or the refusal.
async fn webhook_posting(
    state: &PortalState,
    headers: &HeaderMap,
    id: &str,
    form: &WebhookForm,
) -> Result<(switchyard_network::model::SessionRecord, Uuid, Uuid), Response> {
    let session = admin_posting(state, headers, &form.csrf).await?;
    let company = signed_in::own_company(state, &session).await?;
    let id = id.parse::<Uuid>().map_err(|_| not_found("Webhook not found", NO_SUCH_WEBHOOK))?;
    Ok((session, company.id, id))
}

fn failed(error: Error, what: &str) -> Response {
    match error {
        Error::NotFound(_) => not_found("Webhook not found", NO_SUCH_WEBHOOK),
        cause => {
            tracing::error!(%cause, "{what}");
            server_error()
        }
    }
}
