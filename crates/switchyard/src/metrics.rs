//! `/metrics` in the Prometheus text format: the counters and histograms kept as the hub works
//! (requests, documents, outbox attempts, group commits, checkpoints, rate limits; named where
//! they are counted) and, read at each scrape, what the hub holds now (queue depth and age,
//! outbox depth, database connections). Served on the public address, or on `metrics_listen`
//! alone when that is set. docs/operations.md lists each metric with alert rules.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use switchyard_network::Hub;
use switchyard_network::store::Gauges;

pub const PATH: &str = "/metrics";

const QUEUE_DOCUMENTS: &str = "switchyard_queue_documents";
const QUEUE_OLDEST_AGE: &str = "switchyard_queue_oldest_age_seconds";
const OUTBOX_PENDING: &str = "switchyard_outbox_pending";
const DATABASE_CONNECTIONS: &str = "switchyard_database_connections";
const DATABASE_CONNECTIONS_AWAITED: &str = "switchyard_database_connections_awaited";
const BUILD_INFO: &str = "switchyard_build_info";

static RECORDER: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed on first use; `None` when another recorder was installed
/// first (then `/metrics` says so rather than showing nothing).
pub fn recorder() -> Option<&'static PrometheusHandle> {
    RECORDER.get_or_init(install).as_ref()
}

fn install() -> Option<PrometheusHandle> {
    let seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
    let sizes = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];
    let builder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &seconds)
        .and_then(|builder| builder.set_buckets_for_metric(Matcher::Suffix("_size".into()), &sizes));
    let handle = match builder.and_then(PrometheusBuilder::install_recorder) {
        Ok(handle) => handle,
        Err(error) => {
            tracing::warn!(%error, "metrics are not kept");
            return None;
        }
    };
    describe();
    let commit = crate::version::COMMIT;
    metrics::gauge!(BUILD_INFO, "version" => env!("CARGO_PKG_VERSION"), "commit" => commit).set(1.0);
    Some(handle)
}

/// The help line of each metric.
fn describe() {
    use switchyard_api::request_log as http;
    use switchyard_network::telemetry as hub;
    use switchyard_store_sqlite as sqlite;
    let described: [(&str, &str); 19] = [
        (http::HTTP_REQUESTS, "Requests answered, by method, route template and status."),
        (http::HTTP_DURATION, "Time from a request's arrival to its answer, by method and route template."),
        (http::HTTP_REQUEST_BYTES, "Request body bytes received (by Content-Length), by route template."),
        (http::HTTP_RESPONSE_BYTES, "Answer body bytes sent (where known in advance), by route template."),
        (http::RATE_LIMITED, "Requests refused with 429, by policy (token or client address)."),
        (hub::DOCUMENTS_SENT, "Documents sent to the hub, by type and outcome (delivered, held, refused)."),
        (hub::DOCUMENTS_PROCESSED, "Reports of receivers' systems on documents, by status (SUCCESS, FAILED)."),
        (hub::OUTBOX_ATTEMPTS, "Attempts at outbox messages, by kind (webhook, or the mail job's kind)."),
        (hub::OUTBOX_FAILURES, "Failed attempts at outbox messages, by kind."),
        (hub::RETENTION_DELETED, "Documents deleted by the retention job."),
        (sqlite::COMMIT_BATCH_SIZE, "Writes per group commit of the embedded database."),
        (sqlite::COMMIT_SECONDS, "Time of a group commit of the embedded database, its writes included."),
        (sqlite::CHECKPOINT_PAUSE, "Time the embedded database's writer held commits back to finish a checkpoint."),
        (QUEUE_DOCUMENTS, "Documents in receivers' queues (delivered, not yet reported on), network-wide."),
        (QUEUE_OLDEST_AGE, "Age of the oldest document in any receiver's queue; 0 when none waits."),
        (OUTBOX_PENDING, "Outbox messages waiting to be sent or tried again, by kind (mail, webhook)."),
        (DATABASE_CONNECTIONS, "Database connections, by state (in_use, open)."),
        (DATABASE_CONNECTIONS_AWAITED, "Requests waiting for a database connection."),
        (BUILD_INFO, "The running version and the commit it was built from."),
    ];
    for (name, help) in described {
        metrics::describe_gauge!(name, help);
    }
}

/// `/metrics` alone, for `metrics_listen` or to merge into the public router.
pub fn router(hub: Arc<Hub>) -> Router {
    Router::new().route(PATH, get(scrape)).with_state(hub)
}

async fn scrape(State(hub): State<Arc<Hub>>) -> Response {
    let Some(recorder) = recorder() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "metrics are not kept in this process\n").into_response();
    };
    match hub.gauges().await {
        Ok(gauges) => set(&gauges, hub.now()),
        Err(error) => tracing::warn!(%error, "the queue and outbox gauges could not be read"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], recorder.render()).into_response()
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn set(gauges: &Gauges, now: switchyard_network::Timestamp) {
    metrics::gauge!(QUEUE_DOCUMENTS).set(gauges.queued as f64);
    let age = gauges.oldest_queued_at.map_or(0.0, |at| (now - at).max(0) as f64 / 1_000_000.0);
    metrics::gauge!(QUEUE_OLDEST_AGE).set(age);
    metrics::gauge!(OUTBOX_PENDING, "kind" => "mail").set(gauges.jobs_pending as f64);
    metrics::gauge!(OUTBOX_PENDING, "kind" => "webhook").set(gauges.webhooks_pending as f64);
    metrics::gauge!(DATABASE_CONNECTIONS, "state" => "in_use").set(gauges.connections_in_use as f64);
    metrics::gauge!(DATABASE_CONNECTIONS, "state" => "open").set(gauges.connections_open as f64);
    metrics::gauge!(DATABASE_CONNECTIONS_AWAITED).set(gauges.connections_awaited as f64);
}
