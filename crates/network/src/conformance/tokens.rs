//! API tokens: authenticating by hash, revoking, replacing, listing, and what each is granted.

use std::sync::Arc;

use super::fixture;
use crate::model::{Grant, Networks, NewToken, Scope, Scopes};
use crate::new_id;
use crate::store::{Store, StoreError};

/// A token of every scope on `connection_id` whose hash is `hash` repeated.
pub(super) fn token(connection_id: uuid::Uuid, hash: u8) -> NewToken {
    NewToken {
        id: new_id(),
        connection_id,
        hash: [hash; 32],
        hint: format!("sy_{hash}"),
        created_at: 1,
        grant: Grant::default(),
    }
}

pub async fn revoked_tokens_do_not_authenticate(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let token = token(fixture.connection, 7);
    store.add_token(token.clone(), Vec::new()).await.expect("token");
    let caller = store.authenticate([7; 32]).await.expect("read").expect("known").caller;
    assert_eq!(
        (caller.company_id, caller.connection_id, caller.token_id),
        (fixture.sender, fixture.connection, token.id)
    );
    assert!(store.authenticate([8; 32]).await.expect("read").is_none());
    store.revoke_token(token.id, 5, Vec::new()).await.expect("revoked");
    assert!(store.authenticate([7; 32]).await.expect("read").is_none());
    assert!(matches!(store.revoke_token(token.id, 6, Vec::new()).await, Err(StoreError::NotFound)));
    assert_eq!(store.find_token(token.id).await.expect("read").expect("kept").revoked_at, Some(5));
}

pub async fn a_replaced_token_stops_working_and_its_successor_works(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let old = token(fixture.connection, 1);
    store.add_token(old.clone(), Vec::new()).await.expect("token");
    let successor = token(fixture.connection, 2);
    store.replace_token(old.id, successor.clone(), Vec::new()).await.expect("replaced");
    assert!(store.authenticate([1; 32]).await.expect("read").is_none());
    let caller = store.authenticate([2; 32]).await.expect("read").expect("known").caller;
    assert_eq!(caller.connection_id, fixture.connection, "on the same connection");
    let again = store.replace_token(old.id, token(fixture.connection, 3), Vec::new()).await;
    assert!(matches!(again, Err(StoreError::NotFound)), "a revoked token cannot be replaced: {again:?}");
    assert!(store.authenticate([3; 32]).await.expect("read").is_none());
}

pub async fn tokens_are_listed_with_when_they_were_last_used(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let token = token(fixture.connection, 4);
    store.add_token(token.clone(), Vec::new()).await.expect("token");
    store.touch_token(token.id, 99).await.expect("touched");
    let listed = store.list_tokens(fixture.sender).await.expect("read");
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].id, listed[0].last_used_at, listed[0].connection_name.as_str()), (token.id, Some(99), "ERP"));
    assert!(store.list_tokens(fixture.receiver).await.expect("read").is_empty());
}

/// A token's scopes, networks and expiry are what the hub checks on every call: they must come
/// back from authentication and listing as they were issued, and a token issued without them
/// holds every scope.
pub async fn a_token_comes_back_with_its_grant(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let grant = Grant {
        scopes: Scopes::of(&[Scope::IncomingRead, Scope::IncomingMark]),
        allowed_from: Networks::parse(&["10.0.0.0/8", "2001:db8::/32"]).expect("networks"),
        expires_at: Some(1_900_000_000_000_000),
    };
    let limited = NewToken { grant: grant.clone(), ..token(fixture.connection, 5) };
    store.add_token(limited.clone(), Vec::new()).await.expect("token");
    store.add_token(token(fixture.connection, 6), Vec::new()).await.expect("token");
    let found = store.authenticate([5; 32]).await.expect("read").expect("known");
    assert_eq!(found.grant, grant);
    assert_eq!(found.caller.scopes, grant.scopes);
    let listed = store.find_token(limited.id).await.expect("read").expect("kept");
    assert_eq!(listed.grant, grant);
    let unlimited = store.authenticate([6; 32]).await.expect("read").expect("known");
    assert_eq!(unlimited.grant, Grant::default());
    assert_eq!(unlimited.caller.scopes, Scopes::ALL);
}
