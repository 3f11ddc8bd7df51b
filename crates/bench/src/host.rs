//! The server under test, in a process of its own so that its memory can be read: this binary
//! runs itself with `serve-child`, which serves exactly as `switchyard serve` does.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use network::SystemClock;
use switchyard::config::Settings;

/// The settings of the server under test: no rate limit, quiet logs.
pub fn settings(data: &Path, database: Option<&str>) -> Settings {
    Settings {
        listen: "127.0.0.1:0".into(),
        data: data.to_path_buf(),
        database: database.map(str::to_owned),
        rate_limit_per_minute: 0,
        ..Settings::default()
    }
}

/// Runs in the child: serve until killed, after writing the address to `address_file`.
pub async fn serve_child(data: PathBuf, database: Option<String>, address_file: PathBuf) -> anyhow::Result<()> {
    let settings = settings(&data, database.as_deref());
    let hub = switchyard::server::open_hub(&settings, Arc::new(SystemClock)).await?;
    let running = switchyard::server::start(&settings, hub).await?;
    std::fs::write(&address_file, running.public_url.as_bytes())?;
    running.run_until_signal().await
}

pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub fn start(data: &Path, database: Option<&str>) -> anyhow::Result<Self> {
        let address_file = data.join("bench-address");
        let _ = std::fs::remove_file(&address_file);
        let mut command = Command::new(std::env::current_exe()?);
        command.arg("serve-child").arg("--data").arg(data).arg("--address-file").arg(&address_file);
        if let Some(database) = database {
            command.arg("--database").arg(database);
        }
        let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().context("starting the server")?;
        let deadline = Instant::now() + Duration::from_mins(1);
        loop {
            if let Ok(base) = std::fs::read_to_string(&address_file)
                && !base.is_empty()
            {
                return Ok(Self { child, base });
            }
            anyhow::ensure!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resident memory now and at its peak, in MiB, from the kernel's view of the process.
    pub fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|line| line.starts_with(name))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
                .map_or(0.0, |kib| kib / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
