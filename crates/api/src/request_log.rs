//! One log line per request, and the request's id: taken from the client's `x-request-id` when
//! it sends a usable one, made up otherwise, returned in the answer's `x-request-id`, carried by
//! every log line written while the request is served (a span), and written into the body of a
//! 5xx answer, so that a support question ("it said Server Error") is answered from the log.
//!
//! The line also names the client's address (behind a trusted proxy, the one it forwards for).
//! The line names the route by its template (`/v2/transactions/{id}`), never the query string,
//! a header or a body: those may hold a token or a trading partner's data.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::Body as _;
use switchyard_network::noted_company::CompanyNote;
use tracing::Instrument;

pub const REQUEST_ID: &str = "x-request-id";

pub const HTTP_REQUESTS: &str = "switchyard_http_requests_total";
pub const HTTP_DURATION: &str = "switchyard_http_request_duration_seconds";
pub const HTTP_REQUEST_BYTES: &str = "switchyard_http_request_bytes_total";
pub const HTTP_RESPONSE_BYTES: &str = "switchyard_http_response_bytes_total";
pub const RATE_LIMITED: &str = "switchyard_rate_limited_total";

/// A client's id is used as given when it is this long at most and printable without spaces.
const LONGEST_CLIENT_ID: usize = 128;
/// A 5xx body longer than this is passed on as it is.
const LONGEST_ERROR_BODY: usize = 64 * 1024;

/// The id of the request being served, in its extensions.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

pub async fn log_requests(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(request.headers());
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map_or("(no route)", MatchedPath::as_str).to_owned();
    let request_bytes = content_length(request.headers());
    // The client as the serving layer found it: behind a trusted proxy, the one it names.
    let client = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip());
    let company = CompanyNote::default();
    request.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id);
    let mut response = company.around(next.run(request)).instrument(span.clone()).await;
    if response.status().is_server_error() {
        response = with_request_id_in_body(response, &id).await;
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let response_bytes = response.body().size_hint().exact();
    let status = response.status().as_u16();
    span.in_scope(|| {
        tracing::info!(
            target: "switchyard::request",
            method = %method,
            route = %route,
            status,
            duration_ms = round_ms(started),
            request_bytes,
            response_bytes,
            company = company.company().map(tracing::field::display),
            client = client.map(tracing::field::display),
            "request"
        );
    });
    count(method.as_str(), route, status, started, (request_bytes, response_bytes));
    response
}

/// Methods counted by name; any other a client makes up is counted as `OTHER`.
const KNOWN_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The request in the metrics: by method, route template and status (each a short list of
/// values, whatever the traffic).
fn count(method: &str, route: String, status: u16, started: Instant, (received, sent): (Option<u64>, Option<u64>)) {
    let method: &'static str = KNOWN_METHODS.iter().find(|known| **known == method).copied().unwrap_or("OTHER");
    metrics::counter!(HTTP_REQUESTS, "method" => method, "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!(HTTP_DURATION, "method" => method, "route" => route.clone()).record(started.elapsed());
    metrics::counter!(HTTP_REQUEST_BYTES, "route" => route.clone()).increment(received.unwrap_or(0));
    metrics::counter!(HTTP_RESPONSE_BYTES, "route" => route).increment(sent.unwrap_or(0));
}

/// The client's id when it is usable, else a new one.
fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|id| !id.is_empty() && id.len() <= LONGEST_CLIENT_ID && id.bytes().all(|b| b.is_ascii_graphic()))
        .map_or_else(|| switchyard_network::new_id().to_string(), ToOwned::to_owned)
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

fn round_ms(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0
}

/// A JSON 5xx answer with `requestId` added beside its `message`; any other as it was.
async fn with_request_id_in_body(response: Response, id: &str) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("application/json"));
    if !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LONGEST_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let body = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut fields)) => {
            fields.insert("requestId".into(), id.into());
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(serde_json::Value::Object(fields).to_string())
        }
        _ => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn headers(id: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(REQUEST_ID, HeaderValue::from_str(id).unwrap());
        headers
    }

    #[test]
    fn a_clients_id_is_kept_when_usable_and_replaced_when_not() {
        assert_eq!(request_id(&headers("erp-7f3a:42")), "erp-7f3a:42");
        for unusable in ["", "two words", &"x".repeat(129)] {
            let made = request_id(&headers(unusable));
            assert!(made.parse::<Uuid>().is_ok(), "{unusable:?} is replaced by a new id, not {made:?}");
        }
        assert!(request_id(&HeaderMap::new()).parse::<Uuid>().is_ok());
    }
}
