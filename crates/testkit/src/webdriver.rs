//! Headless Chromium driven over WebDriver (W3C), for tests of pages as people use them: a
//! `chromedriver` the test starts on a free port, one browser session, and the few commands
//! the tests need (open, fill in, click, read, screenshot).

// Test code: a failed command panics, which fails the test, as it should.
#![allow(clippy::missing_panics_doc)]

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver leads its own process group, Chromium's processes included: ending the
        // group ends them all, where killing chromedriver alone would leave the browser running.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_or(0, |address| address.port())
}

/// A failed WebDriver command is a failed test.
fn check(answer: &Value, what: &str) -> Value {
    assert!(answer["value"].get("error").is_none(), "WebDriver {what}: {}", answer["value"]);
    answer["value"].clone()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium window of `width` x `height`.
    ///
    /// # Panics
    /// When chromedriver is not installed or does not start.
    pub async fn start(width: u32, height: u32) -> Self {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("chromedriver (install chromium-driver): {error}"));
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().unwrap_or_else(|error| panic!("profile directory: {error}"));
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": { "args": args } } } });
        let answer: Value = http
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await
            .unwrap_or_else(|error| panic!("new session: {error}"))
            .json()
            .await
            .unwrap_or_else(|error| panic!("new session: {error}"));
        let session = check(&answer, "new session")["sessionId"].as_str().unwrap_or_default().to_owned();
        Self { driver, base, session, http, _profile: profile }
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let request = self.http.request(method, url).json(&body.unwrap_or_else(|| json!({})));
        let answer = request.send().await.unwrap_or_else(|error| panic!("{path}: {error}"));
        check(&answer.json().await.unwrap_or_else(|error| panic!("{path}: {error}")), path)
    }

    pub async fn open(&self, url: &str) {
        self.command(reqwest::Method::POST, "/url", Some(json!({ "url": url }))).await;
    }

    pub async fn current_url(&self) -> String {
        self.command(reqwest::Method::GET, "/url", None).await.as_str().unwrap_or_default().to_owned()
    }

    /// The page's HTML as the browser has it.
    pub async fn source(&self) -> String {
        self.command(reqwest::Method::GET, "/source", None).await.as_str().unwrap_or_default().to_owned()
    }

    /// Waits (up to 10 s) until the address contains `part`, as after a form that redirects.
    ///
    /// # Panics
    /// When it does not.
    pub async fn wait_for_url(&self, part: &str) {
        self.wait_for(|url| url.contains(part), part).await;
    }

    /// Waits (up to 10 s) until the address ends with `end`.
    ///
    /// # Panics
    /// When it does not.
    pub async fn wait_for_url_end(&self, end: &str) {
        self.wait_for(|url| url.ends_with(end), end).await;
    }

    /// Fills in and sends the portal's sign-in form the browser is at, and waits for the page
    /// after it: the form is shown at the address of the page asked for, so arriving at that
    /// address says nothing until the form has gone.
    pub async fn submit_sign_in(&self, email: &str, password: &str) {
        self.type_into("#email", email).await;
        self.type_into("#password", password).await;
        self.click("form.stacked button[type=submit]").await;
        self.wait_until_gone("#password").await;
    }

    /// Waits (up to 10 s) until no element matches `css` on a loaded page: a form that was
    /// sent from and answered at the same address has been replaced.
    ///
    /// # Panics
    /// When it does not.
    pub async fn wait_until_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.exists(css).await || !self.loaded().await {
            assert!(Instant::now() < deadline, "{css} stayed on the page");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn wait_for(&self, arrived: impl Fn(&str) -> bool, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = self.current_url().await;
            // The address changes when the new page starts to load: its text is read once it
            // has loaded, not from a page half built.
            if arrived(&url) && self.loaded().await {
                return;
            }
            assert!(Instant::now() < deadline, "the browser stayed at {url}, not at …{part}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn loaded(&self) -> bool {
        let script = json!({ "script": "return document.readyState;", "args": [] });
        self.command(reqwest::Method::POST, "/execute/sync", Some(script)).await.as_str() == Some("complete")
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        let script = json!({ "script": "return document.body ? document.body.innerText : '';", "args": [] });
        self.command(reqwest::Method::POST, "/execute/sync", Some(script)).await.as_str().unwrap_or_default().to_owned()
    }

    /// The first element matching `css`.
    pub async fn find(&self, css: &str) -> String {
        let found = self
            .command(reqwest::Method::POST, "/element", Some(json!({ "using": "css selector", "value": css })))
            .await;
        found[ELEMENT].as_str().unwrap_or_else(|| panic!("no element id for {css} in {found}")).to_owned()
    }

    pub async fn exists(&self, css: &str) -> bool {
        let url = format!("{}/session/{}/elements", self.base, self.session);
        let answer: Value = self
            .http
            .post(url)
            .json(&json!({ "using": "css selector", "value": css }))
            .send()
            .await
            .unwrap_or_else(|error| panic!("elements: {error}"))
            .json()
            .await
            .unwrap_or_else(|error| panic!("elements: {error}"));
        answer["value"].as_array().is_some_and(|found| !found.is_empty())
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.command(reqwest::Method::POST, &format!("/element/{element}/clear"), None).await;
        self.command(reqwest::Method::POST, &format!("/element/{element}/value"), Some(json!({ "text": text }))).await;
    }

    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.command(reqwest::Method::POST, &format!("/element/{element}/click"), None).await;
    }

    /// Runs `script` in the page (tests use it to tamper with a form, as an attacker would).
    pub async fn run(&self, script: &str) {
        self.command(reqwest::Method::POST, "/execute/sync", Some(json!({ "script": script, "args": [] }))).await;
    }

    /// Runs `script` in the page and answers what it returns.
    pub async fn eval(&self, script: &str) -> Value {
        self.command(reqwest::Method::POST, "/execute/sync", Some(json!({ "script": script, "args": [] }))).await
    }

    /// The browser's cookies for the page's site, as a `Cookie` header sends them: with it a
    /// test downloads what a link points at as the browser would.
    pub async fn cookie_header(&self) -> String {
        let cookies = self.command(reqwest::Method::GET, "/cookie", None).await;
        let pairs = cookies.as_array().into_iter().flatten().map(|cookie| {
            format!("{}={}", cookie["name"].as_str().unwrap_or_default(), cookie["value"].as_str().unwrap_or_default())
        });
        pairs.collect::<Vec<_>>().join("; ")
    }

    pub async fn delete_cookies(&self) {
        self.command(reqwest::Method::DELETE, "/cookie", None).await;
    }

    /// Saves a PNG of the window to `path`.
    pub async fn screenshot(&self, path: &std::path::Path) {
        let encoded = self.command(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .unwrap_or_else(|error| panic!("screenshot: {error}"));
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        std::fs::write(path, png).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }
}
