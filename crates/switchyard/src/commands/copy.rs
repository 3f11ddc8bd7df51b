//! `copy-network --to URL`: move a whole network, for an operator who started on the embedded
//! database and moves to PostgreSQL. Everything is copied in one transaction into an empty
//! target: companies, identifiers, connections and token hashes (tokens keep working),
//! relationships, transactions with their versions and queues, errors and tasks.

use anyhow::Context;
use clap::Args;
use serde_json::{Map, Value};

use super::Output;
use crate::config::{SecretUrl, Settings, redact_password};
use crate::server::{open_hub, system_clock};

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// Database URL to copy into, e.g. postgres://hub:secret@db/hub; it must be empty.
    #[arg(long)]
    to: String,
}

pub async fn run(settings: &Settings, args: &CopyArgs) -> anyhow::Result<Output> {
    let source = open_hub(settings, system_clock()).await?;
    let mut target_settings = settings.clone();
    target_settings.database.url = Some(SecretUrl::new(args.to.clone()));
    target_settings.database.pool_size = 2;
    let target = open_hub(&target_settings, system_clock()).await?;
    let counts = source.copy_network_to(&target).await.context("could not copy the network")?;
    let line: Vec<String> = counts.iter().map(|(kind, count)| format!("{count} {kind}")).collect();
    let json: Map<String, Value> = counts.iter().map(|(kind, count)| (camel_case(kind), Value::from(*count))).collect();
    Ok(Output::new(format!("Copied {} into {}", line.join(", "), redact_password(&args.to)), Value::Object(json)))
}

/// `audit entries` as `auditEntries`, the JSON keys' spelling.
fn camel_case(words: &str) -> String {
    let mut key = String::with_capacity(words.len());
    for (index, word) in words.split(' ').enumerate() {
        let mut letters = word.chars();
        match letters.next() {
            Some(first) if index > 0 => key.extend(first.to_uppercase().chain(letters)),
            _ => key.push_str(word),
        }
    }
    key
}
