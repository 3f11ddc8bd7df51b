//! The measured scenarios: send, poll, bulk mark, catalog and a mixed network.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::Client;
use serde_json::{Value, json};

use crate::generate;
use crate::load::{Outcome, closed_loop, open_loop};
use crate::network_seed::{Member, Network};
use crate::stats::Figures;

/// How much work each scenario does.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub sends: usize,
    pub fixed_rate_seconds: f64,
    pub poll_seconds: f64,
    pub catalogs: usize,
    pub mixed_seconds: f64,
    pub flood_seconds: f64,
    /// Silent and slow connections of the flood.
    pub flood: (usize, usize),
    /// Rows of the history scenario, and pages of each filter per company.
    pub history: (i64, usize),
    /// Rows of history the retention scenario starts with.
    pub retention_rows: i64,
    /// How long the webhook backlog of a round is watched going out with no API load.
    pub backlog_seconds: f64,
}

impl Sizes {
    pub fn full() -> Self {
        Self {
            sends: 20_000,
            fixed_rate_seconds: 5.0,
            poll_seconds: 5.0,
            catalogs: 5,
            mixed_seconds: 5.0,
            flood_seconds: 15.0,
            flood: (2000, 200),
            history: (10_000_000, 50),
            retention_rows: 200_000,
            backlog_seconds: 3.0,
        }
    }

    pub fn smoke() -> Self {
        Self {
            sends: 300,
            fixed_rate_seconds: 1.0,
            poll_seconds: 1.0,
            catalogs: 1,
            mixed_seconds: 1.0,
            flood_seconds: 1.0,
            flood: (200, 20),
            history: (20_000, 3),
            retention_rows: 2_000,
            backlog_seconds: 0.5,
        }
    }
}

fn figures(name: &str, outcome: Outcome) -> Figures {
    Figures::new(name, outcome.latencies, outcome.errors, outcome.elapsed)
}

/// Where each scenario's order numbers start. One server lives through every scenario, so the
/// ranges must not meet: the same buyer sending the same order twice is refused as a duplicate.
pub mod first_number {
    pub const SEND: usize = 1_000_000;
    pub const FIXED_RATE: usize = 2_000_000;
    pub const MIXED: usize = 3_000_000;
    pub const PAIR: usize = 4_000_000;
    pub const PAIR_TWO_PROCESSES: usize = 5_000_000;
    /// Two rounds, a million apart.
    pub const RETENTION: usize = 6_000_000;
}

async fn post(client: &Client, url: &str, token: &str, body: Vec<u8>, expect: u16) -> bool {
    let response =
        client.post(url).bearer_auth(token).header("content-type", "application/json").body(body).send().await;
    match response {
        Ok(response) if response.status().as_u16() == expect => true,
        Ok(response) => {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            eprintln!("POST {url}: expected {expect}, got {status}: {}", body.chars().take(300).collect::<String>());
            false
        }
        Err(error) => {
            eprintln!("POST {url}: {error}");
            false
        }
    }
}

async fn get_json(client: &Client, url: &str, token: &str) -> Option<Value> {
    let response = client.get(url).bearer_auth(token).send().await.ok()?;
    if !response.status().is_success() {
        eprintln!("GET {url}: got {}", response.status());
        return None;
    }
    response.json().await.ok()
}

/// What a poller needs of a page: the envelope's fields, not its documents.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageHead {
    pub count: u64,
    pub next_cursor: Option<String>,
}

pub async fn get_page_head(client: &Client, url: &str, token: &str) -> Option<PageHead> {
    let mut response = client.get(url).bearer_auth(token).send().await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    let mut head = Vec::new();
    let mut items_at = None;
    while let Some(chunk) = response.chunk().await.ok()? {
        if items_at.is_none() {
            head.extend_from_slice(&chunk);
            items_at = find(&head, ITEMS);
        }
    }
    page_head(head, items_at)
}

const ITEMS: &[u8] = b",\"items\":";

fn find(text: &[u8], part: &[u8]) -> Option<usize> {
    text.windows(part.len()).position(|window| window == part)
}

/// The hub writes the envelope's fields before `items`, so they are read from the text before
/// it: every byte of the page is received, but only the head is kept and parsed, so that the
/// client's share of the two cores goes to requests rather than to documents. `text` is the
/// whole body when `items` was not found, and is then parsed whole.
fn page_head(mut text: Vec<u8>, items_at: Option<usize>) -> Option<PageHead> {
    if let Some(at) = items_at {
        text.truncate(at);
        text.push(b'}');
    }
    serde_json::from_slice(&text).ok()
}

/// Bodies of `count` distinct orders, client `c` sending as buyer `c`, numbered from `first`.
fn order_bodies(network: &Network, clients: usize, first: usize, count: usize) -> Vec<(String, Vec<u8>)> {
    (0..count)
        .map(|n| {
            let buyer = &network.buyers[n % clients];
            let supplier = &network.suppliers[n % network.suppliers.len()];
            (buyer.token.clone(), generate::order(&buyer.gln, &supplier.gln, first + n).to_string().into_bytes())
        })
        .collect()
}

/// 32 clients send distinct 5 KB orders as fast as answers come.
pub async fn send(client: &Client, base: &str, network: &Network, sizes: Sizes, name: &str) -> Figures {
    let bodies = Arc::new(order_bodies(network, 32, first_number::SEND, sizes.sends));
    let (client, url) = (client.clone(), format!("{base}/v2/transactions"));
    let outcome = closed_loop(32, Duration::from_mins(10), bodies.len(), move |n| {
        let (client, url, bodies) = (client.clone(), url.clone(), Arc::clone(&bodies));
        async move { post(&client, &url, &bodies[n].0, bodies[n].1.clone(), 201).await }
    })
    .await;
    figures(name, outcome)
}

/// 32 clients send distinct 5 KB orders as fast as answers come, all from one buyer to one
/// supplier, request `n` to server `n % bases.len()` (one process, or several on one database).
/// Order numbers start at `first`.
pub async fn send_one_pair(
    client: &Client,
    bases: &[String],
    network: &Network,
    sizes: Sizes,
    first: usize,
    name: &str,
) -> Figures {
    let (buyer, supplier) = (&network.buyers[0], &network.suppliers[0]);
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..sizes.sends)
            .map(|n| generate::order(&buyer.gln, &supplier.gln, first + n).to_string().into_bytes())
            .collect(),
    );
    let urls: Arc<Vec<String>> = Arc::new(bases.iter().map(|base| format!("{base}/v2/transactions")).collect());
    let (client, token) = (client.clone(), buyer.token.clone());
    let outcome = closed_loop(32, Duration::from_mins(10), bodies.len(), move |n| {
        let (client, urls, bodies, token) = (client.clone(), Arc::clone(&urls), Arc::clone(&bodies), token.clone());
        async move { post(&client, &urls[n % urls.len()], &token, bodies[n].clone(), 201).await }
    })
    .await;
    figures(name, outcome)
}

/// 16 clients at a fixed rate; latency from the intended send time.
pub async fn send_fixed_rate(client: &Client, base: &str, network: &Network, rate: f64, seconds: f64) -> Figures {
    send_fixed_rate_from(client, base, network, (rate, seconds), first_number::FIXED_RATE).await
}

/// [`send_fixed_rate`] with order numbers from `first` on.
pub async fn send_fixed_rate_from(
    client: &Client,
    base: &str,
    network: &Network,
    (rate, seconds): (f64, f64),
    first: usize,
) -> Figures {
    let count = (rate * seconds).ceil() as usize + 1;
    let bodies = Arc::new(order_bodies(network, 16, first, count));
    let (client, url) = (client.clone(), format!("{base}/v2/transactions"));
    let outcome = open_loop(16, rate, Duration::from_secs_f64(seconds), move |n| {
        let (client, url, bodies) = (client.clone(), url.clone(), Arc::clone(&bodies));
        async move { post(&client, &url, &bodies[n % bodies.len()].0, bodies[n % bodies.len()].1.clone(), 201).await }
    })
    .await;
    figures(&format!("send, {rate:.0}/s fixed, 16 clients"), outcome)
}

/// 4 clients walk their suppliers' queues in pages of 100 full documents.
pub async fn poll(client: &Client, base: &str, network: &Network, seconds: f64) -> Figures {
    let suppliers: Arc<Vec<Member>> = Arc::new(network.suppliers.clone());
    let cursors: Arc<Vec<std::sync::Mutex<Option<String>>>> =
        Arc::new((0..4).map(|_| std::sync::Mutex::new(None)).collect());
    let (client, base) = (client.clone(), base.to_owned());
    let outcome = closed_loop(4, Duration::from_secs_f64(seconds), usize::MAX, move |n| {
        let (client, base, suppliers, cursors) =
            (client.clone(), base.clone(), Arc::clone(&suppliers), Arc::clone(&cursors));
        async move {
            let slot = n % 4;
            let cursor = cursors[slot].lock().ok().and_then(|cursor| cursor.clone());
            let url = match cursor {
                Some(cursor) => format!("{base}/v2/transactions?per_page=100&cursor={cursor}"),
                None => format!("{base}/v2/transactions?per_page=100"),
            };
            let Some(page) = get_page_head(&client, &url, &suppliers[slot].token).await else { return false };
            if let Ok(mut next) = cursors[slot].lock() {
                next.clone_from(&page.next_cursor);
            }
            page.count > 0
        }
    })
    .await;
    figures("poll, 100 documents a page, 4 clients", outcome)
}

/// The bodies that mark every supplier's pending orders as processed, 1000 ids each, with the
/// token of the supplier they belong to; suppliers take turns, so that no queue is marked
/// twice in a row.
pub async fn bulk_batches(client: &Client, base: &str, suppliers: &[Member]) -> Vec<(String, Vec<u8>)> {
    let mut queues = Vec::new();
    for supplier in suppliers {
        let ids = pending_ids(client, base, supplier).await;
        queues.push((&supplier.token, ids.chunks(1000).map(mark_body).collect::<Vec<_>>()));
    }
    let rounds = queues.iter().map(|(_, batches)| batches.len()).max().unwrap_or(0);
    (0..rounds)
        .flat_map(|round| {
            queues.iter().filter_map(move |(token, batches)| Some(((*token).clone(), batches.get(round)?.clone())))
        })
        .collect()
}

/// The ids in a supplier's queue, read page by page.
async fn pending_ids(client: &Client, base: &str, supplier: &Member) -> Vec<String> {
    let mut ids = Vec::new();
    let mut url = format!("{base}/v2/transactions?per_page=100");
    while let Some(page) = get_json(client, &url, &supplier.token).await {
        ids.extend(
            page["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|item| item["procurosTransactionId"].as_str().map(str::to_owned)),
        );
        match page["nextPageUrl"].as_str() {
            Some(next) => next.clone_into(&mut url),
            None => break,
        }
    }
    ids
}

fn mark_body(ids: &[String]) -> Vec<u8> {
    let items: Vec<Value> = ids.iter().map(|id| json!({"procurosTransactionId": id, "success": true})).collect();
    json!({ "items": items }).to_string().into_bytes()
}

/// One client sends the `batches` of [`bulk_batches`] one after the other.
pub async fn bulk_mark(client: &Client, base: &str, batches: Vec<(String, Vec<u8>)>) -> Figures {
    let batches = Arc::new(batches);
    let (client, url) = (client.clone(), format!("{base}/v2/transactions/bulk/mark-processed"));
    let count = batches.len();
    let outcome = closed_loop(1, Duration::from_mins(10), count, move |n| {
        let (client, url, batches) = (client.clone(), url.clone(), Arc::clone(&batches));
        async move {
            let (token, body) = &batches[n];
            post(&client, &url, token, body.clone(), 200).await
        }
    })
    .await;
    figures("bulk mark, up to 1000 ids a call", outcome)
}

/// Which catalogs to send, and how many at once.
#[derive(Clone, Copy, Debug)]
pub struct Catalogs {
    /// The first catalog's number; numbers go up from it, so that no catalog repeats another.
    pub first: usize,
    pub count: usize,
    pub at_once: usize,
}

/// Catalogs of 5 MB from `at_once` clients.
pub async fn catalog(client: &Client, base: &str, network: &Network, catalogs: Catalogs) -> Figures {
    let Catalogs { first, count, at_once } = catalogs;
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (first..first + count)
            .map(|n| {
                generate::catalog(&network.catalog_sender.gln, &network.catalog_receiver.gln, n)
                    .to_string()
                    .into_bytes()
            })
            .collect(),
    );
    let (client, url, token) =
        (client.clone(), format!("{base}/v2/transactions"), network.catalog_sender.token.clone());
    let outcome = closed_loop(at_once, Duration::from_mins(10), count, move |n| {
        let (client, url, token, bodies) = (client.clone(), url.clone(), token.clone(), Arc::clone(&bodies));
        async move { post(&client, &url, &token, bodies[n].clone(), 201).await }
    })
    .await;
    figures(&format!("catalog 5 MB, {at_once} at once"), outcome)
}

/// 46 buyers send while 4 suppliers poll and mark what they find, all at once.
pub async fn mixed(client: &Client, base: &str, network: &Network, seconds: f64) -> Figures {
    let network = Arc::new(network.clone());
    let numbers = Arc::new(AtomicUsize::new(first_number::MIXED));
    let (client, base) = (client.clone(), base.to_owned());
    let clients = network.buyers.len() + network.suppliers.len();
    let outcome = closed_loop(clients, Duration::from_secs_f64(seconds), usize::MAX, move |n| {
        let (client, base, network, numbers) =
            (client.clone(), base.clone(), Arc::clone(&network), Arc::clone(&numbers));
        async move {
            let slot = n % (network.buyers.len() + network.suppliers.len());
            if slot < network.buyers.len() {
                let (buyer, supplier) = (&network.buyers[slot], &network.suppliers[slot % network.suppliers.len()]);
                let body =
                    generate::order(&buyer.gln, &supplier.gln, numbers.fetch_add(1, Ordering::Relaxed)).to_string();
                post(&client, &format!("{base}/v2/transactions"), &buyer.token, body.into_bytes(), 201).await
            } else {
                poll_and_mark(&client, &base, &network.suppliers[slot - network.buyers.len()]).await
            }
        }
    })
    .await;
    figures("mixed, 50 companies at once", outcome)
}

async fn poll_and_mark(client: &Client, base: &str, supplier: &Member) -> bool {
    let Some(page) = get_json(client, &format!("{base}/v2/transactions?per_page=100"), &supplier.token).await else {
        return false;
    };
    let items: Vec<Value> = page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| json!({"procurosTransactionId": item["procurosTransactionId"], "success": true}))
        .collect();
    if items.is_empty() {
        return true;
    }
    let body = json!({ "items": items }).to_string().into_bytes();
    post(client, &format!("{base}/v2/transactions/bulk/mark-processed"), &supplier.token, body, 200).await
}

/// A normal client reading one document of a supplier's queue 100 times a second (measured
/// alone, then beside a [`crate::flood::Flood`]).
pub async fn normal_client(client: &Client, base: &str, supplier: &Member, seconds: f64) -> Figures {
    let (client, url, token) = (client.clone(), format!("{base}/v2/transactions?per_page=1"), supplier.token.clone());
    let outcome = open_loop(4, 100.0, Duration::from_secs_f64(seconds), move |_| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        async move { get_json(&client, &url, &token).await.is_some() }
    })
    .await;
    figures("normal client, 100 pages/s", outcome)
}
