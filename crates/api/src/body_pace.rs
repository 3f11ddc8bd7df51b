//! The least pace at which a request body must arrive. A client that sends a body a byte now and
//! then holds a connection, a task and a large-body permit for as long as it likes; past its
//! allowance the body ends in [`BodyTooSlow`], which the handlers answer with 408.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// How long a body may take: `grace` plus the time its bytes so far take at `bytes_per_second`.
#[derive(Clone, Copy, Debug)]
pub struct BodyPace {
    pub grace: Duration,
    pub bytes_per_second: u64,
}

impl BodyPace {
    fn allowance(self, received: u64) -> Duration {
        let millis = received.saturating_mul(1000) / self.bytes_per_second.max(1);
        self.grace + Duration::from_millis(millis)
    }
}

/// Why a body ended before its last byte.
#[derive(Debug)]
pub struct BodyTooSlow;

impl fmt::Display for BodyTooSlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request body arrived too slowly")
    }
}

impl std::error::Error for BodyTooSlow {}

/// `body`, failing with [`BodyTooSlow`] once it falls behind `pace`.
pub fn paced<B>(body: B, pace: BodyPace) -> Body
where
    B: http_body::Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<axum::BoxError>,
{
    let deadline = Box::pin(tokio::time::sleep(pace.allowance(0)));
    Body::new(Paced { body, pace, started: None, received: 0, deadline })
}

struct Paced<B> {
    body: B,
    pace: BodyPace,
    /// When the body was first read: a request that waited for a large-body permit, with its
    /// client held back by the unread socket meanwhile, is timed from when reading began.
    started: Option<Instant>,
    received: u64,
    deadline: Pin<Box<Sleep>>,
}

impl<B> http_body::Body for Paced<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        let started = *this.started.get_or_insert_with(|| {
            let now = Instant::now();
            this.deadline.as_mut().reset(now + this.pace.allowance(0));
            now
        });
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    let deadline = started + this.pace.allowance(this.received);
                    this.deadline.as_mut().reset(deadline);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(other) => Poll::Ready(other.map(|frame| frame.map_err(Into::into))),
            Poll::Pending if this.deadline.as_mut().poll(cx).is_ready() => {
                Poll::Ready(Some(Err(Box::new(BodyTooSlow))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// Whether `error` (or what caused it) is a body that fell behind its pace.
pub fn is_too_slow(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<BodyTooSlow>() {
            return true;
        }
        cause = error.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use tokio::sync::mpsc;

    use super::*;

    /// A body whose chunks the test sends when it likes.
    struct Trickle(mpsc::Receiver<Bytes>);

    impl http_body::Body for Trickle {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.get_mut().0.poll_recv(cx).map(|chunk| chunk.map(|bytes| Ok(Frame::data(bytes))))
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stalls_past_its_allowance_fails_and_a_steady_one_does_not() {
        let pace = BodyPace { grace: Duration::from_secs(10), bytes_per_second: 100 };
        let (sender, receiver) = mpsc::channel(4);
        let reader = tokio::spawn(axum::body::to_bytes(paced(Trickle(receiver), pace), usize::MAX));
        sender.send(Bytes::from(vec![0; 500])).await.unwrap();
        // 500 bytes bought five more seconds: 14 s in, the body is still within its allowance.
        tokio::time::sleep(Duration::from_secs(14)).await;
        assert!(!reader.is_finished());
        tokio::time::sleep(Duration::from_secs(2)).await;
        let error = reader.await.unwrap().unwrap_err();
        assert!(is_too_slow(&error), "{error}");
        drop(sender);
    }

    #[tokio::test(start_paused = true)]
    async fn the_pace_is_timed_from_the_first_read_not_from_the_request() {
        let pace = BodyPace { grace: Duration::from_secs(1), bytes_per_second: 100 };
        let (sender, receiver) = mpsc::channel(4);
        let body = paced(Trickle(receiver), pace);
        // The request waited (for a large-body permit, say) far longer than the grace.
        tokio::time::sleep(Duration::from_secs(30)).await;
        let reader = tokio::spawn(axum::body::to_bytes(body, usize::MAX));
        tokio::time::sleep(Duration::from_millis(500)).await;
        sender.send(Bytes::from(vec![0; 10])).await.unwrap();
        drop(sender);
        assert_eq!(reader.await.unwrap().unwrap().len(), 10);
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_keeps_pace_is_read_whole() {
        let pace = BodyPace { grace: Duration::from_secs(1), bytes_per_second: 100 };
        let (sender, receiver) = mpsc::channel(4);
        let reader = tokio::spawn(axum::body::to_bytes(paced(Trickle(receiver), pace), usize::MAX));
        for _ in 0..20 {
            sender.send(Bytes::from(vec![0; 100])).await.unwrap();
            tokio::time::sleep(Duration::from_millis(900)).await;
        }
        drop(sender);
        assert_eq!(reader.await.unwrap().unwrap().len(), 2000);
    }
}
