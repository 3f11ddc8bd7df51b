//! `/v2/webhooks`: the calling company's webhook endpoints (Standard Webhooks), their deliveries,
//! and retrying one. The secret is shown when an endpoint is added and when it is rotated, never
//! again.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono_tz::Tz;
use serde_json::{Value, json};
use switchyard_documents::Problems;
use switchyard_network::model::{Actor, Caller, DeliveryRecord, Webhook, WebhookChange, WebhookEvent};
use switchyard_network::usecases::webhooks::WebhookInput;

use super::PathId;
use crate::body::{JsonBytes, parse_json};
use crate::fields::Fields;
use crate::time::format_timestamp;
use crate::{ApiError, AppState};

pub async fn add(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    JsonBytes(bytes): JsonBytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let input = read_input(&parse_json(&bytes)?)?;
    let webhook = state.hub.add_webhook(caller.company_id, &Actor::Api, input, state.config.webhook_policy).await?;
    Ok((StatusCode::CREATED, Json(json!({ "data": view(&webhook, state.config.time_zone, true) }))))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ApiError> {
    let webhooks = state.hub.webhooks_of(caller.company_id).await?;
    let zone = state.config.time_zone;
    Ok(Json(json!({ "data": webhooks.iter().map(|webhook| view(webhook, zone, false)).collect::<Vec<_>>() })))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
) -> Result<Json<Value>, ApiError> {
    let webhook = state.hub.webhook_of(caller.company_id, id).await?;
    Ok(Json(json!({ "data": view(&webhook, state.config.time_zone, false) })))
}

pub async fn change(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
    JsonBytes(bytes): JsonBytes,
) -> Result<Json<Value>, ApiError> {
    let change = read_change(&parse_json(&bytes)?)?;
    let policy = state.config.webhook_policy;
    let webhook = state.hub.change_webhook(caller.company_id, &Actor::Api, id, change, policy).await?;
    Ok(Json(json!({ "data": view(&webhook, state.config.time_zone, false) })))
}

pub async fn remove(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
) -> Result<StatusCode, ApiError> {
    state.hub.remove_webhook(caller.company_id, &Actor::Api, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn rotate_secret(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
) -> Result<Json<Value>, ApiError> {
    let webhook = state.hub.rotate_webhook_secret(caller.company_id, &Actor::Api, id).await?;
    let zone = state.config.time_zone;
    let mut data = view(&webhook, zone, true);
    if let Some((_, until)) = &webhook.previous_secret {
        data["previousSecretExpiresAt"] = json!(format_timestamp(*until, zone));
    }
    Ok(Json(json!({ "data": data })))
}

pub async fn deliveries(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
) -> Result<Json<Value>, ApiError> {
    let deliveries = state.hub.deliveries_of(caller.company_id, id).await?;
    let zone = state.config.time_zone;
    Ok(Json(json!({ "data": deliveries.iter().map(|delivery| delivery_view(delivery, zone)).collect::<Vec<_>>() })))
}

pub async fn retry(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    PathId(id): PathId,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let delivery = state.hub.retry_delivery(caller.company_id, id).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "data": delivery_view(&delivery, state.config.time_zone) }))))
}

/// An endpoint as answered; `secret` only when it was just made.
fn view(webhook: &Webhook, zone: Tz, with_secret: bool) -> Value {
    let mut view = json!({
        "id": webhook.id,
        "url": webhook.url,
        "events": webhook.events,
        "description": webhook.description,
        "enabled": webhook.enabled,
        "createdAt": format_timestamp(webhook.created_at, zone),
        "failingSince": webhook.failing_since.map(|at| format_timestamp(at, zone)),
        "disabledReason": webhook.disabled_reason,
    });
    if with_secret {
        view["secret"] = json!(webhook.secret.expose());
    }
    view
}

fn delivery_view(delivery: &DeliveryRecord, zone: Tz) -> Value {
    let attempts: Vec<Value> = delivery
        .attempts
        .iter()
        .map(|attempt| {
            json!({
                "attempt": attempt.attempt,
                "at": format_timestamp(attempt.at, zone),
                "durationMs": attempt.duration_ms,
                "statusCode": attempt.status,
                "error": attempt.error,
                "response": attempt.response,
            })
        })
        .collect();
    json!({
        "id": delivery.id,
        "webhookId": delivery.webhook_id,
        "event": delivery.event,
        "procurosTransactionId": delivery.transaction_id,
        "status": delivery.state,
        "createdAt": format_timestamp(delivery.created_at, zone),
        "nextAttemptAt": (delivery.state == switchyard_network::model::DeliveryState::Pending)
            .then(|| format_timestamp(delivery.due_at, zone)),
        "attempts": attempts,
    })
}

fn read_input(body: &Value) -> Result<WebhookInput, ApiError> {
    let mut problems = Problems::new();
    let Some(fields) = Fields::of(body, "", &mut problems) else { return Err(problems.into()) };
    let url = fields.text("url", true, &mut problems);
    let events = read_events(&fields, true, &mut problems);
    let description = fields.optional_string("description", &mut problems);
    problems.into_result(())?;
    Ok(WebhookInput { url: url.unwrap_or_default(), events: events.unwrap_or_default(), description })
}

fn read_change(body: &Value) -> Result<WebhookChange, ApiError> {
    let mut problems = Problems::new();
    let Some(fields) = Fields::of(body, "", &mut problems) else { return Err(problems.into()) };
    let change = WebhookChange {
        url: fields.text("url", false, &mut problems),
        events: read_events(&fields, false, &mut problems),
        description: body.get("description").map(|_| fields.optional_string("description", &mut problems)),
        enabled: body.get("enabled").and_then(|_| fields.required_bool("enabled", &mut problems)),
    };
    problems.into_result(change).map_err(ApiError::from)
}

/// `events`: a list of event names.
fn read_events(fields: &Fields<'_>, required: bool, problems: &mut Problems) -> Option<Vec<WebhookEvent>> {
    let Some(value) = fields.get("events") else {
        if required {
            problems.add("events", "The events field is required.");
        }
        return None;
    };
    let Some(names) = value.as_array() else {
        problems.add("events", "The events field must be a list of event names.");
        return None;
    };
    let mut events = Vec::new();
    for (position, name) in names.iter().enumerate() {
        if let Some(event) = name.as_str().and_then(|name| name.parse::<WebhookEvent>().ok()) {
            events.push(event);
        } else {
            let known: Vec<&str> = WebhookEvent::ALL.iter().map(|event| event.as_str()).collect();
            problems.add(format!("events.{position}"), format!("Not an event; one of {}.", known.join(", ")));
        }
    }
    Some(events)
}
