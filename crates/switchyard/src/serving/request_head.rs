//! The part of a connection's life when the server waits for a request's head (its request line
//! and headers), policed below the HTTP parser: a connection that stays silent is closed, a
//! head that takes too long is answered 408, one that is too large 414 or 431, each in the API's
//! JSON shape. The parser never sees the refused bytes, so its own empty-bodied answers never
//! go out. Once a head is complete the request's body and answer pass untouched, until the
//! answer is finished and the next head is awaited.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker, ready};
use std::time::Duration;

use axum::http::StatusCode;
use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use super::canned;

/// What a head may take.
#[derive(Clone, Copy, Debug)]
pub struct HeadLimits {
    /// From a connection's opening, or from the first byte of a later head, to its end.
    pub head_timeout: Duration,
    /// How long a connection may wait silent between an answer and the next request.
    pub idle_timeout: Duration,
    /// Bytes of a whole head, request line included.
    pub max_head_bytes: usize,
    /// Bytes of the request line (method, URL, version).
    pub max_request_line: usize,
    /// Header lines after the request line.
    pub max_header_lines: usize,
}

/// Answers finished on a connection, counted by whoever serves its requests. A read that waits
/// while a request is served is woken when its answer finishes, so that the silence after it is
/// timed from then.
#[derive(Debug, Default)]
pub(super) struct Answers {
    finished: AtomicU64,
    reader: Mutex<Option<Waker>>,
}

impl Answers {
    pub(super) fn finished_one(&self) {
        self.finished.fetch_add(1, Ordering::Release);
        if let Some(reader) = self.reader.lock().unwrap_or_else(PoisonError::into_inner).take() {
            reader.wake();
        }
    }

    fn finished(&self) -> u64 {
        self.finished.load(Ordering::Acquire)
    }

    fn wake_on_finish(&self, waker: &Waker) {
        let mut reader = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        if !reader.as_ref().is_some_and(|known| known.will_wake(waker)) {
            *reader = Some(waker.clone());
        }
    }
}

/// A connection's stream, watched while a head is awaited.
pub(super) struct WatchedStream<S> {
    stream: S,
    limits: HeadLimits,
    answers: Arc<Answers>,
    phase: Phase,
    deadline: Pin<Box<Sleep>>,
    /// A refusal being written; once it is out the parser reads the end of the stream.
    refusal: Option<Bytes>,
}

#[derive(Clone, Copy, Debug)]
enum Phase {
    /// No byte of the next head yet.
    Silent,
    /// Part of a head has come.
    Head(HeadSoFar),
    /// The head was complete when `answers_before` answers were finished; its request is being
    /// served until one more is.
    Served { answers_before: u64 },
    /// Closed for silence or refused.
    Over,
}

#[derive(Clone, Copy, Debug, Default)]
struct HeadSoFar {
    bytes: usize,
    lines: usize,
    line_bytes: usize,
    /// The last byte, to tell an empty line (`\r\n` or `\n` alone) that ends the head.
    last: u8,
}

enum Scan {
    Incomplete,
    /// The head ends within the bytes scanned.
    Complete,
    Refuse(StatusCode),
}

impl HeadSoFar {
    fn scan(&mut self, bytes: &[u8], limits: &HeadLimits) -> Scan {
        for &byte in bytes {
            self.bytes += 1;
            if byte == b'\n' {
                let empty = self.line_bytes == 0 || (self.line_bytes == 1 && self.last == b'\r');
                // Empty lines before a request line are allowed and skipped by the parser.
                if empty && self.lines > 0 {
                    return Scan::Complete;
                }
                if !empty {
                    self.lines += 1;
                }
                self.line_bytes = 0;
            } else {
                self.line_bytes += 1;
                if self.lines == 0 && self.line_bytes > limits.max_request_line {
                    return Scan::Refuse(StatusCode::URI_TOO_LONG);
                }
            }
            self.last = byte;
            if self.bytes > limits.max_head_bytes || self.lines > limits.max_header_lines + 1 {
                return Scan::Refuse(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
            }
        }
        Scan::Incomplete
    }
}

impl<S> WatchedStream<S> {
    pub(super) fn new(stream: S, limits: HeadLimits, answers: Arc<Answers>) -> Self {
        let deadline = Box::pin(tokio::time::sleep(limits.head_timeout));
        Self { stream, limits, answers, phase: Phase::Silent, deadline, refusal: None }
    }

    /// Once the request whose head was read is answered, the next head is awaited, silence first.
    fn notice_answer(&mut self) {
        if let Phase::Served { answers_before } = self.phase
            && self.answers.finished() > answers_before
        {
            self.phase = Phase::Silent;
            self.deadline.as_mut().reset(Instant::now() + self.limits.idle_timeout);
        }
    }

    /// Takes in bytes just read; `Some` refuses the head with that status.
    fn take_in(&mut self, bytes: &[u8]) -> Option<StatusCode> {
        if bytes.is_empty() {
            return None;
        }
        let mut head = match self.phase {
            Phase::Silent => {
                let head_deadline = Instant::now() + self.limits.head_timeout;
                if head_deadline < self.deadline.deadline() {
                    self.deadline.as_mut().reset(head_deadline);
                }
                HeadSoFar::default()
            }
            Phase::Head(head) => head,
            Phase::Served { .. } | Phase::Over => return None,
        };
        match head.scan(bytes, &self.limits) {
            Scan::Incomplete => self.phase = Phase::Head(head),
            Scan::Complete => self.phase = Phase::Served { answers_before: self.answers.finished() },
            Scan::Refuse(status) => return Some(status),
        }
        None
    }

    fn awaits_head(&self) -> bool {
        matches!(self.phase, Phase::Silent | Phase::Head(_))
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> WatchedStream<S> {
    fn refuse(&mut self, status: StatusCode, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        tracing::debug!(status = status.as_u16(), "refused a request head");
        self.phase = Phase::Over;
        self.refusal = Some(canned::answer(status));
        self.write_refusal(cx)
    }

    /// Writes what is left of the refusal, then shuts the stream for writing; the parser then
    /// reads the end of the stream and closes the connection.
    fn write_refusal(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(left) = self.refusal.as_mut().filter(|left| !left.is_empty()) {
            let written = ready!(Pin::new(&mut self.stream).poll_write(cx, left))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            let _ = left.split_to(written);
        }
        ready!(Pin::new(&mut self.stream).poll_shutdown(cx))?;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for WatchedStream<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.refusal.is_some() {
            return this.write_refusal(cx);
        }
        if matches!(this.phase, Phase::Over) {
            return Poll::Ready(Ok(()));
        }
        this.notice_answer();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => match this.take_in(&buf.filled()[before..]) {
                Some(status) => {
                    buf.set_filled(before);
                    this.refuse(status, cx)
                }
                None => Poll::Ready(Ok(())),
            },
            Poll::Pending if !this.awaits_head() => {
                this.answers.wake_on_finish(cx.waker());
                // The answer may have finished since it was last looked at.
                if matches!(this.phase, Phase::Served { answers_before } if this.answers.finished() > answers_before) {
                    cx.waker().wake_by_ref();
                }
                Poll::Pending
            }
            Poll::Pending if this.deadline.as_mut().poll(cx).is_ready() => {
                if matches!(this.phase, Phase::Head(_)) {
                    this.refuse(StatusCode::REQUEST_TIMEOUT, cx)
                } else {
                    // Silence: the end of the stream, which the parser takes as a clean close.
                    this.phase = Phase::Over;
                    Poll::Ready(Ok(()))
                }
            }
            other => other,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WatchedStream<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, bytes: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, bytes)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: HeadLimits = HeadLimits {
        head_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(1),
        max_head_bytes: 200,
        max_request_line: 50,
        max_header_lines: 3,
    };

    fn scanned(chunks: &[&[u8]]) -> Vec<&'static str> {
        let mut head = HeadSoFar::default();
        chunks
            .iter()
            .map(|chunk| match head.scan(chunk, &LIMITS) {
                Scan::Incomplete => "incomplete",
                Scan::Complete => "complete",
                Scan::Refuse(StatusCode::URI_TOO_LONG) => "414",
                Scan::Refuse(_) => "431",
            })
            .collect()
    }

    #[test]
    fn a_head_ends_at_its_empty_line_whatever_the_chunks() {
        assert_eq!(
            scanned(&[b"GET / HTTP/1.1\r\nHost: a\r", b"\n\r", b"\nbody"]),
            ["incomplete", "incomplete", "complete"]
        );
        assert_eq!(scanned(&[b"\r\nGET / HTTP/1.1\nHost: a\n\n"]), ["complete"]);
    }

    #[test]
    fn a_long_request_line_is_414_and_too_many_headers_431() {
        let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(60));
        assert_eq!(scanned(&[long.as_bytes()]), ["414"]);
        assert_eq!(scanned(&[b"GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n\r\n"]), ["431"]);
        let big = format!("GET / HTTP/1.1\r\na: {}\r\n\r\n", "x".repeat(300));
        assert_eq!(scanned(&[big.as_bytes()]), ["431"]);
    }
}
