//! Connections that would hold the server for ever: silent ones, slow or oversized heads, slow
//! bodies, and too many from one address. Each is closed or answered in the API's JSON shape, and
//! other clients are served meanwhile.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::helpers::TestApp;

fn address_of(app: &TestApp) -> SocketAddr {
    app.base.trim_start_matches("http://").parse().expect("the test server listens on an address")
}

/// Connects from `source` (any address of the loopback network is this machine).
async fn connect_from(source: &str, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
    socket.connect(server).await.unwrap()
}

/// Everything the server writes until it closes the connection (at most `patience`).
async fn read_to_close(stream: &mut TcpStream, patience: Duration) -> String {
    let mut text = Vec::new();
    tokio::time::timeout(patience, stream.read_to_end(&mut text)).await.expect("the server closes the connection").ok();
    String::from_utf8_lossy(&text).into_owned()
}

/// The status and JSON body of a raw HTTP answer.
fn answer(text: &str) -> (u16, Value) {
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no HTTP answer in {text:?}"));
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or_else(|| panic!("{head}"));
    assert!(head.to_ascii_lowercase().contains("content-type: application/json"), "{head}");
    (status, serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body:?}")))
}

fn with_short_timeouts(app: &mut switchyard::config::Settings) {
    app.limits.header_timeout_seconds = 1;
    app.limits.idle_timeout_seconds = 1;
}

#[tokio::test]
async fn a_silent_connection_is_closed_and_a_slow_head_is_answered_408() {
    let app = TestApp::spawn_with(with_short_timeouts).await;
    let server = address_of(&app);
    let started = Instant::now();
    let mut silent = TcpStream::connect(server).await.unwrap();
    assert_eq!(read_to_close(&mut silent, Duration::from_secs(5)).await, "");
    assert!(started.elapsed() >= Duration::from_millis(900), "closed too early: {:?}", started.elapsed());
    let mut slow = TcpStream::connect(server).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: hub\r\n").await.unwrap();
    let (status, body) = answer(&read_to_close(&mut slow, Duration::from_secs(5)).await);
    assert_eq!(status, 408);
    assert!(body["message"].as_str().unwrap().contains("too long"), "{body}");
}

#[tokio::test]
async fn a_kept_alive_connection_is_served_then_closed_when_idle() {
    let app = TestApp::spawn_with(with_short_timeouts).await;
    let mut client = TcpStream::connect(address_of(&app)).await.unwrap();
    for _ in 0..2 {
        client.write_all(b"GET /healthz HTTP/1.1\r\nHost: hub\r\n\r\n").await.unwrap();
        let mut answer = [0; 1024];
        let read = client.read(&mut answer).await.unwrap();
        assert!(answer[..read].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer[..read]));
        // Less than the idle timeout between requests keeps the connection.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(read_to_close(&mut client, Duration::from_secs(5)).await, "");
}

#[tokio::test]
async fn a_url_or_headers_too_large_are_answered_414_and_431_in_json() {
    let app = TestApp::spawn().await;
    let server = address_of(&app);
    let long_url = format!("GET /v2/transactions?filter[type]={} HTTP/1.1\r\nHost: hub\r\n\r\n", "A".repeat(20_000));
    let big_header = format!("GET /healthz HTTP/1.1\r\nHost: hub\r\nX-Note: {}\r\n\r\n", "x".repeat(70_000));
    let many_headers = format!("GET /healthz HTTP/1.1\r\n{}\r\n", "X-A: 1\r\n".repeat(150));
    for (request, expected) in [(long_url, 414), (big_header, 431), (many_headers, 431)] {
        let mut client = TcpStream::connect(server).await.unwrap();
        // The server may answer and close before it has read everything.
        let _ = client.write_all(request.as_bytes()).await;
        let (status, body) = answer(&read_to_close(&mut client, Duration::from_secs(5)).await);
        assert_eq!(status, expected, "{body}");
        assert!(
            body["message"].as_str().unwrap().contains("too large")
                || body["message"].as_str().unwrap().contains("too long")
        );
    }
}

#[tokio::test]
async fn a_body_that_falls_behind_its_pace_is_answered_408() {
    let app = TestApp::spawn_with(|settings| {
        settings.limits.body_timeout_seconds = 1;
        settings.limits.body_min_bytes_per_second = 1_000_000;
    })
    .await;
    let (buyer, _) = app.trading_pair().await;
    let mut client = TcpStream::connect(address_of(&app)).await.unwrap();
    let head = format!(
        "POST /v2/transactions HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"type\":",
        buyer.token
    );
    client.write_all(head.as_bytes()).await.unwrap();
    let (status, body) = answer(&read_to_close(&mut client, Duration::from_secs(10)).await);
    assert_eq!(status, 408, "{body}");
    assert!(body["message"].as_str().unwrap().contains("too long"), "{body}");
}

#[tokio::test]
async fn connections_over_the_cap_of_one_address_get_503_and_other_addresses_are_served() {
    let app = TestApp::spawn_with(|settings| settings.limits.connections_per_address = 5).await;
    let server = address_of(&app);
    let mut held = Vec::new();
    for _ in 0..5 {
        held.push(connect_from("127.0.0.2", server).await);
    }
    let mut refused = connect_from("127.0.0.2", server).await;
    let (status, body) = answer(&read_to_close(&mut refused, Duration::from_secs(5)).await);
    assert_eq!(status, 503);
    assert!(body["message"].as_str().unwrap().contains("busy"), "{body}");
    let other = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(other.status(), 200);
    // A closed connection frees its place.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut again = connect_from("127.0.0.2", server).await;
    again.write_all(b"GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n").await.unwrap();
    assert!(read_to_close(&mut again, Duration::from_secs(5)).await.starts_with("HTTP/1.1 200"));
}
