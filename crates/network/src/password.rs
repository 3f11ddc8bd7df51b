//! Passwords: argon2id with the crate's recommended cost, stored as PHC strings. Hashing takes
//! tens of milliseconds of one core on purpose, so it runs on the blocking pool, never on the
//! threads that serve requests.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::Error;

/// Shorter passwords are refused; longer ones are never cut.
pub const MIN_LENGTH: usize = 10;
/// Longer ones are refused, so that nobody makes the server hash a megabyte.
pub const MAX_LENGTH: usize = 200;

/// The problem with `password` as a new password, if any.
pub fn problem(password: &str) -> Option<String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        Some(format!("Choose a password of at least {MIN_LENGTH} characters."))
    } else if length > MAX_LENGTH {
        Some(format!("Choose a password of at most {MAX_LENGTH} characters."))
    } else {
        None
    }
}

pub async fn hash(password: String) -> Result<String, Error> {
    blocking(move || {
        let salt = salt()?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| Error::Internal(format!("could not hash a password: {error}")))
    })
    .await
}

/// Whether `password` is the one `stored` was made from. With no stored hash (an unknown
/// address, a user who has not set a password) it checks against a hash of nothing, so that
/// the answer takes as long either way.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, Error> {
    blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| stand_in().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else { return Ok(false) };
        let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(known && matches)
    })
    .await
}

fn stand_in() -> &'static str {
    static STAND_IN: OnceLock<String> = OnceLock::new();
    STAND_IN.get_or_init(|| {
        let Ok(salt) = salt() else { return String::new() };
        Argon2::default().hash_password(b"", &salt).map(|hash| hash.to_string()).unwrap_or_default()
    })
}

fn salt() -> Result<SaltString, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| Error::Internal(format!("no random numbers for a salt: {error}")))?;
    SaltString::encode_b64(&bytes).map_err(|error| Error::Internal(format!("could not encode a salt: {error}")))
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T, Error> + Send + 'static) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| Error::Internal(format!("password work failed: {error}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_own_hash_only() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify("correct horse battery".into(), Some(stored.clone())).await.unwrap());
        assert!(!verify("correct horse battery!".into(), Some(stored)).await.unwrap());
        assert!(!verify(String::new(), None).await.unwrap(), "no stored hash never matches");
    }

    #[test]
    fn short_and_huge_passwords_are_refused() {
        assert!(problem("short").is_some());
        assert!(problem(&"x".repeat(MAX_LENGTH + 1)).is_some());
        assert!(problem("long enough pass").is_none());
    }
}
