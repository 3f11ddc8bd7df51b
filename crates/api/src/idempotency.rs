//! The `Idempotency-Key` header: a request that carries one runs once per company and key, and
//! its answer is kept 24 hours for retries, which get it again byte for byte with
//! `Idempotent-Replayed: true`. The rules are the domain's ([`switchyard_network::model::idempotency`]);
//! this reads the header, answers what the store decided, and renders answers to keep.

use std::borrow::Borrow;
use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use switchyard_network::model::idempotency::Render;
use switchyard_network::model::{Answering, Begun, Caller, IdempotencyKey, IdempotentRequest, StoredAnswer};

use crate::{ApiError, AppState, ErrorCode};

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// A JSON answer as sent.
pub fn response_of(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Body::from(answer.body));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The answer of a `status` with `body` as JSON.
pub(crate) fn json_answer(status: StatusCode, body: &impl Serialize) -> StoredAnswer {
    let body = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    StoredAnswer { status: status.as_u16(), body }
}

/// A request of a route that honours idempotency keys.
pub(crate) struct Keyed<'a> {
    state: &'a AppState,
    /// `None` without a key: the request runs as any other.
    request: Option<IdempotentRequest>,
}

impl<'a> Keyed<'a> {
    /// Reads the key of a request to `route` (its method and path) with `body`.
    pub fn read(
        state: &'a AppState,
        caller: Caller,
        headers: &HeaderMap,
        route: &str,
        body: &[u8],
    ) -> Result<Self, ApiError> {
        let Some(value) = headers.get(IDEMPOTENCY_KEY) else { return Ok(Self { state, request: None }) };
        let text = value.to_str().map_err(|_| ApiError::Idempotency(ErrorCode::IdempotencyKeyInvalid))?;
        let key = IdempotencyKey::parse(text).ok_or(ApiError::Idempotency(ErrorCode::IdempotencyKeyInvalid))?;
        let request = IdempotentRequest {
            company_id: caller.company_id,
            key,
            fingerprint: IdempotentRequest::fingerprint_of(route, body),
            claim: switchyard_network::new_id(),
            at: state.hub.now(),
        };
        Ok(Self { state, request: Some(request) })
    }

    /// Runs the request once: `run` gets how to store its answer with its change (when it has
    /// a key), and its outcome is answered as `render` says. A retry of a request that was
    /// answered gets that answer instead of running.
    pub async fn answer<O, T, F, Fut>(self, render: Render<O>, run: F) -> Response
    where
        O: ?Sized,
        T: Borrow<O>,
        F: FnOnce(Option<Answering<O>>) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        if let Some(early) = self.begin().await {
            return early;
        }
        let answering = self.request.clone().map(|request| Answering { request, render: Arc::clone(&render) });
        match run(answering).await {
            Ok(outcome) => response_of(render(outcome.borrow())),
            Err(error) => self.refused(error).await,
        }
    }

    /// The answer of a request that does not run: the stored one, or why not; `None` when it
    /// runs (the key is claimed for it then).
    async fn begin(&self) -> Option<Response> {
        let request = self.request.as_ref()?;
        match self.state.hub.begin_idempotent(request).await {
            Ok(Begun::Run) => None,
            Ok(Begun::Replay(answer)) => Some(replayed(answer)),
            Ok(Begun::Reused) => Some(ApiError::Idempotency(ErrorCode::IdempotencyKeyReused).into_response()),
            Ok(Begun::InProgress) => Some(ApiError::Idempotency(ErrorCode::IdempotencyInProgress).into_response()),
            Err(error) => Some(ApiError::from(error).into_response()),
        }
    }

    /// A refusal that changed nothing is kept as the key's answer too, so that a retry is
    /// refused alike; a failure of ours or of the database is not, and lets go of the key.
    async fn refused(&self, error: ApiError) -> Response {
        let Some(request) = &self.request else { return error.into_response() };
        let hub = &self.state.hub;
        if error.code().status().is_server_error() {
            let released = hub.release_idempotency_key(request).await;
            if let Err(cause) = released {
                tracing::warn!(%cause, "an idempotency key could not be let go of; it frees itself shortly");
            }
            return error.into_response();
        }
        let (answer, headers) = error.answer();
        if let Err(cause) = hub.store_idempotent_answer(request.answered(answer.clone())).await {
            tracing::warn!(%cause, "the answer of a refused request could not be kept for its retries");
        }
        let mut response = response_of(answer);
        response.headers_mut().extend(headers);
        response
    }
}

fn replayed(answer: StoredAnswer) -> Response {
    let mut response = response_of(answer);
    response.headers_mut().insert(REPLAYED, HeaderValue::from_static("true"));
    response
}
