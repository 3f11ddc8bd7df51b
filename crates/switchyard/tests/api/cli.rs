//! The binary as an operator and a newcomer use it: admin commands, `serve --demo`, the README's
//! curl story, and a graceful stop.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::served_binary::{call, switchyard, switchyard_json};

struct Serving {
    child: Child,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn wait_for_file(path: &Path) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(path)
            && let Ok(value) = serde_json::from_str(&text)
        {
            return value;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{} did not appear", path.display());
}

#[test]
fn admin_commands_print_lines_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let added = switchyard(data, &["company", "add", "North Buyer"]);
    assert!(String::from_utf8_lossy(&added.stdout).starts_with("Added company North Buyer"));
    let company = switchyard_json(data, &["company", "add", "South Supplier"]);
    assert_eq!(company["name"], "South Supplier");
    switchyard(
        data,
        &["identifier", "add", "--company", "North Buyer", "GS1", "4000000000001", "--label", "head office"],
    );
    let listed = switchyard_json(data, &["identifier", "list", "--company", "North Buyer"]);
    assert_eq!(listed[0]["identifier"], "4000000000001");
    let token = switchyard_json(data, &["token", "create", "--company", "North Buyer"]);
    assert!(token["token"].as_str().unwrap().starts_with("sy_"));
    let rotated = switchyard_json(data, &["token", "rotate", token["tokenId"].as_str().unwrap()]);
    assert_ne!(rotated["token"], token["token"]);
    let tokens = switchyard_json(data, &["token", "list", "--company", "North Buyer"]);
    assert_eq!(tokens.as_array().unwrap().len(), 2);
    assert!(tokens[0]["revokedAt"].is_number() && tokens[1]["revokedAt"].is_null());
    assert_eq!(tokens[1]["scopes"].as_array().unwrap().len(), 6, "a token issued without scopes holds them all");
    let limited = switchyard_json(
        data,
        &[
            "token",
            "create",
            "--company",
            "North Buyer",
            "--connection",
            "Reader",
            "--scope",
            "incoming:read,incoming:mark",
            "--allow-from",
            "10.0.0.0/8",
            "--allow-from",
            "192.0.2.7",
            "--expires",
            "2999-12-31",
        ],
    );
    assert_eq!(limited["scopes"], json!(["incoming:read", "incoming:mark"]));
    assert_eq!(limited["allowedFrom"], json!(["10.0.0.0/8", "192.0.2.7/32"]));
    assert_eq!(limited["expiresAt"], json!(32_503_680_000_000_000_i64), "it works through the last day");
    let rotated = switchyard_json(data, &["token", "rotate", limited["tokenId"].as_str().unwrap()]);
    assert_eq!((&rotated["scopes"], &rotated["allowedFrom"]), (&limited["scopes"], &limited["allowedFrom"]));
    for bad in [["--scope", "incoming:write"], ["--allow-from", "10.0.0.0/33"], ["--expires", "2001-01-01"]] {
        let refused = Command::new(env!("CARGO_BIN_EXE_switchyard"))
            .args(["--data", data.to_str().unwrap(), "token", "create", "--company", "North Buyer"])
            .args(bad)
            .output()
            .unwrap();
        assert!(!refused.status.success(), "{bad:?} is refused");
    }
    let set = switchyard_json(
        data,
        &[
            "relationship",
            "set",
            "--from",
            "North Buyer",
            "--to",
            "South Supplier",
            "--type",
            "ORDER,INVOICE",
            "--state",
            "TESTING",
        ],
    );
    assert_eq!(set.as_array().unwrap().len(), 2);
    let task = switchyard_json(data, &["task", "create", "--company", "South Supplier", "--type", "EXPORT_CUSTOMERS"]);
    assert!(task["taskId"].is_string());
    let refused = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--data", data.to_str().unwrap(), "company", "add", "North Buyer"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exists already"));
}

#[test]
fn settings_come_from_the_file_then_the_environment_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.toml");
    std::fs::write(&file, "time_zone = \"UTC\"\nbody_limit = 5000\npublic_url = \"https://hub.example.com\"\n")
        .unwrap();
    let shown = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--config", file.to_str().unwrap(), "config", "show", "--json"])
        .env("SWITCHYARD_BODY_LIMIT", "6000")
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let settings: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(settings["server"]["time_zone"], "UTC", "flat keys of before the sections still work");
    assert_eq!(settings["limits"]["body_limit"], 6000, "the environment overrides the file");
    assert_eq!(settings["server"]["public_url"], "https://hub.example.com");

    std::fs::write(&file, "[server]\ntime_zone = \"UTC\"\n[database]\nurl = \"postgres://hub:s3cret@db/hub\"\n")
        .unwrap();
    for format in [&["config", "show"][..], &["config", "show", "--json"]] {
        let shown = Command::new(env!("CARGO_BIN_EXE_switchyard"))
            .args(["--config", file.to_str().unwrap()])
            .args(format)
            .env("SWITCHYARD_LIMITS__RATE_LIMIT_PER_MINUTE", "60")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
        assert!(!text.contains("s3cret") && text.contains("hub:***@db/hub"), "{format:?} shows the password: {text}");
        assert!(text.contains("60"), "a section key from the environment: {text}");
    }

    std::fs::write(&file, "time_zone = \"Mars/Olympus\"\n").unwrap();
    let refused = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--config", file.to_str().unwrap(), "serve", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("unknown time zone"));
}

#[tokio::test]
async fn serve_demo_then_the_readme_story_with_a_reload_and_a_graceful_stop() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let child = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--data", data.to_str().unwrap(), "serve", "--demo", "--listen", "127.0.0.1:0"])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut serving = Serving { child };
    let credentials = wait_for_file(&data.join("demo-credentials.json"));
    let base = credentials["baseUrl"].as_str().unwrap();
    let token_of = |name: &str| {
        credentials["companies"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (acme, supplier) = (token_of("ACME Co. Ltd."), token_of("Testsupplier"));

    let order = json!({"type": "ORDER", "content": crate::helpers::readme_order()});
    let sent = call(Method::POST, &format!("{base}/v2/transactions"), Some(&acme), Some(&order)).await;
    assert_eq!(sent.0, 201, "{sent:?}");
    let id = sent.1["procurosTransactionId"].as_str().unwrap().to_owned();
    let listed = call(Method::GET, &format!("{base}/v2/transactions"), Some(&supplier), None).await;
    assert_eq!(listed.1["items"][0]["procurosTransactionId"], id.as_str());
    let done = json!({"success": true});
    let marked = call(Method::PUT, &format!("{base}/v2/transactions/{id}"), Some(&supplier), Some(&done)).await;
    assert_eq!(marked, (200, json!({"data": {"message": "OK."}})));

    // The admin command changes the relationship from another process; the running server's
    // routing follows at once.
    let relationship = ["relationship", "set", "--from", "ACME Co. Ltd.", "--to", "Testsupplier", "--type", "ORDER"];
    switchyard(data, &[&relationship[..], &["--state", "INACTIVE"]].concat());
    let mut second = order.clone();
    second["content"]["header"]["orderIdentifier"] = json!("PO-SECOND");
    let dropped = call(Method::POST, &format!("{base}/v2/transactions"), Some(&acme), Some(&second)).await;
    assert_eq!(dropped.0, 202, "{dropped:?}");
    switchyard(data, &[&relationship[..], &["--state", "ACTIVE"]].concat());
    second["content"]["header"]["orderIdentifier"] = json!("PO-THIRD");
    assert_eq!(call(Method::POST, &format!("{base}/v2/transactions"), Some(&acme), Some(&second)).await.0, 201);

    let shown = switchyard_json(data, &["transaction", "show", &id]);
    assert_eq!(shown["status"], "SUCCESS");
    let story: Vec<&str> = shown["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(story, ["SENT", "DELIVERED", "FETCHED", "PROCESSED"], "the story is told with each change");
    let tokens = switchyard_json(data, &["token", "list", "--company", "Testsupplier"]);
    switchyard(data, &["token", "revoke", tokens[0]["id"].as_str().unwrap()]);
    assert_eq!(call(Method::GET, &format!("{base}/v2/transactions"), Some(&supplier), None).await.0, 401);

    // `systemctl reload` sends SIGHUP: a hub without TLS has nothing to read again and goes on
    // serving. (The shell's own `kill`: a fresh Debian has no procps.)
    let reload = format!("kill -HUP {}", serving.child.id());
    assert!(Command::new("sh").args(["-c", &reload]).status().unwrap().success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(serving.child.try_wait().unwrap().is_none(), "SIGHUP does not end the hub");
    assert_eq!(call(Method::GET, &format!("{base}/v2/transactions"), Some(&acme), None).await.0, 200);

    let stopped = Command::new("kill").args(["-TERM", &serving.child.id().to_string()]).status().unwrap();
    assert!(stopped.success());
    let status = serving.child.wait().unwrap();
    assert!(status.success(), "a graceful stop exits 0: {status:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn mail_test_goes_through_the_smtp_server_of_the_environment_or_into_files() {
    let sink = switchyard_testkit::smtp_sink::SmtpSink::start().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let sent = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--data", data, "--json", "mail", "test", "--to", "ops@example.com"])
        .env("SWITCHYARD_SMTP_URL", sink.url())
        .env("SWITCHYARD_MAIL_FROM", "Hub <hub@example.com>")
        .output()
        .unwrap();
    assert!(sent.status.success(), "{}", String::from_utf8_lossy(&sent.stderr));
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        (received[0].from.as_str(), received[0].to.as_slice()),
        ("hub@example.com", &["ops@example.com".to_owned()][..])
    );
    assert!(received[0].data.contains("Subject: Switchyard test mail"), "{}", received[0].data);

    let written = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--data", data, "mail", "test", "--to", "ops@example.com"])
        .env_remove("SWITCHYARD_SMTP_URL")
        .output()
        .unwrap();
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let files = std::fs::read_dir(dir.path().join("mail")).unwrap().count();
    assert_eq!(files, 1, "without smtp_url the mail is a file in {{data}}/mail");
    assert_eq!(sink.received().len(), 1);
}

#[test]
fn users_are_added_listed_given_a_new_link_and_disabled_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    switchyard(data, &["company", "add", "ACME"]);
    let added = switchyard_json(data, &["user", "add", "--company", "ACME", "--email", "Ann@ACME.example", "--admin"]);
    assert_eq!(added["email"], "ann@acme.example");
    let link = added["link"].as_str().unwrap();
    assert!(link.contains("/portal/password/pw_"), "{added}");
    let text = String::from_utf8(switchyard(data, &["user", "list", "--company", "ACME"]).stdout).unwrap();
    assert!(text.contains("ann@acme.example") && text.contains("ADMIN") && text.contains("no password yet"), "{text}");
    let reset = switchyard_json(data, &["user", "reset-password", "--email", "ann@acme.example"]);
    assert_ne!(reset["link"], added["link"], "a new link");
    let disabled = switchyard_json(data, &["user", "disable", "--email", "ann@acme.example"]);
    assert!(disabled["disabledAt"].is_string(), "{disabled}");
    let listed = switchyard_json(data, &["user", "list"]);
    assert_eq!(listed[0]["role"], "ADMIN");
    let again = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .arg("--data")
        .arg(data)
        .args(["user", "add", "--company", "ACME", "--email", "ann@acme.example"])
        .output()
        .unwrap();
    assert!(!again.status.success(), "an address has one user");
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}

fn start_serving(data: &Path, listen: &str, envs: &[(&str, &str)]) -> Serving {
    let mut command = Command::new(env!("CARGO_BIN_EXE_switchyard"));
    command
        .args(["--data", data.to_str().unwrap(), "serve", "--demo", "--listen", listen])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null());
    for (name, value) in envs {
        command.env(name, value);
    }
    Serving { child: command.spawn().unwrap() }
}

/// The first `.eml` file under `dir` that mentions `needle`, waiting for it.
fn wait_for_mail(dir: &Path, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text =
                std::fs::read_to_string(entry.path()).unwrap_or_default().replace("=\r\n", "").replace("=3D", "=");
            if text.contains(needle) {
                return text;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no mail mentioning {needle} in {}", dir.display());
}

/// The README's story of an exception: Testsupplier's ERP marks ACME's order failed; the mail
/// appears in data/mail/; its link leads through the sign-in to the error; delivered again,
/// the order is back in the queue; marked processed, the error is resolved.
#[tokio::test]
async fn the_readme_story_of_a_failed_order_from_mail_to_resolution() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let _serving = start_serving(data, "127.0.0.1:0", &[("SWITCHYARD_NOTIFICATION_BATCH_SECONDS", "0")]);
    let credentials = wait_for_file(&data.join("demo-credentials.json"));
    let base = credentials["baseUrl"].as_str().unwrap().to_owned();
    let company =
        |name: &str| credentials["companies"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone();
    let (acme, supplier) = (company("ACME Co. Ltd."), company("Testsupplier"));
    let token = |company: &Value| company["token"].as_str().unwrap().to_owned();
    assert_eq!(supplier["portal"]["loginUrl"], format!("{base}/portal/login"));

    let order = json!({"type": "ORDER", "content": crate::helpers::readme_order()});
    let sent = call(Method::POST, &format!("{base}/v2/transactions"), Some(&token(&acme)), Some(&order)).await;
    let id = sent.1["procurosTransactionId"].as_str().unwrap().to_owned();
    let failure = json!({"success": false, "errorReason": "Article 4300348765433 is not in the ERP"});
    let marked =
        call(Method::PUT, &format!("{base}/v2/transactions/{id}"), Some(&token(&supplier)), Some(&failure)).await;
    let error_url = marked.1["data"]["errorUrl"].as_str().unwrap().to_owned();

    let mail = wait_for_mail(&data.join("mail"), "To: admin@testsupplier.example");
    assert!(mail.contains(&error_url), "the mail links the error: {mail}");
    // ACME's name ends with its own full stop, which ends no sentence a second time.
    assert!(!mail.contains("Ltd.."), "{mail}");
    let mut browser = crate::browser::Browser::new(&base);
    let portal = &supplier["portal"];
    let page =
        browser.sign_in(&error_url, portal["email"].as_str().unwrap(), portal["password"].as_str().unwrap()).await;
    assert!(page.html.contains("Testsupplier&#39;s ERP could not import the order"), "{}", page.html);
    assert!(!page.html.contains("Ltd.."), "{}", page.html);
    let csrf = page.csrf();
    let path = error_url.strip_prefix(&base).unwrap().to_owned();
    let delivered = browser.post(&format!("{path}/deliver-again"), &[("csrf", &csrf)]).await;
    assert_eq!(delivered.status, 303);
    let listed = call(Method::GET, &format!("{base}/v2/transactions"), Some(&token(&supplier)), None).await;
    assert_eq!(listed.1["items"][0]["procurosTransactionId"], id.as_str(), "back in the queue");
    let done = call(
        Method::PUT,
        &format!("{base}/v2/transactions/{id}"),
        Some(&token(&supplier)),
        Some(&json!({"success": true})),
    )
    .await;
    assert_eq!(done.0, 200);
    let resolved = browser.open(&error_url).await;
    assert!(resolved.html.contains("class=\"state resolved\""), "{}", resolved.html);
}

/// Mails waiting in the outbox survive kill -9: after the restart each is sent, once.
#[tokio::test]
async fn killing_the_server_while_mails_are_queued_loses_none() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let batch = [("SWITCHYARD_NOTIFICATION_BATCH_SECONDS", "3")];
    let mut serving = start_serving(data, &listen, &batch);
    let credentials = wait_for_file(&data.join("demo-credentials.json"));
    let base = credentials["baseUrl"].as_str().unwrap().to_owned();
    let token = |name: &str| {
        credentials["companies"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut error_urls = Vec::new();
    for number in ["PO-K1", "PO-K2", "PO-K3"] {
        let mut content = crate::helpers::readme_order();
        content["header"]["orderIdentifier"] = json!(number);
        let sent = call(
            Method::POST,
            &format!("{base}/v2/transactions"),
            Some(&token("ACME Co. Ltd.")),
            Some(&json!({"type": "ORDER", "content": content})),
        )
        .await;
        let id = sent.1["procurosTransactionId"].as_str().unwrap().to_owned();
        let failure = json!({"success": false, "errorReason": "Unknown article"});
        let marked =
            call(Method::PUT, &format!("{base}/v2/transactions/{id}"), Some(&token("Testsupplier")), Some(&failure))
                .await;
        error_urls.push(marked.1["data"]["errorUrl"].as_str().unwrap().to_owned());
    }
    let killed = Command::new("kill").args(["-KILL", &serving.child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    serving.child.wait().unwrap();
    let mail_dir = data.join("mail");
    assert_eq!(std::fs::read_dir(&mail_dir).map_or(0, Iterator::count), 0, "still queued when killed");

    let _restarted = start_serving(data, &listen, &batch);
    let mail = wait_for_mail(&mail_dir, "To: admin@testsupplier.example");
    for url in &error_urls {
        assert!(mail.contains(url.as_str()), "{url} in the mail after the restart: {mail}");
    }
    std::thread::sleep(Duration::from_secs(2));
    let to_supplier = std::fs::read_dir(&mail_dir)
        .unwrap()
        .flatten()
        .filter(|entry| {
            std::fs::read_to_string(entry.path()).unwrap_or_default().contains("To: admin@testsupplier.example")
        })
        .count();
    assert_eq!(to_supplier, 1, "sent once");
}

/// What `serve --demo` leaves on disk is for its owner only, and whole before the first answer:
/// the credentials file exists when `/healthz` first answers, the data directory and the mail
/// directory are 0700, the database, its write-ahead log and the credentials are 0600, and a
/// log that is not a terminal has no colour codes.
#[tokio::test]
async fn serve_demo_keeps_its_files_private_and_writes_the_credentials_before_it_answers() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--data", data.to_str().unwrap(), "serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
        .env_remove("NO_COLOR")
        .env("SWITCHYARD_NOTIFICATION_BATCH_SECONDS", "0")
        .stdout(log)
        .spawn()
        .unwrap();
    let _serving = Serving { child };
    let deadline = Instant::now() + Duration::from_secs(30);
    let healthz = format!("http://127.0.0.1:{port}/healthz");
    while reqwest::get(&healthz).await.map_or(0, |answer| answer.status().as_u16()) != 200 {
        assert!(Instant::now() < deadline, "the demo hub did not answer");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let credentials = std::fs::read_to_string(data.join("demo-credentials.json")).expect("there at the first answer");
    let credentials: Value = serde_json::from_str(&credentials).expect("whole");
    assert!(credentials["companies"].as_array().is_some_and(|companies| !companies.is_empty()));

    let token = credentials["companies"][0]["token"].as_str().unwrap().to_owned();
    let failure = json!({"errorReason": "x", "errorType": "DATA"});
    call(Method::POST, &format!("http://127.0.0.1:{port}/v2/errors"), Some(&token), Some(&failure)).await;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    wait_for_mail(&data.join("mail"), "Subject:");
    assert_eq!(mode(&data), 0o700, "the data directory");
    assert_eq!(mode(&data.join("mail")), 0o700, "the mails carry password links");
    for file in ["switchyard.db", "switchyard.db-wal", "switchyard.db-shm", "demo-credentials.json"] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    let logged = std::fs::read_to_string(dir.path().join("serve.log")).unwrap();
    assert!(logged.contains("Switchyard is serving"), "{logged}");
    assert!(!logged.contains('\u{1b}'), "no colour codes in a log file: {logged:?}");
}

#[test]
fn an_operator_manages_a_company_s_webhooks() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    switchyard(data, &["company", "add", "Acme"]);
    let refused = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--data", data.to_str().unwrap(), "webhook", "add", "--company", "Acme"])
        .args(["--url", "https://10.0.0.1/hooks", "--event", "transaction.received"])
        .output()
        .unwrap();
    assert!(!refused.status.success(), "a private target is refused");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("public addresses"), "{refused:?}");

    let add = ["webhook", "add", "--company", "Acme", "--url", "https://erp.example.com/hooks"];
    let added =
        switchyard_json(data, &[&add[..], &["--event", "transaction.received", "--event", "error.opened"]].concat());
    assert!(added["secret"].as_str().unwrap().starts_with("whsec_"), "{added}");
    let id = added["id"].as_str().unwrap();
    let listed = switchyard_json(data, &["webhook", "list", "--company", "Acme"]);
    assert_eq!(listed[0]["events"], json!(["error.opened", "transaction.received"]));
    assert!(listed[0].get("secret").is_none(), "the secret is printed once");
    let off = switchyard_json(data, &["webhook", "disable", "--company", "Acme", id]);
    assert_eq!(off["enabled"], false);
    let rotated = switchyard_json(data, &["webhook", "rotate-secret", "--company", "Acme", id]);
    assert_ne!(rotated["secret"], added["secret"]);
    assert_eq!(switchyard_json(data, &["webhook", "deliveries", "--company", "Acme", id]), json!([]));
    switchyard(data, &["webhook", "remove", "--company", "Acme", id]);
    assert_eq!(switchyard_json(data, &["webhook", "list", "--company", "Acme"]), json!([]));
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let dir = tempfile::tempdir().unwrap();
    let printed = String::from_utf8(switchyard(dir.path(), &["--version"]).stdout).unwrap();
    let expected = format!("switchyard {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(printed.starts_with(&expected), "{printed}");
    let commit = printed.trim_end().trim_start_matches(&expected).trim_end_matches(')');
    let in_repository = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output();
    if let Some(output) = in_repository.ok().filter(|output| output.status.success()) {
        assert_eq!(commit, String::from_utf8_lossy(&output.stdout).trim(), "the commit checked out");
    } else {
        assert!(!commit.is_empty(), "{printed}");
    }
}
