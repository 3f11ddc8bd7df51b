//! The server under test, in a process of its own so that its memory can be read: this binary
//! runs itself with `serve-child`, which serves exactly as `switchyard serve` does.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use switchyard::config::Settings;
use switchyard::webhook_dispatcher::Dispatcher;
use switchyard_network::SystemClock;

/// The settings of the server under test: no rate limit, quiet logs, webhooks to the bench's
/// own endpoints on loopback.
pub fn settings(data: &Path, database: Option<&str>) -> Settings {
    let mut settings = Settings::on(data, database);
    settings.server.listen = "127.0.0.1:0".into();
    settings.limits.rate_limit_per_minute = 0;
    settings.limits.unauthenticated_rate_limit_per_minute = 0;
    settings.webhooks.allow_private_targets = true;
    settings
}

/// Runs in the child: serve until killed, after writing the address to `address_file`, with the
/// webhook dispatcher beside the server as `switchyard serve` runs it.
pub async fn serve_child(data: PathBuf, database: Option<String>, address_file: PathBuf) -> anyhow::Result<()> {
    let settings = settings(&data, database.as_deref());
    let hub = switchyard::server::open_hub(&settings, Arc::new(SystemClock)).await?;
    let running = switchyard::server::start(&settings, Arc::clone(&hub)).await?;
    let zone = settings.zone()?;
    let dispatcher = Dispatcher::new(Arc::clone(&hub), &settings.webhooks, &running.public_url, zone)?;
    let dispatcher = switchyard::webhook_dispatcher::start(dispatcher);
    // The retention scenario turns retention on as an operator would, by the environment.
    let retention_days = std::env::var("SWITCHYARD_RETENTION_DAYS").ok().and_then(|days| days.parse().ok());
    let retention = switchyard::retention::start(hub, retention_days);
    std::fs::write(&address_file, running.public_url.as_bytes())?;
    let served = running.run_until_signal().await;
    dispatcher.stop().await;
    if let Some(retention) = retention {
        retention.stop().await;
    }
    served
}

pub struct Server {
    child: Child,
    pub base: String,
    /// The highest private (anonymous) resident memory seen since the last reset, in KiB.
    peak_kib: Arc<AtomicU64>,
    sampling: Arc<AtomicBool>,
}

impl Server {
    pub fn start(data: &Path, database: Option<&str>) -> anyhow::Result<Self> {
        Self::start_with(data, database, &[])
    }

    /// [`Server::start`] with `environment` added to the server's.
    pub fn start_with(
        data: &Path,
        database: Option<&str>,
        environment: &[(&str, &std::ffi::OsStr)],
    ) -> anyhow::Result<Self> {
        let address_file = data.join("bench-address");
        let _ = std::fs::remove_file(&address_file);
        let mut command = Command::new(std::env::current_exe()?);
        command.arg("serve-child").arg("--data").arg(data).arg("--address-file").arg(&address_file);
        if let Some(database) = database {
            command.arg("--database").arg(database);
        }
        command.envs(environment.iter().copied());
        let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().context("starting the server")?;
        let deadline = Instant::now() + Duration::from_mins(1);
        loop {
            if let Ok(base) = std::fs::read_to_string(&address_file)
                && !base.is_empty()
            {
                let (peak_kib, sampling) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicBool::new(true)));
                sample_memory(child.id(), Arc::clone(&peak_kib), Arc::clone(&sampling));
                return Ok(Self { child, base, peak_kib, sampling });
            }
            anyhow::ensure!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Private resident memory now, in MiB.
    pub fn memory_now(&self) -> f64 {
        anonymous_kib(self.child.id()) as f64 / 1024.0
    }

    /// Processor time the server has used so far (all its threads, user and system), in seconds.
    pub fn cpu_seconds(&self) -> f64 {
        cpu_seconds(self.child.id())
    }

    /// The peak of private resident memory since the last call (or the start), in MiB.
    pub fn take_peak(&self) -> f64 {
        let peak = self.peak_kib.swap(anonymous_kib(self.child.id()), Ordering::Relaxed);
        peak as f64 / 1024.0
    }
}

/// `RssAnon` of a process: the memory it allocated itself. `VmHWM` would also count the pages of
/// the database file mapped for reading, which belong to the page cache and are reclaimable.
fn anonymous_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with("RssAnon:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

/// Clock ticks a second in `/proc/<pid>/stat`: 100 on every Linux build we run on.
const TICKS_PER_SECOND: f64 = 100.0;

fn cpu_seconds(pid: u32) -> f64 {
    cpu_seconds_in(&std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default())
}

/// Processor time of process `root` and all its children, those that ended included (as the
/// children's time `root` collected when it reaped them): PostgreSQL's postmaster and its
/// backends, checkpointer and WAL writer.
pub fn tree_cpu_seconds(root: u32) -> f64 {
    let stat = |pid: &str| std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let own = stat(&root.to_string());
    let children: f64 = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            entry.file_name().to_str().filter(|name| name.bytes().all(|b| b.is_ascii_digit())).map(str::to_owned)
        })
        .map(|pid| stat(&pid))
        .filter(|text| parent_in(text) == Some(root))
        .map(|text| cpu_seconds_in(&text))
        .sum();
    cpu_seconds_in(&own) + reaped_children_seconds_in(&own) + children
}

/// The fields of `/proc/<pid>/stat` after the command name, which may hold spaces and
/// parentheses itself.
fn fields_after_name(stat: &str) -> impl Iterator<Item = &str> {
    stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace()
}

fn parent_in(stat: &str) -> Option<u32> {
    fields_after_name(stat).nth(1)?.parse().ok()
}

/// `cutime + cstime`: the time of the children the process has waited for.
fn reaped_children_seconds_in(stat: &str) -> f64 {
    let ticks: f64 = fields_after_name(stat).skip(13).take(2).filter_map(|field| field.parse::<f64>().ok()).sum();
    ticks / TICKS_PER_SECOND
}

/// `utime + stime` from the text of `/proc/<pid>/stat`. The fields are counted after the
/// command name's closing parenthesis, since the name itself may hold spaces and parentheses.
fn cpu_seconds_in(stat: &str) -> f64 {
    let ticks: f64 = fields_after_name(stat).skip(11).take(2).filter_map(|field| field.parse::<f64>().ok()).sum();
    ticks / TICKS_PER_SECOND
}

/// Samples every 10 ms, on a thread of its own, until `sampling` is cleared.
fn sample_memory(pid: u32, peak_kib: Arc<AtomicU64>, sampling: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while sampling.load(Ordering::Relaxed) {
            peak_kib.fetch_max(anonymous_kib(pid), Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(10));
        }
    });
}

impl Drop for Server {
    fn drop(&mut self) {
        self.sampling.store(false, Ordering::Relaxed);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processor_time_is_user_and_system_ticks_after_the_name() {
        // pid, name, state, then ppid ... majflt, cmajflt, utime (250), stime (75), cutime ...
        let stat = "4242 (serve (child) 2) S 1 4242 4242 0 -1 4194560 900 0 3 0 250 75 9 9 20 0 9 0";
        assert!((cpu_seconds_in(stat) - 3.25).abs() < 1e-9, "{}", cpu_seconds_in(stat));
        assert_eq!(parent_in(stat), Some(1));
        // cutime 9 and cstime 9 ticks.
        assert!((reaped_children_seconds_in(stat) - 0.18).abs() < 1e-9, "{}", reaped_children_seconds_in(stat));
    }

    #[test]
    fn a_process_tree_counts_a_child_that_ended() {
        let reaped = || {
            let own = std::fs::read_to_string(format!("/proc/{}/stat", std::process::id())).unwrap_or_default();
            reaped_children_seconds_in(&own)
        };
        let before = (reaped(), tree_cpu_seconds(std::process::id()));
        // A child kept busy for one to two seconds, then waited for.
        let spun = std::process::Command::new("sh")
            .args(["-c", "end=$(($(date +%s) + 2)); while [ $(date +%s) -lt $end ]; do :; done"])
            .status();
        assert!(spun.is_ok_and(|status| status.success()));
        assert!(reaped() - before.0 > 0.5, "an ended child's time is kept: {} s", reaped() - before.0);
        assert!(tree_cpu_seconds(std::process::id()) - before.1 > 0.5, "and counted in the tree");
    }

    #[test]
    fn this_process_has_used_processor_time() {
        // Spins until a tick is counted: a broken reading never sees one and runs into the limit.
        let spent = cpu_seconds(std::process::id());
        let limit = Instant::now() + Duration::from_secs(10);
        while cpu_seconds(std::process::id()) <= spent && Instant::now() < limit {}
        assert!(cpu_seconds(std::process::id()) > spent, "no processor time counted in 10 s of spinning");
    }
}
