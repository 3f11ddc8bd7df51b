//! One connection's requests handed to the application: each with its client's address and its
//! body paced, each answer counted once its last byte has gone, so that the connection knows it
//! awaits the next head again.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use switchyard_api::BodyPace;
use tower::ServiceExt;

use super::request_head::Answers;

#[derive(Clone)]
pub(super) struct Served {
    pub(super) app: Router,
    pub(super) client: SocketAddr,
    pub(super) pace: BodyPace,
    pub(super) answers: Arc<Answers>,
    pub(super) proxies: super::TrustedProxies,
}

impl hyper::service::Service<Request<Incoming>> for Served {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let mut request = request.map(|body| switchyard_api::paced(body, self.pace));
        let client = self.proxies.client(self.client, request.headers());
        request.extensions_mut().insert(ConnectInfo(client));
        let app = self.app.clone();
        let finished = AnswerFinished(Arc::clone(&self.answers));
        Box::pin(async move {
            let response = app.oneshot(request).await?;
            Ok(response.map(|body| Body::new(Counted { body, _finished: finished })))
        })
    }
}

/// Counts its answer as finished when dropped: after its last frame went out, or when the
/// connection ended.
struct AnswerFinished(Arc<Answers>);

impl Drop for AnswerFinished {
    fn drop(&mut self) {
        self.0.finished_one();
    }
}

struct Counted {
    body: Body,
    _finished: AnswerFinished,
}

impl http_body::Body for Counted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
