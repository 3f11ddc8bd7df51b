//! Reading a JSON request body with the API's own answers for a wrong content type (415), a
//! body over the limit (413), a body that arrives too slowly (408) and one that is not JSON (400).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};

use crate::ApiError;

/// The raw bytes of a body declared as JSON.
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !declares_json(&request) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else if crate::body_pace::is_too_slow(&rejection) {
                ApiError::RequestTimeout
            } else {
                ApiError::UnreadableBody("The request body could not be read.".into())
            }
        })?;
        Ok(Self(bytes))
    }
}

fn declares_json(request: &Request) -> bool {
    let Some(kind) = request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let essence = kind.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|error| ApiError::UnreadableBody(format!("The request body is not valid JSON: {error}.")))
}
