//! `user add|list|disable|reset-password`: the people who sign in to the portal.

use clap::Subcommand;
use serde_json::json;
use switchyard_network::Hub;
use switchyard_network::model::{Role, UserRecord};
use switchyard_network::usecases::people::{Inviter, IssuedLink};

use super::Output;
use super::output::utc;
use crate::config::Settings;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user to a company; prints a one-time link (valid 72 hours) to set a password.
    Add {
        #[arg(long)]
        company: String,
        #[arg(long)]
        email: String,
        /// May invite users and choose who is responsible for errors.
        #[arg(long)]
        admin: bool,
    },
    /// List the users of a company, or of every company.
    List {
        #[arg(long)]
        company: Option<String>,
    },
    /// Disable a user at once: its sessions end and it gets no more mail.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Print a one-time link (valid 72 hours) for the user to choose a new password.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

fn link_output(what: &str, link: &IssuedLink, settings: &Settings) -> Output {
    let url = format!("{}{}", settings.server.public_url(), link.path);
    Output::new(
        format!(
            "{what} {}. Hand over this link to set a password (valid until {}):\n{url}",
            link.email,
            utc(link.expires_at)
        ),
        json!({ "userId": link.user_id, "email": link.email, "link": url, "expiresAt": utc(link.expires_at) }),
    )
}

fn user_json(user: &UserRecord) -> serde_json::Value {
    json!({
        "id": user.id,
        "companyId": user.company_id,
        "company": user.company_name,
        "email": user.email,
        "role": user.role.as_str(),
        "passwordSet": user.password_hash.is_some(),
        "mail": { "issues": user.mail.issues, "incoming": user.mail.incoming, "sent": user.mail.sent },
        "createdAt": utc(user.created_at),
        "disabledAt": user.disabled_at.map(utc),
    })
}

fn user_line(user: &UserRecord) -> String {
    let state = match (user.disabled_at, &user.password_hash) {
        (Some(at), _) => format!("disabled {}", utc(at)),
        (None, None) => "invited, no password yet".to_owned(),
        (None, Some(_)) => "active".to_owned(),
    };
    format!("{}  {}  {}  {}  {state}", user.email, user.company_name, user.role.as_str(), user.id)
}

pub async fn run(hub: &Hub, settings: &Settings, command: &UserCommand) -> anyhow::Result<Output> {
    match command {
        UserCommand::Add { company, email, admin } => {
            let company = hub.company(company).await?;
            let role = if *admin { Role::Admin } else { Role::Member };
            let link = hub.add_user(&company, email, role, Inviter::Operator).await?;
            Ok(link_output(&format!("Added {} user", role.as_str().to_lowercase()), &link, settings))
        }
        UserCommand::List { company } => {
            let company = match company {
                Some(company) => Some(hub.company(company).await?),
                None => None,
            };
            let users = hub.users(company.as_ref()).await?;
            let lines: Vec<String> = users.iter().map(user_line).collect();
            Ok(Output::new(lines.join("\n"), users.iter().map(user_json).collect()))
        }
        UserCommand::Disable { email } => {
            let user = hub.disable_user(email).await?;
            Ok(Output::new(format!("Disabled {}; its sessions have ended", user.email), user_json(&user)))
        }
        UserCommand::ResetPassword { email } => {
            let link = hub.password_reset_link(email).await?;
            Ok(link_output("New password link for", &link, settings))
        }
    }
}
