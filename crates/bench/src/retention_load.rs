//! The retention scenario: sends at a fixed rate on a database holding a long history, first
//! on a server without retention, then on one whose retention job deletes most of that history
//! while the sends go on; the p99 of the two says whether deleting holds the API back.

use anyhow::Context;
use switchyard_network::{Clock, SystemClock};

use crate::scenarios::{self, Sizes};
use crate::stats::Figures;
use crate::{Meters, history, host, network_seed};

/// The fixed rate of sends, well below what either backend takes, so that latency is the
/// server's own and not a queue's.
const RATE: f64 = 200.0;
/// Of the history's 100 days, those older than this are deleted: about seven in ten rows.
const DAYS: &str = "30";

pub async fn measure(
    client: &reqwest::Client,
    database: Option<&str>,
    postmaster: Option<u32>,
    sizes: Sizes,
    label: &impl Fn(&str) -> String,
) -> anyhow::Result<Vec<Figures>> {
    let dir = tempfile::tempdir()?;
    let settings = host::settings(dir.path(), database);
    history::prepare(&settings, database, sizes.retention_rows).await?;
    let network = network_seed::seed(&settings).await.context("seeding")?;
    let seconds = sizes.fixed_rate_seconds * 2.0;
    let mut measured = Vec::new();
    for (round, retention) in [None, Some(DAYS)].into_iter().enumerate() {
        let environment: Vec<(&str, &std::ffi::OsStr)> =
            retention.iter().map(|days| ("SWITCHYARD_RETENTION_DAYS", days.as_ref())).collect();
        let server = host::Server::start_with(dir.path(), database, &environment)?;
        let meters = Meters { servers: vec![&server], database: postmaster };
        let started = SystemClock.now();
        let first = scenarios::first_number::RETENTION + round * 1_000_000;
        let sends = scenarios::send_fixed_rate_from(client, &server.base, &network, (RATE, seconds), first);
        let mut figures = meters.measure(sends).await;
        let deleted = deleted_so_far(client, &server.base).await;
        figures.scenario = match retention {
            None => label(&format!("send at {RATE}/s, {} rows, no retention", sizes.retention_rows)),
            Some(days) => label(&format!(
                "send at {RATE}/s, retention {days} days deleting: {deleted} deleted in {:.0} s",
                (SystemClock.now() - started) as f64 / 1e6
            )),
        };
        measured.push(figures);
    }
    Ok(measured)
}

/// `switchyard_retention_deleted_total` of the server's `/metrics`.
async fn deleted_so_far(client: &reqwest::Client, base: &str) -> u64 {
    let Ok(answer) = client.get(format!("{base}/metrics")).send().await else { return 0 };
    let text = answer.text().await.unwrap_or_default();
    text.lines()
        .find_map(|line| line.strip_prefix("switchyard_retention_deleted_total "))
        .and_then(|value| value.trim().parse::<f64>().ok())
        .map_or(0, |value| value as u64)
}
