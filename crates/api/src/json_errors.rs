//! Error responses made outside our handlers (wrong method, body too large, a panic) come
//! without a JSON body; this gives them the API's `{"message"}` shape with its
//! `code`, keeping their headers.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

pub async fn json_error_bodies(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !needs_json_body(&response) {
        return response;
    }
    let message = message_for(response.status());
    let code = crate::ErrorCode::for_status(response.status()).as_str();
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::json!({ "message": message, "code": code }).to_string();
    Response::from_parts(parts, Body::from(body))
}

fn needs_json_body(response: &Response) -> bool {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return false;
    }
    match response.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()) {
        None => true,
        Some(kind) => kind.starts_with("text/plain"),
    }
}

/// The `message` of an error answer with no more to say than its status.
pub fn message_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "Not found.",
        StatusCode::METHOD_NOT_ALLOWED => "The method is not allowed for this URL.",
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is too large.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "The request body must be JSON, sent as Content-Type: application/json.",
        StatusCode::UNAUTHORIZED => "Unauthenticated.",
        StatusCode::TOO_MANY_REQUESTS => "Too Many Attempts.",
        StatusCode::REQUEST_TIMEOUT => "The request took too long to arrive; send it again.",
        StatusCode::URI_TOO_LONG => "The URL is too long.",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "The request headers are too large.",
        StatusCode::SERVICE_UNAVAILABLE => "The server is busy; try again shortly.",
        status if status.is_server_error() => "Server Error.",
        _ => "Bad request.",
    }
}
