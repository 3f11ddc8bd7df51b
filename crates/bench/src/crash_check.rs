//! The crash test's check, after each restart: sends without an answer are sent again (the hub
//! must know the ones it kept), then every buyer's history is read whole and held to the
//! ledger: each acknowledged order there once with its id, no order twice, each acknowledged
//! mark with its status, each unanswered bulk mark applied to all its ids or to none.

use std::collections::HashMap;

use reqwest::Client;
use serde_json::Value;

use crate::crash_ledger::{Entries, Ledger, Sent};
use crate::crash_load::order_body;
use crate::network_seed::Network;

/// What one check found.
#[derive(Clone, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Findings {
    /// Unanswered sends the hub had kept (sent again, it named the first).
    pub in_flight_sends_kept: usize,
    /// Unanswered sends the hub had not kept (sent again, it took them now).
    pub in_flight_sends_not_kept: usize,
    /// Unanswered marks and bulk marks the hub had applied, and had not.
    pub in_flight_marks_applied: usize,
    pub in_flight_marks_not_applied: usize,
    pub lost: Vec<String>,
    pub duplicated: Vec<String>,
    pub wrong_status: Vec<String>,
    pub half_applied: Vec<String>,
}

impl Findings {
    pub fn violations(&self) -> usize {
        self.lost.len() + self.duplicated.len() + self.wrong_status.len() + self.half_applied.len()
    }
}

/// A transaction as a buyer's history shows it.
struct Seen {
    id: String,
    status: String,
}

pub async fn check(client: &Client, base: &str, network: &Network, ledger: &Ledger) -> anyhow::Result<Findings> {
    let mut findings = Findings::default();
    resend_unanswered(client, base, network, ledger, &mut findings).await?;
    let history = read_histories(client, base, network).await?;
    let statuses: HashMap<&str, &str> =
        history.values().flatten().map(|seen| (seen.id.as_str(), seen.status.as_str())).collect();
    ledger.with(|entries| {
        hold_sends(entries, &history, &mut findings);
        hold_marks(entries, &statuses, &mut findings);
        settle_unanswered_marks(entries, &statuses, &mut findings);
    });
    Ok(findings)
}

/// Sends each unanswered order again, the same payload: a 201 means the first never arrived, a
/// 400 naming a transaction means it did, as that transaction.
async fn resend_unanswered(
    client: &Client,
    base: &str,
    network: &Network,
    ledger: &Ledger,
    findings: &mut Findings,
) -> anyhow::Result<()> {
    let unanswered: Vec<usize> = ledger.with(|entries| {
        entries.sends.iter().filter(|(_, sent)| **sent == Sent::InFlight).map(|(number, _)| *number).collect()
    });
    for number in unanswered {
        let (buyer, _, body) = order_body(network, number);
        let response = client
            .post(format!("{base}/v2/transactions"))
            .bearer_auth(&network.buyers[buyer].token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await?;
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        let Some(id) = answer["procurosTransactionId"].as_str() else {
            anyhow::bail!("order {number} sent again: {status} without a transaction id: {answer}");
        };
        match status {
            201 => findings.in_flight_sends_not_kept += 1,
            400 => findings.in_flight_sends_kept += 1,
            other => anyhow::bail!("order {number} sent again: {other} {answer}"),
        }
        ledger.with(|entries| {
            entries.sends.insert(number, Sent::Acknowledged(id.to_owned()));
        });
    }
    Ok(())
}

/// Every order in every buyer's history, by its number.
async fn read_histories(client: &Client, base: &str, network: &Network) -> anyhow::Result<HashMap<usize, Vec<Seen>>> {
    let mut history: HashMap<usize, Vec<Seen>> = HashMap::new();
    for buyer in &network.buyers {
        let mut url = format!("{base}/v2/all-transactions?per_page=100");
        loop {
            let response = client.get(&url).bearer_auth(&buyer.token).send().await?;
            anyhow::ensure!(response.status().is_success(), "{url}: {}", response.status());
            let page: Value = response.json().await?;
            for item in page["items"].as_array().into_iter().flatten() {
                let number = item["content"]["header"]["orderIdentifier"].as_str().and_then(|n| n.strip_prefix("PO-"));
                let (Some(number), Some(id)) =
                    (number.and_then(|n| n.parse().ok()), item["procurosTransactionId"].as_str())
                else {
                    anyhow::bail!("a history item without an order number or id: {item}");
                };
                let status = item["status"].as_str().unwrap_or_default().to_owned();
                history.entry(number).or_default().push(Seen { id: id.to_owned(), status });
            }
            match page["nextPageUrl"].as_str() {
                Some(next) => next.clone_into(&mut url),
                None => break,
            }
        }
    }
    Ok(history)
}

fn hold_sends(entries: &Entries, history: &HashMap<usize, Vec<Seen>>, findings: &mut Findings) {
    for (number, seen) in history {
        if seen.len() > 1 {
            findings.duplicated.push(format!("order {number} is there {} times", seen.len()));
        }
    }
    for (number, sent) in &entries.sends {
        let Sent::Acknowledged(id) = sent else { continue };
        let kept = history.get(number).is_some_and(|seen| seen.iter().any(|seen| &seen.id == id));
        if !kept {
            findings.lost.push(format!("order {number}, acknowledged as {id}"));
        }
    }
}

fn hold_marks(entries: &Entries, statuses: &HashMap<&str, &str>, findings: &mut Findings) {
    for (id, told) in &entries.marks {
        let status = statuses.get(id.as_str()).copied().unwrap_or("missing");
        if status != *told {
            findings.wrong_status.push(format!("{id}: told {told}, is {status}"));
        }
    }
    findings.lost.extend(entries.marks_lost_from_queue.iter().map(|id| format!("the mark of {id}: back in the queue")));
}

/// Unanswered marks are either applied or not; a bulk one to all its ids or none. Those
/// applied count as acknowledged from here on, the rest are forgotten (they are in the queue
/// again and will be marked anew).
fn settle_unanswered_marks(entries: &mut Entries, statuses: &HashMap<&str, &str>, findings: &mut Findings) {
    let status = |id: &str| statuses.get(id).copied().unwrap_or("missing");
    for (id, told) in std::mem::take(&mut entries.unanswered_marks) {
        match status(&id) {
            "PENDING" => findings.in_flight_marks_not_applied += 1,
            applied if applied == told => {
                findings.in_flight_marks_applied += 1;
                entries.marks.insert(id, told);
            }
            other => findings.wrong_status.push(format!("{id}: an unanswered mark asked {told}, is {other}")),
        }
    }
    for bulk in std::mem::take(&mut entries.unanswered_bulks) {
        if bulk.0.is_empty() {
            continue;
        }
        let applied = bulk.0.iter().filter(|id| status(id) == "SUCCESS").count();
        let waiting = bulk.0.iter().filter(|id| status(id) == "PENDING").count();
        if applied == bulk.0.len() {
            findings.in_flight_marks_applied += 1;
            entries.marks.extend(bulk.0.into_iter().map(|id| (id, "SUCCESS")));
        } else if waiting == bulk.0.len() {
            findings.in_flight_marks_not_applied += 1;
        } else {
            findings.half_applied.push(format!("a bulk mark of {} ids: {applied} applied", bulk.0.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crash_ledger::UnansweredBulk;

    fn seen(id: &str, status: &str) -> Seen {
        Seen { id: id.into(), status: status.into() }
    }

    #[test]
    fn an_acknowledged_order_missing_or_twice_is_found() {
        let mut entries = Entries::default();
        entries.sends.insert(1, Sent::Acknowledged("a".into()));
        entries.sends.insert(2, Sent::Acknowledged("b".into()));
        entries.sends.insert(3, Sent::InFlight);
        let history =
            HashMap::from([(1, vec![seen("a", "PENDING")]), (3, vec![seen("c", "PENDING"), seen("d", "PENDING")])]);
        let mut findings = Findings::default();
        hold_sends(&entries, &history, &mut findings);
        assert_eq!(findings.lost, ["order 2, acknowledged as b"]);
        assert_eq!(findings.duplicated, ["order 3 is there 2 times"]);
    }

    #[test]
    fn a_bulk_mark_applied_to_some_ids_only_is_found() {
        let mut entries = Entries::default();
        entries.unanswered_bulks.push(UnansweredBulk(vec!["a".into(), "b".into()]));
        entries.unanswered_bulks.push(UnansweredBulk(vec!["c".into(), "d".into()]));
        entries.marks.insert("e".into(), "FAILED");
        let statuses =
            HashMap::from([("a", "SUCCESS"), ("b", "PENDING"), ("c", "SUCCESS"), ("d", "SUCCESS"), ("e", "SUCCESS")]);
        let mut findings = Findings::default();
        hold_marks(&entries, &statuses, &mut findings);
        settle_unanswered_marks(&mut entries, &statuses, &mut findings);
        assert_eq!(findings.half_applied.len(), 1, "{findings:?}");
        assert_eq!(findings.wrong_status, ["e: told FAILED, is SUCCESS"]);
        assert_eq!(findings.in_flight_marks_applied, 1);
        assert_eq!(entries.marks.get("c"), Some(&"SUCCESS"), "an applied bulk mark is held from then on");
    }
}
