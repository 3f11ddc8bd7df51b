//! Turning a bearer token into a caller, and recording when each token was last used.

use std::net::IpAddr;

use crate::model::{Caller, TokenMatch};
use crate::{Error, Hub, hash_token};

/// What a bearer token is worth on one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authentication {
    /// A live token, called from a network it may be used from.
    Caller(Caller),
    /// No token has this secret, or it is revoked or past its expiry.
    Unknown,
    /// A live token called from outside the networks it is allowed.
    OutsideNetworks(Caller),
}

impl Authentication {
    /// The caller, when the call may go ahead.
    pub fn caller(self) -> Option<Caller> {
        match self {
            Authentication::Caller(caller) => Some(caller),
            _ => None,
        }
    }
}

impl Hub {
    /// What a token is worth on a call from `client` (`None` when the address is not known, as
    /// for calls made inside the process). The token is hashed before the lookup, so the time
    /// taken does not depend on how much of a guess matches a real token.
    pub async fn authenticate(&self, secret: &str, client: Option<IpAddr>) -> Result<Authentication, Error> {
        let Some(TokenMatch { caller, grant }) = self.store.authenticate(hash_token(secret)).await? else {
            return Ok(Authentication::Unknown);
        };
        if grant.expired(self.now()) {
            return Ok(Authentication::Unknown);
        }
        if client.is_some_and(|address| !grant.allowed_from.admit(address)) {
            return Ok(Authentication::OutsideNetworks(caller));
        }
        if self.should_touch(caller) {
            self.store.touch_token(caller.token_id, self.now()).await?;
        }
        Ok(Authentication::Caller(caller))
    }

    fn should_touch(&self, caller: Caller) -> bool {
        let now = self.now();
        let Ok(mut touches) = self.token_touches.lock() else { return true };
        let due = touches.get(&caller.token_id).is_none_or(|last| now - last >= self.settings.token_touch_interval);
        if due {
            touches.insert(caller.token_id, now);
        }
        due
    }
}
