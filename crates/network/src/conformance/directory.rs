//! Companies, their identifiers, connections and relationships, and the routing version.

use std::sync::Arc;

use switchyard_documents::{DocumentType, PartyIdentifier};

use super::{fixture, record, transaction};
use crate::model::{Company, Connection, IdentifierRecord, Relationship, RelationshipState};
use crate::new_id;
use crate::routing_table::RoutingTable;
use crate::store::{Store, StoreError};

fn identifier(company_id: uuid::Uuid, value: &str) -> IdentifierRecord {
    IdentifierRecord { domain: "GS1".into(), identifier: value.into(), company_id, label: Some("head office".into()) }
}

pub async fn companies_are_found_by_id_or_exact_name(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let by_id = store.find_company(&fixture.sender.to_string()).await.expect("read").expect("found");
    assert_eq!(by_id.name, "Sender");
    let by_name = store.find_company("Receiver").await.expect("read").expect("found");
    assert_eq!(by_name.id, fixture.receiver);
    assert!(store.find_company("receiver").await.expect("read").is_none(), "the exact name only");
    let names: Vec<String> = store.list_companies().await.expect("read").into_iter().map(|c| c.name).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Sender".to_owned()) && names.contains(&"Receiver".to_owned()));
}

pub async fn identifiers_and_names_are_unique(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    store.add_identifier(identifier(fixture.sender, "4000000000001")).await.expect("registered");
    let taken = store.add_identifier(identifier(fixture.receiver, "4000000000001")).await;
    assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
    let listed = store.list_identifiers(fixture.sender).await.expect("read");
    assert_eq!(listed, [identifier(fixture.sender, "4000000000001")]);
    assert!(store.list_identifiers(fixture.receiver).await.expect("read").is_empty());
    let table = RoutingTable::new(store.routing_rows().await.expect("read"));
    let wanted = [PartyIdentifier::new("GS1", "4000000000001"), PartyIdentifier::new("GS1", "x")];
    assert_eq!(table.owners(&wanted).collect::<Vec<_>>(), [fixture.sender]);
    let twin = Company { id: new_id(), name: "Sender".into(), created_at: 2 };
    assert!(matches!(store.create_company(twin).await, Err(StoreError::Conflict(_))));
}

pub async fn connections_are_unique_per_company(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let found = store.find_connection(fixture.sender, "ERP").await.expect("read").expect("found");
    assert_eq!(found.id, fixture.connection);
    let twin = Connection { id: new_id(), company_id: fixture.sender, name: "ERP".into(), created_at: 2 };
    assert!(matches!(store.create_connection(twin).await, Err(StoreError::Conflict(_))));
    let other = Connection { id: new_id(), company_id: fixture.receiver, name: "ERP".into(), created_at: 2 };
    store.create_connection(other.clone()).await.expect("another company may use the name");
    assert_eq!(store.find_connection(fixture.receiver, "ERP").await.expect("read").map(|c| c.id), Some(other.id));
    assert!(store.find_connection(fixture.sender, "SAP").await.expect("read").is_none());
}

pub async fn relationships_are_listed_for_both_sides(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let relationship = |state| Relationship {
        sender_id: fixture.sender,
        receiver_id: fixture.receiver,
        kind: DocumentType::Order,
        state,
    };
    store.set_relationship(relationship(RelationshipState::Testing), Vec::new()).await.expect("set");
    store.set_relationship(relationship(RelationshipState::Active), Vec::new()).await.expect("set again");
    for company in [fixture.sender, fixture.receiver] {
        let listed = store.list_relationships(company).await.expect("read");
        assert_eq!(listed, [relationship(RelationshipState::Active)], "one relationship, its latest state");
    }
    assert!(store.list_relationships(new_id()).await.expect("read").is_empty());
}

/// A server keeps its routing table while the version it reads with each token stays put, so
/// every change to identifiers or relationships, by whatever writer, must move it.
pub async fn routing_changes_move_the_routing_version_and_sends_do_not(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    store.add_token(super::tokens::token(fixture.connection, 3), Vec::new()).await.expect("token");
    let seen = async || store.authenticate([3; 32]).await.expect("read").expect("known").caller.routing_version;
    let mut versions = vec![seen().await];
    store.add_identifier(identifier(fixture.receiver, "4000000000002")).await.expect("registered");
    versions.push(seen().await);
    let relationship = |state| Relationship {
        sender_id: fixture.sender,
        receiver_id: fixture.receiver,
        kind: DocumentType::Invoice,
        state,
    };
    store.set_relationship(relationship(RelationshipState::Testing), Vec::new()).await.expect("set");
    versions.push(seen().await);
    store.set_relationship(relationship(RelationshipState::Active), Vec::new()).await.expect("set");
    versions.push(seen().await);
    assert!(versions.windows(2).all(|pair| pair[0] < pair[1]), "versions did not rise: {versions:?}");
    let rows = store.routing_rows().await.expect("read");
    assert_eq!(rows.version, versions[3]);
    let table = RoutingTable::new(rows);
    assert_eq!(table.state(fixture.sender, fixture.receiver, DocumentType::Invoice), Some(RelationshipState::Active));
    record(&store, transaction(&fixture, "PO-1", 1, 10)).await;
    assert_eq!(seen().await, versions[3], "sending must not invalidate every server's routing table");
}

pub async fn the_store_answers_when_ready(store: Arc<dyn Store>) {
    store.ready().await.expect("a fresh store is ready");
}
