//! The audit log: an entry is written with its change or not at all, and each company reads
//! its own, newest first, a page at a time.

use std::sync::Arc;

use serde_json::json;

use super::fixture;
use crate::effects::audited;
use crate::model::{Actor, AuditAction, Role};
use crate::new_id;
use crate::store::{Store, StoreError};

pub async fn an_entry_is_written_with_its_change_and_read_newest_first(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = super::people::user(fixture.sender, "ann@sender.example");
    store.create_user(ann.clone(), super::people::link(ann.id, 1, 100), Vec::new()).await.expect("created");
    let actor = Actor::Person("boss@sender.example".into());
    let entry = |action, at| audited(fixture.sender, &actor, action, at, json!({ "email": "ann@sender.example" }));
    store.set_role(ann.id, Role::Admin, vec![entry(AuditAction::RoleChanged, 10)]).await.expect("changed");
    store.disable_user(ann.id, 20, vec![entry(AuditAction::UserDisabled, 20)]).await.expect("disabled");
    let refused = store.disable_user(ann.id, 30, vec![entry(AuditAction::UserDisabled, 30)]).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "disabled once");
    let token = super::tokens::token(fixture.connection, 9);
    let other = audited(fixture.receiver, &Actor::Operator, AuditAction::TokenIssued, 40, json!({}));
    store.add_token(token, vec![other]).await.expect("token");

    let log = store.list_audit(fixture.sender, None, 10).await.expect("read");
    let seen: Vec<(AuditAction, i64, &str)> =
        log.iter().map(|record| (record.entry.action, record.entry.at, record.entry.actor.as_str())).collect();
    assert_eq!(
        seen,
        [(AuditAction::UserDisabled, 20, "boss@sender.example"), (AuditAction::RoleChanged, 10, "boss@sender.example")],
        "newest first; nothing of the refused change, nothing of another company"
    );
    assert_eq!(log[0].entry.detail, json!({ "email": "ann@sender.example" }));
    let older = store.list_audit(fixture.sender, Some(log[0].seq), 10).await.expect("read");
    assert_eq!(older.len(), 1, "before the newest, the older one");
    assert_eq!(older[0].entry.action, AuditAction::RoleChanged);
    let theirs = store.list_audit(fixture.receiver, None, 10).await.expect("read");
    assert_eq!(theirs.iter().map(|record| record.entry.action).collect::<Vec<_>>(), [AuditAction::TokenIssued]);
    assert!(store.list_audit(new_id(), None, 10).await.expect("read").is_empty());
}
