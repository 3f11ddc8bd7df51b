//! Signing in to the portal and the sessions that follow: a password checked against its
//! argon2id hash, failures throttled per account and per address, sessions with an idle and an
//! absolute timeout, stored so that every server process honours them.

use crate::model::{NewSession, SessionRecord, UserRecord};
use crate::{ApiToken, Error, Hub, Timestamp, hash_token, password};

const MINUTE: i64 = 60_000_000;
const SESSION_PREFIX: &str = "ss_";

/// How sign-in and sessions behave. Times in microseconds.
#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// A session unused this long ends.
    pub idle: i64,
    /// A session ends this long after sign-in, however busy.
    pub lifetime: i64,
    /// Failures within `throttle_window`, per account or per address, after which sign-in is
    /// refused until the oldest of them is older than the window.
    pub throttle_failures: u32,
    pub throttle_window: i64,
    /// How often at most a session's last use is written.
    pub touch_interval: i64,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            idle: 4 * 60 * MINUTE,
            lifetime: 24 * 60 * MINUTE,
            throttle_failures: 10,
            throttle_window: 15 * MINUTE,
            touch_interval: MINUTE,
        }
    }
}

/// A session just begun: the only moment its secret is known.
#[derive(Clone, Debug)]
pub struct NewSignedIn {
    /// For the cookie.
    pub secret: String,
    pub csrf_token: String,
    pub user: UserRecord,
}

#[derive(Clone, Debug)]
pub enum SignIn {
    SignedIn(NewSignedIn),
    /// Wrong address or wrong password: which of the two is never said.
    Refused,
    /// Too many failures lately for this account or this address.
    Throttled,
}

fn throttle_keys(email: &str, address: &str) -> Vec<String> {
    vec![format!("account:{email}"), format!("address:{address}")]
}

fn random(prefix: &str) -> Result<ApiToken, Error> {
    ApiToken::with_prefix(prefix).map_err(|error| Error::Internal(format!("no random numbers for a session: {error}")))
}

impl Hub {
    /// Checks `email` and `password` from a browser at `address` (its IP address).
    pub async fn sign_in(&self, email: &str, password: &str, address: &str) -> Result<SignIn, Error> {
        let settings = &self.settings.sessions;
        let email = email.trim().to_lowercase();
        let now = self.now();
        let keys = throttle_keys(&email, address);
        let since = now - settings.throttle_window;
        if self.store.sign_in_failures(keys.clone(), since).await? >= settings.throttle_failures {
            return Ok(SignIn::Throttled);
        }
        let user = self.store.find_user_by_email(&email).await?.filter(|user| !user.is_disabled());
        let stored = user.as_ref().and_then(|user| user.password_hash.clone());
        let password = password.chars().take(password::MAX_LENGTH + 1).collect();
        let matches = password::verify(password, stored).await?;
        match user {
            Some(user) if matches => Ok(SignIn::SignedIn(self.begin_session(user, now).await?)),
            _ => {
                self.store.note_sign_in_failure(keys, now, since).await?;
                Ok(SignIn::Refused)
            }
        }
    }

    /// The signed-in session whose cookie holds `secret`, unless it has timed out or its user
    /// is disabled; a timed-out one is ended.
    pub async fn session(&self, secret: &str) -> Result<Option<SessionRecord>, Error> {
        let settings = &self.settings.sessions;
        let hash = hash_token(secret);
        let Some(session) = self.store.find_session(hash).await? else { return Ok(None) };
        let now = self.now();
        let timed_out = now - session.last_seen_at > settings.idle || now - session.created_at > settings.lifetime;
        if timed_out || session.user.is_disabled() {
            self.store.end_session(hash).await?;
            return Ok(None);
        }
        if now - session.last_seen_at >= settings.touch_interval {
            self.store.touch_session(hash, now).await?;
        }
        Ok(Some(session))
    }

    pub async fn sign_out(&self, secret: &str) -> Result<(), Error> {
        Ok(self.store.end_session(hash_token(secret)).await?)
    }

    async fn begin_session(&self, user: UserRecord, now: Timestamp) -> Result<NewSignedIn, Error> {
        let secret = random(SESSION_PREFIX)?;
        let csrf_token = random("")?.secret;
        let session =
            NewSession { hash: secret.hash, user_id: user.id, csrf_token: csrf_token.clone(), created_at: now };
        self.store.create_session(session).await?;
        Ok(NewSignedIn { secret: secret.secret, csrf_token, user })
    }
}
