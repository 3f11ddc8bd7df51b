//! Reading and setting the portal's cookies: the session (`HttpOnly`, `SameSite=Lax`, `Secure`
//! when the hub is reached over https) and the anonymous forms' CSRF token.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

pub const SESSION: &str = "switchyard_session";
pub const FORM_TOKEN: &str = "switchyard_form";

/// The value of cookie `name` in the request, if sent.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A `Set-Cookie` value for the whole portal, ending with the browser session unless
/// `max_age_seconds` is given.
pub fn set(name: &str, value: &str, secure: bool, max_age_seconds: Option<i64>) -> String {
    let mut cookie = format!("{name}={value}; Path=/portal; HttpOnly; SameSite=Lax");
    if secure {
        cookie.push_str("; Secure");
    }
    if let Some(seconds) = max_age_seconds {
        cookie = format!("{cookie}; Max-Age={seconds}");
    }
    cookie
}

/// A `Set-Cookie` value that removes cookie `name`.
pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", secure, Some(0))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn a_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; switchyard_session=ss_x"));
        headers.append(COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(read(&headers, SESSION).as_deref(), Some("ss_x"));
        assert_eq!(read(&headers, "b").as_deref(), Some("2"));
        assert_eq!(read(&headers, FORM_TOKEN), None);
    }
}
