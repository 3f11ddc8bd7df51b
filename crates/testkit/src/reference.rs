//! The public reference (`../shared/reference/procuros-openapi-v2.yml`), read once per test
//! binary. A clone that does not sit beside `../shared` still runs every other test: each test
//! that needs the reference says in one line that it was skipped, and `scripts/test` counts
//! those lines (and fails on them with `--no-skips`, as CI runs it).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use serde_json::{Map, Value};

/// What begins each line that reports a skipped test; `scripts/test` counts these.
pub const SKIPPED: &str = "skipped:";

/// Where the reference is expected: beside the repository, in `../shared`.
pub fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/procuros-openapi-v2.yml")
}

/// The reference as JSON, or `None` when it is absent.
///
/// # Panics
/// When the reference is present but is not YAML: that is a failure, not a skip.
pub fn document() -> Option<&'static Value> {
    static REFERENCE: OnceLock<Option<Value>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| {
            let text = std::fs::read_to_string(path()).ok()?;
            let parsed = serde_yaml::from_str(&text);
            Some(parsed.unwrap_or_else(|error| panic!("{} is not YAML: {error}", path().display())))
        })
        .as_ref()
}

/// The reference, or `None` after saying that the running test is skipped for want of it.
/// Use as `let Some(reference) = reference::or_skip() else { return };`.
pub fn or_skip() -> Option<&'static Value> {
    let found = document();
    if found.is_none() {
        let test = std::thread::current().name().unwrap_or("a test").to_owned();
        skip(&test);
    }
    found
}

/// Says, once per process for each `what`, that it was skipped because the reference is absent.
/// Written to the process's standard error directly, past the test harness's capture, so that it
/// shows for passing tests too.
pub fn skip(what: &str) {
    static SAID: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let first_time = SAID.lock().map_or(true, |mut said| said.insert(what.to_owned()));
    if !first_time {
        return;
    }
    // On a line of its own even when the harness has half a line written.
    let line = format!("\n{SKIPPED} {what}: ../shared/reference/procuros-openapi-v2.yml is absent\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// The request examples of `POST /v2/transactions` by name, each `{type, content}`.
///
/// # Panics
/// When the reference lists none, so that no test passes by looking at nothing.
pub fn request_examples(reference: &Value) -> &Map<String, Value> {
    reference["paths"]["/v2/transactions"]["post"]["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .filter(|examples| !examples.is_empty())
        .unwrap_or_else(|| panic!("the reference lists no request examples of POST /v2/transactions"))
}
