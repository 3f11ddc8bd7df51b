//! Opening a connection with the settings every connection needs.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use switchyard_network::store::StoreError;

use crate::rows::db_error;

/// The database's directory (0700) and file (0600) when they do not exist yet: they hold
/// other companies' documents and the hashes of every token. SQLite gives its `-wal` and
/// `-shm` files the database file's permissions. Backups and restored copies are made the
/// same way: they hold the same.
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty() && !parent.exists()) {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(parent)?;
    }
    if !path.exists() {
        std::fs::OpenOptions::new().write(true).create(true).truncate(false).mode(0o600).open(path)?;
    }
    Ok(())
}

/// WAL with `synchronous=FULL`: every commit is fsynced to the write-ahead log before it returns.
pub(crate) fn open(path: &Path) -> Result<Connection, StoreError> {
    create_private(path).map_err(|error| StoreError::Unavailable(format!("{}: {error}", path.display())))?;
    let connection = Connection::open(path).map_err(db_error)?;
    // Another process (an admin command) may hold the write lock briefly.
    connection.busy_timeout(Duration::from_secs(10)).map_err(db_error)?;
    // 8 KiB pages, for new databases only (an existing one keeps its size): a typical 5 KB
    // document then fits in its row's page instead of spilling into an overflow page, which
    // SQLite must copy together on every read. Polls read about 7 % more pages a second and
    // bulk marking is about a tenth faster than with the default 4 KiB.
    connection
        .execute_batch(
            "PRAGMA page_size = 8192;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -16000;
             PRAGMA mmap_size = 1073741824;
             PRAGMA temp_store = MEMORY;",
        )
        .map_err(db_error)?;
    Ok(connection)
}
