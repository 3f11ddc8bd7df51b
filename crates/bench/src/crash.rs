//! `switchyard-bench crash`: a real server under a mixed load of sends, polls, single and bulk
//! marks, killed with SIGKILL at a random moment of each round, restarted, and checked against
//! what its clients were told ([`crash_check`](crate::crash_check)). Fails on anything lost,
//! duplicated, half applied or with another status than the client was told.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::future::join_all;
use serde::Serialize;
use switchyard_store_postgres::testing::TestServer;

use crate::crash_check::{Findings, check};
use crate::crash_ledger::{Counts, Ledger};
use crate::crash_load::{Load, marker, sender};
use crate::power_loss::PowerLoss;
use crate::{host, network_seed};

/// Clients that send orders, beside one per supplier that polls and marks.
const SENDERS: usize = 8;

/// The shortest and longest load before the kill.
const LOAD_MILLIS: (u64, u64) = (300, 2_500);

/// One round: how long the load ran before the kill, and what the check after the restart found.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Round {
    pub backend: String,
    pub number: usize,
    pub load_millis: u64,
    /// With power loss: bytes written but not synced when the server died, put back as they were.
    pub unsynced_bytes_lost: Option<u64>,
    pub told_so_far: Counts,
    pub findings: Findings,
}

/// `rounds` rounds on `backend` (`sqlite` or `postgres`), the moments drawn from `seed`; with
/// `power_loss` (SQLite only), every kill also loses what the server had written and not synced.
pub async fn run(backend: &str, rounds: usize, seed: u64, power_loss: bool) -> anyhow::Result<Vec<Round>> {
    let dir = tempfile::tempdir()?;
    let library_dir = tempfile::tempdir()?;
    anyhow::ensure!(!power_loss || backend == "sqlite", "power loss is simulated on SQLite only");
    let power = power_loss.then(|| PowerLoss::build(library_dir.path())).transpose()?;
    let environment = power.as_ref().map(|power| power.environment(dir.path()));
    let environment = environment.as_ref().map_or(&[][..], |pairs| &pairs[..]);
    let postgres = match backend {
        "sqlite" => None,
        "postgres" => Some(TestServer::start().map_err(anyhow::Error::msg)?),
        other => anyhow::bail!("unknown backend `{other}`; the crash test runs on sqlite or postgres"),
    };
    let database = match &postgres {
        Some(server) => Some(server.fresh_database().await.map_err(anyhow::Error::msg)?),
        None => None,
    };
    let settings = host::settings(dir.path(), database.as_deref());
    let network = Arc::new(network_seed::seed(&settings).await.context("seeding")?);
    let (ledger, next_number) = (Arc::new(Ledger::default()), Arc::new(AtomicUsize::new(1)));
    let client = reqwest::Client::new();
    let mut moments = Moments(seed.max(1));
    let mut reports = Vec::with_capacity(rounds);
    for round in 1..=rounds {
        let server = host::Server::start_with(dir.path(), database.as_deref(), environment)?;
        let load = Load {
            client: client.clone(),
            base: server.base.clone(),
            network: Arc::clone(&network),
            ledger: Arc::clone(&ledger),
            next_number: Arc::clone(&next_number),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let load_millis = moments.between(LOAD_MILLIS);
        run_until_killed(load, server, Duration::from_millis(load_millis)).await;
        let unsynced_bytes_lost = power.as_ref().map(|_| PowerLoss::lose_unsynced(dir.path())).transpose()?;
        let restarted = host::Server::start_with(dir.path(), database.as_deref(), environment)?;
        let findings = check(&client, &restarted.base, &network, &ledger).await?;
        drop(restarted);
        if power.is_some() {
            PowerLoss::lose_unsynced(dir.path())?;
        }
        let told_so_far = ledger.with(|entries| entries.counts);
        let report = Round {
            backend: backend.to_owned(),
            number: round,
            load_millis,
            unsynced_bytes_lost,
            told_so_far,
            findings,
        };
        println!("{}", line(&report));
        reports.push(report);
    }
    Ok(reports)
}

/// Runs the load for `load_for`, then stops the clients and kills the server in the same
/// instant: what they had sent and not yet heard back about is in flight.
async fn run_until_killed(load: Load, server: host::Server, load_for: Duration) {
    let mut clients: Vec<_> = (0..SENDERS).map(|_| tokio::spawn(sender(load.clone()))).collect();
    clients.extend((0..load.network.suppliers.len()).map(|supplier| tokio::spawn(marker(load.clone(), supplier))));
    let started = Instant::now();
    tokio::time::sleep(load_for.saturating_sub(started.elapsed())).await;
    load.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    drop(server);
    join_all(clients).await;
}

fn line(report: &Round) -> String {
    let (told, found) = (&report.told_so_far, &report.findings);
    let lost = report
        .unsynced_bytes_lost
        .map_or_else(String::new, |bytes| format!(", power lost ({bytes} unsynced bytes undone)"));
    format!(
        "{} round {}: killed after {} ms{lost}; acknowledged so far {} sends, {} marks, {} bulk marks ({} ids); \
         in flight {} sends ({} kept), {} marks ({} applied); lost {}, duplicated {}, half applied {}, \
         wrong status {}",
        report.backend,
        report.number,
        report.load_millis,
        told.sends,
        told.marks,
        told.bulk_calls,
        told.bulk_ids,
        found.in_flight_sends_kept + found.in_flight_sends_not_kept,
        found.in_flight_sends_kept,
        found.in_flight_marks_applied + found.in_flight_marks_not_applied,
        found.in_flight_marks_applied,
        found.lost.len(),
        found.duplicated.len(),
        found.half_applied.len(),
        found.wrong_status.len(),
    )
}

/// The moments of the kills: xorshift, so that a seed printed with a failure replays it.
struct Moments(u64);

impl Moments {
    fn between(&mut self, (low, high): (u64, u64)) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        low + self.0 % (high - low + 1)
    }
}
