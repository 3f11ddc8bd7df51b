//! Responsibility rules, notices, and the digests that take them.

use std::sync::Arc;

use serde_json::json;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use super::error_desk::failed;
use super::{fixture, people::add_user};
use crate::model::{Digest, NewJob, NewNotice, Side};
use crate::new_id;
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

fn notice(user: Uuid, error: Uuid) -> NewNotice {
    NewNotice { id: new_id(), user_id: user, error_id: error, side: Side::Ours, created_at: 1 }
}

pub async fn responsibilities_are_replaced_per_type_and_partner(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let (ann, bob) = (
        add_user(&store, fixture.receiver, "ann@r.example").await,
        add_user(&store, fixture.receiver, "bob@r.example").await,
    );
    store.set_responsible(fixture.receiver, DocumentType::Order, None, vec![ann, bob]).await.expect("set");
    store.set_responsible(fixture.receiver, DocumentType::Order, Some(fixture.sender), vec![bob]).await.expect("set");
    store.set_responsible(fixture.receiver, DocumentType::Order, None, vec![ann]).await.expect("replaced");
    let rules = store.list_responsibilities(fixture.receiver).await.expect("listed");
    let pairs: Vec<(Option<Uuid>, Uuid)> = rules.iter().map(|rule| (rule.partner_id, rule.user_id)).collect();
    assert_eq!(pairs.len(), 2, "{rules:?}");
    assert!(pairs.contains(&(None, ann)) && pairs.contains(&(Some(fixture.sender), bob)));
    store.set_responsible(fixture.receiver, DocumentType::Order, Some(fixture.sender), vec![]).await.expect("removed");
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
