//! The history scenario: a long history between two companies written straight into the
//! database ([`history_fill`](crate::history_fill)), then paged through
//! `GET /v2/all-transactions?per_page=100` with each filter the API offers, as either company.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Client;
use switchyard_documents::DocumentType;
use switchyard_network::model::RelationshipState;
use switchyard_network::{Clock, SystemClock};

use crate::history_fill::{DAYS, Pair, Spread, fill_postgres, fill_sqlite};
use crate::scenarios::get_page_head;
use crate::stats::Figures;

/// The companies' tokens, and each company's portal user with the other company's id.
pub struct Access {
    pub tokens: Vec<String>,
    pub people: Vec<(String, String)>,
}

/// Seeds the two companies with a token and a portal user each (before the server starts on
/// the database).
async fn seed_pair(settings: &switchyard::config::Settings) -> anyhow::Result<(Pair, Access)> {
    let hub = switchyard::server::open_hub(settings, Arc::new(SystemClock)).await?;
    let buyer = hub.add_company("History buyer").await?;
    let supplier = hub.add_company("History supplier").await?;
    // Trading every type both ways, so that the partners page counts what went each way.
    for (sender, receiver) in [(&buyer, &supplier), (&supplier, &buyer)] {
        hub.set_relationships(sender, receiver, &DocumentType::ALL, RelationshipState::Active).await?;
    }
    let buyer_token = hub.issue_token(&buyer, "ERP").await?;
    let supplier_token = hub.issue_token(&supplier, "ERP").await?;
    let pair = Pair {
        buyer: buyer.id,
        supplier: supplier.id,
        buyer_connection: buyer_token.connection_id,
        supplier_connection: supplier_token.connection_id,
    };
    let people = vec![
        (crate::portal_list::add_user(&hub, &buyer).await?, supplier.id.to_string()),
        (crate::portal_list::add_user(&hub, &supplier).await?, buyer.id.to_string()),
    ];
    Ok((pair, Access { tokens: vec![buyer_token.token, supplier_token.token], people }))
}

/// Writes the history into the database of `settings`: the SQLite file in its data directory,
/// or the PostgreSQL database `database`. Answers the history's shape and the two companies'
/// tokens and people.
pub async fn prepare(
    settings: &switchyard::config::Settings,
    database: Option<&str>,
    rows: i64,
) -> anyhow::Result<(Spread, Access)> {
    let (pair, access) = seed_pair(settings).await?;
    let spread = Spread::new(rows, SystemClock.now());
    let took = if let Some(url) = database {
        fill_postgres(url, pair, spread).await?
    } else {
        let path = settings.server.data.join("switchyard.db");
        tokio::task::spawn_blocking(move || fill_sqlite(Path::new(&path), pair, spread)).await??
    };
    println!("  history: {rows} rows written in {:.0} s", took.as_secs_f64());
    Ok((spread, access))
}

/// The filters paged with: each of the API's, alone and together, some matching most of the
/// history, some a few rows, some nothing.
pub fn filters(spread: Spread) -> Vec<String> {
    let middle = spread.first_at + DAYS / 2 * 86_400_000_000;
    let day = chrono::DateTime::from_timestamp_micros(middle)
        .map(|at| at.date_naive().format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    [
        String::new(),
        "filter[type]=INVOICE".into(),
        "filter[type]=SALES_REPORT".into(),
        "filter[status]=FAILED".into(),
        "filter[status]=UNKNOWN".into(),
        "filter[flow]=TEST".into(),
        "filter[flow]=LIVE".into(),
        "filter[type]=ORDER,INVOICE&filter[status]=SUCCESS,FAILED".into(),
        "filter[type]=ORDER&filter[flow]=LIVE&filter[status]=SUCCESS".into(),
        format!("filter[created_between]={day},{day}"),
        format!("filter[created_between]={day},{day}&filter[status]=FAILED"),
    ]
    .into()
}

/// Up to `pages` pages of `filter` as each company, one request at a time.
pub async fn page_one_filter(client: &Client, base: &str, filter: &str, tokens: &[String], pages: usize) -> Figures {
    let started = Instant::now();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for token in tokens {
        let walked = walk(client, base, filter, token, pages).await;
        latencies.extend(walked.0);
        errors += walked.1;
    }
    let name = if filter.is_empty() { "no filter" } else { filter };
    Figures::new(&format!("history, {name}"), latencies, errors, started.elapsed())
}

/// Follows the cursors of one filter for `pages` pages or to the end: each page's latency, and
/// the requests that failed.
async fn walk(client: &Client, base: &str, filter: &str, token: &str, pages: usize) -> (Vec<Duration>, usize) {
    let first = format!("{base}/v2/all-transactions?per_page=100&{filter}");
    let mut url = first.clone();
    let mut latencies = Vec::new();
    for _ in 0..pages {
        let asked = Instant::now();
        let Some(head) = get_page_head(client, &url, token).await else { return (latencies, 1) };
        latencies.push(asked.elapsed());
        match head.next_cursor {
            Some(cursor) => url = format!("{first}&cursor={cursor}"),
            None => break,
        }
    }
    (latencies, 0)
}
