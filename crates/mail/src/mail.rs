//! One e-mail, as the hub writes it: plain text and HTML alternatives, and a stable
//! `Message-ID`, so that a mail sent twice after a crash is recognisable as the same one.

use lettre::Message;
use lettre::message::{Mailbox, MultiPart};

use crate::MailError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Without angle brackets, e.g. `0192f3a4-...@switchyard`.
    pub message_id: String,
}

impl Mail {
    /// The mail as lettre sends it, from `from`.
    pub(crate) fn message(&self, from: &Mailbox) -> Result<Message, MailError> {
        let mut builder = Message::builder()
            .from(from.clone())
            .subject(&self.subject)
            .message_id(Some(format!("<{}>", self.message_id)));
        for to in &self.to {
            builder = builder.to(mailbox(to)?);
        }
        builder
            .multipart(MultiPart::alternative_plain_html(self.text.clone(), self.html.clone()))
            .map_err(|error| MailError::Invalid(error.to_string()))
    }
}

/// A sender or recipient such as `ops@example.com` or `Switchyard <hub@example.com>`.
pub fn mailbox(address: &str) -> Result<Mailbox, MailError> {
    address.parse().map_err(|error| MailError::Invalid(format!("`{address}` is not an e-mail address: {error}")))
}
