//! The routing table: who each party identifier belongs to, which relationships exist and
//! which companies' people asked to hear of documents, held in memory so that a send routes
//! (and a send or mark knows whether to tell anybody) without reading the database. The store
//! keeps a version that moves with every change to identifiers, relationships or those
//! choices; each authentication reads it, and the table is reloaded when a caller has seen a
//! newer version than the one held.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use switchyard_documents::{DocumentType, PartyIdentifier};
use uuid::Uuid;

use crate::Hub;
use crate::model::{IdentifierRecord, Relationship, RelationshipState, WebhookEvent};
use crate::store::StoreError;

/// The routing data as the store holds it, read at one point in time.
#[derive(Debug)]
pub struct RoutingRows {
    pub version: i64,
    pub identifiers: Vec<IdentifierRecord>,
    pub relationships: Vec<Relationship>,
    pub watchers: Vec<Watcher>,
    /// Enabled webhook endpoints and what they listen to.
    pub subscriptions: Vec<crate::model::Subscription>,
}

/// A company some of whose enabled users want a mail of each arriving document (`arrivals`)
/// or of each sent one its receiver imported (`processed`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watcher {
    pub company_id: Uuid,
    pub arrivals: bool,
    pub processed: bool,
}

/// [`RoutingRows`] indexed for lookups.
#[derive(Debug, Default)]
pub struct RoutingTable {
    version: i64,
    /// Owner by domain, then by identifier.
    owners: HashMap<String, HashMap<String, Uuid>>,
    states: HashMap<(Uuid, Uuid, DocumentType), RelationshipState>,
    /// Sender and receiver pairs that trade at least one type in a state other than inactive.
    trading: HashSet<(Uuid, Uuid)>,
    /// Companies whose people hear of each document arriving for them.
    arrivals_told: HashSet<Uuid>,
    /// Receivers with at least one sender whose people hear of each document imported.
    processed_told: HashSet<Uuid>,
    /// Enabled webhook endpoints by company and event.
    subscribers: HashMap<(Uuid, WebhookEvent), Vec<Uuid>>,
    /// Receivers with at least one sender that has an endpoint for its documents' outcomes.
    outcomes_told: HashSet<Uuid>,
}

impl RoutingTable {
    pub fn new(rows: RoutingRows) -> Self {
        let mut owners: HashMap<String, HashMap<String, Uuid>> = HashMap::new();
        for record in rows.identifiers {
            owners.entry(record.domain).or_default().insert(record.identifier, record.company_id);
        }
        let trading = rows
            .relationships
            .iter()
            .filter(|relationship| relationship.state != RelationshipState::Inactive)
            .map(|relationship| (relationship.sender_id, relationship.receiver_id))
            .collect();
        let states: HashMap<_, _> = rows
            .relationships
            .into_iter()
            .map(|relationship| {
                ((relationship.sender_id, relationship.receiver_id, relationship.kind), relationship.state)
            })
            .collect();
        let arrivals_told = rows.watchers.iter().filter(|w| w.arrivals).map(|w| w.company_id).collect();
        let processed_by: HashSet<Uuid> = rows.watchers.iter().filter(|w| w.processed).map(|w| w.company_id).collect();
        // Every relationship counts, whatever its state: a document sent while it was active
        // may be marked after it was made inactive.
        let processed_told = states
            .keys()
            .filter(|(sender, _, _)| processed_by.contains(sender))
            .map(|(_, receiver, _)| *receiver)
            .collect();
        let mut subscribers: HashMap<(Uuid, WebhookEvent), Vec<Uuid>> = HashMap::new();
        for subscription in rows.subscriptions {
            for event in subscription.events {
                subscribers.entry((subscription.company_id, event)).or_default().push(subscription.webhook_id);
            }
        }
        let outcomes_told = states
            .keys()
            .filter(|(sender, _, _)| subscribers.contains_key(&(*sender, WebhookEvent::TransactionStatusChanged)))
            .map(|(_, receiver, _)| *receiver)
            .collect();
        Self {
            version: rows.version,
            owners,
            states,
            trading,
            arrivals_told,
            processed_told,
            subscribers,
            outcomes_told,
        }
    }

    /// The enabled endpoints of `company_id` that listen to `event`.
    pub fn subscribers(&self, company_id: Uuid, event: WebhookEvent) -> &[Uuid] {
        self.subscribers.get(&(company_id, event)).map_or(&[], Vec::as_slice)
    }

    /// Whether a company that sends to `receiver` has an endpoint for its documents' outcomes:
    /// if not, a mark by `receiver` tells no endpoint.
    pub fn tells_outcomes(&self, receiver: Uuid) -> bool {
        self.outcomes_told.contains(&receiver)
    }

    /// Whether somebody at `receiver` wants a mail of each document that arrives for it.
    pub fn tells_arrivals(&self, receiver: Uuid) -> bool {
        self.arrivals_told.contains(&receiver)
    }

    /// Whether somebody at a company that sends to `receiver` wants a mail of each of its
    /// documents imported there: if not, a mark by `receiver` tells nobody.
    pub fn tells_processed(&self, receiver: Uuid) -> bool {
        self.processed_told.contains(&receiver)
    }

    /// The company each registered identifier among `identifiers` belongs to.
    pub fn owners<'a>(&'a self, identifiers: &'a [PartyIdentifier]) -> impl Iterator<Item = Uuid> + 'a {
        identifiers
            .iter()
            .filter_map(|wanted| self.owners.get(wanted.domain.as_str())?.get(wanted.identifier.as_str()).copied())
    }

    pub fn state(&self, sender: Uuid, receiver: Uuid, kind: DocumentType) -> Option<RelationshipState> {
        self.states.get(&(sender, receiver, kind)).copied()
    }

    /// Whether `sender` sends anything at all to `receiver`.
    pub fn trades(&self, sender: Uuid, receiver: Uuid) -> bool {
        self.trading.contains(&(sender, receiver))
    }
}

/// The table a hub holds, replaced whole when it is out of date.
#[derive(Default)]
pub(crate) struct HeldRoutingTable(RwLock<Arc<RoutingTable>>);

impl Hub {
    /// The routing table as the database has it now, for changes made without a token (whose
    /// check reads the version): by people in the portal, by operators.
    pub async fn latest_routing_table(&self) -> Result<Arc<RoutingTable>, StoreError> {
        let version = self.store.routing_version().await?;
        self.routing_table(version).await
    }

    /// A routing table at least as new as `version` (the version seen when the caller was
    /// authenticated), reloaded from the store when the one held is older.
    pub async fn routing_table(&self, version: i64) -> Result<Arc<RoutingTable>, StoreError> {
        let held = self.routing.0.read().map(|table| Arc::clone(&table)).ok();
        if let Some(table) = held.filter(|table| table.version >= version) {
            return Ok(table);
        }
        let fresh = Arc::new(RoutingTable::new(self.store.routing_rows().await?));
        if let Ok(mut table) = self.routing.0.write()
            && table.version < fresh.version
        {
            *table = Arc::clone(&fresh);
        }
        Ok(fresh)
    }
}
