//! `GET /portal`: the company's overview. What needs attention first (open errors, the oldest
//! document waiting in its queue, an ERP connection gone silent), then how its documents flowed
//! today and in the last seven days, and its relationships still in testing.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use switchyard_network::Timestamp;
use switchyard_network::usecases::dashboard::{ConnectionHealth, Dashboard, Flowing, QUEUE_COUNTED_UP_TO};

use crate::PortalState;
use crate::document_words::capitalised;
use crate::pages::{render, server_error};
use crate::signed_in::{self, Nav};
use crate::time::format_time;

const PATH: &str = "/portal";

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    nav: Option<Nav>,
    company: String,
    open_errors: u64,
    /// The queue in a sentence, with the link to its oldest document.
    queue: Option<(String, String)>,
    connections: Vec<ConnectionLine>,
    received: Vec<(&'static str, u64, u64)>,
    sent: Vec<(&'static str, u64, u64)>,
    testing: Vec<String>,
}

struct ConnectionLine {
    name: String,
    polled: String,
    sent: String,
    silent: bool,
}

pub async fn show(State(state): State<PortalState>, headers: HeaderMap) -> Response {
    let (session, nav) = match signed_in::page_session(&state, &headers, PATH).await {
        Ok(signed_in) => signed_in,
        Err(response) => return response,
    };
    match state.hub.dashboard(session.user.company_id, state.time_zone).await {
        Ok(dashboard) => {
            let company = session.user.company_name.clone();
            render(StatusCode::OK, &page(nav, company, &dashboard, state.time_zone))
        }
        Err(cause) => {
            tracing::error!(%cause, "could not load a dashboard");
            server_error()
        }
    }
}

fn page(nav: Nav, company: String, dashboard: &Dashboard, zone: chrono_tz::Tz) -> DashboardPage {
    let now = dashboard.now;
    let queue = dashboard.queue.map(|queue| {
        let count = if queue.waiting >= QUEUE_COUNTED_UP_TO {
            format!("Over {QUEUE_COUNTED_UP_TO} documents wait")
        } else if queue.waiting == 1 {
            "1 document waits".to_owned()
        } else {
            format!("{} documents wait", queue.waiting)
        };
        let sentence = format!(
            "{count} in your queue for your ERP. The oldest came {} ago, on {}.",
            age(now - queue.oldest_at),
            format_time(queue.oldest_at, zone)
        );
        (sentence, format!("/portal/transactions/{}", queue.oldest_id))
    });
    let testing = dashboard
        .testing
        .iter()
        .map(|(ours, kind, partner)| {
            let kind = kind.in_words();
            if *ours {
                format!("You send {kind}s to {partner} in test.")
            } else {
                format!("{partner} sends you {kind}s in test.")
            }
        })
        .collect();
    DashboardPage {
        nav: Some(nav),
        company,
        open_errors: dashboard.open_errors,
        queue,
        connections: dashboard.connections.iter().map(|health| connection_line(health, zone)).collect(),
        received: dashboard.received.iter().map(counts).collect(),
        sent: dashboard.sent.iter().map(counts).collect(),
        testing,
    }
}

fn counts(flowing: &Flowing) -> (&'static str, u64, u64) {
    (capitalised(flowing.kind.in_words()), flowing.today, flowing.week)
}

fn connection_line(health: &ConnectionHealth, zone: chrono_tz::Tz) -> ConnectionLine {
    let when = |at: Option<Timestamp>| at.map_or_else(|| "Never".to_owned(), |at| format_time(at, zone));
    ConnectionLine {
        name: health.connection.name.clone(),
        polled: when(health.connection.last_polled_at),
        sent: when(health.connection.last_sent_at),
        silent: health.silent,
    }
}

/// A span in the largest whole unit: `3 minutes`, `5 hours`, `2 days`.
fn age(micros: i64) -> String {
    let minutes = micros.max(0) / 60_000_000;
    let (count, unit) = match minutes {
        0 => return "less than a minute".to_owned(),
        1..60 => (minutes, "minute"),
        60..1440 => (minutes / 60, "hour"),
        _ => (minutes / 1440, "day"),
    };
    if count == 1 { format!("1 {unit}") } else { format!("{count} {unit}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_reads_in_its_largest_whole_unit() {
        assert_eq!(age(30_000_000), "less than a minute");
        assert_eq!(age(60_000_000), "1 minute");
        assert_eq!(age(5 * 3_600_000_000 + 1), "5 hours");
        assert_eq!(age(50 * 3_600_000_000), "2 days");
    }
}
