//! API tokens and the other secrets handed out (sessions, one-time links): high-entropy random
//! strings shown once; only their SHA-256 is stored.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const PREFIX: &str = "sy_";
const SECRET_LENGTH: usize = 40;

/// A freshly generated token: the secret for the caller, the hash for the store.
pub struct ApiToken {
    pub secret: String,
    pub hash: [u8; 32],
}

impl ApiToken {
    pub fn generate() -> Result<Self, getrandom::Error> {
        Self::with_prefix(PREFIX)
    }

    /// A secret of the same strength for another use (a session, a one-time link): 40
    /// characters from a 62-letter alphabet, about 238 bits from the operating system's RNG.
    pub fn with_prefix(prefix: &str) -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; SECRET_LENGTH];
        getrandom::fill(&mut bytes)?;
        let mut secret = String::from(prefix);
        // 256 is not a multiple of 62; the slight bias this leaves costs under a bit of entropy.
        secret.extend(bytes.iter().map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()])));
        let hash = hash_token(&secret);
        Ok(Self { secret, hash })
    }

    /// The first characters, safe to show in listings so people can tell tokens apart.
    pub fn hint(&self) -> String {
        self.secret.chars().take(PREFIX.len() + 4).collect()
    }
}

pub fn hash_token(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_hash_to_what_is_stored() {
        let a = ApiToken::generate().unwrap();
        let b = ApiToken::generate().unwrap();
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.secret.len(), PREFIX.len() + SECRET_LENGTH);
        assert_eq!(hash_token(&a.secret), a.hash);
        assert!(a.secret.starts_with(&a.hint()));
    }
}
