//! Giving the space of deleted rows back to the file system. SQLite reuses the pages that
//! retention frees, so the file stops growing under steady traffic without this; `VACUUM`
//! rewrites the database into as few pages as it needs, holding the write lock meanwhile (the
//! hub's writes wait), so it is for a quiet moment or a stopped hub.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

/// The database's size (with its log) before and after, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vacuumed {
    pub before: u64,
    pub after: u64,
}

/// The database's pages, and how many of them are free (left by deletions, reused by the next
/// writes), as a reader sees them now.
pub fn pages(path: &Path) -> Result<(u64, u64), rusqlite::Error> {
    let db = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let count = db.query_row("PRAGMA page_count", [], |row| row.get(0))?;
    let free = db.query_row("PRAGMA freelist_count", [], |row| row.get(0))?;
    Ok((count, free))
}

pub fn vacuum(path: &Path) -> Result<Vacuumed, rusqlite::Error> {
    let before = size_with_log(path);
    let db = Connection::open(path)?;
    // A running hub's writer finishes its group commit first.
    db.busy_timeout(Duration::from_mins(1))?;
    db.execute_batch("VACUUM")?;
    db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(db);
    Ok(Vacuumed { before, after: size_with_log(path) })
}

fn size_with_log(path: &Path) -> u64 {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    [path.as_os_str(), log.as_os_str()]
        .iter()
        .filter_map(|file| std::fs::metadata(file).ok())
        .map(|meta| meta.len())
        .sum()
}
