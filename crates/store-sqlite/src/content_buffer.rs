//! Where the documents of a read are copied out of SQLite: a few pooled buffers, not one each.

use std::ops::Range;
use std::sync::Mutex;

use bytes::Bytes;
use switchyard_network::model::Content;

/// The size of a pooled buffer: a page of 100 orders of 5 KB fills four.
const CHUNK: usize = 128 * 1024;
/// Pooled buffers kept at most (4 MiB), about what eight pages being written at once hold.
const POOLED: usize = 32;

/// Buffers whose documents have all been dropped (written out), ready for the next read. They
/// are filled on the blocking pool's threads and let go of on the async threads; reusing them
/// keeps their memory in use instead of leaving it to each thread's allocator heap.
struct BufferPool(Mutex<Vec<Vec<u8>>>);

static POOL: BufferPool = BufferPool(Mutex::new(Vec::new()));

impl BufferPool {
    fn take(&self, at_least: usize) -> Vec<u8> {
        if at_least <= CHUNK
            && let Some(buffer) = self.0.lock().ok().and_then(|mut buffers| buffers.pop())
        {
            return buffer;
        }
        Vec::with_capacity(at_least.max(CHUNK))
    }

    fn give_back(&self, mut buffer: Vec<u8>) {
        // Buffers made larger for one large document are not kept.
        if buffer.capacity() != CHUNK {
            return;
        }
        buffer.clear();
        if let Ok(mut buffers) = self.0.lock()
            && buffers.len() < POOLED
        {
            buffers.push(buffer);
        }
    }
}

/// Where one document went: which buffer of the read, and where in it.
pub(crate) struct Placed {
    chunk: usize,
    range: Range<usize>,
}

/// Copies the documents of one read into shared buffers: a page of 100 rows takes four
/// buffers instead of 100 allocations, and its documents are later written to the socket from
/// there without another copy.
pub(crate) struct ContentBuffer {
    filling: Vec<u8>,
    sealed: Vec<Bytes>,
    pool: &'static BufferPool,
}

impl Default for ContentBuffer {
    fn default() -> Self {
        Self { filling: Vec::new(), sealed: Vec::new(), pool: &POOL }
    }
}

impl ContentBuffer {
    pub(crate) fn copy(&mut self, text: &[u8]) -> Placed {
        if self.filling.capacity() - self.filling.len() < text.len() {
            self.seal();
            self.filling = self.pool.take(text.len());
        }
        let start = self.filling.len();
        self.filling.extend_from_slice(text);
        Placed { chunk: self.sealed.len(), range: start..self.filling.len() }
    }

    /// The documents placed so far, in the order of `places`.
    pub(crate) fn finish(mut self, places: impl IntoIterator<Item = Placed>) -> impl Iterator<Item = Content> {
        self.seal();
        let sealed = self.sealed;
        places.into_iter().map(move |placed| match sealed.get(placed.chunk) {
            Some(chunk) if !placed.range.is_empty() => Content::from(chunk.slice(placed.range)),
            _ => Content::default(),
        })
    }

    fn seal(&mut self) {
        if !self.filling.is_empty() {
            self.sealed.push(Bytes::from_owner(PooledBuffer(std::mem::take(&mut self.filling), self.pool)));
        }
    }
}

/// A filled buffer, shared by the documents sliced from it; back to the pool with the last.
struct PooledBuffer(Vec<u8>, &'static BufferPool);

impl AsRef<[u8]> for PooledBuffer {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for PooledBuffer {
    fn drop(&mut self) {
        self.1.give_back(std::mem::take(&mut self.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pool of the test's own, which no other test takes from.
    fn own_pool() -> &'static BufferPool {
        Box::leak(Box::new(BufferPool(Mutex::new(Vec::new()))))
    }

    fn read(pool: &'static BufferPool, texts: &[&[u8]]) -> Vec<Content> {
        let mut buffer = ContentBuffer { pool, ..ContentBuffer::default() };
        let places: Vec<Placed> = texts.iter().map(|text| buffer.copy(text)).collect();
        buffer.finish(places).collect()
    }

    #[test]
    fn documents_come_out_as_copied_and_share_a_buffer() {
        let contents = read(own_pool(), &[b"abcd", b"", b"efgh"]);
        let texts: Vec<&[u8]> = contents.iter().map(Content::as_bytes).collect();
        assert_eq!(texts, [&b"abcd"[..], b"", b"efgh"]);
        assert_eq!(contents[2].as_bytes().as_ptr(), contents[0].as_bytes().as_ptr().wrapping_add(4));
    }

    #[test]
    fn a_full_buffer_is_followed_by_another_and_a_large_document_gets_its_own() {
        let half = vec![b'x'; CHUNK / 2 + 1];
        let large = vec![b'y'; CHUNK * 2];
        let contents = read(own_pool(), &[&half, &half, &large, b"z"]);
        assert!(
            contents.iter().zip([&half[..], &half, &large, b"z"]).all(|(content, text)| content.as_bytes() == text)
        );
        assert_ne!(contents[1].as_bytes().as_ptr(), contents[0].as_bytes().as_ptr().wrapping_add(half.len()));
    }

    #[test]
    fn a_buffer_goes_back_to_the_pool_once_its_last_document_is_dropped() {
        let pool = own_pool();
        let contents = read(pool, &[b"pooled once written"]);
        let address = contents[0].as_bytes().as_ptr();
        let pooled = |address| pool.0.lock().unwrap().iter().any(|buffer| buffer.as_ptr() == address);
        assert!(!pooled(address), "in the pool while a document still uses it");
        drop(contents);
        assert!(pooled(address), "not given back to the pool");
    }
}
