//! A private PostgreSQL server for tests, started from the installed binaries (`initdb`,
//! `pg_ctl`) in a temporary directory on a free port, stopped when dropped. Each test takes a
//! fresh database on it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use tempfile::TempDir;

pub struct TestServer {
    dir: TempDir,
    bin: PathBuf,
    port: u16,
    databases: AtomicUsize,
}

/// Where `initdb` and `pg_ctl` are: `PG_BIN`, else the newest Debian install, else `PATH`.
fn binaries() -> PathBuf {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path().join("bin")).collect())
        .unwrap_or_default();
    versions.sort();
    versions.pop().unwrap_or_default()
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// PostgreSQL refuses to run as root; as root, the server runs as the `postgres` user that the
/// Debian package creates.
fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|output| output.stdout.trim_ascii() == b"0")
}

fn server_command(bin: &Path, program: &str) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(bin.join(program));
        command
    } else {
        Command::new(bin.join(program))
    }
}

fn run(bin: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let output = server_command(bin, program)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run {program} from {}: {error} (is PostgreSQL installed?)", bin.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

impl TestServer {
    /// Initialises a cluster and starts it without `fsync` (tests need no durability); fails
    /// loudly when PostgreSQL is missing.
    pub fn start() -> Result<Self, String> {
        Self::start_with("-c fsync=off")
    }

    /// As [`TestServer::start`], with every commit flushed to disk as in production (`fsync`
    /// and `synchronous_commit` on).
    pub fn start_durable() -> Result<Self, String> {
        Self::start_with("-c fsync=on -c synchronous_commit=on")
    }

    fn start_with(durability: &str) -> Result<Self, String> {
        let bin = binaries();
        let dir = tempfile::tempdir().map_err(|error| error.to_string())?;
        if is_root() {
            let owned =
                Command::new("chown").arg("postgres").arg(dir.path()).status().map_err(|error| error.to_string())?;
            if !owned.success() {
                return Err("cannot hand the test cluster's directory to the postgres user".into());
            }
        }
        let data = dir.path().join("data");
        let data = data.to_str().ok_or("temporary path is not UTF-8")?;
        run(&bin, "initdb", &["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"])?;
        let port = free_port().map_err(|error| error.to_string())?;
        let socket_dir = dir.path().to_str().ok_or("temporary path is not UTF-8")?.to_owned();
        let options =
            format!("-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 {durability} -c max_connections=300");
        let log = dir.path().join("server.log");
        run(&bin, "pg_ctl", &["-D", data, "-o", &options, "-l", log.to_str().unwrap_or("server.log"), "-w", "start"])?;
        Ok(Self { dir, bin, port, databases: AtomicUsize::new(0) })
    }

    /// The URL of a new, empty database on this server.
    pub async fn fresh_database(&self) -> Result<String, String> {
        let name = format!("test_{}", self.databases.fetch_add(1, Ordering::SeqCst));
        let (client, connection) = tokio_postgres::connect(&self.url("postgres"), tokio_postgres::NoTls)
            .await
            .map_err(|error| error.to_string())?;
        let driver = tokio::spawn(connection);
        client.batch_execute(&format!("CREATE DATABASE {name}")).await.map_err(|error| error.to_string())?;
        drop(client);
        let _ = driver.await;
        Ok(self.url(&name))
    }

    /// The process id of the server's postmaster, the parent of all its other processes.
    pub fn postmaster_pid(&self) -> Option<u32> {
        let pid_file = std::fs::read_to_string(self.dir.path().join("data").join("postmaster.pid")).ok()?;
        pid_file.lines().next()?.trim().parse().ok()
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = server_command(&self.bin, "pg_ctl")
            .args(["-D", data.to_str().unwrap_or_default(), "-m", "immediate", "stop"])
            .output();
    }
}
