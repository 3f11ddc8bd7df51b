//! A disk that fails a sync: the SQLite writer stops at the first commit it cannot make durable.
//! The send that hit it and every write after it get 503, none is retried behind the client's
//! back, the server reports itself not ready and reads that write nothing go on (a poll of the
//! queue records that it was fetched, so it is refused too). After a restart the hub takes
//! writes again and holds everything it acknowledged; a refused send sent again is stored once
//! (the refused commit may have reached the disk all the same: a 503 promises nothing either
//! way). The failure is injected below SQLite, in the C library's `fsync` and `fdatasync`, by a
//! library preloaded into the server.

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::Method;

use crate::served_binary::{ServedBinary, call, demo_token, numbered_order};

/// `fsync` and `fdatasync` that fail with EIO while the file `FAIL_SYNCS_WHILE_EXISTS` names
/// exists.
const FAILING_SYNC: &str = r#"
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static int failing(void) {
    const char *flag = getenv("FAIL_SYNCS_WHILE_EXISTS");
    return flag != NULL && access(flag, F_OK) == 0;
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (failing()) { errno = EIO; return -1; }
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    if (failing()) { errno = EIO; return -1; }
    return real(fd);
}
"#;

fn build_failing_sync(dir: &Path) -> PathBuf {
    let source = dir.join("failing_sync.c");
    let library = dir.join("libfailing_sync.so");
    std::fs::write(&source, FAILING_SYNC).unwrap();
    let built =
        Command::new("cc").arg("-shared").arg("-fPIC").arg("-o").arg(&library).arg(&source).arg("-ldl").status();
    assert!(built.is_ok_and(|status| status.success()), "cc builds the failing sync library");
    library
}

/// Serves the demo network on `data`; `preload` makes the syncs fail while its flag file exists.
async fn serve(data: &Path, preload: Option<(&Path, &Path)>) -> ServedBinary {
    match preload {
        Some((library, flag)) => {
            let environment = [("LD_PRELOAD", library.as_os_str()), ("FAIL_SYNCS_WHILE_EXISTS", flag.as_os_str())];
            ServedBinary::start(data, &environment, None).await
        }
        None => ServedBinary::start(data, &[], None).await,
    }
}

#[tokio::test]
async fn a_failed_sync_stops_every_write_with_503_until_the_server_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let library = build_failing_sync(dir.path());
    let (data, flag) = (dir.path().join("data"), dir.path().join("fail-syncs-now"));
    let server = serve(&data, Some((&library, &flag))).await;
    let (acme, supplier) = (demo_token(&data, "ACME Co. Ltd."), demo_token(&data, "Testsupplier"));
    let send = |base: String, number: &'static str| {
        let acme = acme.clone();
        async move {
            call(Method::POST, &format!("{base}/v2/transactions"), Some(&acme), Some(&numbered_order(number))).await
        }
    };

    let first = send(server.base.clone(), "PO-SYNCED").await;
    assert_eq!(first.0, 201, "{first:?}");
    std::fs::write(&flag, b"").unwrap();
    let failed = send(server.base.clone(), "PO-NOT-SYNCED").await;
    assert_eq!(failed.0, 503, "the send whose commit could not be synced is refused: {failed:?}");
    std::fs::remove_file(&flag).unwrap();
    let after = send(server.base.clone(), "PO-AFTER").await;
    assert_eq!(after.0, 503, "the writer stays stopped once the disk is back: {after:?}");
    assert!(after.1["message"].as_str().is_some(), "in the API's shape: {after:?}");
    let request_id = after.1["requestId"].as_str().unwrap_or_default();
    assert!(request_id.parse::<uuid::Uuid>().is_ok(), "a 5xx names its request for the log: {after:?}");
    let ready = reqwest::get(format!("{}/readyz", server.base)).await.unwrap().status();
    assert_eq!(ready, 503, "not ready while writes are stopped");
    let history = call(Method::GET, &format!("{}/v2/all-transactions", server.base), Some(&acme), None).await;
    assert_eq!(history.0, 200, "reads go on: {history:?}");
    drop(server);

    let restarted = serve(&data, None).await;
    let again = send(restarted.base.clone(), "PO-RESTARTED").await;
    assert_eq!(again.0, 201, "{again:?}");
    // The refused send may or may not have reached the disk; sent again it is taken or named as
    // the one received before, and is there once either way.
    let retried = send(restarted.base.clone(), "PO-NOT-SYNCED").await;
    assert!(retried.0 == 201 || retried.0 == 400, "{retried:?}");
    let queue = call(Method::GET, &format!("{}/v2/transactions", restarted.base), Some(&supplier), None).await;
    let numbers: Vec<&str> = queue.1["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item["content"]["header"]["orderIdentifier"].as_str())
        .collect();
    let mut numbers = numbers;
    numbers.sort_unstable();
    assert_eq!(numbers, ["PO-NOT-SYNCED", "PO-RESTARTED", "PO-SYNCED"], "each once, nothing acknowledged lost");
}
