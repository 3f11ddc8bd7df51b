//! People of a company who sign in to the portal, their one-time links (to set a password)
//! and their sessions.

use uuid::Uuid;

use super::wire_enum::wire_enum;
use crate::Timestamp;

wire_enum! {
    /// `ADMIN` may invite users and choose who is responsible; `MEMBER` works the errors.
    pub enum Role {
        Admin => "ADMIN",
        Member => "MEMBER",
    }
}

/// Which mails a user wants, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MailChoices {
    /// Errors the user is responsible for (on unless turned off).
    pub issues: bool,
    /// Documents received by the company.
    pub incoming: bool,
    /// Documents the company sent that were processed.
    pub sent: bool,
}

impl Default for MailChoices {
    fn default() -> Self {
        Self { issues: true, incoming: false, sent: false }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewUser {
    pub id: Uuid,
    pub company_id: Uuid,
    /// Lower case: addresses are compared without regard to case.
    pub email: String,
    pub role: Role,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UserRecord {
    pub id: Uuid,
    pub company_id: Uuid,
    pub company_name: String,
    pub email: String,
    pub role: Role,
    /// An argon2id PHC string; `None` until the user sets a password.
    pub password_hash: Option<String>,
    pub mail: MailChoices,
    pub created_at: Timestamp,
    pub disabled_at: Option<Timestamp>,
}

impl UserRecord {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

wire_enum! {
    /// What a one-time link is for: a new user's first password, or a new one for a user who has one.
    pub enum LinkPurpose {
        Invitation => "INVITATION",
        Reset => "RESET",
    }
}

/// A one-time link to set a password; only the hash of its secret is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewUserLink {
    pub hash: [u8; 32],
    pub user_id: Uuid,
    pub purpose: LinkPurpose,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A signed-in browser; only the hash of its cookie's secret is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSession {
    pub hash: [u8; 32],
    pub user_id: Uuid,
    /// The token every form of this session carries.
    pub csrf_token: String,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionRecord {
    pub user: UserRecord,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}
