//! The mailer the settings choose: SMTP when `mail.smtp_url` is set, else `.eml` files under
//! `{data}/mail/`.

use std::sync::Arc;

use anyhow::Context;
use switchyard_mail::{FileMailer, Mailer, SmtpMailer};

use crate::config::Settings;

pub fn from_settings(settings: &Settings) -> anyhow::Result<Arc<dyn Mailer>> {
    let from = &settings.mail.from;
    let mailer: Arc<dyn Mailer> = if let Some(url) = &settings.mail.smtp_url {
        Arc::new(SmtpMailer::new(url.expose(), from).context("invalid mail settings")?)
    } else {
        Arc::new(FileMailer::new(&settings.server.data.join("mail"), from).context("invalid mail settings")?)
    };
    Ok(mailer)
}
