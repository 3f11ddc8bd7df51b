//! Cross-site request forgery: every form carries a token another site cannot know. Signed-in
//! forms carry their session's token; the forms before sign-in (sign in, forgotten password,
//! new password) carry the token of a cookie set with the form ("double submit"). One check
//! serves both.

use axum::http::HeaderMap;
use switchyard_network::ApiToken;

use crate::cookies;

/// Whether the token `given` with a form is `expected`, compared in constant time.
pub fn matches(expected: &str, given: &str) -> bool {
    let (expected, given) = (expected.as_bytes(), given.as_bytes());
    !expected.is_empty()
        && expected.len() == given.len()
        && expected.iter().zip(given).fold(0u8, |difference, (a, b)| difference | (a ^ b)) == 0
}

/// The token for an anonymous form: the browser's, or a new one with the cookie to set.
pub fn form_token(headers: &HeaderMap) -> (String, Option<String>) {
    if let Some(token) = cookies::read(headers, cookies::FORM_TOKEN).filter(|token| token.len() >= 32) {
        return (token, None);
    }
    let token = ApiToken::with_prefix("").map(|token| token.secret).unwrap_or_default();
    (token.clone(), Some(token))
}

/// Whether an anonymous form's token is the one in the browser's cookie.
pub fn anonymous_form_matches(headers: &HeaderMap, given: &str) -> bool {
    cookies::read(headers, cookies::FORM_TOKEN).is_some_and(|expected| matches(&expected, given))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn only_the_same_non_empty_token_matches() {
        assert!(matches("abc", "abc"));
        assert!(!matches("abc", "abd"));
        assert!(!matches("abc", "ab"));
        assert!(!matches("", ""));
    }
}
