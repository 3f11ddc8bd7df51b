//! The one error type of the HTTP layer, rendered in the public API's shapes.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use switchyard_documents::Problems;
use switchyard_network::store::StoreError;
use uuid::Uuid;

pub const INVALID: &str = "The given data was invalid.";

#[derive(Debug)]
pub enum ApiError {
    Unauthenticated,
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
    TooManyRequests {
        retry_after_seconds: u64,
    },
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

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::Internal(error.to_string())
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
            ApiError::NotFound => (StatusCode::NOT_FOUND, Json(json!({"message": "Not found."}))).into_response(),
            ApiError::BadRequest(message) => {
                (StatusCode::BAD_REQUEST, Json(json!({"message": message}))).into_response()
            }
            ApiError::Unreadable { message, error_url } => {
                (StatusCode::BAD_REQUEST, Json(json!({"message": message, "errorUrl": error_url}))).into_response()
            }
            ApiError::Validation { problems, error_url } => {
                let mut body = json!({"message": INVALID, "errors": problems.by_path(), "code": "validation.failed"});
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
            ApiError::TooManyRequests { retry_after_seconds } => {
                let mut response =
                    (StatusCode::TOO_MANY_REQUESTS, Json(json!({"message": "Too Many Attempts."}))).into_response();
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
                response
            }
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"message": "Server Error."}))).into_response()
            }
        }
    }
}
