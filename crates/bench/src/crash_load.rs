//! The crash test's load: buyers sending orders and suppliers polling their queues and marking
//! what they find, one by one or in bulk, until the server is killed under them. Every request
//! is written down before it goes out and its answer after it comes back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use reqwest::Client;
use serde_json::{Value, json};

use crate::crash_ledger::{Ledger, Sent, UnansweredBulk};
use crate::generate;
use crate::network_seed::Network;

/// What every client of a round shares.
#[derive(Clone)]
pub struct Load {
    pub client: Client,
    pub base: String,
    pub network: Arc<Network>,
    pub ledger: Arc<Ledger>,
    pub next_number: Arc<AtomicUsize>,
    pub stop: Arc<AtomicBool>,
}

/// The body of order `number`: always the same for the same number, so that a retry is the
/// same payload and the hub can tell it was received before.
pub fn order_body(network: &Network, number: usize) -> (usize, usize, Vec<u8>) {
    let (buyer, supplier) = (number % network.buyers.len(), number % network.suppliers.len());
    let order = generate::order(&network.buyers[buyer].gln, &network.suppliers[supplier].gln, number);
    (buyer, supplier, order.to_string().into_bytes())
}

/// Sends one order after another until stopped.
pub async fn sender(load: Load) {
    while !load.stop.load(Ordering::Relaxed) {
        let number = load.next_number.fetch_add(1, Ordering::Relaxed);
        let (buyer, _, body) = order_body(&load.network, number);
        load.ledger.with(|entries| entries.sends.insert(number, Sent::InFlight));
        let token = &load.network.buyers[buyer].token;
        let Some((status, answer)) = post(&load, "/v2/transactions", token, body).await else { continue };
        let fate = match (status, answer["procurosTransactionId"].as_str()) {
            (201, Some(id)) => Sent::Acknowledged(id.to_owned()),
            _ => Sent::Refused(status),
        };
        load.ledger.with(|entries| {
            if matches!(fate, Sent::Acknowledged(_)) {
                entries.counts.sends += 1;
            }
            entries.sends.insert(number, fate);
        });
    }
}

/// Polls `supplier`'s queue and marks each page: the first half one by one, alternately
/// processed and failed, the rest in one bulk call as processed.
pub async fn marker(load: Load, supplier: usize) {
    let token = load.network.suppliers[supplier].token.clone();
    let mut turn = 0_usize;
    while !load.stop.load(Ordering::Relaxed) {
        let Some(ids) = queue(&load, &token).await else { continue };
        let lost: Vec<String> =
            load.ledger.with(|entries| ids.iter().filter(|id| entries.marks.contains_key(*id)).cloned().collect());
        load.ledger.with(|entries| entries.marks_lost_from_queue.extend(lost.iter().cloned()));
        let fresh: Vec<String> = ids.into_iter().filter(|id| !lost.contains(id)).collect();
        let (single, bulk) = fresh.split_at(fresh.len() / 2);
        for id in single {
            if load.stop.load(Ordering::Relaxed) {
                return;
            }
            turn += 1;
            mark_one(&load, &token, id, !turn.is_multiple_of(3)).await;
        }
        if !bulk.is_empty() && !load.stop.load(Ordering::Relaxed) {
            mark_bulk(&load, &token, bulk).await;
        }
        if fresh.is_empty() {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

async fn queue(load: &Load, token: &str) -> Option<Vec<String>> {
    let response = load.client.get(format!("{}/v2/transactions?per_page=20", load.base)).bearer_auth(token).send();
    let page: Value = response.await.ok()?.json().await.ok()?;
    let items = page["items"].as_array()?;
    Some(items.iter().filter_map(|item| item["procurosTransactionId"].as_str().map(str::to_owned)).collect())
}

fn status_of(success: bool) -> &'static str {
    if success { "SUCCESS" } else { "FAILED" }
}

async fn mark_one(load: &Load, token: &str, id: &str, success: bool) {
    let told = status_of(success);
    load.ledger.with(|entries| entries.unanswered_marks.insert(id.to_owned(), told));
    let report = if success {
        json!({"success": true})
    } else {
        json!({"success": false, "errorReason": "Article 4711 is unknown", "errorType": "DATA"})
    };
    let body = report.to_string().into_bytes();
    let Some((status, _)) = put(load, &format!("/v2/transactions/{id}"), token, body).await else { return };
    load.ledger.with(|entries| {
        entries.unanswered_marks.remove(id);
        if status == 200 {
            entries.marks.insert(id.to_owned(), told);
            entries.counts.marks += 1;
        }
    });
}

async fn mark_bulk(load: &Load, token: &str, ids: &[String]) {
    let position = load.ledger.with(|entries| {
        entries.unanswered_bulks.push(UnansweredBulk(ids.to_vec()));
        entries.unanswered_bulks.len() - 1
    });
    let items: Vec<Value> = ids.iter().map(|id| json!({"procurosTransactionId": id, "success": true})).collect();
    let body = json!({ "items": items }).to_string().into_bytes();
    let path = "/v2/transactions/bulk/mark-processed";
    let Some((status, _)) = post(load, path, token, body).await else { return };
    load.ledger.with(|entries| {
        entries.unanswered_bulks[position].0.clear();
        if status == 200 {
            entries.marks.extend(ids.iter().map(|id| (id.clone(), "SUCCESS")));
            entries.counts.bulk_calls += 1;
            entries.counts.bulk_ids += ids.len();
        }
    });
}

async fn post(load: &Load, path: &str, token: &str, body: Vec<u8>) -> Option<(u16, Value)> {
    answer(load.client.post(format!("{}{path}", load.base)), token, body).await
}

async fn put(load: &Load, path: &str, token: &str, body: Vec<u8>) -> Option<(u16, Value)> {
    answer(load.client.put(format!("{}{path}", load.base)), token, body).await
}

/// The status and body of an answer, or `None` when none came (the server died first).
async fn answer(request: reqwest::RequestBuilder, token: &str, body: Vec<u8>) -> Option<(u16, Value)> {
    let response = request.bearer_auth(token).header("content-type", "application/json").body(body).send().await;
    let response = response.ok()?;
    let status = response.status().as_u16();
    let bytes = response.bytes().await.ok()?;
    Some((status, serde_json::from_slice(&bytes).unwrap_or(Value::Null)))
}
