//! Mails written as `.eml` files into a directory, for a hub with no SMTP server configured:
//! an operator (or a newcomer trying the demo) opens them with any mail program.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncTransport, Tokio1Executor};

use crate::mail::mailbox;
use crate::{Mail, MailError, Mailer};

pub struct FileMailer {
    transport: AsyncFileTransport<Tokio1Executor>,
    from: Mailbox,
    dir: PathBuf,
}

impl FileMailer {
    /// Creates `dir` when it does not exist yet, open to its owner only: the mails carry
    /// one-time links that set passwords.
    pub fn new(dir: &Path, from: &str) -> Result<Self, MailError> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|error| MailError::Unavailable(format!("could not create {}: {error}", dir.display())))?;
        Ok(Self { transport: AsyncFileTransport::new(dir), from: mailbox(from)?, dir: dir.to_path_buf() })
    }
}

#[async_trait]
impl Mailer for FileMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let message = mail.message(&self.from)?;
        self.transport.send(message).await.map(drop).map_err(|error| MailError::Unavailable(error.to_string()))
    }

    fn describe(&self) -> String {
        format!("files in {}", self.dir.display())
    }
}
