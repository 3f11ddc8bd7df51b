//! A response body sent as a list of byte pieces, one frame each, with its length known ahead.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::sync::OwnedSemaphorePermit;

/// Hands its pieces to the server one by one; the server queues them and writes several in one
/// vectored write, so pieces shared with other owners go out without being joined first. The
/// exact size lets the answer carry a `Content-Length`.
pub struct PiecesBody {
    pieces: VecDeque<Bytes>,
    remaining: u64,
    /// Held until the body is written out or dropped with its connection.
    _permit: Option<OwnedSemaphorePermit>,
}

impl PiecesBody {
    pub fn new(pieces: impl IntoIterator<Item = Bytes>, permit: Option<OwnedSemaphorePermit>) -> Self {
        let pieces: VecDeque<Bytes> = pieces.into_iter().filter(|piece| !piece.is_empty()).collect();
        let remaining = pieces.iter().map(|piece| piece.len() as u64).sum();
        Self { pieces, remaining, _permit: permit }
    }
}

impl Body for PiecesBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        let next = this.pieces.pop_front();
        if let Some(piece) = &next {
            this.remaining -= piece.len() as u64;
        }
        Poll::Ready(next.map(|piece| Ok(Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.pieces.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

#[cfg(test)]
mod tests {
    use std::task::Waker;

    use super::*;

    #[test]
    fn pieces_come_out_in_order_and_the_size_is_exact() {
        let mut body = PiecesBody::new([Bytes::from_static(b"ab"), Bytes::new(), Bytes::from_static(b"cde")], None);
        assert_eq!(body.size_hint().exact(), Some(5));
        let mut context = Context::from_waker(Waker::noop());
        let mut seen = Vec::new();
        while let Poll::Ready(Some(Ok(frame))) = Pin::new(&mut body).poll_frame(&mut context) {
            seen.push(frame.into_data().expect("a data frame"));
            assert_eq!(body.size_hint().exact(), Some(5 - seen.iter().map(Bytes::len).sum::<usize>() as u64));
        }
        assert_eq!(seen, [Bytes::from_static(b"ab"), Bytes::from_static(b"cde")]);
        assert!(body.is_end_stream());
    }
}
