//! Opening a connection with the settings every connection needs.

use std::path::Path;
use std::time::Duration;

use network::store::StoreError;
use rusqlite::Connection;

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
    connection
        .execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -16000;
             PRAGMA mmap_size = 1073741824;
             PRAGMA temp_store = MEMORY;",
        )
        .map_err(db_error)?;
    Ok(connection)
}
