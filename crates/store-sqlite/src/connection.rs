//! Opening a connection with the settings every connection needs.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use switchyard_network::store::StoreError;

use crate::rows::db_error;

/// WAL with `synchronous=FULL`: every commit is fsynced to the write-ahead log before it returns.
pub(crate) fn open(path: &Path) -> Result<Connection, StoreError> {
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|error| StoreError::Unavailable(format!("{}: {error}", parent.display())))?;
    }
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
