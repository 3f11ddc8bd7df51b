//! Where the documents of a read are copied out of SQLite: a few shared buffers, not one each.

use bytes::BytesMut;
use network::model::Content;

/// Room taken at a time for a list: a page of 100 orders of 5 KB fills two of these.
pub(crate) const LIST_CHUNK: usize = 256 * 1024;

/// Hands out each document's content as a slice of a larger buffer, so that a page of 100
/// rows takes two or three allocations instead of 100, and its documents are later written to
/// the socket from here without another copy.
pub(crate) struct ContentBuffer {
    chunk: BytesMut,
    chunk_size: usize,
}

impl ContentBuffer {
    /// `chunk_size` 0 gives every content a buffer of exactly its size (single lookups).
    pub(crate) fn new(chunk_size: usize) -> Self {
        Self { chunk: BytesMut::new(), chunk_size }
    }

    pub(crate) fn keep(&mut self, text: &[u8]) -> Content {
        if self.chunk.capacity() - self.chunk.len() < text.len() {
            self.chunk = BytesMut::with_capacity(self.chunk_size.max(text.len()));
        }
        self.chunk.extend_from_slice(text);
        Content::from(self.chunk.split().freeze())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_share_a_chunk_until_it_is_full() {
        let mut buffer = ContentBuffer::new(10);
        let first = buffer.keep(b"abcd");
        let second = buffer.keep(b"efgh");
        let third = buffer.keep(b"ijkl");
        assert_eq!((first.as_bytes(), second.as_bytes(), third.as_bytes()), (&b"abcd"[..], &b"efgh"[..], &b"ijkl"[..]));
        assert_eq!(second.as_bytes().as_ptr(), first.as_bytes().as_ptr().wrapping_add(4));
        assert_ne!(third.as_bytes().as_ptr(), first.as_bytes().as_ptr().wrapping_add(8));
    }

    #[test]
    fn a_content_larger_than_a_chunk_gets_a_buffer_of_its_size() {
        let mut buffer = ContentBuffer::new(4);
        let large = buffer.keep(b"0123456789");
        assert_eq!(large.as_bytes(), b"0123456789");
        assert_eq!(buffer.keep(b"").len(), 0);
    }
}
