//! `token create|list|rotate|revoke`: API tokens of a company's ERP connections.

use clap::Subcommand;
use serde_json::json;
use switchyard_network::Hub;
use switchyard_network::usecases::admin::IssuedToken;
use uuid::Uuid;

use super::Output;
use super::output::utc;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a token for a company's connection (created if new). The token is shown once.
    Create {
        #[arg(long)]
        company: String,
        /// Name of the ERP connection.
        #[arg(long, default_value = "ERP")]
        connection: String,
    },
    /// List a company's tokens (never their secrets).
    List {
        #[arg(long)]
        company: String,
    },
    /// Issue a new token on the same connection and revoke this one.
    Rotate { token_id: Uuid },
    /// Revoke a token at once.
    Revoke { token_id: Uuid },
}

fn issued(verb: &str, token: &IssuedToken) -> Output {
    Output::new(
        format!(
            "{verb} token {} on connection {}:\n{}\n(store it now: it is not shown again)",
            token.token_id, token.connection_name, token.token
        ),
        json!(token),
    )
}

pub async fn run(hub: &Hub, command: &TokenCommand) -> anyhow::Result<Output> {
    match command {
        TokenCommand::Create { company, connection } => {
            let company = hub.company(company).await?;
            Ok(issued("Issued", &hub.issue_token(&company, connection).await?))
        }
        TokenCommand::List { company } => {
            let company = hub.company(company).await?;
            let tokens = hub.list_tokens(&company).await?;
            let lines: Vec<String> = tokens
                .iter()
                .map(|t| {
                    let state = t.revoked_at.map_or_else(|| "active".to_owned(), |at| format!("revoked {}", utc(at)));
                    let used =
                        t.last_used_at.map_or_else(|| "never used".to_owned(), |at| format!("last used {}", utc(at)));
                    format!("{}  {}…  {}  {state}, {used}", t.id, t.hint, t.connection_name)
                })
                .collect();
            Ok(Output::new(lines.join("\n"), json!(tokens)))
        }
        TokenCommand::Rotate { token_id } => Ok(issued("Rotated; new", &hub.rotate_token(*token_id).await?)),
        TokenCommand::Revoke { token_id } => {
            let token = hub.revoke_token(*token_id).await?;
            Ok(Output::new(format!("Revoked token {}", token.id), json!(token)))
        }
    }
}
