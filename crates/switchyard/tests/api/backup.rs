//! `switchyard backup` while the hub takes orders, and `switchyard restore` into a new data
//! directory: the copy holds every order acknowledged before the backup began, none
//! acknowledged after it ended, and serves as the hub's database.

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use crate::served_binary::{ServedBinary, demo_token, numbered_order, switchyard_json};

/// Orders sent one after another until `stop`, each acknowledged one kept with when its 201 came.
async fn send_until(base: String, token: String, stop: Arc<Mutex<bool>>) -> Vec<(String, Instant)> {
    let client = reqwest::Client::new();
    let mut acknowledged = Vec::new();
    for n in 0.. {
        if *stop.lock().unwrap() {
            break;
        }
        let response = client
            .request(Method::POST, format!("{base}/v2/transactions"))
            .bearer_auth(&token)
            .json(&numbered_order(&format!("PO-BACKUP-{n}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        acknowledged.push((body["procurosTransactionId"].as_str().unwrap().to_owned(), Instant::now()));
    }
    acknowledged
}

/// The permissions of `path` in octal, as `ls -l` and `chmod` speak of them.
fn mode_of(path: &std::path::Path) -> String {
    use std::os::unix::fs::PermissionsExt;
    format!("{:o}", std::fs::metadata(path).unwrap().permissions().mode() & 0o777)
}

#[tokio::test]
async fn a_backup_under_load_holds_every_order_acknowledged_before_it_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let (data, copy, restored) = (dir.path().join("data"), dir.path().join("hub.backup"), dir.path().join("restored"));
    let server = ServedBinary::start(&data, &[], None).await;
    let buyer = demo_token(&data, "ACME Co. Ltd.");
    let stop = Arc::new(Mutex::new(false));
    let load = tokio::spawn(send_until(server.base.clone(), buyer.clone(), Arc::clone(&stop)));
    tokio::time::sleep(Duration::from_millis(500)).await;

    let began = Instant::now();
    let backup_data = data.clone();
    let copy_path = copy.clone();
    let report = tokio::task::spawn_blocking(move || {
        switchyard_json(&backup_data, &["backup", "--to", copy_path.to_str().unwrap()])
    })
    .await
    .unwrap();
    let ended = Instant::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    *stop.lock().unwrap() = true;
    let acknowledged = load.await.unwrap();
    assert_eq!(report["integrityCheck"], "ok", "{report}");
    assert!(report["bytes"].as_u64().unwrap() > 0, "{report}");

    let before: Vec<&String> = acknowledged.iter().filter(|(_, at)| *at < began).map(|(id, _)| id).collect();
    let after: Vec<&String> = acknowledged.iter().filter(|(_, at)| *at > ended).map(|(id, _)| id).collect();
    assert!(before.len() >= 5 && !after.is_empty(), "orders on both sides: {} / {}", before.len(), after.len());
    drop(server);

    let restore = switchyard_json(&restored, &["restore", "--from", copy.to_str().unwrap()]);
    assert_eq!(restore["integrityCheck"], "ok", "{restore}");
    // Both hold every company's documents and token hashes: as private as the database.
    assert_eq!(mode_of(&copy), "600", "the backup's permissions");
    assert_eq!(mode_of(&restored.join("switchyard.db")), "600", "the restored database's permissions");
    assert_eq!(mode_of(&restored), "700", "the new data directory's permissions");
    let again = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .arg("--data")
        .arg(&restored)
        .args(["restore", "--from", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!again.status.success(), "a restore never overwrites a database");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a database"));
    let restarted = ServedBinary::start(&restored, &[], None).await;
    let client = reqwest::Client::new();
    let status_of = |id: &str| {
        let request = client.get(format!("{}/v2/all-transactions/{id}", restarted.base)).bearer_auth(&buyer).send();
        async move { request.await.unwrap().status().as_u16() }
    };
    for id in &before {
        assert_eq!(status_of(id).await, 200, "{id}, acknowledged before the backup, is in the copy");
    }
    for id in &after {
        assert_eq!(status_of(id).await, 404, "{id}, acknowledged after the backup, is not");
    }
}
