//! The baseline: the least a hub must do for a send. A minimal server that parses the same JSON
//! and inserts it into SQLite with the same durability (WAL, synchronous=FULL), one commit per
//! request, with no validation, routing, indexes or authentication.

use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use rusqlite::Connection;

type Database = Arc<Mutex<Connection>>;

async fn insert(State(db): State<Database>, body: Bytes) -> StatusCode {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) else { return StatusCode::BAD_REQUEST };
    let stored = tokio::task::spawn_blocking(move || {
        let db = db.lock().map_err(|_| ())?;
        db.execute("INSERT INTO documents (body) VALUES (?1)", [value.to_string()]).map_err(|_| ())
    })
    .await;
    if matches!(stored, Ok(Ok(_))) { StatusCode::CREATED } else { StatusCode::INTERNAL_SERVER_ERROR }
}

/// Starts the baseline on a free port and returns its base URL.
pub async fn start(dir: &Path) -> anyhow::Result<String> {
    let db = Connection::open(dir.join("baseline.db"))?;
    db.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE documents (body TEXT NOT NULL);",
    )?;
    let app = Router::new().route("/v2/transactions", post(insert)).with_state(Arc::new(Mutex::new(db)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(base)
}

/// How many `fdatasync` calls a second this disk completes: the ceiling of durable commits one
/// at a time.
pub fn fsync_rate(dir: &Path, seconds: f64) -> anyhow::Result<f64> {
    use std::io::Write;
    let mut file = std::fs::File::create(dir.join("fsync-probe"))?;
    let block = [7u8; 4096];
    let started = std::time::Instant::now();
    let mut count = 0u32;
    while started.elapsed().as_secs_f64() < seconds {
        file.write_all(&block)?;
        file.sync_data()?;
        count += 1;
    }
    Ok(f64::from(count) / started.elapsed().as_secs_f64())
}
