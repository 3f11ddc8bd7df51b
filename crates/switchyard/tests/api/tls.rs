//! HTTPS without a proxy, as a small install runs it: the binary serves `tls_cert` and
//! `tls_key`, HTTP/2 to clients that ask for it and HTTP/1.1 to the others, and takes a renewed
//! certificate on SIGHUP without a restart.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use reqwest::{Certificate, Version};

use crate::served_binary::ServedBinary;

fn authority(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

/// A certificate for 127.0.0.1 and localhost signed by `authority`, written as PEM files.
fn issue(authority: &CertifiedIssuer<'static, KeyPair>, cert: &Path, key: &Path) {
    let pair = KeyPair::generate().unwrap();
    let params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    let issued = params.signed_by(&pair, authority).unwrap();
    std::fs::write(cert, issued.pem()).unwrap();
    std::fs::write(key, pair.serialize_pem()).unwrap();
}

fn client_trusting(authority: &CertifiedIssuer<'static, KeyPair>, http1_only: bool) -> reqwest::Client {
    let root = Certificate::from_pem(authority.pem().as_bytes()).unwrap();
    let builder = reqwest::Client::builder().use_rustls_tls().tls_built_in_root_certs(false).add_root_certificate(root);
    let builder = if http1_only { builder.http1_only() } else { builder };
    builder.build().unwrap()
}

#[tokio::test]
async fn https_with_http2_and_a_certificate_renewed_on_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let (first, second) = (authority("First test CA"), authority("Second test CA"));
    issue(&first, &cert, &key);
    let environment = [("SWITCHYARD_TLS_CERT", cert.as_os_str()), ("SWITCHYARD_TLS_KEY", key.as_os_str())];
    let trusting_first = client_trusting(&first, false);
    let server =
        ServedBinary::start_with(&dir.path().join("data"), &environment, None, ("https", &trusting_first)).await;

    let answer = trusting_first.get(format!("{}/healthz", server.base)).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.version(), Version::HTTP_2, "HTTP/2 to a client that asks for it");
    let answer = client_trusting(&first, true).get(format!("{}/v2/transactions", server.base)).send().await.unwrap();
    assert_eq!((answer.status().as_u16(), answer.version()), (401, Version::HTTP_11), "HTTP/1.1 to the others");
    let plain = server.base.replace("https://", "http://");
    assert!(reqwest::get(format!("{plain}/healthz")).await.is_err(), "no plain HTTP on a TLS port");

    issue(&second, &cert, &key);
    // The shell's own `kill`: a fresh Debian has no procps.
    let hung_up = Command::new("sh").args(["-c", &format!("kill -HUP {}", server.pid())]).status().unwrap();
    assert!(hung_up.success());
    let trusting_second = client_trusting(&second, false);
    let deadline = Instant::now() + Duration::from_secs(10);
    while trusting_second.get(format!("{}/healthz", server.base)).send().await.is_err() {
        assert!(Instant::now() < deadline, "the renewed certificate is served after SIGHUP");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stale = client_trusting(&first, false).get(format!("{}/healthz", server.base)).send().await;
    assert!(stale.is_err(), "the old certificate is no longer served");
}

#[tokio::test]
async fn a_certificate_without_its_key_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    issue(&authority("Test CA"), &cert, &dir.path().join("key.pem"));
    let output = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .arg("--data")
        .arg(dir.path().join("data"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("SWITCHYARD_TLS_CERT", &cert)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("tls_cert and server.tls_key go together"));
}
