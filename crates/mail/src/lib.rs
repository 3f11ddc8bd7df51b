//! Sending e-mail. A [`Mailer`] takes a [`Mail`] and delivers it: over SMTP ([`SmtpMailer`],
//! through lettre), into `.eml` files when no SMTP server is configured ([`FileMailer`]), or
//! into memory for tests ([`MemoryMailer`]). What each mail says lives in templates, as files
//! under `templates/` ([`templates`]).

mod files;
mod mail;
mod memory;
mod smtp;
pub mod templates;

use async_trait::async_trait;

pub use files::FileMailer;
pub use mail::Mail;
pub use memory::MemoryMailer;
pub use smtp::SmtpMailer;

/// Why a mail did not go out.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The mail itself is wrong (an address that does not parse): sending it again fails again.
    #[error("the mail cannot be sent: {0}")]
    Invalid(String),
    /// The server refused it for good (e.g. an unknown mailbox).
    #[error("the mail server refused the mail: {0}")]
    Refused(String),
    /// The server could not be reached or answered with a temporary failure: try again later.
    #[error("the mail could not be delivered now: {0}")]
    Unavailable(String),
}

impl MailError {
    /// Whether sending the same mail later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, MailError::Unavailable(_))
    }
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// Delivers `mail`; `Ok` once the server (or the file) has it.
    async fn send(&self, mail: &Mail) -> Result<(), MailError>;
    /// Where mails go, for the log at start: `smtp://mail.example.com:587`, `files in ./data/mail`.
    fn describe(&self) -> String;
}
