//! The one error type of the HTTP layer, rendered in the public API's shapes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use switchyard_documents::Problems;
use switchyard_network::model::StoredAnswer;
use uuid::Uuid;

use crate::ErrorCode;

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
    /// 400: a body that cannot be read as JSON; the message says why.
    UnreadableBody(String),
    /// 400 for a sent body that is not JSON; an error record was opened for the sender.
    Unreadable {
        message: String,
        error_url: String,
    },
    /// 422 with every problem by path; `error_url` when an error record was opened.
    Validation {
        problems: Problems,
        error_url: Option<String>,
        /// `validation.failed`, or a narrower name (an unresolved party).
        code: ErrorCode,
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
    /// A request whose `Idempotency-Key` cannot be honoured: invalid, reused or still running.
    Idempotency(ErrorCode),
    /// 503: the database cannot serve now; the client may retry after a short wait.
    Unavailable(String),
    /// Our fault; the cause is logged, never shown.
    Internal(String),
}

impl ApiError {
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation {
            problems: Problems::single(path, message),
            error_url: None,
            code: ErrorCode::ValidationFailed,
        }
    }
}

impl From<Problems> for ApiError {
    fn from(problems: Problems) -> Self {
        ApiError::Validation { problems, error_url: None, code: ErrorCode::ValidationFailed }
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
            Error::Invalid(problems) => ApiError::from(problems),
            Error::Unavailable(why) => ApiError::Unavailable(why),
            Error::Internal(why) => ApiError::Internal(why),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl ApiError {
    /// The stable name of this refusal.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::UnreadableBody(_) | ApiError::Unreadable { .. } => ErrorCode::Unreadable,
            ApiError::Validation { code, .. } | ApiError::Idempotency(code) => *code,
            ApiError::Duplicate { .. } => ErrorCode::Duplicate,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::RequestTimeout => ErrorCode::RequestTimeout,
            ApiError::TooManyRequests { .. } => ErrorCode::RateLimited,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::Unavailable(_) => ErrorCode::Unavailable,
            ApiError::Internal(_) => ErrorCode::ServerError,
        }
    }

    /// The body's fields besides `code`, and the headers the answer needs.
    fn body_and_headers(self) -> (serde_json::Value, Vec<(header::HeaderName, HeaderValue)>) {
        match self {
            ApiError::Unauthenticated => (
                json!({"message": "Unauthenticated."}),
                vec![(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))],
            ),
            ApiError::Forbidden(message) | ApiError::UnreadableBody(message) | ApiError::Conflict(message) => {
                (json!({"message": message}), vec![])
            }
            ApiError::Unreadable { message, error_url } => (json!({"message": message, "errorUrl": error_url}), vec![]),
            ApiError::Validation { problems, error_url, .. } => {
                let mut body = json!({"errors": problems.by_path()});
                add_invalid_message(&mut body, &problems);
                if let Some(url) = error_url {
                    body["errorUrl"] = json!(url);
                }
                (body, vec![])
            }
            ApiError::Duplicate { original, error_url } => (
                json!({"message": "Payload already received", "errorUrl": error_url, "procurosTransactionId": original}),
                vec![],
            ),
            ApiError::RequestTimeout => {
                // The rest of the body is never read, so the connection cannot carry another request.
                let close = (header::CONNECTION, HeaderValue::from_static("close"));
                (json!({"message": crate::json_errors::message_for(StatusCode::REQUEST_TIMEOUT)}), vec![close])
            }
            ApiError::TooManyRequests { retry_after_seconds } => (
                json!({"message": "Too Many Attempts."}),
                vec![(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds))],
            ),
            ApiError::Idempotency(code) => (json!({"message": idempotency_message(code)}), vec![]),
            ApiError::Unavailable(cause) => {
                tracing::warn!(%cause, "the database could not serve a request");
                let retry = (header::RETRY_AFTER, HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECONDS));
                (json!({"message": "Service temporarily unavailable, please retry shortly."}), vec![retry])
            }
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                (json!({"message": "Server Error."}), vec![])
            }
            other => (json!({"message": crate::json_errors::message_for(other.code().status())}), vec![]),
        }
    }
}

fn idempotency_message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::IdempotencyKeyInvalid => "The Idempotency-Key header must be 1 to 255 visible ASCII characters.",
        ErrorCode::IdempotencyKeyReused => {
            "This Idempotency-Key was used before with another request body; use a new key for a new request."
        }
        ErrorCode::IdempotencyInProgress => {
            "A request with this Idempotency-Key is still being handled; retry once it has been answered."
        }
        _ => "The request could not be handled with its Idempotency-Key.",
    }
}

impl ApiError {
    /// The answer's status and body, as an idempotent request stores it, and the headers it is
    /// sent with.
    pub(crate) fn answer(self) -> (StoredAnswer, Vec<(header::HeaderName, HeaderValue)>) {
        let code = self.code();
        let (mut body, headers) = self.body_and_headers();
        body["code"] = json!(code.as_str());
        (StoredAnswer { status: code.status().as_u16(), body: body.to_string().into_bytes() }, headers)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (answer, headers) = self.answer();
        let mut response = crate::idempotency::response_of(answer);
        response.headers_mut().extend(headers);
        response
    }
}
