//! Bearer-token authentication and the per-token rate limit, in front of every `/v2` route.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::rate_limit::Quota;
use crate::{ApiError, AppState};

pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(secret) = bearer_token(request.headers()) else {
        return ApiError::Unauthenticated.into_response();
    };
    let caller = match state.hub.authenticate(secret).await {
        Ok(Some(caller)) => caller,
        Ok(None) => return ApiError::Unauthenticated.into_response(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let quota = state.limiter.check(caller.token_id);
    let mut response = if let Quota::Exhausted { retry_after_seconds, .. } = quota {
        ApiError::TooManyRequests { retry_after_seconds }.into_response()
    } else {
        request.extensions_mut().insert(caller);
        next.run(request).await
    };
    add_quota_headers(response.headers_mut(), quota);
    response
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn add_quota_headers(headers: &mut HeaderMap, quota: Quota) {
    let (limit, remaining) = match quota {
        Quota::Unlimited => return,
        Quota::Allowed { limit, remaining } => (limit, remaining),
        Quota::Exhausted { limit, .. } => (limit, 0),
    };
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
}
