//! The portal's finding: every filter, the side, the partner and a number search, alone and
//! together, newest first, page after page; and nothing of a company it does not trade with.

use std::sync::Arc;

use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::history::{Written, admits, history};
use super::{record, transaction};
use crate::finding::{FindQuery, Side};
use crate::history::HistoryFilter;
use crate::model::{Company, Connection, Flow, Status};
use crate::store::Store;
use crate::{Cursor, new_id};

fn found_by(one: &Written, query: &FindQuery) -> bool {
    let sent = one.sender == query.company_id && query.side != Some(Side::Received);
    let received = one.delivered_to == Some(query.company_id) && query.side != Some(Side::Sent);
    let partner = if one.sender == query.company_id { one.receiver } else { one.sender };
    (sent || received)
        && query.partner_id.is_none_or(|wanted| wanted == partner)
        && query.number.as_ref().is_none_or(|number| *number == one.number || one.order_number.as_ref() == Some(number))
        && admits(&query.filter.kinds, &one.kind)
        && admits(&query.filter.flows, &one.flow)
        && admits(&query.filter.statuses, &one.status)
        && query.filter.created_from.is_none_or(|from| one.created_at >= from)
        && query.filter.created_until.is_none_or(|until| one.created_at < until)
}

/// Every page of `query`, three at a time, following the cursors back in time.
async fn every_page(store: &Arc<dyn Store>, query: &FindQuery) -> Vec<Uuid> {
    let mut ids = Vec::new();
    let mut before = None;
    loop {
        let page = FindQuery { before, limit: 3, ..query.clone() };
        let found = store.find_transactions(page).await.expect("found");
        assert!(found.len() <= 3, "a page holds its limit at most");
        ids.extend(found.iter().map(|row| row.id));
        match found.last() {
            Some(last) if found.len() == 3 => before = Some(Cursor { created_at: last.created_at, id: last.id }),
            _ => return ids,
        }
    }
}

/// Four documents a third company sends to the history's sender, two of them for order ORDER-A.
async fn third_partner(store: &Arc<dyn Store>, companies: [Uuid; 2], written: &mut Vec<Written>) -> Uuid {
    let third = Company { id: new_id(), name: "Third".into(), created_at: 1 };
    store.create_company(third.clone()).await.expect("company");
    let connection = Connection { id: new_id(), company_id: third.id, name: "ERP".into(), created_at: 1 };
    store.create_connection(connection.clone()).await.expect("connection");
    let fixture = super::Fixture { sender: third.id, receiver: companies[0], connection: connection.id };
    for n in 0..4u8 {
        let mut sent = transaction(&fixture, &format!("THIRD-{n}"), n, 105 + i64::from(n) * 20);
        sent.kind = DocumentType::Invoice;
        sent.order_number = (n % 2 == 0).then(|| "ORDER-A".to_owned());
        sent.effects = crate::effects::of_send(&sent);
        let id = record(store, sent.clone()).await;
        let created_at = store.find_any_transaction(id).await.expect("read").expect("kept").created_at;
        written.push(Written {
            id,
            created_at,
            kind: sent.kind,
            flow: sent.flow,
            status: Status::Pending,
            sender: third.id,
            receiver: companies[0],
            delivered_to: Some(companies[0]),
            number: format!("THIRD-{n}"),
            order_number: sent.order_number,
        });
    }
    third.id
}

/// The history's filters of `kinds`, `flows` and `statuses`.
fn filter(kinds: &[DocumentType], flows: &[Flow], statuses: &[Status]) -> HistoryFilter {
    HistoryFilter {
        kinds: kinds.to_vec(),
        flows: flows.to_vec(),
        statuses: statuses.to_vec(),
        ..HistoryFilter::default()
    }
}

fn queries(company_id: Uuid, partners: &[Uuid]) -> Vec<FindQuery> {
    let all = FindQuery { company_id, limit: 3, ..FindQuery::default() };
    let mut queries = vec![
        all.clone(),
        FindQuery { side: Some(Side::Sent), ..all.clone() },
        FindQuery { side: Some(Side::Received), ..all.clone() },
        FindQuery { filter: filter(&[DocumentType::Invoice], &[], &[]), ..all.clone() },
        FindQuery { filter: filter(&[], &[Flow::Test], &[]), side: Some(Side::Received), ..all.clone() },
        FindQuery { filter: filter(&[], &[], &[Status::Pending, Status::Dropped]), ..all.clone() },
        FindQuery {
            filter: HistoryFilter { created_from: Some(130), created_until: Some(181), ..HistoryFilter::default() },
            ..all.clone()
        },
        FindQuery { number: Some("DOC-5".into()), ..all.clone() },
        FindQuery { number: Some("ORDER-A".into()), ..all.clone() },
        FindQuery { number: Some("ORDER-A".into()), filter: filter(&[DocumentType::Invoice], &[], &[]), ..all.clone() },
        FindQuery { number: Some("ORDER-A".into()), side: Some(Side::Received), ..all.clone() },
        FindQuery { number: Some("NOTHING".into()), ..all.clone() },
    ];
    for partner in partners {
        let with = FindQuery { partner_id: Some(*partner), ..all.clone() };
        queries.push(with.clone());
        queries.push(FindQuery {
            side: Some(Side::Received),
            filter: filter(&[], &[], &[Status::Pending]),
            ..with.clone()
        });
        queries.push(FindQuery { number: Some("ORDER-A".into()), ..with.clone() });
        let live_since = HistoryFilter { created_from: Some(150), ..filter(&[], &[Flow::Live], &[]) };
        queries.push(FindQuery { filter: live_since, ..with });
    }
    queries
}

pub async fn every_filter_finds_newest_first_on_both_sides(store: Arc<dyn Store>) {
    let (mut written, companies) = history(&store).await;
    let third = third_partner(&store, companies, &mut written).await;
    written.sort_by_key(|one| std::cmp::Reverse((one.created_at, one.id)));
    for company in companies.into_iter().chain([third]) {
        let partners: Vec<Uuid> = companies.into_iter().chain([third]).filter(|other| *other != company).collect();
        for query in queries(company, &partners) {
            let expected: Vec<Uuid> = written.iter().filter(|one| found_by(one, &query)).map(|one| one.id).collect();
            assert_eq!(every_page(&store, &query).await, expected, "{query:?}");
        }
    }
    let stranger = FindQuery { company_id: new_id(), limit: 3, ..FindQuery::default() };
    assert!(every_page(&store, &stranger).await.is_empty(), "a company that trades with nobody finds nothing");
    let found = store.find_transactions(FindQuery { company_id: third, limit: 10, ..FindQuery::default() }).await;
    let found = found.expect("found");
    assert!(found.iter().all(|row| row.content.as_bytes().is_empty()), "found rows come without their contents");
    assert!(found.iter().all(|row| row.business_number.as_deref().is_some_and(|n| n.starts_with("THIRD-"))));
}
