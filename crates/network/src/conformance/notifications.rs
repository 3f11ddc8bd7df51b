//! Responsibility rules, notices, and the digests that take them.

use std::sync::Arc;

use serde_json::json;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::error_desk::failed;
use super::{fixture, people::add_user, record, transaction};
use crate::model::{Digest, DocumentNews, MailChoices, NewDocumentNotice, NewJob, NewNotice, Side};
use crate::new_id;
use crate::routing_table::RoutingTable;
use crate::store::Store;

fn digest(user: Uuid, due: i64) -> Digest {
    let job = NewJob {
        id: new_id(),
        kind: "issues-digest".into(),
        payload: json!({ "userId": user }),
        created_at: 1,
        due_at: due,
    };
    Digest { key: format!("issues:{user}"), job }
}

fn document_notice(user: Uuid, transaction_id: Uuid, news: DocumentNews) -> NewDocumentNotice {
    NewDocumentNotice { id: new_id(), user_id: user, transaction_id, news, created_at: 1 }
}

fn notice(user: Uuid, error: Uuid) -> NewNotice {
    NewNotice { id: new_id(), user_id: user, error_id: error, side: Side::Ours, created_at: 1 }
}

pub async fn responsibilities_are_replaced_per_type_and_partner(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let (ann, bob) = (
        add_user(&store, fixture.receiver, "ann@r.example").await,
        add_user(&store, fixture.receiver, "bob@r.example").await,
    );
    store.set_responsible(fixture.receiver, DocumentType::Order, None, vec![ann, bob], Vec::new()).await.expect("set");
    store
        .set_responsible(fixture.receiver, DocumentType::Order, Some(fixture.sender), vec![bob], Vec::new())
        .await
        .expect("set");
    store.set_responsible(fixture.receiver, DocumentType::Order, None, vec![ann], Vec::new()).await.expect("replaced");
    let rules = store.list_responsibilities(fixture.receiver).await.expect("listed");
    let pairs: Vec<(Option<Uuid>, Uuid)> = rules.iter().map(|rule| (rule.partner_id, rule.user_id)).collect();
    assert_eq!(pairs.len(), 2, "{rules:?}");
    assert!(pairs.contains(&(None, ann)) && pairs.contains(&(Some(fixture.sender), bob)));
    store
        .set_responsible(fixture.receiver, DocumentType::Order, Some(fixture.sender), vec![], Vec::new())
        .await
        .expect("removed");
    assert_eq!(store.list_responsibilities(fixture.receiver).await.expect("listed").len(), 1);
    assert!(store.list_responsibilities(fixture.sender).await.expect("listed").is_empty());
}

pub async fn notices_join_the_unstarted_digest_and_a_digest_keeps_what_it_took(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = add_user(&store, fixture.receiver, "ann@r.example").await;
    let (_, first) = failed(&store, &fixture, "PO-1", 1).await;
    let (_, second) = failed(&store, &fixture, "PO-2", 2).await;
    let (_, third) = failed(&store, &fixture, "PO-3", 3).await;
    let before = store.claim_jobs(1_000_000, 60, 100).await.expect("claimed").len();
    let one = digest(ann, 2_000_000);
    store.add_notices(vec![notice(ann, first)], vec![one.clone()]).await.expect("added");
    store.add_notices(vec![notice(ann, second)], vec![digest(ann, 2_000_000)]).await.expect("joined");
    let claimed = store.claim_jobs(2_000_000, 60, 100).await.expect("claimed");
    assert_eq!(
        claimed.iter().filter(|job| job.kind == "issues-digest").count(),
        1,
        "one digest for both ({before} before)"
    );
    let taken = store.take_notices(ann, one.job.id).await.expect("taken");
    assert_eq!(taken.iter().map(|notice| notice.error_id).collect::<Vec<_>>(), [first, second]);

    let later = digest(ann, 3_000_000);
    store.add_notices(vec![notice(ann, third)], vec![later.clone()]).await.expect("a new digest once one started");
    assert_eq!(store.take_notices(ann, one.job.id).await.expect("taken again").len(), 2, "the same two on a retry");
    let rest = store.take_notices(ann, later.job.id).await.expect("taken");
    assert_eq!(rest.iter().map(|notice| notice.error_id).collect::<Vec<_>>(), [third]);
}

pub async fn document_notices_are_told_once_and_taken_by_their_own_digest(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = add_user(&store, fixture.receiver, "ann@r.example").await;
    let first = record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    let second = record(&store, transaction(&fixture, "PO-2", 2, 11)).await;
    let (_, error) = failed(&store, &fixture, "PO-3", 3).await;
    store.add_notices(vec![notice(ann, error)], vec![digest(ann, 2_000_000)]).await.expect("an error's notice");
    let documents = |due| Digest { key: format!("documents:{ann}"), ..digest(ann, due) };
    let one = documents(2_000_000);
    let told =
        vec![document_notice(ann, first, DocumentNews::Arrived), document_notice(ann, second, DocumentNews::Arrived)];
    store.add_document_notices(told, vec![one.clone()]).await.expect("added");
    let again =
        vec![document_notice(ann, first, DocumentNews::Arrived), document_notice(ann, first, DocumentNews::Processed)];
    store.add_document_notices(again, vec![documents(2_000_000)]).await.expect("a repeat is no error");
    let taken = store.take_document_notices(ann, one.job.id).await.expect("taken");
    let pairs: Vec<_> = taken.iter().map(|notice| (notice.transaction_id, notice.news)).collect();
    assert_eq!(
        pairs,
        [(first, DocumentNews::Arrived), (second, DocumentNews::Arrived), (first, DocumentNews::Processed)],
        "each document and news once, and no error among them"
    );
    assert_eq!(store.take_document_notices(ann, one.job.id).await.expect("again").len(), 3, "the same on a retry");
    let issues = store.take_notices(ann, new_id()).await.expect("the error's digest");
    assert_eq!(issues.iter().map(|notice| notice.error_id).collect::<Vec<_>>(), [error], "errors stay apart");
}

/// Whether a send or mark tells anybody is decided from the routing table, so a user's choice
/// of document mails must move the routing version like a change of identifiers does.
pub async fn mail_choices_of_documents_are_routing_data(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    store.add_token(super::tokens::token(fixture.connection, 4), Vec::new()).await.expect("token");
    let seen = async || store.authenticate([4; 32]).await.expect("read").expect("known").caller.routing_version;
    let ann = add_user(&store, fixture.receiver, "ann@r.example").await;
    let bob = add_user(&store, fixture.sender, "bob@s.example").await;
    store
        .set_relationship(
            crate::model::Relationship {
                sender_id: fixture.sender,
                receiver_id: fixture.receiver,
                kind: switchyard_documents::DocumentType::Order,
                state: crate::model::RelationshipState::Active,
            },
            Vec::new(),
        )
        .await
        .expect("related");
    let before = seen().await;
    let table = RoutingTable::new(store.routing_rows().await.expect("read"));
    assert!(!table.tells_arrivals(fixture.receiver) && !table.tells_processed(fixture.receiver));

    store.set_mail_choices(ann, MailChoices { incoming: true, ..MailChoices::default() }).await.expect("chosen");
    store.set_mail_choices(bob, MailChoices { sent: true, ..MailChoices::default() }).await.expect("chosen");
    let after = seen().await;
    assert!(after > before, "the version did not move: {before} then {after}");
    let table = RoutingTable::new(store.routing_rows().await.expect("read"));
    assert!(table.tells_arrivals(fixture.receiver), "ann asked for arrivals");
    assert!(!table.tells_arrivals(fixture.sender), "nobody at the sender did");
    assert!(table.tells_processed(fixture.receiver), "bob's company sends to the receiver");
    assert!(!table.tells_processed(fixture.sender), "nobody who sends to the sender asked");

    store.disable_user(ann, 5, Vec::new()).await.expect("disabled");
    assert!(seen().await > after, "disabling a user moves it too");
    let table = RoutingTable::new(store.routing_rows().await.expect("read"));
    assert!(!table.tells_arrivals(fixture.receiver), "a disabled user is told nothing");
}
