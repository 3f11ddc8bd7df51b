//! The `switchyard` binary serving the demo network on a data directory, as an operator runs
//! it, for the tests that need a real process: its log, its signals, a library preloaded into
//! it. Killed when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

pub struct ServedBinary {
    child: Child,
    pub base: String,
    /// Where its standard output and error go, when asked for.
    pub log: Option<PathBuf>,
}

impl Drop for ServedBinary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServedBinary {
    /// Serves the demo network on `data` with `environment` and waits until it answers; its
    /// output goes to `log` when given.
    pub async fn start(data: &Path, environment: &[(&str, &std::ffi::OsStr)], log: Option<&Path>) -> Self {
        Self::start_with(data, environment, log, ("http", &reqwest::Client::new())).await
    }

    /// As [`ServedBinary::start`], for a server answering `scheme` as `client` reaches it.
    pub async fn start_with(
        data: &Path,
        environment: &[(&str, &std::ffi::OsStr)],
        log: Option<&Path>,
        (scheme, client): (&str, &reqwest::Client),
    ) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let base = format!("{scheme}://127.0.0.1:{port}");
        let mut command = Command::new(env!("CARGO_BIN_EXE_switchyard"));
        command
            .args(["--data", data.to_str().unwrap(), "serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
            .env("NO_COLOR", "1")
            .envs(environment.iter().copied());
        match log {
            Some(path) => {
                let file = std::fs::File::create(path).unwrap();
                command.stdout(file.try_clone().unwrap()).stderr(file);
            }
            None => {
                command.stdout(Stdio::null()).stderr(Stdio::null());
            }
        }
        let server = Self { child: command.spawn().unwrap(), base, log: log.map(Path::to_path_buf) };
        let deadline = Instant::now() + Duration::from_secs(30);
        while client.get(format!("{}/healthz", server.base)).send().await.is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it has written to its log so far.
    pub fn log_text(&self) -> String {
        self.log.as_ref().map(|path| std::fs::read_to_string(path).unwrap()).unwrap_or_default()
    }
}

/// The API token of the demo company `name` on `data`.
pub fn demo_token(data: &Path, name: &str) -> String {
    demo_company(data, name)["token"].as_str().unwrap().to_owned()
}

/// The demo's portal e-mail and password of the company named `name`.
pub fn demo_portal_sign_in(data: &Path, name: &str) -> (String, String) {
    let portal = &demo_company(data, name)["portal"];
    (portal["email"].as_str().unwrap().to_owned(), portal["password"].as_str().unwrap().to_owned())
}

/// What the demo's credentials file says of the company named `name`.
fn demo_company(data: &Path, name: &str) -> Value {
    let credentials: Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("demo-credentials.json")).unwrap()).unwrap();
    credentials["companies"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
}

/// A call to the served binary: the status and the JSON body (`null` when there is none).
pub async fn call(method: Method, url: &str, token: Option<&str>, body: Option<&Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The README's order from the demo's buyer to its supplier, numbered `number`, as a send's body.
pub fn numbered_order(number: &str) -> Value {
    let mut content = crate::helpers::readme_order();
    content["header"]["orderIdentifier"] = json!(number);
    json!({"type": "ORDER", "content": content})
}

/// `switchyard --data DATA ARGS`, which must succeed.
pub fn switchyard(data: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "switchyard {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The same with `--json`, its output read.
pub fn switchyard_json(data: &Path, args: &[&str]) -> Value {
    let with_json = [args, &["--json"]].concat();
    serde_json::from_slice(&switchyard(data, &with_json).stdout).expect("JSON output")
}
