//! A long history between two companies written straight into the database, as SQL that
//! generates its rows, so that millions of transactions take minutes rather than hours of
//! sends. The rows are what a send writes (transaction, content, state), spread as a real
//! history is: seven in ten one way, eleven of the twelve types, a few tests, failures and
//! undelivered ones, the last thousand still pending.

use std::fmt::Write as _;

use std::time::{Duration, Instant};

use switchyard_documents::DocumentType;
use uuid::Uuid;

/// The two companies and their connections.
#[derive(Clone, Copy, Debug)]
pub struct Pair {
    pub buyer: Uuid,
    pub supplier: Uuid,
    pub buyer_connection: Uuid,
    pub supplier_connection: Uuid,
}

/// How the rows spread over time: the history ends a day before now and spans `DAYS`.
pub const DAYS: i64 = 100;
const MICROS_A_DAY: i64 = 86_400_000_000;

/// Rows written per database transaction.
const CHUNK: i64 = 200_000;

/// The shape of the history, as numbers both backends' SQL read.
#[derive(Clone, Copy, Debug)]
pub struct Spread {
    pub rows: i64,
    pub first_at: i64,
    pub step: i64,
}

impl Spread {
    pub fn new(rows: i64, now: i64) -> Self {
        let first_at = now - (DAYS + 1) * MICROS_A_DAY;
        Self { rows, first_at, step: (DAYS * MICROS_A_DAY / rows.max(1)).max(1) }
    }
}

/// The type of row `i` (a column `i` of the generating query), never a sales report, so that a
/// filter on one matches nothing.
fn type_of_row() -> String {
    let mut arms = String::new();
    for (n, kind) in DocumentType::ALL[..11].iter().enumerate() {
        let _ = write!(arms, " WHEN {n} THEN '{}'", kind.as_str());
    }
    format!("CASE i % 11{arms} END")
}

/// The columns of row `i` that both backends compute alike; `$N` stand for the parameters
/// (1 buyer, 2 supplier, 3 and 4 their connections, 5 and 6 the chunk, 7 the first time, 8 the
/// step, 9 the row count).
fn row_columns() -> String {
    format!(
        "i, i % 10 >= 7 AS back, {} AS document_type,
         CASE WHEN i % 50 = 0 THEN 'TEST' ELSE 'LIVE' END AS flow,
         i % 997 <> 0 AS delivered,
         CASE WHEN i % 997 = 0 THEN 'DROPPED' WHEN i % 211 = 0 THEN 'FAILED'
              WHEN i >= $9::bigint - 1000 THEN 'PENDING' ELSE 'SUCCESS' END AS status,
         $7 + i * $8 AS created_at",
        type_of_row()
    )
}

fn progress(written: i64, spread: Spread, started: Instant) {
    if written % 1_000_000 < CHUNK || written == spread.rows {
        let seconds = started.elapsed().as_secs_f64();
        println!("  history: {written} of {} rows written in {seconds:.0} s", spread.rows);
    }
}

pub fn fill_sqlite(path: &std::path::Path, pair: Pair, spread: Spread) -> anyhow::Result<Duration> {
    let mut db = rusqlite::Connection::open(path)?;
    db.pragma_update(None, "synchronous", "OFF")?;
    db.pragma_update(None, "cache_size", -2_000_000)?;
    let numbered = |sql: &str| sql.replace("::bigint", "").replace('$', "?");
    let generate = numbered(&format!(
        "WITH RECURSIVE n(i) AS (SELECT $5 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $6),
         r AS (SELECT {}, printf('00000000-0000-4000-8000-%012x', i) AS id FROM n)",
        row_columns()
    ));
    let statements = [
        format!(
            "{generate} INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow,
                delivered, created_at, business_number, order_number, fingerprint)
             SELECT id, document_type, CASE WHEN back THEN ?2 ELSE ?1 END, CASE WHEN back THEN ?1 ELSE ?2 END,
                CASE WHEN back THEN ?4 ELSE ?3 END, flow, delivered, created_at, 'H-' || i, 'O-' || (i / 4),
                CAST(printf('%032d', i) AS BLOB)
             FROM r"
        ),
        format!(
            "{generate} INSERT INTO contents (transaction_id, content)
             SELECT id, '{{\"number\":\"H-' || i || '\",\"pad\":\"' || printf('%.60c', 'x') || '\"}}'
             FROM r"
        ),
        format!(
            "{generate} INSERT INTO transaction_states (transaction_id, delivered_to, created_at, document_type,
                status, sender_id, flow, receiver_id)
             SELECT id, CASE WHEN NOT delivered THEN NULL WHEN back THEN ?1 ELSE ?2 END, created_at, document_type,
                status, CASE WHEN back THEN ?2 ELSE ?1 END, flow, CASE WHEN back THEN ?1 ELSE ?2 END
             FROM r"
        ),
    ];
    let text = |id: Uuid| id.hyphenated().to_string();
    let started = Instant::now();
    let mut from = 0;
    while from < spread.rows {
        let until = (from + CHUNK).min(spread.rows);
        let chunk = db.transaction()?;
        for sql in &statements {
            chunk.execute(
                sql,
                rusqlite::params![
                    text(pair.buyer),
                    text(pair.supplier),
                    text(pair.buyer_connection),
                    text(pair.supplier_connection),
                    from,
                    until,
                    spread.first_at,
                    spread.step,
                    spread.rows
                ],
            )?;
        }
        chunk.commit()?;
        from = until;
        progress(from, spread, started);
    }
    db.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    Ok(started.elapsed())
}

pub async fn fill_postgres(url: &str, pair: Pair, spread: Spread) -> anyhow::Result<Duration> {
    let (db, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    let generate = format!(
        "WITH r AS (SELECT {}, ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS id
                    FROM generate_series($5::bigint, $6::bigint - 1) AS i)",
        row_columns()
    );
    let sql = format!(
        "{generate}, t AS (
            INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, delivered,
                created_at, business_number, order_number, fingerprint)
            SELECT id, document_type, CASE WHEN back THEN $2::uuid ELSE $1::uuid END,
                CASE WHEN back THEN $1::uuid ELSE $2::uuid END, CASE WHEN back THEN $4::uuid ELSE $3::uuid END,
                flow, delivered, created_at, 'H-' || i, 'O-' || (i / 4), decode(lpad(to_hex(i), 64, '0'), 'hex')
            FROM r
        ), c AS (
            INSERT INTO contents (transaction_id, content)
            SELECT id, '{{\"number\":\"H-' || i || '\",\"pad\":\"' || repeat('x', 60) || '\"}}' FROM r
        )
        INSERT INTO transaction_states (transaction_id, delivered_to, created_at, document_type, status, sender_id, flow,
            receiver_id)
        SELECT id, CASE WHEN NOT delivered THEN NULL WHEN back THEN $1::uuid ELSE $2::uuid END, created_at,
            document_type, status, CASE WHEN back THEN $2::uuid ELSE $1::uuid END, flow,
            CASE WHEN back THEN $1::uuid ELSE $2::uuid END
        FROM r"
    );
    let started = Instant::now();
    // The generated rows refer to each other and to the two companies as they must; checking
    // three foreign keys a row would only slow the writing down.
    db.batch_execute("SET session_replication_role = replica").await?;
    let mut from = 0;
    while from < spread.rows {
        let until = (from + CHUNK).min(spread.rows);
        db.execute(
            &sql,
            &[
                &pair.buyer,
                &pair.supplier,
                &pair.buyer_connection,
                &pair.supplier_connection,
                &from,
                &until,
                &spread.first_at,
                &spread.step,
                &spread.rows,
            ],
        )
        .await?;
        from = until;
        progress(from, spread, started);
    }
    // What autovacuum would have done to a history written over months.
    // One statement each: several in one call run as one transaction, where VACUUM cannot.
    for table in ["transactions", "transaction_states", "contents"] {
        db.batch_execute(&format!("VACUUM ANALYZE {table}")).await?;
    }
    Ok(started.elapsed())
}
