//! The one error type of the HTTP layer, rendered in the public API's shapes.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use switchyard_documents::Problems;
use uuid::Uuid;

pub const INVALID: &str = "The given data was invalid.";

/// Sets a refusal's `message`, saying so when only the first problems are listed, and
/// `unlistedErrors`, the count of the rest, then.
pub fn add_invalid_message(body: &mut serde_json::Value, problems: &Problems) {
    let unlisted = problems.unlisted();
    if unlisted == 0 {
        body["message"] = json!(INVALID);
        return;
    }
    let listed = problems.len() - unlisted;
    body["message"] = json!(format!("{INVALID} The first {listed} problems are listed; {unlisted} more were found."));
    body["unlistedErrors"] = json!(unlisted);
}

#[derive(Debug)]
pub enum ApiError {
    Unauthenticated,
    /// 403: the token is valid but may not make this call; the message says why.
    Forbidden(String),
    NotFound,
    /// 400 with a message, e.g. a body that is not JSON.
    BadRequest(String),
    /// 400 for a sent body that is not JSON; an error record was opened for the sender.
    Unreadable {
        message: String,
        error_url: String,
    },
    /// 422 with every problem by path; `error_url` when an error record was opened.
    Validation {
        problems: Problems,
        error_url: Option<String>,
    },
    /// 400: the same payload was sent before.
    Duplicate {
        original: Uuid,
        error_url: String,
    },
    UnsupportedMediaType,
    PayloadTooLarge,
    /// 408: the body fell behind the least pace a body must keep; the connection is closed.
    RequestTimeout,
    TooManyRequests {
        retry_after_seconds: u64,
    },
    /// 409: the request clashes with what is stored.
    Conflict(String),
    /// 503: the database cannot serve now; the client may retry after a short wait.
    Unavailable(String),
    /// Our fault; the cause is logged, never shown.
    Internal(String),
}

impl ApiError {
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation { problems: Problems::single(path, message), error_url: None }
    }
}

impl From<Problems> for ApiError {
    fn from(problems: Problems) -> Self {
        ApiError::Validation { problems, error_url: None }
    }
}

/// Seconds a client is asked to wait before it retries a request the database could not serve.
const UNAVAILABLE_RETRY_AFTER_SECONDS: u32 = 5;

/// The one place where the domain's errors become statuses.
impl From<switchyard_network::Error> for ApiError {
    fn from(error: switchyard_network::Error) -> Self {
        use switchyard_network::Error;
        match error {
            Error::NotFound(_) => ApiError::NotFound,
            Error::Conflict(what) => ApiError::Conflict(what),
            Error::Invalid(problems) => ApiError::Validation { problems, error_url: None },
            Error::Unavailable(why) => ApiError::Unavailable(why),
            Error::Internal(why) => ApiError::Internal(why),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Unauthenticated => {
                let mut response = (
                    StatusCode::UNAUTHORIZED,
                    Json(json!({"message": "Unauthenticated.", "code": "auth.unauthenticated"})),
                )
                    .into_response();
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                response
            }
            ApiError::Forbidden(message) => {
                (StatusCode::FORBIDDEN, Json(json!({"message": message, "code": "auth.forbidden"}))).into_response()
            }
            ApiError::NotFound => (StatusCode::NOT_FOUND, Json(json!({"message": "Not found."}))).into_response(),
            ApiError::BadRequest(message) => {
                (StatusCode::BAD_REQUEST, Json(json!({"message": message}))).into_response()
            }
            ApiError::Unreadable { message, error_url } => {
                (StatusCode::BAD_REQUEST, Json(json!({"message": message, "errorUrl": error_url}))).into_response()
            }
            ApiError::Validation { problems, error_url } => {
                let mut body = json!({"errors": problems.by_path(), "code": "validation.failed"});
                add_invalid_message(&mut body, &problems);
                if let Some(url) = error_url {
                    body["errorUrl"] = json!(url);
                }
                (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
            }
            ApiError::Duplicate { original, error_url } => (
                StatusCode::BAD_REQUEST,
                Json(json!({
                    "message": "Payload already received",
                    "errorUrl": error_url,
                    "procurosTransactionId": original,
                    "code": "payload.duplicate",
                })),
            )
                .into_response(),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Json(json!({"message": "The request body must be JSON, sent as Content-Type: application/json."})),
            )
                .into_response(),
            ApiError::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, Json(json!({"message": "The request body is too large."})))
                    .into_response()
            }
            ApiError::RequestTimeout => {
                let message = crate::json_errors::message_for(StatusCode::REQUEST_TIMEOUT);
                // The rest of the body is never read, so the connection cannot carry another request.
                let close = [(header::CONNECTION, HeaderValue::from_static("close"))];
                (StatusCode::REQUEST_TIMEOUT, close, Json(json!({"message": message}))).into_response()
            }
            ApiError::TooManyRequests { retry_after_seconds } => {
                let mut response =
                    (StatusCode::TOO_MANY_REQUESTS, Json(json!({"message": "Too Many Attempts."}))).into_response();
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
                response
            }
            ApiError::Conflict(message) => (StatusCode::CONFLICT, Json(json!({"message": message}))).into_response(),
            ApiError::Unavailable(cause) => {
                tracing::warn!(%cause, "the database could not serve a request");
                let body = json!({"message": "Service temporarily unavailable, please retry shortly."});
                let mut response = (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECONDS));
                response
            }
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"message": "Server Error."}))).into_response()
            }
        }
    }
}
