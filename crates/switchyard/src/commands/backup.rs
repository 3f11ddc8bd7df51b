//! `backup --to FILE` and `restore --from FILE`: a consistent copy of the embedded database
//! taken while the hub runs, checked, and put back into an empty data directory. PostgreSQL has
//! its own tools for this, and `backup` names them rather than pretend.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::bail;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use switchyard_store_sqlite::backup::{self, Copied};

use super::Output;
use crate::config::{DatabaseLocation, Settings};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write the copy to (replaced once the copy is whole and checked).
    #[arg(long)]
    to: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file written by `switchyard backup`.
    #[arg(long)]
    from: PathBuf,
}

const POSTGRES_BACKUPS: &str = "The database is PostgreSQL, which Switchyard does not copy itself: take \
    logical backups with `pg_dump --format=custom` (restored with `pg_restore`), or base backups with \
    WAL archiving (pg_basebackup, pgBackRest, Barman) for point-in-time recovery. docs/operations.md \
    shows both.";

pub fn backup(settings: &Settings, args: &BackupArgs) -> anyhow::Result<Output> {
    let database = embedded_database(settings)?;
    let started = Instant::now();
    let copied = backup::backup(&database, &args.to, shown("backing up"))?;
    Ok(told("Backed up", &database, &args.to, &copied, started))
}

pub fn restore(settings: &Settings, args: &RestoreArgs) -> anyhow::Result<Output> {
    let database = embedded_database(settings)?;
    let started = Instant::now();
    let copied = backup::restore(&args.from, &database, shown("restoring"))?;
    Ok(told("Restored", &args.from, &database, &copied, started))
}

fn embedded_database(settings: &Settings) -> anyhow::Result<PathBuf> {
    match settings.database_location()? {
        DatabaseLocation::Sqlite(path) => Ok(path),
        DatabaseLocation::Postgres(_) => bail!(POSTGRES_BACKUPS),
    }
}

/// A progress bar on a terminal (none in a log or a pipe), moved by pages copied.
fn shown(doing: &'static str) -> impl FnMut(u64, u64) {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {percent:>3}% {pos}/{len} pages")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(doing);
    move |done, total| {
        bar.set_length(total);
        bar.set_position(done);
        if done >= total {
            bar.finish_and_clear();
        }
    }
}

#[allow(clippy::cast_precision_loss)] // a size in MiB for people
fn told(what: &str, from: &Path, to: &Path, copied: &Copied, started: Instant) -> Output {
    let seconds = started.elapsed().as_secs_f64();
    let text = format!(
        "{what} {} to {} in {seconds:.1} s: {:.1} MiB ({} pages), integrity check ok",
        from.display(),
        to.display(),
        copied.bytes as f64 / 1_048_576.0,
        copied.pages
    );
    let json = json!({
        "from": from.display().to_string(),
        "to": to.display().to_string(),
        "bytes": copied.bytes,
        "pages": copied.pages,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "integrityCheck": "ok",
    });
    Output::new(text, json)
}
