//! `POST /v2/validate` (our addition): check `{type, content}` as a send would, store nothing,
//! and answer `{valid, errors, warnings}` with the same paths a refused send reports.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::body::JsonValue;
use crate::{ApiError, AppState};

pub async fn validate(State(state): State<AppState>, JsonValue(body): JsonValue) -> Result<Json<Value>, ApiError> {
    let validation = state.hub.validate(body.get("type"), body.get("content"));
    Ok(Json(json!({
        "valid": validation.is_valid(),
        "errors": validation.errors.by_path(),
        "warnings": validation.warnings.by_path(),
    })))
}
