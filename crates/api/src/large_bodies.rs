//! A cap on large request bodies being worked on at once. A multi-megabyte catalog is held as
//! its body, then as the content text handed to the store, and SQLite copies it again to write
//! it, so a burst of uploads waits for a permit here instead of multiplying that footprint.
//! Small bodies never wait. List pages of that size take a turn too, held while they are
//! written out to a client that may read them slowly.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::AppState;

/// Bodies from this size on count as large.
pub const LARGE_BODY_BYTES: u64 = 1024 * 1024;

/// Permits for large bodies in flight.
#[derive(Clone)]
pub struct LargeBodies(Arc<Semaphore>);

impl LargeBodies {
    pub fn new(in_flight: usize) -> Self {
        Self(Arc::new(Semaphore::new(in_flight.max(1))))
    }

    /// A turn for an answer of `bytes` of stored documents, if that is large; waits for it.
    pub async fn turn_for_answer(&self, bytes: usize) -> Option<OwnedSemaphorePermit> {
        if (bytes as u64) < LARGE_BODY_BYTES {
            return None;
        }
        // The semaphore is never closed, so acquiring can only wait, not fail.
        self.0.clone().acquire_owned().await.ok()
    }
}

pub async fn admit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // The semaphore is never closed, so acquiring can only wait, not fail.
    let permit = if is_large(&request) { state.large_bodies.0.clone().acquire_owned().await.ok() } else { None };
    let response = next.run(request).await;
    drop(permit);
    response
}

/// A body declared at least [`LARGE_BODY_BYTES`] long, or streamed without a declared length.
fn is_large(request: &Request) -> bool {
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|value| value.to_str().ok());
    match declared.map(str::parse::<u64>) {
        Some(Ok(length)) => length >= LARGE_BODY_BYTES,
        Some(Err(_)) => false,
        None => request.headers().contains_key(header::TRANSFER_ENCODING) && request.method() != Method::GET,
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;

    use super::*;

    fn request(method: Method, headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(method).uri("/v2/transactions");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn declared_sizes_decide_and_streams_count_as_large() {
        assert!(is_large(&request(Method::POST, &[("content-length", "5000000")])));
        assert!(!is_large(&request(Method::POST, &[("content-length", "5000")])));
        assert!(is_large(&request(Method::POST, &[("transfer-encoding", "chunked")])));
        assert!(!is_large(&request(Method::GET, &[])));
    }

    #[tokio::test]
    async fn a_large_answer_waits_for_a_turn_and_a_small_one_never_does() {
        let bodies = LargeBodies::new(1);
        let large = usize::try_from(LARGE_BODY_BYTES).unwrap();
        let held = bodies.turn_for_answer(large).await;
        assert!(held.is_some());
        assert!(bodies.turn_for_answer(large - 1).await.is_none(), "a small answer takes no turn");
        let waiting = tokio::time::timeout(std::time::Duration::from_millis(50), bodies.turn_for_answer(large));
        assert!(waiting.await.is_err(), "a second large answer waits while the only turn is held");
        drop(held);
        assert!(bodies.turn_for_answer(large).await.is_some());
    }
}
