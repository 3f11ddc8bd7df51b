//! `switchyard-bench`: starts a real server on a temporary database, drives it over loopback
//! HTTP, and prints per scenario requests/s, p50/p99/max latency, errors and the server's peak
//! memory, with a baseline measured in the same run (a minimal durable insert server) and the
//! disk's fsync rate, so that figures compare across noisy machines. `--smoke` runs every
//! scenario briefly, for CI: it fails on any error.

// Counts, rates and sizes move between integers and floats for display; precision at the far
// end of 2^52 does not matter here.
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]

mod baseline;
mod crash;
mod crash_check;
mod crash_ledger;
mod crash_load;
mod flood;
mod generate;
mod history;
mod history_fill;
mod host;
mod load;
mod network_seed;
mod portal_list;
mod power_loss;
mod retention_load;
mod scenarios;
mod stats;
mod webhook_network;
mod webhook_receivers;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use serde_json::json;

use scenarios::Sizes;
use stats::Figures;

// The same allocator as the `switchyard` binary, so that the server under test (this binary,
// run as `serve-child`) allocates as the real one does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Measure a Switchyard server over loopback HTTP.")]
struct Cli {
    /// Run every scenario briefly and fail on any error (for CI).
    #[arg(long)]
    smoke: bool,
    /// Backends to measure, comma-separated: sqlite, postgres (without fsync, as the tests run
    /// it), postgres-durable (fsync and synchronous_commit on, as in production).
    #[arg(long, default_value = "sqlite,postgres")]
    backends: String,
    /// Scenarios to measure, comma-separated: catalog, send, pair, fixed, poll, bulk, mixed,
    /// flood (a normal client beside thousands of silent and slow connections), history (writes
    /// `--history-rows` transactions straight into a database of its own, then pages through
    /// them with each filter of `GET /v2/all-transactions` and of the portal's documents list;
    /// not in the default list, always in `--smoke` with a small history), webhooks (send on
    /// fresh servers without webhooks and with 100 endpoints of which 20 are dead, alternated
    /// five times, each followed by 3 s of its backlog going out; not in the default list,
    /// always in `--smoke`), retention (sends at a fixed rate on a database with a long
    /// history, without retention and while retention deletes most of it; not in the default
    /// list, always in `--smoke`).
    /// Poll and bulk read the queues that send fills, so send runs whenever they do. Pair sends
    /// from one buyer to one supplier; on PostgreSQL through one server process, then two.
    #[arg(long, default_value = "catalog,send,pair,fixed,poll,bulk,mixed,flood")]
    scenarios: String,
    /// Transactions between the two companies of the history scenario.
    #[arg(long, default_value_t = 10_000_000)]
    history_rows: i64,
    /// Pages of each filter, per company, in the history scenario.
    #[arg(long, default_value_t = 50)]
    history_pages: usize,
    /// Where to write the figures as JSON.
    #[arg(long, default_value = "bench-results.json")]
    out: PathBuf,
    #[command(subcommand)]
    command: Option<Inner>,
}

#[derive(Subcommand)]
enum Inner {
    /// Serve as the server under test (the bench starts itself this way).
    ServeChild {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        database: Option<String>,
        #[arg(long)]
        address_file: PathBuf,
    },
    /// The crash test: a mixed load killed with SIGKILL at random moments, the server restarted
    /// and held to what every client was told. Fails on anything lost, duplicated or half applied.
    Crash {
        /// Backends, comma-separated: sqlite, postgres.
        #[arg(long, default_value = "sqlite,postgres")]
        backends: String,
        /// Kills per backend.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        /// Seed of the kill moments (default: the clock); printed, so that a failure replays.
        #[arg(long)]
        seed: Option<u64>,
        /// Lose, at every kill, what the server had written and not synced, as a power cut
        /// would (SQLite only; needs a C compiler).
        #[arg(long)]
        power_loss: bool,
        /// Where to write every round's figures as JSON.
        #[arg(long, default_value = "crash-results.json")]
        out: PathBuf,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // The flood scenario opens thousands of sockets from this process.
    switchyard::serving::raise_open_files_limit();
    match cli.command {
        Some(Inner::ServeChild { data, database, address_file }) => {
            return host::serve_child(data, database, address_file).await;
        }
        Some(Inner::Crash { backends, rounds, seed, power_loss, out }) => {
            return crash_rounds(&backends, rounds, seed, power_loss, &out).await;
        }
        None => {}
    }
    let sizes = if cli.smoke {
        Sizes::smoke()
    } else {
        Sizes { history: (cli.history_rows, cli.history_pages), ..Sizes::full() }
    };
    let dir = tempfile::tempdir()?;
    let fsync = baseline::fsync_rate(dir.path(), if cli.smoke { 0.2 } else { 2.0 })?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;
    let baseline = measure_baseline(&client, sizes).await?;
    let mut results = vec![baseline.clone()];
    for backend in cli.backends.split(',').map(str::trim) {
        let mut selected = Selection::parse(&cli.scenarios)?;
        if cli.smoke {
            selected.add("history");
            selected.add("webhooks");
            selected.add("retention");
        }
        let mut figures = measure_backend(&client, backend, sizes, &selected).await?;
        for figure in &mut figures {
            figure.ratio_to_baseline = Some(figure.per_second / baseline.per_second.max(f64::EPSILON));
        }
        results.extend(figures);
    }
    report(&results, fsync, &cli.out)?;
    let errors: usize = results.iter().map(|figure| figure.errors).sum();
    anyhow::ensure!(errors == 0, "{errors} requests failed");
    Ok(())
}

async fn crash_rounds(
    backends: &str,
    rounds: usize,
    seed: Option<u64>,
    power_loss: bool,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |since| since.as_secs())
    });
    println!("crash test, seed {seed}, {rounds} rounds on each of {backends}");
    let mut reports = Vec::new();
    for backend in backends.split(',').map(str::trim) {
        reports.extend(crash::run(backend, rounds, seed, power_loss).await?);
    }
    std::fs::write(out, serde_json::to_string_pretty(&json!({ "seed": seed, "rounds": reports }))?)
        .with_context(|| format!("writing {}", out.display()))?;
    let violations: usize = reports.iter().map(|round| round.findings.violations()).sum();
    anyhow::ensure!(violations == 0, "{violations} violations (seed {seed}); see {}", out.display());
    println!("no acknowledged write lost, duplicated or half applied; figures written to {}", out.display());
    Ok(())
}

async fn measure_baseline(client: &reqwest::Client, sizes: Sizes) -> anyhow::Result<Figures> {
    let dir = tempfile::tempdir()?;
    let base = baseline::start(dir.path()).await?;
    // The baseline needs no network; placeholder members carry no meaning there.
    let member = network_seed::Member { gln: generate::gs1_number(410_000_000_000), token: "-".into() };
    let network = network_seed::Network {
        buyers: vec![member.clone(); 46],
        suppliers: vec![member.clone(); 4],
        catalog_sender: member.clone(),
        catalog_receiver: member,
    };
    Ok(scenarios::send(client, &base, &network, sizes, "baseline: parse + durable insert").await)
}

/// Catalogs on the fresh server, one at a time, then as many more two at a time (the default
/// cap on large bodies in flight). Each row's memory is the peak above the idle memory just
/// before it: the first counts what a server keeps once it has handled one large document
/// (page cache, allocator), the second what catalogs in flight add to a server that has.
async fn measure_catalogs(
    client: &reqwest::Client,
    base: &str,
    network: &network_seed::Network,
    server: &host::Server,
    count: usize,
    label: &impl Fn(&str) -> String,
) -> Vec<Figures> {
    let fresh = scenarios::Catalogs { first: 0, count, at_once: 1 };
    let warm = scenarios::Catalogs { first: count, count, at_once: 2 };
    let mut rows = Vec::new();
    for (catalogs, name) in [(fresh, "fresh"), (warm, "warm")] {
        let idle = server.memory_now();
        server.take_peak();
        let mut figures = scenarios::catalog(client, base, network, catalogs).await;
        figures.server_peak_mib = Some(server.take_peak() - idle);
        figures.scenario = label(&format!("{}, {name} (MiB above idle)", figures.scenario));
        rows.push(figures);
    }
    rows
}

/// The scenarios asked for on the command line.
struct Selection(Vec<String>);

impl Selection {
    const KNOWN: [&str; 11] =
        ["catalog", "send", "pair", "fixed", "poll", "bulk", "mixed", "flood", "history", "webhooks", "retention"];

    fn parse(list: &str) -> anyhow::Result<Self> {
        let names: Vec<String> = list.split(',').map(|name| name.trim().to_owned()).collect();
        if let Some(unknown) = names.iter().find(|name| !Self::KNOWN.contains(&name.as_str())) {
            anyhow::bail!("unknown scenario `{unknown}`; known: {}", Self::KNOWN.join(", "));
        }
        Ok(Self(names))
    }

    fn add(&mut self, name: &str) {
        if !self.has(name) {
            self.0.push(name.to_owned());
        }
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|selected| selected == name)
    }
}

async fn measure_backend(
    client: &reqwest::Client,
    backend: &str,
    sizes: Sizes,
    selected: &Selection,
) -> anyhow::Result<Vec<Figures>> {
    let dir = tempfile::tempdir()?;
    let postgres = match backend {
        "sqlite" => None,
        "postgres" => Some(switchyard_store_postgres::testing::TestServer::start().map_err(anyhow::Error::msg)?),
        "postgres-durable" => {
            Some(switchyard_store_postgres::testing::TestServer::start_durable().map_err(anyhow::Error::msg)?)
        }
        other => anyhow::bail!("unknown backend `{other}`"),
    };
    let database = match &postgres {
        Some(server) => Some(server.fresh_database().await.map_err(anyhow::Error::msg)?),
        None => None,
    };
    let network = network_seed::seed(&host::settings(dir.path(), database.as_deref())).await.context("seeding")?;
    let server = host::Server::start(dir.path(), database.as_deref())?;
    let meters = Meters {
        servers: vec![&server],
        database: postgres.as_ref().and_then(switchyard_store_postgres::testing::TestServer::postmaster_pid),
    };
    let base = server.base.clone();
    let label = |name: &str| format!("{backend}: {name}");

    let mut measured = Vec::new();
    if selected.has("catalog") {
        measured.extend(measure_catalogs(client, &base, &network, &server, sizes.catalogs, &label).await);
    }
    if selected.has("pair") {
        measured.extend(measure_one_pair(client, &meters, database.as_deref(), &network, sizes, &label).await?);
    }
    if ["send", "fixed", "poll", "bulk"].iter().any(|name| selected.has(name)) {
        server.take_peak();
        let mut send =
            meters.measure(scenarios::send(client, &base, &network, sizes, &label("send, 32 clients"))).await;
        send.server_peak_mib = Some(server.take_peak());
        let rate = (send.per_second * 0.5).max(10.0);
        measured.push(send);
        if selected.has("fixed") {
            let fixed_rate = scenarios::send_fixed_rate(client, &base, &network, rate, sizes.fixed_rate_seconds);
            let mut fixed = meters.measure(fixed_rate).await;
            fixed.scenario = label(&fixed.scenario);
            measured.push(fixed);
        }
    }
    if selected.has("poll") {
        let mut poll = meters.measure(scenarios::poll(client, &base, &network, sizes.poll_seconds)).await;
        poll.scenario = label(&poll.scenario);
        measured.push(poll);
    }
    if selected.has("bulk") {
        let batches = scenarios::bulk_batches(client, &base, &network.suppliers).await;
        let mut bulk = meters.measure(scenarios::bulk_mark(client, &base, batches)).await;
        bulk.scenario = label(&bulk.scenario);
        measured.push(bulk);
    }
    if selected.has("flood") {
        measured.extend(measure_flood(client, &meters, &base, &network, sizes, &label).await);
    }
    if selected.has("mixed") {
        server.take_peak();
        let mut mixed = meters.measure(scenarios::mixed(client, &base, &network, sizes.mixed_seconds)).await;
        mixed.scenario = label(&mixed.scenario);
        mixed.server_peak_mib = Some(server.take_peak());
        measured.push(mixed);
    }
    if selected.has("webhooks") {
        measured.extend(measure_webhooks(client, postgres.as_ref(), sizes, &label).await?);
    }
    if selected.has("retention") {
        let fresh = match &postgres {
            Some(server) => Some(server.fresh_database().await.map_err(anyhow::Error::msg)?),
            None => None,
        };
        measured.extend(retention_load::measure(client, fresh.as_deref(), meters.database, sizes, &label).await?);
    }
    if selected.has("history") {
        let fresh = match &postgres {
            Some(server) => Some(server.fresh_database().await.map_err(anyhow::Error::msg)?),
            None => None,
        };
        let pages = measure_history(client, fresh.as_deref(), meters.database, sizes.history).await?;
        measured.extend(pages.into_iter().map(|mut figures| {
            figures.scenario = label(&figures.scenario);
            figures
        }));
    }
    Ok(measured)
}

/// The send scenario on fresh servers without webhooks and with 100 endpoints (20 dead),
/// alternated [`WEBHOOK_ROUNDS`] times, so that the two compare within one run: a round lasts
/// seconds on a machine whose speed wanders, so the medians are compared (and printed) rather
/// than one pair. After each round with webhooks, the backlog it left is sent with no API load
/// for a few seconds: what a message costs the server when nothing else competes.
async fn measure_webhooks(
    client: &reqwest::Client,
    postgres: Option<&switchyard_store_postgres::testing::TestServer>,
    sizes: Sizes,
    label: &impl Fn(&str) -> String,
) -> anyhow::Result<Vec<Figures>> {
    let receivers = webhook_receivers::Receivers::start().await?;
    let mut rows = Vec::new();
    let mut backlogs = Vec::new();
    for _ in 0..WEBHOOK_ROUNDS {
        for with_webhooks in [false, true] {
            let dir = tempfile::tempdir()?;
            let database = match postgres {
                Some(server) => Some(server.fresh_database().await.map_err(anyhow::Error::msg)?),
                None => None,
            };
            let settings = host::settings(dir.path(), database.as_deref());
            let network = network_seed::seed(&settings).await.context("seeding")?;
            if with_webhooks {
                webhook_network::add_endpoints(&settings, &receivers).await?;
            }
            let server = host::Server::start(dir.path(), database.as_deref())?;
            let meters = Meters {
                servers: vec![&server],
                database: postgres.and_then(switchyard_store_postgres::testing::TestServer::postmaster_pid),
            };
            let before = receivers.taken();
            let name = if with_webhooks {
                format!("send, 32 clients, {} webhooks ({} dead)", webhook_network::ENDPOINTS, webhook_network::DEAD)
            } else {
                "send, 32 clients, no webhooks".to_owned()
            };
            let mut figures = meters.measure(scenarios::send(client, &server.base, &network, sizes, &name)).await;
            let delivered = receivers.taken() - before;
            if with_webhooks {
                figures.scenario = format!("{name}, {delivered} delivered to live endpoints meanwhile");
                let window = std::time::Duration::from_secs_f64(sizes.backlog_seconds);
                backlogs.push(meters.backlog_sent(&receivers, window).await);
            }
            figures.scenario = label(&figures.scenario);
            rows.push(figures);
        }
    }
    println!("{}", label(&webhook_summary(&rows)));
    println!("{}", label(&backlog_summary(&backlogs)));
    Ok(rows)
}

/// Alternated rounds of each: five, since two rounds of one server differ by up to a quarter.
const WEBHOOK_ROUNDS: usize = 5;

/// Messages the live endpoints took while nothing else ran, and the processor time (server and
/// database) spent meanwhile.
struct Backlog {
    messages: usize,
    seconds: f64,
    cpu_seconds: f64,
}

/// How fast the backlogs went out and what a message cost, medians of the rounds.
fn backlog_summary(backlogs: &[Backlog]) -> String {
    let rates = backlogs.iter().map(|backlog| backlog.messages as f64 / backlog.seconds).collect();
    let costs = backlogs
        .iter()
        .filter(|backlog| backlog.messages > 0)
        .map(|backlog| backlog.cpu_seconds * 1000.0 / backlog.messages as f64)
        .collect();
    format!(
        "webhook backlog sent with no API load: {:.0} messages per s, {:.3} ms CPU a message (medians of {} rounds)",
        stats::median(rates),
        stats::median(costs),
        backlogs.len(),
    )
}

/// The rate with webhooks as a share of the rate without, and the processor time per send
/// (server and database together) of each, medians of the alternated rounds in `rows`.
fn webhook_summary(rows: &[Figures]) -> String {
    let median = |with_webhooks: bool, value: &dyn Fn(&Figures) -> f64| {
        stats::median(rows.iter().skip(usize::from(with_webhooks)).step_by(2).map(value).collect())
    };
    let rate = |figures: &Figures| figures.per_second;
    let cpu =
        |figures: &Figures| figures.server_cpu_ms.unwrap_or_default() + figures.database_cpu_ms.unwrap_or_default();
    format!(
        "send with webhooks at {:.2} of the rate without (medians of {WEBHOOK_ROUNDS} rounds: {:.0} / {:.0} per s); \
         CPU per send {:.3} -> {:.3} ms",
        median(true, &rate) / median(false, &rate).max(f64::EPSILON),
        median(true, &rate),
        median(false, &rate),
        median(false, &cpu),
        median(true, &cpu),
    )
}

/// The history scenario on a database of its own: `rows` written straight into it, then each
/// filter paged through `pages` times per company, the server's processor time counted per page.
async fn measure_history(
    client: &reqwest::Client,
    database: Option<&str>,
    postmaster: Option<u32>,
    (rows, pages): (i64, usize),
) -> anyhow::Result<Vec<Figures>> {
    let dir = tempfile::tempdir()?;
    let (spread, access) = history::prepare(&host::settings(dir.path(), database), database, rows).await?;
    let server = host::Server::start(dir.path(), database)?;
    let meters = Meters { servers: vec![&server], database: postmaster };
    let mut measured = Vec::new();
    for filter in history::filters(spread) {
        let walked = history::page_one_filter(client, &server.base, &filter, &access.tokens, pages);
        measured.push(meters.measure(walked).await);
    }
    let mut sessions = Vec::new();
    for (email, partner) in &access.people {
        sessions.push((portal_list::sign_in(&server.base, email).await?, partner.clone()));
    }
    for filter in portal_list::filters(spread) {
        let walked = portal_list::page_one_filter(client, &server.base, &filter, &sessions, pages);
        measured.push(meters.measure(walked).await);
    }
    for page in portal_list::OTHER_PAGES {
        measured.push(meters.measure(portal_list::open_page(client, &server.base, page, &sessions, pages)).await);
    }
    Ok(measured)
}

/// A normal client alone, then beside a flood of silent and slow connections; the server's
/// processor time per request counts what the flood costs it.
async fn measure_flood(
    client: &reqwest::Client,
    meters: &Meters<'_>,
    base: &str,
    network: &network_seed::Network,
    sizes: Sizes,
    label: &impl Fn(&str) -> String,
) -> Vec<Figures> {
    let supplier = &network.suppliers[0];
    let seconds = sizes.flood_seconds;
    let mut alone = meters.measure(scenarios::normal_client(client, base, supplier, seconds)).await;
    alone.scenario = label(&alone.scenario);
    let server: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap_or(([127, 0, 0, 1], 0).into());
    let (silent, slow) = sizes.flood;
    let flood = flood::Flood::start(server, silent, slow).await;
    let mut beside = meters.measure(scenarios::normal_client(client, base, supplier, seconds)).await;
    let opened = flood.opened.load(std::sync::atomic::Ordering::Relaxed);
    flood.stop().await;
    beside.scenario =
        label(&format!("{}, beside {silent} silent + {slow} slow connections ({opened} opened)", beside.scenario));
    vec![alone, beside]
}

/// Sends from one buyer to one supplier through `server`; on a shared database, then also
/// through it and a second server process together.
async fn measure_one_pair(
    client: &reqwest::Client,
    meters: &Meters<'_>,
    database: Option<&str>,
    network: &network_seed::Network,
    sizes: Sizes,
    label: &impl Fn(&str) -> String,
) -> anyhow::Result<Vec<Figures>> {
    let server = meters.servers[0];
    let one = [server.base.clone()];
    let name = label("send, one pair, 32 clients");
    let pair = scenarios::send_one_pair(client, &one, network, sizes, scenarios::first_number::PAIR, &name);
    let mut rows = vec![meters.measure(pair).await];
    let Some(database) = database else { return Ok(rows) };
    let dir = tempfile::tempdir()?;
    let second = host::Server::start(dir.path(), Some(database))?;
    let both = [server.base.clone(), second.base.clone()];
    let name = label("send, one pair, 32 clients, two processes");
    let first = scenarios::first_number::PAIR_TWO_PROCESSES;
    let both_pair = scenarios::send_one_pair(client, &both, network, sizes, first, &name);
    let figures = meters.with_server(&second).measure(both_pair).await;
    rows.push(figures);
    Ok(rows)
}

/// The processes a scenario's processor time is counted on: the server processes, and the
/// PostgreSQL server (all its processes) when there is one, each total divided by the requests.
#[derive(Clone)]
struct Meters<'a> {
    servers: Vec<&'a host::Server>,
    database: Option<u32>,
}

impl<'a> Meters<'a> {
    fn with_server(&self, server: &'a host::Server) -> Self {
        let mut servers = self.servers.clone();
        servers.push(server);
        Self { servers, database: self.database }
    }

    /// Processor time of the servers so far, in seconds.
    fn servers_cpu_seconds(&self) -> f64 {
        self.servers.iter().map(|server| server.cpu_seconds()).sum()
    }

    /// Processor time of the servers and the database so far, in seconds.
    fn cpu_seconds(&self) -> f64 {
        self.servers_cpu_seconds() + self.database.map_or(0.0, host::tree_cpu_seconds)
    }

    /// Waits `window` while the dispatcher sends the backlog of a round, counting.
    async fn backlog_sent(&self, receivers: &webhook_receivers::Receivers, window: std::time::Duration) -> Backlog {
        let (taken, spent, started) = (receivers.taken(), self.cpu_seconds(), std::time::Instant::now());
        tokio::time::sleep(window).await;
        Backlog {
            messages: receivers.taken() - taken,
            seconds: started.elapsed().as_secs_f64(),
            cpu_seconds: self.cpu_seconds() - spent,
        }
    }

    async fn measure(&self, scenario: impl Future<Output = Figures>) -> Figures {
        let servers = || self.servers_cpu_seconds();
        let database = || self.database.map(host::tree_cpu_seconds);
        let (servers_before, database_before) = (servers(), database());
        let mut figures = scenario.await;
        let per_request = |spent: f64| (figures.requests > 0).then(|| spent * 1000.0 / figures.requests as f64);
        figures.server_cpu_ms = per_request(servers() - servers_before);
        figures.database_cpu_ms =
            database().zip(database_before).and_then(|(after, before)| per_request(after - before));
        figures
    }
}

fn report(results: &[Figures], fsync: f64, out: &PathBuf) -> anyhow::Result<()> {
    println!("fsync ceiling of this disk: {fsync:.0} durable writes/s (one at a time)");
    println!("{}", Figures::header());
    for figure in results {
        println!("{}", figure.row());
    }
    let document = json!({ "fsyncPerSecond": fsync, "results": results });
    std::fs::write(out, serde_json::to_string_pretty(&document)?)
        .with_context(|| format!("writing {}", out.display()))?;
    println!("figures written to {}", out.display());
    Ok(())
}
