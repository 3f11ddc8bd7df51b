//! Bearer-token authentication, the token's scopes and networks, and the rate limits, in front
//! of every `/v2` route: per token for a valid one, per client address for a request without
//! one, with a wrong one, or from outside the networks its token is allowed.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use switchyard_network::usecases::authenticate::Authentication;

use crate::rate_limit::Quota;
use crate::{ApiError, AppState, scopes};

pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(secret) = bearer_token(request.headers()) else {
        return refused(&state, &request, ApiError::Unauthenticated).await;
    };
    let caller = match state.hub.authenticate(secret, client_address(&request)).await {
        Ok(Authentication::Caller(caller)) => caller,
        Ok(Authentication::Unknown) => return refused(&state, &request, ApiError::Unauthenticated).await,
        Ok(Authentication::OutsideNetworks(_)) => {
            let why =
                "This token may not be used from your network address; ask the operator which networks it allows.";
            return refused(&state, &request, ApiError::Forbidden(why.into())).await;
        }
        Err(error) => return ApiError::from(error).into_response(),
    };
    switchyard_network::noted_company::note_company(caller.company_id);
    let route = request.extensions().get::<MatchedPath>().map_or("", MatchedPath::as_str);
    let missing = scopes::needed(request.method(), route).filter(|scope| !caller.scopes.allow(*scope));
    let quota = state.limiter.check(&caller.token_id);
    within(quota, "token", async move {
        if let Some(scope) = missing {
            return ApiError::Forbidden(scopes::refusal(scope)).into_response();
        }
        request.extensions_mut().insert(caller);
        next.run(request).await
    })
    .await
}

/// `refusal`, or 429 once the client's address has spent its quota of refused requests. The
/// quota is read before the answer is awaited, so that no borrow of the request is held across it.
fn refused(state: &AppState, request: &Request, refusal: ApiError) -> impl Future<Output = Response> + use<> {
    let quota = address_quota(state, request);
    within(quota, "address", async { refusal.into_response() })
}

fn client_address(request: &Request) -> Option<IpAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(client)| client.ip())
}

/// The per-address limit in front of the routes that need no token (health, reference).
pub async fn limit_by_address(State(state): State<AppState>, request: Request, next: Next) -> Response {
    within(address_quota(&state, &request), "address", next.run(request)).await
}

/// 429 when `quota` is spent, else the answer; either way with the quota's headers.
async fn within(quota: Quota, policy: &'static str, answer: impl Future<Output = Response>) -> Response {
    let mut response = match quota {
        Quota::Exhausted { retry_after_seconds, .. } => {
            metrics::counter!(crate::request_log::RATE_LIMITED, "policy" => policy).increment(1);
            ApiError::TooManyRequests { retry_after_seconds }.into_response()
        }
        _ => answer.await,
    };
    add_quota_headers(response.headers_mut(), quota, policy);
    response
}

fn address_quota(state: &AppState, request: &Request) -> Quota {
    match client_address(request) {
        Some(client) => state.address_limiter.check(&client),
        None => Quota::Unlimited,
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// `X-RateLimit-*` as the public API has them, and the IETF fields beside them
/// (draft-ietf-httpapi-ratelimit-headers): the policy, named `token` or `address`, with its
/// quota per 60-second window, and what is left of it with the seconds until it is whole.
fn add_quota_headers(headers: &mut HeaderMap, quota: Quota, policy: &str) {
    let (limit, remaining, reset) = match quota {
        Quota::Unlimited => return,
        Quota::Allowed { limit, remaining, reset_seconds } => (limit, remaining, reset_seconds),
        Quota::Exhausted { limit, retry_after_seconds } => (limit, 0, retry_after_seconds),
    };
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    let fields = [
        ("ratelimit-policy", format!("\"{policy}\";q={limit};w=60")),
        ("ratelimit", format!("\"{policy}\";r={remaining};t={reset}")),
    ];
    for (name, value) in fields {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}
