//! A mailer that keeps what it is given, for tests that read the mails a change caused.

use std::sync::Mutex;

use async_trait::async_trait;

use crate::{Mail, MailError, Mailer};

#[derive(Default)]
pub struct MemoryMailer {
    sent: Mutex<Vec<Mail>>,
}

impl MemoryMailer {
    /// Every mail sent so far, oldest first.
    pub fn sent(&self) -> Vec<Mail> {
        self.sent.lock().map(|sent| sent.clone()).unwrap_or_default()
    }
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        if mail.to.is_empty() {
            return Err(MailError::Invalid("a mail needs a recipient".into()));
        }
        mail.to.iter().try_for_each(|to| crate::mail::mailbox(to).map(drop))?;
        self.sent
            .lock()
            .map_err(|_| MailError::Unavailable("the memory mailer is poisoned".into()))?
            .push(mail.clone());
        Ok(())
    }

    fn describe(&self) -> String {
        "memory".into()
    }
}
