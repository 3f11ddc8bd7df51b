//! The network's domain and use cases: who trades with whom, how a sent document becomes a
//! transaction in the receiver's queue, and how failures become errors. No SQL, no HTTP: storage
//! sits behind the traits in [`store`], time behind [`Clock`].

pub mod advice;
pub mod archive;
mod clock;
pub mod effects;
mod error;
pub mod finding;
pub mod history;
mod hub;
mod ids;
pub mod model;
pub mod noted_company;
mod page;
pub mod password;
pub mod recording;
pub mod routing_table;
pub mod store;
pub mod telemetry;
mod token;
pub mod usecases;
pub mod worker;

#[cfg(feature = "testing")]
pub mod conformance;

pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use error::Error;
pub use hub::{Hub, HubSettings};
pub use ids::{new_id, new_public_id};
pub use page::{Cursor, Filled, Listed, Page, PageBudget};
pub use token::{ApiToken, hash_token};
