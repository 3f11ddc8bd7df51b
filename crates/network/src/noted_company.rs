//! The company a request turned out to be for, noted by whichever layer learns it (the API's
//! token check, the portal's session) for the request's log line, which a layer that knows
//! neither writes once the answer is ready.

use std::sync::{Arc, OnceLock};

use uuid::Uuid;

/// Where the company of the request being served is noted.
#[derive(Clone, Debug, Default)]
pub struct CompanyNote(Arc<OnceLock<Uuid>>);

tokio::task_local! {
    static NOTE: CompanyNote;
}

impl CompanyNote {
    /// Runs `work` (a request being served) with this as the note [`note_company`] writes to.
    pub async fn around<F: Future>(&self, work: F) -> F::Output {
        NOTE.scope(self.clone(), work).await
    }

    /// The company noted, if any was.
    pub fn company(&self) -> Option<Uuid> {
        self.0.get().copied()
    }
}

/// Notes `company_id` as the company of the request being served, when one is being logged;
/// the first note stands.
pub fn note_company(company_id: Uuid) {
    let _ = NOTE.try_with(|note| note.0.set(company_id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_note_reaches_the_request_it_was_made_in_and_no_other() {
        let (served, other) = (CompanyNote::default(), CompanyNote::default());
        let company = Uuid::from_u128(7);
        served.around(async { note_company(company) }).await;
        other.around(async {}).await;
        note_company(Uuid::from_u128(8));
        assert_eq!(served.company(), Some(company));
        assert_eq!(other.company(), None, "a note outside a request goes nowhere");
    }
}
