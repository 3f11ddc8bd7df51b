//! Each mailer delivering a real mail: over an SMTP conversation with a sink, into `.eml`
//! files, and into memory.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use switchyard_mail::{FileMailer, MailError, Mailer, MemoryMailer, SmtpMailer, templates};
use switchyard_testkit::smtp_sink::SmtpSink;

fn mail(to: &str) -> switchyard_mail::Mail {
    templates::test_mail(to, "https://hub.example.com", "ops@example.com", "test-1@switchyard".into()).unwrap()
}

#[tokio::test]
async fn a_mail_goes_over_smtp_with_both_parts_and_its_message_id() {
    let sink = SmtpSink::start().await;
    let mailer = SmtpMailer::new(&sink.url(), "Switchyard <hub@example.com>").unwrap();
    assert_eq!(mailer.describe(), sink.url());
    mailer.send(&mail("jane@buyer.example")).await.unwrap();
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].from, "hub@example.com");
    assert_eq!(received[0].to, ["jane@buyer.example"]);
    let data = &received[0].data;
    assert!(data.contains("Subject: Switchyard test mail from https://hub.example.com"), "{data}");
    assert!(data.contains("Message-ID: <test-1@switchyard>"), "{data}");
    assert!(data.contains("text/plain") && data.contains("text/html"), "{data}");
}

#[tokio::test]
async fn an_smtp_server_that_is_not_there_is_a_transient_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mailer = SmtpMailer::new(&format!("smtp://127.0.0.1:{port}"), "hub@example.com").unwrap();
    let error = mailer.send(&mail("jane@buyer.example")).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
}

#[tokio::test]
async fn without_smtp_mails_are_written_as_eml_files() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = FileMailer::new(&dir.path().join("mail"), "hub@example.com").unwrap();
    mailer.send(&mail("jane@buyer.example")).await.unwrap();
    let files: Vec<_> =
        std::fs::read_dir(dir.path().join("mail")).unwrap().map(|entry| entry.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().unwrap(), "eml");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("To: jane@buyer.example") && text.contains("Message-ID: <test-1@switchyard>"), "{text}");
}

#[tokio::test]
async fn a_bad_address_is_refused_for_good() {
    let memory = MemoryMailer::default();
    assert!(matches!(memory.send(&mail("not an address")).await, Err(MailError::Invalid(_))));
    memory.send(&mail("jane@buyer.example")).await.unwrap();
    assert_eq!(memory.sent().len(), 1);
}
