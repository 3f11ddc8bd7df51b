//! Consistent copies of the embedded database while the hub runs, and putting one back.
//!
//! A backup reads the database through SQLite's online backup API inside one read transaction:
//! the copy is the database as it was when that transaction began (every commit acknowledged
//! before it, none after), and the writer goes on committing meanwhile, since in WAL mode a
//! reader never holds a writer back. Without the transaction, each commit of the running hub
//! would make the backup start over. The copy is written beside its destination and checked
//! (`PRAGMA integrity_check`) before it takes the destination's name, so that a file with that
//! name is always a whole, sound database.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, Progress, StepResult};
use rusqlite::{Connection, OpenFlags};

/// Pages copied per step: 8 MiB at 8 KiB pages.
const PAGES_PER_STEP: i32 = 1024;

/// What a copy made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    pub bytes: u64,
    pub pages: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the copy failed its integrity check: {0}")]
    Damaged(String),
    #[error("{0} already holds a database; restore only into an empty data directory")]
    NotEmpty(PathBuf),
}

/// Copies the database at `source` (in use or not) to `target`, told of its progress in pages
/// (done, total), and checks the copy.
pub fn backup(source: &Path, target: &Path, progress: impl FnMut(u64, u64)) -> Result<Copied, BackupError> {
    let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    from.busy_timeout(Duration::from_secs(10))?;
    // The snapshot: held until the copy is done.
    from.execute_batch("BEGIN")?;
    from.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    let partial = partial_path(target);
    let copied = copy_into(&from, &partial, progress);
    from.execute_batch("COMMIT")?;
    into_place(copied.and_then(|copied| verify(&partial).map(|()| copied)), &partial, target)
}

/// The copy at `partial` takes the name `target` when it was made whole; otherwise it goes.
fn into_place(copied: Result<Copied, BackupError>, partial: &Path, target: &Path) -> Result<Copied, BackupError> {
    match copied {
        Ok(copied) => {
            std::fs::rename(partial, target)?;
            Ok(copied)
        }
        Err(error) => {
            let _ = std::fs::remove_file(partial);
            Err(error)
        }
    }
}

/// Puts the backup `source` in place as the database `target`, which must not exist yet;
/// the backup is checked first.
pub fn restore(source: &Path, target: &Path, progress: impl FnMut(u64, u64)) -> Result<Copied, BackupError> {
    for existing in [target.to_path_buf(), with_suffix(target, "-wal")] {
        if existing.exists() {
            return Err(BackupError::NotEmpty(target.to_path_buf()));
        }
    }
    verify(source)?;
    let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let partial = partial_path(target);
    into_place(copy_into(&from, &partial, progress), &partial, target)
}

/// `PRAGMA integrity_check` on the database file at `path`.
pub fn verify(path: &Path) -> Result<(), BackupError> {
    let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut statement = db.prepare("PRAGMA integrity_check")?;
    let findings: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
    if findings == ["ok"] { Ok(()) } else { Err(BackupError::Damaged(findings.join("; "))) }
}

fn copy_into(from: &Connection, target: &Path, mut progress: impl FnMut(u64, u64)) -> Result<Copied, BackupError> {
    let _ = std::fs::remove_file(target);
    crate::connection::create_private(target)?;
    let mut to = Connection::open(target)?;
    {
        let backup = Backup::new(from, &mut to)?;
        loop {
            let step = backup.step(PAGES_PER_STEP)?;
            let Progress { remaining, pagecount } = backup.progress();
            let total = u64::try_from(pagecount).unwrap_or_default();
            progress(total.saturating_sub(u64::try_from(remaining).unwrap_or_default()), total);
            match step {
                StepResult::Done => break,
                StepResult::More => {}
                // The target is ours alone, and the source is only read: a lock is brief.
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
    // The copy is a single file, readable by any SQLite without the hub's log beside it.
    to.execute_batch("PRAGMA journal_mode = DELETE")?;
    let pages: u64 = to.query_row("PRAGMA page_count", [], |row| row.get(0))?;
    drop(to);
    let bytes = std::fs::metadata(target)?.len();
    Ok(Copied { bytes, pages })
}

fn partial_path(target: &Path) -> PathBuf {
    with_suffix(target, ".partial")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
