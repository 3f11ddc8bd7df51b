//! Users, their one-time links, sessions and the sign-in throttle.

use std::sync::Arc;

use uuid::Uuid;

use super::fixture;
use crate::model::{LinkPurpose, MailChoices, NewSession, NewUser, NewUserLink, Role};
use crate::new_id;
use crate::store::{Store, StoreError};

pub(super) fn user(company_id: Uuid, email: &str) -> NewUser {
    NewUser { id: new_id(), company_id, email: email.into(), role: Role::Member, created_at: 1 }
}

pub(super) fn link(user_id: Uuid, hash: u8, expires_at: i64) -> NewUserLink {
    NewUserLink { hash: [hash; 32], user_id, purpose: LinkPurpose::Invitation, created_at: 1, expires_at }
}

fn session(user_id: Uuid, hash: u8) -> NewSession {
    NewSession { hash: [hash; 32], user_id, csrf_token: format!("csrf-{hash}"), created_at: 10 }
}

pub async fn a_user_is_unique_by_email_and_read_back_with_its_company(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = user(fixture.sender, "ann@sender.example");
    store.create_user(ann.clone(), link(ann.id, 1, 100), Vec::new()).await.expect("created");
    let taken = store.create_user(user(fixture.receiver, "ann@sender.example"), link(new_id(), 2, 100), Vec::new());
    assert!(matches!(taken.await, Err(StoreError::Conflict(_))), "one user per address");
    assert!(store.use_user_link([2; 32], "x".into(), 5).await.expect("read").is_none(), "nothing of it was kept");

    let read = store.find_user_by_email("ann@sender.example").await.expect("read").expect("found");
    assert_eq!((read.id, read.company_id, read.company_name.as_str()), (ann.id, fixture.sender, "Sender"));
    assert_eq!((read.role, read.password_hash, read.mail), (Role::Member, None, MailChoices::default()));
    assert_eq!(store.find_user(ann.id).await.expect("read").expect("found").email, "ann@sender.example");
    assert!(store.find_user_by_email("bob@sender.example").await.expect("read").is_none());

    let carl = user(fixture.receiver, "carl@receiver.example");
    store.create_user(carl.clone(), link(carl.id, 3, 100), Vec::new()).await.expect("created");
    let of_sender: Vec<_> = store.list_users(Some(fixture.sender)).await.expect("read");
    assert_eq!(of_sender.iter().map(|user| user.email.as_str()).collect::<Vec<_>>(), ["ann@sender.example"]);
    assert_eq!(store.list_users(None).await.expect("read").len(), 2);
}

pub async fn a_link_sets_the_password_once_before_it_expires(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = user(fixture.sender, "ann@sender.example");
    store.create_user(ann.clone(), link(ann.id, 1, 100), Vec::new()).await.expect("created");
    store.add_user_link(link(ann.id, 2, 50), Vec::new()).await.expect("second link");

    assert!(store.use_user_link([2; 32], "late".into(), 50).await.expect("read").is_none(), "expired at 50");
    assert_eq!(store.use_user_link([1; 32], "first".into(), 20).await.expect("used"), Some(ann.id));
    assert!(store.use_user_link([1; 32], "again".into(), 21).await.expect("read").is_none(), "used up");
    assert_eq!(store.find_user(ann.id).await.expect("read").expect("found").password_hash.as_deref(), Some("first"));

    store.add_user_link(link(ann.id, 3, 100), Vec::new()).await.expect("reset link");
    store.add_user_link(link(ann.id, 4, 100), Vec::new()).await.expect("another");
    store.create_session(session(ann.id, 9)).await.expect("signed in");
    assert_eq!(store.use_user_link([4; 32], "second".into(), 30).await.expect("used"), Some(ann.id));
    assert!(store.use_user_link([3; 32], "third".into(), 31).await.expect("read").is_none(), "every link used up");
    assert!(store.find_session([9; 32]).await.expect("read").is_none(), "a new password ends the sessions");
}

pub async fn a_disabled_user_loses_its_sessions_and_links(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = user(fixture.sender, "ann@sender.example");
    store.create_user(ann.clone(), link(ann.id, 1, 100), Vec::new()).await.expect("created");
    store.create_session(session(ann.id, 7)).await.expect("signed in");
    store.disable_user(ann.id, 40, Vec::new()).await.expect("disabled");
    assert!(matches!(store.disable_user(ann.id, 41, Vec::new()).await, Err(StoreError::NotFound)), "once");
    assert!(matches!(store.disable_user(new_id(), 41, Vec::new()).await, Err(StoreError::NotFound)));
    assert!(store.find_session([7; 32]).await.expect("read").is_none());
    assert!(store.use_user_link([1; 32], "x".into(), 42).await.expect("read").is_none());
    let read = store.find_user(ann.id).await.expect("read").expect("kept");
    assert!(read.is_disabled());
}

pub async fn a_role_changes_for_an_enabled_user_only(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = user(fixture.sender, "ann@sender.example");
    store.create_user(ann.clone(), link(ann.id, 1, 100), Vec::new()).await.expect("created");
    let role_of = |id| {
        let store = Arc::clone(&store);
        async move { store.find_user(id).await.expect("read").expect("kept").role }
    };
    let other = if ann.role == Role::Admin { Role::Member } else { Role::Admin };
    store.set_role(ann.id, other, Vec::new()).await.expect("changed");
    assert_eq!(role_of(ann.id).await, other);
    store.disable_user(ann.id, 40, Vec::new()).await.expect("disabled");
    assert!(
        matches!(store.set_role(ann.id, ann.role, Vec::new()).await, Err(StoreError::NotFound)),
        "not once disabled"
    );
    assert_eq!(role_of(ann.id).await, other);
    assert!(matches!(store.set_role(new_id(), Role::Admin, Vec::new()).await, Err(StoreError::NotFound)));
}

pub async fn mail_choices_are_kept_per_user(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = user(fixture.sender, "ann@sender.example");
    store.create_user(ann.clone(), link(ann.id, 1, 100), Vec::new()).await.expect("created");
    let choices = MailChoices { issues: false, incoming: true, sent: true };
    store.set_mail_choices(ann.id, choices).await.expect("set");
    assert_eq!(store.find_user(ann.id).await.expect("read").expect("found").mail, choices);
    assert!(matches!(store.set_mail_choices(new_id(), choices).await, Err(StoreError::NotFound)));
}

pub async fn a_session_is_found_by_its_hash_touched_and_ended(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let ann = user(fixture.sender, "ann@sender.example");
    store.create_user(ann.clone(), link(ann.id, 1, 100), Vec::new()).await.expect("created");
    store.create_session(session(ann.id, 5)).await.expect("signed in");
    store.create_session(session(ann.id, 6)).await.expect("on another browser");
    let found = store.find_session([5; 32]).await.expect("read").expect("found");
    assert_eq!(
        (found.user.id, found.csrf_token.as_str(), found.created_at, found.last_seen_at),
        (ann.id, "csrf-5", 10, 10)
    );
    store.touch_session([5; 32], 70).await.expect("touched");
    assert_eq!(store.find_session([5; 32]).await.expect("read").expect("found").last_seen_at, 70);
    store.end_session([5; 32]).await.expect("ended");
    assert!(store.find_session([5; 32]).await.expect("read").is_none());
    assert!(store.find_session([6; 32]).await.expect("read").is_some(), "the other browser stays signed in");
}

pub async fn sign_in_failures_are_counted_per_key_within_the_window(store: Arc<dyn Store>) {
    let keys = |email: &str, address: &str| vec![format!("account:{email}"), format!("address:{address}")];
    for at in 1..=3 {
        store.note_sign_in_failure(keys("ann@x", "10.0.0.1"), at, 0).await.expect("noted");
    }
    store.note_sign_in_failure(keys("bob@x", "10.0.0.1"), 4, 0).await.expect("noted");
    assert_eq!(store.sign_in_failures(keys("ann@x", "10.0.0.2"), 0).await.expect("read"), 3);
    assert_eq!(store.sign_in_failures(keys("carl@x", "10.0.0.1"), 0).await.expect("read"), 4, "by address");
    assert_eq!(store.sign_in_failures(keys("ann@x", "10.0.0.2"), 3).await.expect("read"), 1, "since 3");
    assert_eq!(store.sign_in_failures(keys("carl@x", "10.0.0.9"), 0).await.expect("read"), 0);
    store.note_sign_in_failure(keys("ann@x", "10.0.0.3"), 10, 3).await.expect("noted, forgetting before 3");
    assert_eq!(store.sign_in_failures(keys("ann@x", "10.0.0.2"), 0).await.expect("read"), 2);
}

/// A member of `company` with an invitation link, for other areas' cases.
pub async fn add_user(store: &Arc<dyn Store>, company: Uuid, email: &str) -> Uuid {
    let user = user(company, email);
    let hash = crate::hash_token(email);
    store.create_user(user.clone(), NewUserLink { hash, ..link(user.id, 0, 100) }, Vec::new()).await.expect("created");
    user.id
}
