//! `token create|list|rotate|revoke`: API tokens of a company's ERP connections.

use chrono::{DateTime, NaiveDate};
use clap::Subcommand;
use serde_json::json;
use switchyard_network::model::{Actor, Grant, Networks, Scope, Scopes, TokenRecord};
use switchyard_network::usecases::admin::IssuedToken;
use switchyard_network::{Hub, Timestamp};
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
        /// What the token may do: incoming:read, incoming:mark, outgoing:send, errors:report,
        /// tasks, admin (repeat or separate with commas). Without any, it may do everything.
        #[arg(long = "scope", value_delimiter = ',')]
        scopes: Vec<Scope>,
        /// Networks the token may call from, as CIDR blocks or addresses (repeat or separate
        /// with commas). Without any, it may call from anywhere.
        #[arg(long = "allow-from", value_delimiter = ',')]
        allow_from: Vec<String>,
        /// When the token stops working: an RFC 3339 time, or a date (the token works through
        /// that day, UTC). Without it, it works until revoked.
        #[arg(long)]
        expires: Option<String>,
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
            "{verb} token {} on connection {} ({}):\n{}\n(store it now: it is not shown again)",
            token.token_id,
            token.connection_name,
            described(&token.grant),
            token.token
        ),
        json!(token),
    )
}

fn listed(token: &TokenRecord) -> String {
    let state = token.revoked_at.map_or_else(|| "active".to_owned(), |at| format!("revoked {}", utc(at)));
    let used = token.last_used_at.map_or_else(|| "never used".to_owned(), |at| format!("last used {}", utc(at)));
    let grant = described(&token.grant);
    format!("{}  {}…  {}  {state}, {used}; {grant}", token.id, token.hint, token.connection_name)
}

/// A grant in words: its scopes, networks and expiry.
fn described(grant: &Grant) -> String {
    let scopes = if grant.scopes == Scopes::ALL {
        "every scope".to_owned()
    } else {
        grant.scopes.names().iter().map(|scope| scope.as_str()).collect::<Vec<_>>().join(", ")
    };
    let networks =
        grant.allowed_from.stored().map_or_else(|| "from anywhere".to_owned(), |blocks| format!("from {blocks}"));
    let expiry = grant.expires_at.map_or_else(|| "no expiry".to_owned(), |at| format!("expires {}", utc(at)));
    format!("{scopes}, {networks}, {expiry}")
}

/// An expiry given as an RFC 3339 time, or as a date the token still works on (it stops at the
/// next midnight, UTC).
fn expiry(text: &str) -> anyhow::Result<Timestamp> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.timestamp_micros());
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| anyhow::anyhow!("`{text}` is neither a date (2027-06-30) nor an RFC 3339 time"))?;
    let next = day.succ_opt().ok_or_else(|| anyhow::anyhow!("`{text}` is too far ahead"))?;
    Ok(next.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp_micros())
}

pub async fn run(hub: &Hub, command: &TokenCommand) -> anyhow::Result<Output> {
    match command {
        TokenCommand::Create { company, connection, scopes, allow_from, expires } => {
            let grant = Grant {
                scopes: Scopes::of(scopes),
                allowed_from: Networks::parse(allow_from).map_err(anyhow::Error::msg)?,
                expires_at: expires.as_deref().map(expiry).transpose()?,
            };
            let company = hub.company(company).await?;
            Ok(issued("Issued", &hub.issue_granted_token(&company, connection, grant, &Actor::Operator).await?))
        }
        TokenCommand::List { company } => {
            let company = hub.company(company).await?;
            let tokens = hub.list_tokens(&company).await?;
            let lines: Vec<String> = tokens.iter().map(listed).collect();
            Ok(Output::new(lines.join("\n"), json!(tokens)))
        }
        TokenCommand::Rotate { token_id } => Ok(issued("Rotated; new", &hub.rotate_token(*token_id).await?)),
        TokenCommand::Revoke { token_id } => {
            let token = hub.revoke_token(*token_id).await?;
            Ok(Output::new(format!("Revoked token {}", token.id), json!(token)))
        }
    }
}
