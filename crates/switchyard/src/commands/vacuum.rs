//! `vacuum`: the embedded database rewritten to give the space of deleted documents back to the
//! file system (the hub's writes wait meanwhile: for a quiet moment); on PostgreSQL an online
//! `VACUUM (ANALYZE)`.

use std::time::Instant;

use serde_json::json;
use switchyard_store_postgres::PostgresStore;
use switchyard_store_sqlite::vacuum::vacuum;

use super::Output;
use crate::config::{DatabaseLocation, Settings, redact_password};

pub async fn run(settings: &Settings) -> anyhow::Result<Output> {
    let started = Instant::now();
    match settings.database_location()? {
        DatabaseLocation::Sqlite(path) => {
            let sizes = vacuum(&path)?;
            let seconds = started.elapsed().as_secs_f64();
            Ok(Output::new(
                format!("Vacuumed {} in {seconds:.1} s: {} -> {} bytes", path.display(), sizes.before, sizes.after),
                json!({ "database": path.display().to_string(), "bytesBefore": sizes.before, "bytesAfter": sizes.after }),
            ))
        }
        DatabaseLocation::Postgres(url) => {
            PostgresStore::open(&url, 1).await?.vacuum().await?;
            let seconds = started.elapsed().as_secs_f64();
            let database = redact_password(&url);
            Ok(Output::new(
                format!("VACUUM (ANALYZE) of {database} done in {seconds:.1} s"),
                json!({ "database": database }),
            ))
        }
    }
}
