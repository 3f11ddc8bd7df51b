//! The command line: serving, migrating, the demo, and the operator commands that manage the
//! network. Every operator command prints a readable line, or JSON with `--json`.

mod backup;
mod company;
mod copy;
mod error;
mod export;
mod identifier;
mod mail;
mod output;
mod relationship;
mod responsible;
mod serve;
mod task;
mod token;
mod transaction;
pub mod user;
mod vacuum;
mod webhook;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{FlagOverrides, Settings};
pub use output::Output;

#[derive(Debug, Parser)]
#[command(
    name = "switchyard",
    version = crate::version::LONG,
    about = "A self-hostable B2B document exchange hub (Procuros API v2 compatible)."
)]
pub struct Cli {
    /// TOML configuration file (default: ./switchyard.toml when present).
    #[arg(long, global = true, env = "SWITCHYARD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data directory (embedded database, demo credentials).
    #[arg(long, global = true)]
    pub data: Option<PathBuf>,
    /// Database URL, e.g. sqlite://data/switchyard.db.
    #[arg(long, global = true)]
    pub database: Option<String>,
    /// Print JSON instead of readable lines.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the hub's HTTP server.
    Serve(serve::ServeArgs),
    /// Work the outbox only (mail, webhooks), without serving HTTP; `serve` works it too.
    Worker,
    /// Seed the demo network into an empty database and print its tokens.
    Demo,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Show the effective configuration (passwords redacted).
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Mail to people: check that it reaches them.
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Companies of the network.
    #[command(subcommand)]
    Company(company::CompanyCommand),
    /// Party identifiers (GLN, VAT number, ...) that name a company in documents.
    #[command(subcommand)]
    Identifier(identifier::IdentifierCommand),
    /// API tokens of ERP connections.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Trade relationships per sender, receiver and document type.
    #[command(subcommand)]
    Relationship(relationship::RelationshipCommand),
    /// A company's errors: list, show, resolve.
    #[command(subcommand)]
    Error(error::ErrorCommand),
    /// Tasks for a company's ERP.
    #[command(subcommand)]
    Task(task::TaskCommand),
    /// Transactions.
    #[command(subcommand)]
    Transaction(transaction::TransactionCommand),
    /// People who sign in to the portal.
    #[command(subcommand)]
    User(user::UserCommand),
    /// A company's webhook endpoints and their deliveries.
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// Who is told of a company's errors.
    #[command(subcommand)]
    Responsible(responsible::ResponsibleCommand),
    /// Copy the whole network from the configured database into another, empty one.
    CopyNetwork(copy::CopyArgs),
    /// Copy the embedded database, while the hub runs, into a file, and check the copy.
    Backup(backup::BackupArgs),
    /// Put a backup in place as the database of an empty data directory.
    Restore(backup::RestoreArgs),
    /// Write a company's documents and errors as JSON lines into a directory.
    Export(export::ExportArgs),
    /// Give the space of deleted documents back to the file system (embedded database: the
    /// hub's writes wait meanwhile); on PostgreSQL, VACUUM (ANALYZE).
    Vacuum,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the settings the hub would run with: defaults, then the file, the environment and the flags.
    Show,
}

impl Cli {
    /// The settings with this command line's global flags and `flags` applied last.
    pub fn settings(&self, flags: FlagOverrides) -> anyhow::Result<Settings> {
        let flags = FlagOverrides { data: self.data.clone(), database: self.database.clone(), ..flags };
        Settings::load(self.config.as_deref(), flags)
    }
}

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let json = cli.json;
    let output = match &cli.command {
        Command::Serve(args) => return serve::serve(&cli, args).await,
        Command::Worker => return serve::work(&cli).await,
        Command::Demo => serve::demo(&cli).await?,
        Command::Migrate => serve::migrate(&cli).await?,
        Command::Config { command: ConfigCommand::Show } => {
            let settings = cli.settings(FlagOverrides::default())?;
            Output::new(settings.to_toml(), serde_json::to_value(&settings)?)
        }
        Command::Company(command) => company::run(&*hub(&cli).await?, command).await?,
        Command::Identifier(command) => identifier::run(&*hub(&cli).await?, command).await?,
        Command::Token(command) => token::run(&*hub(&cli).await?, command).await?,
        Command::Relationship(command) => relationship::run(&*hub(&cli).await?, command).await?,
        Command::Responsible(command) => responsible::run(&*hub(&cli).await?, command).await?,
        Command::Error(command) => error::run(&*hub(&cli).await?, command).await?,
        Command::Task(command) => task::run(&*hub(&cli).await?, command).await?,
        Command::Transaction(command) => {
            let zone = cli.settings(FlagOverrides::default())?.zone()?;
            transaction::run(&*hub(&cli).await?, zone, command).await?
        }
        Command::User(command) => {
            let settings = cli.settings(FlagOverrides::default())?;
            user::run(&*hub(&cli).await?, &settings, command).await?
        }
        Command::Webhook(command) => {
            let settings = cli.settings(FlagOverrides::default())?;
            webhook::run(&*hub(&cli).await?, &settings, command).await?
        }
        Command::Mail(command) => mail::run(&cli.settings(FlagOverrides::default())?, command).await?,
        Command::CopyNetwork(args) => copy::run(&cli.settings(FlagOverrides::default())?, args).await?,
        Command::Vacuum => vacuum::run(&cli.settings(FlagOverrides::default())?).await?,
        Command::Export(args) => export::run(&*hub(&cli).await?, args).await?,
        Command::Backup(args) => backup::backup(&cli.settings(FlagOverrides::default())?, args)?,
        Command::Restore(args) => backup::restore(&cli.settings(FlagOverrides::default())?, args)?,
    };
    output.print(json);
    Ok(())
}

async fn hub(cli: &Cli) -> anyhow::Result<std::sync::Arc<switchyard_network::Hub>> {
    let settings = cli.settings(FlagOverrides::default())?;
    crate::server::open_hub(&settings, crate::server::system_clock()).await
}
