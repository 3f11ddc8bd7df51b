//! The one error of the use cases, in the domain's terms. The HTTP layer maps it to statuses in
//! one place; the command line prints it. Storage errors become one of these at the use case's
//! edge, so no caller of the hub names a store type.

use switchyard_documents::Problems;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Nothing the caller may see answers to what it named; the text says what was looked for.
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with what is stored: a name taken, a store not empty.
    #[error("{0}")]
    Conflict(String),
    /// The request is invalid; every problem under its path.
    #[error("invalid: {}", .0.summary())]
    Invalid(Problems),
    /// The database cannot be reached or cannot write now; the same request may succeed later.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Our fault: a broken invariant, a failed random generator, a row that does not read.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound(what.into())
    }

    /// A request invalid for a single reason.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(Problems::single(path, message))
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Error::NotFound("not found".into()),
            StoreError::Conflict(what) => Error::Conflict(what),
            StoreError::Unavailable(why) => Error::Unavailable(why),
            StoreError::Other(why) => Error::Internal(why),
        }
    }
}

impl From<Problems> for Error {
    fn from(problems: Problems) -> Self {
        Error::Invalid(problems)
    }
}
