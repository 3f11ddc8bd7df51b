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

/// What the mail jobs need: the mailer, and the address and zone links and times are shown in.
pub fn context(settings: &Settings, public_url: &str) -> anyhow::Result<crate::mail_jobs::MailContext> {
    Ok(crate::mail_jobs::MailContext {
        mailer: from_settings(settings)?,
        public_url: public_url.trim_end_matches('/').to_owned(),
        time_zone: settings.zone()?,
    })
}
