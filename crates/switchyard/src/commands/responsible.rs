//! `responsible set|list`: who is told of a company's errors, per document type, and per
//! trade partner and type (an override that replaces the company's default for that partner).

use clap::Subcommand;
use serde_json::json;
use switchyard_documents::DocumentType;
use switchyard_network::Hub;
use switchyard_network::model::Actor;

use super::Output;

#[derive(Debug, Subcommand)]
pub enum ResponsibleCommand {
    /// Make these users responsible for the company's documents of a type (replacing whoever
    /// was); no --email removes the rule. With nobody set, the company's admins are told.
    Set {
        #[arg(long)]
        company: String,
        /// Document type, e.g. ORDER.
        #[arg(long = "type")]
        kind: DocumentType,
        /// Only for documents with this trade partner (an override of the company's default).
        #[arg(long)]
        partner: Option<String>,
        /// A user of the company; repeat for several.
        #[arg(long)]
        email: Vec<String>,
    },
    /// The company's rules.
    List {
        #[arg(long)]
        company: String,
    },
}

pub async fn run(hub: &Hub, command: &ResponsibleCommand) -> anyhow::Result<Output> {
    match command {
        ResponsibleCommand::Set { company, kind, partner, email } => {
            let company = hub.company(company).await?;
            let partner = match partner {
                Some(partner) => Some(hub.company(partner).await?),
                None => None,
            };
            let users = hub.set_responsible(&company, *kind, partner.as_ref(), email, &Actor::Operator).await?;
            let emails: Vec<&str> = users.iter().map(|user| user.email.as_str()).collect();
            let scope = partner.as_ref().map_or_else(|| "every partner".to_owned(), |partner| partner.name.clone());
            let text = if emails.is_empty() {
                format!("No rule for {} {kind} documents with {scope}: the admins are told", company.name)
            } else {
                format!("{} {kind} documents with {scope}: {}", company.name, emails.join(", "))
            };
            Ok(Output::new(
                text,
                json!({ "company": company.name, "type": kind.as_str(),
                "partner": partner.map(|partner| partner.name), "emails": emails }),
            ))
        }
        ResponsibleCommand::List { company } => {
            let company = hub.company(company).await?;
            let rules = hub.responsibilities(&company).await?;
            let users = hub.users(Some(&company)).await?;
            let mut lines = Vec::new();
            let mut items = Vec::new();
            for rule in rules {
                let email = users.iter().find(|user| user.id == rule.user_id).map_or("?", |user| user.email.as_str());
                let partner = match rule.partner_id {
                    Some(id) => Some(hub.company(&id.to_string()).await?.name),
                    None => None,
                };
                lines.push(format!(
                    "{}  {}  {email}",
                    rule.document_type,
                    partner.as_deref().unwrap_or("every partner")
                ));
                items.push(json!({ "type": rule.document_type.as_str(), "partner": partner, "email": email }));
            }
            Ok(Output::new(lines.join("\n"), json!(items)))
        }
    }
}
