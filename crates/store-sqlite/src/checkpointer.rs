//! Checkpointing the write-ahead log on a thread of its own. SQLite's automatic checkpoint runs
//! inside the commit that crosses the threshold, so one writer batch in every few paid for
//! copying the log into the database file and syncing it; here the writer only nudges, and
//! finishes a checkpoint itself only once the log has grown past its bound and this thread has
//! caught up with all but its last few pages.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;
use switchyard_network::store::StoreError;

use crate::connection;

/// Commits arriving within this pause share one checkpoint. Each checkpoint ends by syncing
/// the database file, and the commits syncing the log beside it wait on the same disk: with
/// 100 ms, sends at a fixed rate saw stalls of 10 to 30 ms in most runs (p99 6 to 31 ms over
/// seven runs); with 500 ms, p99 stayed between 5.5 and 8.4 ms over seven runs.
const PAUSE: Duration = Duration::from_millis(500);

/// A log longer than this (in pages: 1 GiB at 8 KiB) is finished by the writer, so that it
/// starts over. SQLite starts a log over only once a checkpoint has copied all of it, and while
/// commits keep coming at full speed this thread's checkpoints never reach its end: the log
/// grew by 55-100 KB per document sent (more when commits are small), without bound. Finishing
/// pauses the writer while it copies what is left and syncs the database file: 17-200 ms on
/// the bench machines after a single checkpoint, 1-21 ms after [`catch_up`]. With a 64 MiB
/// bound those pauses doubled send p99, so the bound is a ceiling on disk use, reached after
/// about 10,000 to 20,000 sends without a break.
pub(crate) const FINISH_AFTER_PAGES: i64 = 131_072;

pub(crate) struct Checkpointer {
    wake: mpsc::SyncSender<()>,
    log_too_long: Arc<AtomicBool>,
}

impl Checkpointer {
    /// Starts the thread; it stops when the checkpointer is dropped. The writer is asked to
    /// finish once the log holds more than `finish_after_pages`.
    pub(crate) fn start(path: &Path, finish_after_pages: i64) -> Result<Self, StoreError> {
        let connection = connection::open(path)?;
        let (wake, woken) = mpsc::sync_channel(1);
        let log_too_long = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&log_too_long);
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || checkpoint_when_woken(&connection, &woken, &flag, finish_after_pages))
            .map_err(|error| StoreError::Unavailable(format!("could not start the checkpoint thread: {error}")))?;
        Ok(Self { wake, log_too_long })
    }

    /// Says that a commit added to the log; never waits.
    pub(crate) fn nudge(&self) {
        let _ = self.wake.try_send(());
    }

    /// Run by the writer between batches: once the log is too long, copies what this thread's
    /// last checkpoint left. No commit can arrive meanwhile, so the copy reaches the log's end
    /// and the writer's next commit starts the log over.
    pub(crate) fn finish_if_log_too_long(&self, writer: &Connection) {
        if self.log_too_long.swap(false, Ordering::Relaxed) {
            let started = std::time::Instant::now();
            checkpoint(writer);
            metrics::histogram!(crate::CHECKPOINT_PAUSE).record(started.elapsed());
        }
    }
}

/// Once the log is past its bound, checkpoints run back to back until one finds that fewer than
/// this many pages (1 MiB) arrived since the one before. That one was short, so little arrived
/// while it ran, and that little is what the writer copies while it holds every commit back.
/// Right after a single checkpoint the writer had to copy all that arrived during it.
const LEFT_FOR_THE_WRITER: i64 = 128;

/// Bounds the catching up when commits arrive as fast as a checkpoint copies them.
const MAX_CATCH_UP_PASSES: usize = 20;

fn checkpoint_when_woken(connection: &Connection, woken: &mpsc::Receiver<()>, log_too_long: &AtomicBool, bound: i64) {
    while woken.recv().is_ok() {
        if let Some(pages) = checkpoint(connection).filter(|pages| *pages > bound) {
            catch_up(|| checkpoint(connection), pages);
            log_too_long.store(true, Ordering::Relaxed);
        }
        std::thread::sleep(PAUSE);
    }
}

/// Runs `checkpoint` until it finds that fewer than [`LEFT_FOR_THE_WRITER`] pages arrived since
/// the one before (`pages` long, all of it copied): that one was short, and so is what arrived
/// while it ran. Returns how many it ran.
fn catch_up(mut checkpoint: impl FnMut() -> Option<i64>, mut pages: i64) -> usize {
    for pass in 1..=MAX_CATCH_UP_PASSES {
        let Some(now) = checkpoint() else { return pass };
        // A log that started over in between is shorter: nothing is left to catch up with.
        let arrived = now - pages;
        pages = now;
        if arrived < LEFT_FOR_THE_WRITER {
            return pass;
        }
    }
    MAX_CATCH_UP_PASSES
}

/// PASSIVE copies what no reader still needs and never blocks the writer or readers. Returns
/// how many pages the log holds.
fn checkpoint(connection: &Connection) -> Option<i64> {
    match connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| row.get(1)) {
        Ok(pages) => Some(pages),
        Err(error) => {
            tracing::warn!(%error, "checkpoint failed; the next commit will try again");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::time::{Duration, Instant};

    use super::{Checkpointer, LEFT_FOR_THE_WRITER, MAX_CATCH_UP_PASSES, catch_up};
    use crate::connection;

    /// `catch_up` over a log whose length each checkpoint reports from `lengths`; how many ran.
    fn passes(start: i64, lengths: &[i64]) -> usize {
        let mut lengths = lengths.iter().copied();
        catch_up(|| lengths.next(), start)
    }

    #[test]
    fn catching_up_stops_once_a_checkpoint_finds_little_new() {
        let few = LEFT_FOR_THE_WRITER - 1;
        assert_eq!(passes(10_000, &[10_000 + few, 99_999]), 1);
        assert_eq!(passes(10_000, &[14_000, 15_000, 15_000 + few, 99_999]), 3);
    }

    #[test]
    fn catching_up_stops_when_the_log_started_over_or_a_checkpoint_failed() {
        assert_eq!(passes(10_000, &[14_000, 30, 99_999]), 2);
        assert_eq!(passes(10_000, &[14_000]), 2);
    }

    #[test]
    fn catching_up_gives_up_when_commits_keep_pace() {
        let growing: Vec<i64> = (1..=100).map(|pass| 10_000 + pass * 1_000).collect();
        assert_eq!(passes(10_000, &growing), MAX_CATCH_UP_PASSES);
    }

    /// Commits without a break, as the writer does under full load, and checks that the log
    /// started over instead of holding every page ever committed.
    #[test]
    fn the_log_starts_over_under_steady_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.db");
        let writer = connection::open(&path).unwrap();
        writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        writer.execute_batch("CREATE TABLE rows (body BLOB NOT NULL)").unwrap();
        let checkpointer = Checkpointer::start(&path, 64).unwrap();
        let page =
            u64::try_from(writer.query_row("PRAGMA page_size", [], |row| row.get::<_, i64>(0)).unwrap()).unwrap();

        let (started, mut appended) = (Instant::now(), 0);
        while started.elapsed() < Duration::from_millis(2500) {
            writer.execute("INSERT INTO rows (body) VALUES (zeroblob(4000))", []).unwrap();
            checkpointer.nudge();
            checkpointer.finish_if_log_too_long(&writer);
            // Each commit appends at least the page its row went to, and the frame's header.
            appended += page + 24;
        }

        let mut log = std::fs::File::open(dir.path().join("log.db-wal")).unwrap();
        // The log's header counts how many times it started over (bytes 12 to 15).
        let mut header = [0; 16];
        log.read_exact(&mut header).unwrap();
        let restarts = u32::from_be_bytes([header[12], header[13], header[14], header[15]]);
        let size = log.metadata().unwrap().len();
        assert!(appended > 4 * 64 * page, "too few commits to tell: {appended} bytes");
        assert!(restarts > 0, "the log never started over");
        assert!(size < appended, "the log file holds {size} of the {appended} bytes committed");
    }
}
