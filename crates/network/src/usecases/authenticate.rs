//! Turning a bearer token into a caller, and recording when each token was last used.

use crate::model::Caller;
use crate::{Error, Hub, hash_token};

impl Hub {
    /// The caller a token belongs to. The token is hashed before the lookup, so the time taken
    /// does not depend on how much of a guess matches a real token.
    pub async fn authenticate(&self, secret: &str) -> Result<Option<Caller>, Error> {
        let Some(caller) = self.store.authenticate(hash_token(secret)).await? else {
            return Ok(None);
        };
        if self.should_touch(caller) {
            self.store.touch_token(caller.token_id, self.now()).await?;
        }
        Ok(Some(caller))
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
