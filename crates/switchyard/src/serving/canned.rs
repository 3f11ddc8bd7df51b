//! Answers written straight to a connection, in the API's `{"message"}` shape, where no request
//! reached the application: a connection over the caps, a head that is too large or too slow.
//! Each one closes its connection.

use axum::http::StatusCode;
use bytes::Bytes;

/// The whole HTTP/1.1 answer of `status`, asking the client to close the connection.
pub(super) fn answer(status: StatusCode) -> Bytes {
    let message = switchyard_api::error_message_for(status);
    let body =
        serde_json::json!({ "message": message, "code": switchyard_api::ErrorCode::for_status(status).as_str() });
    let body = body.to_string();
    let retry = if status == StatusCode::SERVICE_UNAVAILABLE { "retry-after: 1\r\n" } else { "" };
    let reason = status.canonical_reason().unwrap_or_default();
    let code = status.as_u16();
    let length = body.len();
    Bytes::from(format!(
        "HTTP/1.1 {code} {reason}\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n{retry}connection: close\r\n\r\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_a_complete_response_with_a_json_body() {
        let text = String::from_utf8(answer(StatusCode::SERVICE_UNAVAILABLE).to_vec()).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 503 Service Unavailable\r\n"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        assert!(head.contains("retry-after: 1"), "{head}");
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(body["message"].as_str().unwrap().contains("busy"));
    }
}
