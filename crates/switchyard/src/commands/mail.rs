//! `mail test --to ADDRESS`: send a test mail through the configured mailer, so that an
//! operator sees that mail reaches people before any notification depends on it.

use clap::Subcommand;
use serde_json::json;

use super::Output;
use crate::config::Settings;

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send a test mail to ADDRESS through the configured SMTP server (or into {data}/mail/).
    Test {
        #[arg(long)]
        to: String,
    },
}

pub async fn run(settings: &Settings, command: &MailCommand) -> anyhow::Result<Output> {
    let MailCommand::Test { to } = command;
    let mailer = crate::mailer::from_settings(settings)?;
    let hub = settings.server.public_url.clone().unwrap_or_else(|| format!("http://{}", settings.server.listen));
    let message_id = format!("{}@switchyard", switchyard_network::new_id());
    let mail = switchyard_mail::templates::test_mail(to, &hub, &settings.mail.from, message_id)?;
    mailer.send(&mail).await?;
    let place = mailer.describe();
    Ok(Output::new(format!("Sent a test mail to {to} through {place}"), json!({ "to": to, "via": place })))
}
