//! The hub: the use cases' shared context (store, clock, settings). The use cases themselves
//! are `impl Hub` blocks in [`crate::usecases`], one file per capability.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use uuid::Uuid;

use crate::routing_table::HeldRoutingTable;
use crate::store::Store;
use crate::{Clock, Error, Timestamp};

/// Settings the use cases need.
#[derive(Clone, Debug)]
pub struct HubSettings {
    /// How often at most a token's last-used time is written (microseconds).
    pub token_touch_interval: i64,
    /// Whether a wrong GS1 check digit warns (default) or refuses the document.
    pub gs1_check_digits: switchyard_documents::Strictness,
    /// Timeouts of portal sessions and the sign-in throttle.
    pub sessions: crate::usecases::sign_in::SessionSettings,
    /// How long a user's mail of issues waits for more errors (microseconds; 0 sends at once).
    pub notification_batch: i64,
}

impl Default for HubSettings {
    fn default() -> Self {
        Self {
            token_touch_interval: 60_000_000,
            gs1_check_digits: switchyard_documents::Strictness::Lenient,
            sessions: crate::usecases::sign_in::SessionSettings::default(),
            notification_batch: 300_000_000,
        }
    }
}

pub struct Hub {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) settings: HubSettings,
    /// Last recorded use per token, so that a busy token is not written on every request.
    pub(crate) token_touches: Mutex<HashMap<Uuid, Timestamp>>,
    /// Last recorded poll and send per connection, for the same reason.
    pub(crate) connection_touches: Mutex<HashMap<(Uuid, crate::model::ConnectionUse), Timestamp>>,
    /// Each company's documents of the last 30 days by partner, as last counted, and when: the
    /// partners page counts them at most once in [`crate::usecases::partners::COUNTS_KEPT_FOR`].
    pub(crate) partner_counts: Mutex<HashMap<Uuid, (Timestamp, Vec<crate::store::PartnerCount>)>>,
    pub(crate) routing: HeldRoutingTable,
}

impl Hub {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: HubSettings) -> Self {
        Self {
            store,
            clock,
            settings,
            token_touches: Mutex::new(HashMap::new()),
            connection_touches: Mutex::new(HashMap::new()),
            partner_counts: Mutex::new(HashMap::new()),
            routing: HeldRoutingTable::default(),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Whether the database answers, for load balancers' readiness checks.
    pub async fn ready(&self) -> Result<(), Error> {
        Ok(self.store.ready().await?)
    }

    /// What the hub holds now, network-wide, for monitoring.
    pub async fn gauges(&self) -> Result<crate::store::Gauges, Error> {
        Ok(self.store.gauges().await?)
    }
}
