//! Idempotency keys: a client names a request with a key so that it may send it again after a
//! lost answer and get the first answer back instead of a second change. The first request's
//! answer is stored with its key, in the same database transaction as the change it answers.

use std::sync::Arc;

use uuid::Uuid;

use crate::Timestamp;

/// How long a key's answer is kept for replay.
pub const KEPT_FOR: i64 = 24 * 60 * 60 * 1_000_000;
/// How long a request holds its key before another with the same key may take it over: a
/// server that died mid-request leaves the key to a retry after this long.
pub const CLAIMED_FOR: i64 = 30 * 1_000_000;
/// The longest key accepted.
pub const LONGEST_KEY: usize = 255;

/// A key as the client sent it: 1 to 255 visible ASCII characters (spaces allowed inside).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// `None` when the text cannot be a key.
    pub fn parse(text: &str) -> Option<Self> {
        let visible = |byte: &u8| (0x20..=0x7e).contains(byte);
        let fits = !text.trim().is_empty() && text.len() <= LONGEST_KEY;
        (fits && text.as_bytes().iter().all(visible)).then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A request that arrived with a key, before it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotentRequest {
    pub company_id: Uuid,
    pub key: IdempotencyKey,
    /// A digest of the method, the route and the body: the same key with another request is
    /// refused.
    pub fingerprint: String,
    /// Whose the key is while the request runs; the answer is stored only by this claim.
    pub claim: Uuid,
    pub at: Timestamp,
}

/// A key as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRecord {
    pub fingerprint: String,
    pub claimed_until: Timestamp,
    /// `None` while the first request runs.
    pub answer: Option<StoredAnswer>,
    pub expires_at: Timestamp,
}

/// An answer as it was sent: status and body, byte for byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// An answer to store with the claim that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerRecord {
    pub company_id: Uuid,
    pub key: String,
    pub claim: Uuid,
    pub answer: StoredAnswer,
}

/// What becomes of a request with a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Begun {
    /// The request runs: the key is claimed for it.
    Run,
    /// The key answered this same request before: that answer, again.
    Replay(StoredAnswer),
    /// The key was used for another request.
    Reused,
    /// The key's first request is still running.
    InProgress,
}

/// The rule, decided once for both stores: what a request with a key gets, given the key's
/// stored record if any. On [`Begun::Run`] the store (re)claims the key for the request.
pub fn begin(stored: Option<&KeyRecord>, request: &IdempotentRequest) -> Begun {
    let Some(stored) = stored.filter(|stored| stored.expires_at > request.at) else {
        return Begun::Run;
    };
    if stored.fingerprint != request.fingerprint {
        return Begun::Reused;
    }
    match &stored.answer {
        Some(answer) => Begun::Replay(answer.clone()),
        None if stored.claimed_until > request.at => Begun::InProgress,
        // The request that claimed it never finished (its server stopped): this one runs.
        None => Begun::Run,
    }
}

impl IdempotentRequest {
    /// The digest of a request that tells two requests with one key apart: the method and route
    /// (`PUT /v2/transactions/{id}` with its id) and the body, byte for byte.
    pub fn fingerprint_of(route: &str, body: &[u8]) -> String {
        use sha2::{Digest, Sha256};
        use std::fmt::Write;
        let mut digest = Sha256::new();
        digest.update(route.as_bytes());
        digest.update([0]);
        digest.update(body);
        let mut text = String::with_capacity(64);
        for byte in digest.finalize() {
            let _ = write!(text, "{byte:02x}");
        }
        text
    }

    /// The record a request that runs leaves while it runs.
    pub fn claimed(&self) -> KeyRecord {
        KeyRecord {
            fingerprint: self.fingerprint.clone(),
            claimed_until: self.at + CLAIMED_FOR,
            answer: None,
            expires_at: self.at + KEPT_FOR,
        }
    }

    /// The answer of this request, to store with its change.
    pub fn answered(&self, answer: StoredAnswer) -> AnswerRecord {
        AnswerRecord { company_id: self.company_id, key: self.key.0.clone(), claim: self.claim, answer }
    }
}

/// How a use case run under a key stores its answer: the answer its outcome gets, rendered
/// before the change is written (or by the store, from what it wrote) so that both are written
/// together.
pub struct Answering<O: ?Sized> {
    pub request: IdempotentRequest,
    pub render: Render<O>,
}

/// Renders the answer of an outcome, as the API sends it.
pub type Render<O> = Arc<dyn Fn(&O) -> StoredAnswer + Send + Sync>;

impl<O: ?Sized> Answering<O> {
    /// The answer of `outcome`, to store.
    pub fn record(&self, outcome: &O) -> AnswerRecord {
        self.request.answered((self.render)(outcome))
    }

    /// The effect that stores the answer of `outcome`.
    pub fn effect(&self, outcome: &O) -> crate::effects::Effect {
        crate::effects::Effect::Answer(self.record(outcome))
    }
}

/// The answer of a batch of marks, rendered by the store from the marks it wrote: a failure
/// reported again keeps the error already open, which only the store knows.
pub type MarksAnswer = Arc<dyn Fn(&[super::Marked]) -> AnswerRecord + Send + Sync>;

impl Answering<[super::Marked]> {
    /// The answer as the store renders it, from the marks it wrote.
    pub fn by_store(self) -> MarksAnswer {
        Arc::new(move |marked| self.record(marked))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(fingerprint: &str, at: Timestamp) -> IdempotentRequest {
        IdempotentRequest {
            company_id: Uuid::nil(),
            key: IdempotencyKey::parse("k").unwrap(),
            fingerprint: fingerprint.into(),
            claim: Uuid::nil(),
            at,
        }
    }

    #[test]
    fn keys_are_one_to_255_visible_characters() {
        assert!(IdempotencyKey::parse("8e03978e-40d5-43e8-bc93-6894a57f9324").is_some());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_some());
        assert!(IdempotencyKey::parse(&"k".repeat(256)).is_none());
        assert!(IdempotencyKey::parse("").is_none());
        assert!(IdempotencyKey::parse("  ").is_none());
        assert!(IdempotencyKey::parse("tab\there").is_none());
        assert!(IdempotencyKey::parse("é").is_none());
    }

    #[test]
    fn a_key_runs_once_replays_its_answer_and_refuses_another_request() {
        let first = request("a", 0);
        assert_eq!(begin(None, &first), Begun::Run);
        let mut stored = first.claimed();
        assert_eq!(begin(Some(&stored), &request("a", 1)), Begun::InProgress);
        assert_eq!(begin(Some(&stored), &request("b", 1)), Begun::Reused);
        let answer = StoredAnswer { status: 201, body: b"{}".to_vec() };
        stored.answer = Some(answer.clone());
        assert_eq!(begin(Some(&stored), &request("a", 2)), Begun::Replay(answer));
        assert_eq!(begin(Some(&stored), &request("b", 2)), Begun::Reused);
    }

    #[test]
    fn a_claim_left_by_a_stopped_server_and_an_expired_key_are_taken_over() {
        let stored = request("a", 0).claimed();
        assert_eq!(begin(Some(&stored), &request("a", CLAIMED_FOR)), Begun::Run);
        assert_eq!(begin(Some(&stored), &request("b", KEPT_FOR)), Begun::Run);
    }
}
