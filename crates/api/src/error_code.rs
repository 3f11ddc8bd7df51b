//! The stable, machine-readable `code` every error answer carries beside its `message`, so that
//! an integrator's program can tell refusals apart without reading prose that may change.
//! `docs/errors.md` explains each one; a test keeps the two in step.

use axum::http::StatusCode;

macro_rules! error_codes {
    ($($variant:ident => ($name:literal, $status:literal),)*) => {
        /// A named refusal, with the status it is answered with.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }

            /// The status answers of this code carry.
            pub fn status(self) -> StatusCode {
                let status = match self {
                    $(ErrorCode::$variant => $status,)*
                };
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    };
}

error_codes! {
    Unauthenticated => ("auth.unauthenticated", 401),
    Forbidden => ("auth.forbidden", 403),
    RateLimited => ("rate_limited", 429),
    NotFound => ("resource.not_found", 404),
    MethodNotAllowed => ("request.method_not_allowed", 405),
    RequestTimeout => ("request.timeout", 408),
    UriTooLong => ("request.uri_too_long", 414),
    HeadersTooLarge => ("request.headers_too_large", 431),
    BadRequest => ("request.invalid", 400),
    Unreadable => ("payload.unreadable", 400),
    UnsupportedMediaType => ("payload.unsupported_media_type", 415),
    PayloadTooLarge => ("payload.too_large", 413),
    Duplicate => ("payload.duplicate", 400),
    ValidationFailed => ("validation.failed", 422),
    PartyUnresolved => ("party.unresolved", 422),
    PartyMismatch => ("party.mismatch", 422),
    Conflict => ("state.conflict", 409),
    IdempotencyKeyInvalid => ("idempotency.key_invalid", 400),
    IdempotencyKeyReused => ("idempotency.key_reused", 422),
    IdempotencyInProgress => ("idempotency.in_progress", 409),
    Unavailable => ("service.unavailable", 503),
    ServerError => ("server.error", 500),
}

impl ErrorCode {
    /// The code of an answer made outside our handlers, which knows only its status.
    pub fn for_status(status: StatusCode) -> Self {
        match status {
            StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
            StatusCode::FORBIDDEN => ErrorCode::Forbidden,
            StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT => ErrorCode::RequestTimeout,
            StatusCode::URI_TOO_LONG => ErrorCode::UriTooLong,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ErrorCode::HeadersTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::ValidationFailed,
            StatusCode::CONFLICT => ErrorCode::Conflict,
            StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
            status if status.is_server_error() => ErrorCode::ServerError,
            _ => ErrorCode::BadRequest,
        }
    }
}

/// The codes of answers that are not errors but say why a document was kept undelivered (a
/// `202` to a send), listed with the error codes in `docs/errors.md`.
pub const HELD_CODES: &[&str] = &[RELATIONSHIP_INACTIVE, TYPE_NOT_ACCEPTED];
/// No active (or test) relationship between the two companies yet.
pub const RELATIONSHIP_INACTIVE: &str = "relationship.inactive";
/// The two trade, but not documents of this type.
pub const TYPE_NOT_ACCEPTED: &str = "relationship.type_not_accepted";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_its_status_is_an_error() {
        let names: std::collections::BTreeSet<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            let status = code.status();
            assert!(status.is_client_error() || status.is_server_error(), "{code:?} {status}");
        }
    }

    #[test]
    fn every_code_and_its_status_is_explained_in_the_docs() {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/errors.md")).unwrap();
        for code in ErrorCode::ALL {
            let row = format!("| `{}` | {} |", code.as_str(), code.status().as_u16());
            assert!(docs.contains(&row), "docs/errors.md has no row `{row}`");
        }
        for held in HELD_CODES {
            assert!(docs.contains(&format!("| `{held}` | 202 |")), "docs/errors.md does not explain {held}");
        }
    }

    #[test]
    fn an_answer_known_only_by_its_status_gets_the_code_of_that_status() {
        for code in ErrorCode::ALL {
            let by_status = ErrorCode::for_status(code.status());
            assert_eq!(by_status.status(), code.status(), "{code:?}");
        }
    }
}
