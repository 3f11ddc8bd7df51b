//! A company's history: every filter of `GET /v2/all-transactions`, alone and together, on
//! both sides, page after page. The portal's finding ([`super::finding`]) reads the same
//! documents.

use std::sync::Arc;

use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::marking::failure_of;
use super::{fixture, record, transaction};
use crate::model::{Connection, Flow, Mark, MarkOutcome, Status};
use crate::store::{AllQuery, Store};
use crate::{Cursor, PageBudget, new_id};

/// What the test knows of a transaction it wrote, to say what each listing must show.
pub(super) struct Written {
    pub(super) id: Uuid,
    pub(super) created_at: i64,
    pub(super) kind: DocumentType,
    pub(super) flow: Flow,
    pub(super) status: Status,
    pub(super) sender: Uuid,
    pub(super) receiver: Uuid,
    /// The receiver, when the transaction was delivered to it.
    pub(super) delivered_to: Option<Uuid>,
    pub(super) number: String,
    pub(super) order_number: Option<String>,
}

impl Written {
    fn shown_by(&self, query: &AllQuery) -> bool {
        let side = self.sender == query.company_id || self.delivered_to == Some(query.company_id);
        side && admits(&query.kinds, &self.kind)
            && admits(&query.flows, &self.flow)
            && admits(&query.statuses, &self.status)
            && query.created_from.is_none_or(|from| self.created_at >= from)
            && query.created_until.is_none_or(|until| self.created_at < until)
    }
}

pub(super) fn admits<T: PartialEq>(filter: &[T], value: &T) -> bool {
    filter.is_empty() || filter.contains(value)
}

const KINDS: [DocumentType; 3] = [DocumentType::Order, DocumentType::Invoice, DocumentType::ShippingNotice];

/// Eighteen documents one way, some not delivered, some marked, and six the other way.
pub(super) async fn history(store: &Arc<dyn Store>) -> (Vec<Written>, [Uuid; 2]) {
    let fixture = fixture(store).await;
    let back = Connection { id: new_id(), company_id: fixture.receiver, name: "ERP".into(), created_at: 1 };
    store.create_connection(back.clone()).await.expect("connection");
    let mut written = Vec::new();
    for n in 0..24u8 {
        // Pairs of documents asked to be created at the same time, told apart by their ids.
        let mut sent = transaction(&fixture, &format!("DOC-{n}"), n, 100 + i64::from(n % 12) * 10);
        sent.kind = KINDS[usize::from(n % 3)];
        sent.flow = if n % 4 == 1 { Flow::Test } else { Flow::Live };
        sent.deliver = n % 7 != 3;
        // Every fourth belongs to one order, the others to none.
        sent.order_number = (n % 4 == 2).then(|| "ORDER-A".to_owned());
        if n >= 18 {
            (sent.sender_id, sent.receiver_id, sent.connection_id) = (fixture.receiver, fixture.sender, back.id);
        }
        sent.effects = crate::effects::of_send(&sent);
        let status = if sent.deliver { Status::Pending } else { Status::Dropped };
        let id = record(store, sent.clone()).await;
        // A store may give a later creation time than asked, to keep its queues in order.
        let created_at = store.find_any_transaction(id).await.expect("read").expect("kept").created_at;
        written.push(Written {
            id,
            created_at,
            kind: sent.kind,
            flow: sent.flow,
            status,
            sender: sent.sender_id,
            receiver: sent.receiver_id,
            delivered_to: sent.deliver.then_some(sent.receiver_id),
            number: format!("DOC-{n}"),
            order_number: sent.order_number,
        });
    }
    mark_some(store, &fixture, &mut written).await;
    written.sort_by_key(|one| (one.created_at, one.id));
    (written, [fixture.sender, fixture.receiver])
}

/// Of the delivered documents to the fixture's receiver, every third succeeds and every fifth
/// fails.
async fn mark_some(store: &Arc<dyn Store>, fixture: &super::Fixture, written: &mut [Written]) {
    for (n, one) in written.iter_mut().enumerate() {
        if one.delivered_to != Some(fixture.receiver) {
            continue;
        }
        let (mark, status) = if n % 3 == 0 {
            (Mark { transaction_id: one.id, outcome: MarkOutcome::Success }, Status::Success)
        } else if n % 5 == 0 {
            (failure_of(fixture, one.id, 500).0, Status::Failed)
        } else {
            continue;
        };
        store.mark_processed(fixture.receiver, vec![mark], vec![], 500, None).await.expect("marked");
        one.status = status;
    }
}

/// Every page of `query`, three at a time, following the cursors.
async fn every_page(store: &Arc<dyn Store>, query: &AllQuery) -> Vec<Uuid> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = AllQuery { after, budget: PageBudget::items(3), ..query.clone() };
        let listed = store.list_all(page).await.expect("listed");
        ids.extend(listed.rows.iter().map(|row| row.id));
        let Some(last) = listed.rows.last().filter(|_| listed.more) else { return ids };
        after = Some(Cursor { created_at: last.created_at, id: last.id });
    }
}

fn filters(company_id: Uuid) -> Vec<AllQuery> {
    let all = AllQuery { company_id, budget: PageBudget::items(3), ..AllQuery::default() };
    vec![
        all.clone(),
        AllQuery { kinds: vec![DocumentType::Invoice], ..all.clone() },
        AllQuery { kinds: vec![DocumentType::Order, DocumentType::ShippingNotice], ..all.clone() },
        AllQuery { kinds: DocumentType::ALL.to_vec(), ..all.clone() },
        AllQuery { kinds: vec![DocumentType::SalesReport], ..all.clone() },
        AllQuery { flows: vec![Flow::Test], ..all.clone() },
        AllQuery { statuses: vec![Status::Failed], ..all.clone() },
        AllQuery { statuses: vec![Status::Pending, Status::Dropped], ..all.clone() },
        AllQuery {
            kinds: vec![DocumentType::Order],
            flows: vec![Flow::Live],
            statuses: vec![Status::Success],
            ..all.clone()
        },
        AllQuery { created_from: Some(130), created_until: Some(181), ..all.clone() },
        AllQuery { statuses: vec![Status::Pending], created_from: Some(150), ..all.clone() },
        AllQuery { kinds: vec![DocumentType::Invoice], statuses: vec![Status::Unknown], ..all },
    ]
}

pub async fn every_filter_pages_through_the_history_of_both_sides(store: Arc<dyn Store>) {
    let (written, companies) = history(&store).await;
    for company in companies {
        for query in filters(company) {
            let expected: Vec<Uuid> = written.iter().filter(|one| one.shown_by(&query)).map(|one| one.id).collect();
            assert_eq!(every_page(&store, &query).await, expected, "{query:?}");
        }
    }
    let stranger = AllQuery { company_id: new_id(), budget: PageBudget::items(3), ..AllQuery::default() };
    assert!(every_page(&store, &stranger).await.is_empty(), "a third company sees nothing");
}
