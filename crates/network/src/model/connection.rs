//! ERP connections and their API tokens. A connection is one integration of a company; it may
//! hold several tokens at once so that a token can be rotated without downtime.

use serde::Serialize;
use uuid::Uuid;

use super::access::{Grant, Scopes};
use crate::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub created_at: Timestamp,
}

/// What an ERP connection last did, as its company's dashboard shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnectionUse {
    /// Listed its incoming queue.
    Poll,
    /// Sent a document.
    Send,
}

/// A connection with when it last polled and last sent (each noted at most once a minute).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionRecord {
    pub id: Uuid,
    pub name: String,
    pub created_at: Timestamp,
    pub last_polled_at: Option<Timestamp>,
    pub last_sent_at: Option<Timestamp>,
}

/// A token to store: its hash, never its secret.
#[derive(Clone, Debug)]
pub struct NewToken {
    pub id: Uuid,
    pub connection_id: Uuid,
    pub hash: [u8; 32],
    pub hint: String,
    pub created_at: Timestamp,
    pub grant: Grant,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRecord {
    pub id: Uuid,
    pub connection_id: Uuid,
    pub connection_name: String,
    pub company_id: Uuid,
    pub hint: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
    #[serde(flatten)]
    pub grant: Grant,
}

/// Who is calling the API: the company, connection and token a valid bearer token belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    pub company_id: Uuid,
    pub connection_id: Uuid,
    pub token_id: Uuid,
    /// The routing data's version when the token was checked; a routing table older than this
    /// is reloaded before the caller's document is routed.
    pub routing_version: i64,
    pub scopes: Scopes,
}

/// A token the store found by its hash, with what it was granted; whether it may call now,
/// and from where, the hub decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenMatch {
    pub caller: Caller,
    pub grant: Grant,
}
