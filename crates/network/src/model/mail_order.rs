//! Mails the domain decides to send, as the outbox keeps them until a worker renders and sends
//! them. Links are kept as paths: the worker puts the hub's public address in front.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::NewJob;
use crate::Timestamp;

/// The kind of outbox job that sends one mail.
pub const MAIL_JOB: &str = "mail";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mail", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum MailOrder {
    /// A new user's invitation to set a password.
    Invitation { to: String, company: String, invited_by: Option<String>, path: String, expires_at: Timestamp },
    /// A link to choose a new password, asked for on the sign-in page.
    PasswordReset { to: String, path: String, expires_at: Timestamp },
    /// An admin is told that the hub turned off one of the company's webhook endpoints.
    WebhookDisabled { to: String, company: String, url: String, reason: String, path: String },
}

impl MailOrder {
    pub fn job(&self, id: Uuid, at: Timestamp) -> NewJob {
        NewJob {
            id,
            kind: MAIL_JOB.to_owned(),
            payload: serde_json::to_value(self).unwrap_or_default(),
            created_at: at,
            due_at: at,
        }
    }
}
