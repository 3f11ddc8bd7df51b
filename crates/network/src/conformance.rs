//! The store conformance suite: what every backend must do, written once against the traits and
//! run by each backend's tests on a fresh store per case.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use switchyard_documents::{DocumentType, PartyIdentifier};
use uuid::Uuid;

use crate::model::{
    Company, Connection, ErrorOrigin, ErrorType, Flow, IdentifierRecord, Mark, MarkOutcome, NewError, NewTask,
    NewToken, NewTransaction, Recorded, Relationship, RelationshipState, Status, TaskClosing, TaskType,
};
use crate::routing_table::RoutingTable;
use crate::store::{IncomingQuery, MarkFailure, Store, StoreError, TaskClosed};
use crate::{Cursor, new_id};

/// A fresh store, and whatever must live as long as it (a temporary directory, a database).
pub type Fresh = (Arc<dyn Store>, Box<dyn Any + Send>);

/// Runs every case, each on a store from `fresh`.
pub async fn run_all<F, Fut>(fresh: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Fresh>,
{
    let (store, _keep) = fresh().await;
    the_same_payload_from_one_connection_is_a_duplicate(store).await;
    let (store, _keep) = fresh().await;
    a_new_version_replaces_the_chain_head_and_leaves_the_queue(store).await;
    let (store, _keep) = fresh().await;
    marking_is_all_or_nothing(store).await;
    let (store, _keep) = fresh().await;
    the_queue_lists_oldest_first_after_a_cursor(store).await;
    let (store, _keep) = fresh().await;
    revoked_tokens_do_not_authenticate(store).await;
    let (store, _keep) = fresh().await;
    identifiers_and_names_are_unique(store).await;
    let (store, _keep) = fresh().await;
    routing_changes_move_the_routing_version(store).await;
    let (store, _keep) = fresh().await;
    a_task_closes_once(store).await;
}

struct Fixture {
    sender: Uuid,
    receiver: Uuid,
    connection: Uuid,
}

async fn fixture(store: &Arc<dyn Store>) -> Fixture {
    let mut ids = Vec::new();
    for name in ["Sender", "Receiver"] {
        let company = Company { id: new_id(), name: name.into(), created_at: 1 };
        store.create_company(company.clone()).await.expect("company");
        ids.push(company.id);
    }
    let connection = Connection { id: new_id(), company_id: ids[0], name: "ERP".into(), created_at: 1 };
    store.create_connection(connection.clone()).await.expect("connection");
    Fixture { sender: ids[0], receiver: ids[1], connection: connection.id }
}

fn transaction(fixture: &Fixture, number: &str, fingerprint: u8, at: i64) -> NewTransaction {
    NewTransaction {
        id: new_id(),
        kind: DocumentType::Order,
        sender_id: fixture.sender,
        receiver_id: fixture.receiver,
        connection_id: fixture.connection,
        flow: Flow::Live,
        deliver: true,
        created_at: at,
        business_number: Some(number.into()),
        fingerprint: [fingerprint; 32],
        content: format!("{{\"number\":\"{number}\",\"v\":{fingerprint}}}"),
        warnings: None,
    }
}

async fn record(store: &Arc<dyn Store>, transaction: NewTransaction) -> Uuid {
    match store.record_sent(transaction).await.expect("recorded") {
        Recorded::Created { id, .. } => id,
        Recorded::Duplicate { original } => panic!("unexpected duplicate of {original}"),
    }
}

fn incoming(fixture: &Fixture, after: Option<Cursor>, limit: usize) -> IncomingQuery {
    IncomingQuery { company_id: fixture.receiver, kinds: Vec::new(), after, limit }
}

async fn the_same_payload_from_one_connection_is_a_duplicate(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let original = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let again = store.record_sent(transaction(&fixture, "PO-1", 1, 20)).await.expect("answered");
    assert_eq!(again, Recorded::Duplicate { original });
    let queue = store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed");
    assert_eq!(queue.len(), 1, "a duplicate is not stored");
}

async fn a_new_version_replaces_the_chain_head_and_leaves_the_queue(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let second = store.record_sent(transaction(&fixture, "PO-1", 2, 20)).await.expect("recorded");
    let Recorded::Created { id: second, replaced, .. } = second else { panic!("not created") };
    assert_eq!(replaced, Some(first));
    let old = store.find_any_transaction(first).await.expect("read").expect("kept");
    assert_eq!((old.status, old.replaced_by), (Status::Dropped, Some(second)));
    let queue = store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed");
    assert_eq!(queue.iter().map(|t| t.id).collect::<Vec<_>>(), [second]);
    assert_eq!(queue[0].replaces, Some(first));
}

async fn marking_is_all_or_nothing(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let success = |id| Mark { transaction_id: id, outcome: MarkOutcome::Success };
    let refused = store.mark_processed(fixture.receiver, vec![success(first), success(new_id())], 30).await;
    assert!(matches!(refused, Err(MarkFailure::Unknown(ref positions)) if positions == &[1]), "{refused:?}");
    assert_eq!(store.find_any_transaction(first).await.expect("read").expect("kept").status, Status::Pending);
    let by_sender = store.mark_processed(fixture.sender, vec![success(first)], 30).await;
    assert!(matches!(by_sender, Err(MarkFailure::Unknown(_))), "only the receiver marks");

    let error = NewError {
        id: new_id(),
        company_id: fixture.receiver,
        transaction_id: Some(first),
        transaction_type: None,
        transaction_identifier: None,
        origin: ErrorOrigin::ProcessingFailed,
        error_type: ErrorType::Data,
        reason: "no such article".into(),
        context: None,
        created_at: 30,
    };
    let failure = Mark { transaction_id: first, outcome: MarkOutcome::Failure(error.clone()) };
    let refused = store.mark_processed(fixture.receiver, vec![failure.clone(), success(new_id())], 30).await;
    assert!(matches!(refused, Err(MarkFailure::Unknown(ref positions)) if positions == &[1]), "{refused:?}");
    assert!(store.find_error(error.id).await.expect("read").is_none(), "a refused batch opens no error");
    let by_sender = store.mark_processed(fixture.sender, vec![failure.clone()], 30).await;
    assert!(matches!(by_sender, Err(MarkFailure::Unknown(ref positions)) if positions == &[0]), "{by_sender:?}");

    let marked = store.mark_processed(fixture.receiver, vec![failure], 30).await.expect("marked");
    assert_eq!(marked[0].error_id, Some(error.id));
    let stored = store.find_error(error.id).await.expect("read").expect("opened");
    assert_eq!(stored.transaction_identifier.as_deref(), Some("PO-1"));
    assert_eq!(store.find_any_transaction(first).await.expect("read").expect("kept").status, Status::Failed);
    // One batch with a failed transaction and a pending one: both succeed, the error is resolved.
    let second = record(&store, transaction(&fixture, "PO-2", 2, 35)).await;
    let marked = store.mark_processed(fixture.receiver, vec![success(first), success(second)], 40).await;
    assert_eq!(marked.expect("marked").len(), 2);
    assert_eq!(store.find_error(error.id).await.expect("read").expect("kept").resolved_at, Some(40));
    for id in [first, second] {
        assert_eq!(store.find_any_transaction(id).await.expect("read").expect("kept").status, Status::Success);
    }
    assert!(store.list_incoming(incoming(&fixture, None, 10)).await.expect("listed").is_empty());
}

async fn the_queue_lists_oldest_first_after_a_cursor(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let mut ids = Vec::new();
    for n in 0..5u8 {
        ids.push(record(&store, transaction(&fixture, &format!("PO-{n}"), n, 100 + i64::from(n))).await);
    }
    let first = store.list_incoming(incoming(&fixture, None, 2)).await.expect("listed");
    assert_eq!(first.iter().map(|t| t.id).collect::<Vec<_>>(), ids[0..2]);
    let cursor = Cursor { created_at: first[1].created_at, id: first[1].id };
    let rest = store.list_incoming(incoming(&fixture, Some(cursor), 10)).await.expect("listed");
    assert_eq!(rest.iter().map(|t| t.id).collect::<Vec<_>>(), ids[2..5]);
}

async fn revoked_tokens_do_not_authenticate(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let token = NewToken {
        id: new_id(),
        connection_id: fixture.connection,
        hash: [7; 32],
        hint: "sy_abcd".into(),
        created_at: 1,
    };
    store.add_token(token.clone()).await.expect("token");
    let caller = store.authenticate([7; 32]).await.expect("read").expect("known");
    assert_eq!((caller.company_id, caller.token_id), (fixture.sender, token.id));
    assert!(store.authenticate([8; 32]).await.expect("read").is_none());
    store.revoke_token(token.id, 5).await.expect("revoked");
    assert!(store.authenticate([7; 32]).await.expect("read").is_none());
    assert!(matches!(store.revoke_token(token.id, 6).await, Err(StoreError::NotFound)));
}

async fn identifiers_and_names_are_unique(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let record = |company_id| IdentifierRecord {
        domain: "GS1".into(),
        identifier: "4000000000001".into(),
        company_id,
        label: None,
    };
    store.add_identifier(record(fixture.sender)).await.expect("registered");
    assert!(matches!(store.add_identifier(record(fixture.receiver)).await, Err(StoreError::Conflict(_))));
    let rows = store.routing_rows().await.expect("read");
    let table = RoutingTable::new(rows);
    let wanted = [PartyIdentifier::new("GS1", "4000000000001"), PartyIdentifier::new("GS1", "x")];
    assert_eq!(table.owners(&wanted).collect::<Vec<_>>(), [fixture.sender]);
    let twin = Company { id: new_id(), name: "Sender".into(), created_at: 2 };
    assert!(matches!(store.create_company(twin).await, Err(StoreError::Conflict(_))));
}

/// A server keeps its routing table while the version it reads with each token stays put, so
/// every change to identifiers or relationships, by whatever writer, must move it.
async fn routing_changes_move_the_routing_version(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let token =
        NewToken { id: new_id(), connection_id: fixture.connection, hash: [3; 32], hint: "abcd".into(), created_at: 1 };
    store.add_token(token).await.expect("token");
    let seen = async || store.authenticate([3; 32]).await.expect("read").expect("known").routing_version;
    let mut versions = vec![seen().await];
    let record = IdentifierRecord {
        domain: "GS1".into(),
        identifier: "4000000000002".into(),
        company_id: fixture.receiver,
        label: None,
    };
    store.add_identifier(record).await.expect("registered");
    versions.push(seen().await);
    let relationship = |state| Relationship {
        sender_id: fixture.sender,
        receiver_id: fixture.receiver,
        kind: DocumentType::Invoice,
        state,
    };
    store.set_relationship(relationship(RelationshipState::Testing)).await.expect("set");
    versions.push(seen().await);
    store.set_relationship(relationship(RelationshipState::Active)).await.expect("set");
    versions.push(seen().await);
    assert!(versions.windows(2).all(|pair| pair[0] < pair[1]), "versions did not rise: {versions:?}");
    let rows = store.routing_rows().await.expect("read");
    assert_eq!(rows.version, versions[3]);
    let table = RoutingTable::new(rows);
    assert_eq!(table.state(fixture.sender, fixture.receiver, DocumentType::Invoice), Some(RelationshipState::Active));
    assert_eq!(table.owners(&[PartyIdentifier::new("GS1", "4000000000002")]).collect::<Vec<_>>(), [fixture.receiver]);
    let unchanged = seen().await;
    record_a_transaction_leaves_the_version(&store, &fixture, unchanged).await;
}

async fn record_a_transaction_leaves_the_version(store: &Arc<dyn Store>, fixture: &Fixture, version: i64) {
    record(store, transaction(fixture, "PO-1", 1, 10)).await;
    let after = store.authenticate([3; 32]).await.expect("read").expect("known").routing_version;
    assert_eq!(after, version, "sending must not invalidate every server's routing table");
}

async fn a_task_closes_once(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let task = NewTask {
        id: new_id(),
        company_id: fixture.receiver,
        kind: TaskType::ExportCustomers,
        payload: None,
        created_at: 1,
    };
    store.create_task(task.clone()).await.expect("created");
    let closing = TaskClosing { success: true, result: Some(serde_json::json!([])), error: None, closed_at: 2 };
    assert_eq!(
        store.close_task(fixture.sender, task.id, closing.clone()).await.expect("answered"),
        TaskClosed::NotFound
    );
    assert_eq!(
        store.close_task(fixture.receiver, task.id, closing.clone()).await.expect("answered"),
        TaskClosed::Closed
    );
    assert_eq!(
        store.close_task(fixture.receiver, task.id, closing).await.expect("answered"),
        TaskClosed::AlreadyClosed
    );
}
