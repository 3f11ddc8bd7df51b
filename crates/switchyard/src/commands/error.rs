//! `error list|show|resolve`: a company's errors as the operator sees them, and resolving one
//! for the company (recorded as done by `operator`), for a support case handled on the server.

use clap::Subcommand;
use serde_json::json;
use switchyard_network::Hub;
use switchyard_network::model::ErrorAction;
use switchyard_network::store::ErrorQuery;
use uuid::Uuid;

use super::Output;
use super::export::error_line;
use super::output::utc;

#[derive(Debug, Subcommand)]
pub enum ErrorCommand {
    /// A company's errors, open ones first, then newest first.
    List {
        /// The company, by id or exact name.
        #[arg(long)]
        company: String,
        /// Open errors only.
        #[arg(long, conflicts_with = "resolved")]
        open: bool,
        /// Resolved errors only.
        #[arg(long)]
        resolved: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// An error with its document and the document's story.
    Show { error_id: Uuid },
    /// Resolve an open error for its company: the cause is dealt with.
    Resolve {
        error_id: Uuid,
        /// What was done, kept with the error and shown to the company.
        #[arg(long)]
        comment: Option<String>,
    },
}

pub async fn run(hub: &Hub, command: &ErrorCommand) -> anyhow::Result<Output> {
    match command {
        ErrorCommand::List { company, open, resolved, limit } => {
            let company = hub.company(company).await?;
            let open = if *open {
                Some(true)
            } else if *resolved {
                Some(false)
            } else {
                None
            };
            let query = ErrorQuery { company_id: company.id, open, limit: *limit, ..ErrorQuery::default() };
            let listed = hub.company_errors(query).await?;
            let text: Vec<String> = listed
                .iter()
                .map(|listed| {
                    let error = &listed.error;
                    let state = error.resolved_at.map_or("OPEN".to_owned(), |at| format!("resolved {}", utc(at)));
                    format!(
                        "{} {} {} {} {}: {}",
                        error.id,
                        utc(error.created_at),
                        error.error_type,
                        error.origin,
                        state,
                        error.reason
                    )
                })
                .collect();
            let json: Vec<_> = listed.iter().map(error_line).collect();
            let text = if text.is_empty() { format!("{} has no such errors", company.name) } else { text.join("\n") };
            Ok(Output::new(text, json!({ "errors": json })))
        }
        ErrorCommand::Show { error_id } => show(hub, *error_id).await,
        ErrorCommand::Resolve { error_id, comment } => {
            let action = ErrorAction::Resolve { comment: comment.clone() };
            hub.act_on_error_as_operator(*error_id, action).await?;
            show(hub, *error_id).await
        }
    }
}

async fn show(hub: &Hub, error_id: Uuid) -> anyhow::Result<Output> {
    let (error, transaction) =
        hub.error_details(error_id).await?.ok_or_else(|| anyhow::anyhow!("there is no error {error_id}"))?;
    let state = match (error.resolved_at, &error.resolved_by) {
        (None, _) => "open".to_owned(),
        (Some(at), Some(by)) => format!("resolved {} by {by}", utc(at)),
        (Some(at), None) => format!("resolved {} by the receiver's system", utc(at)),
    };
    let document = transaction.as_ref().map_or(String::new(), |transaction| {
        format!(
            "\ndocument {} {} {} {}",
            transaction.id,
            transaction.kind,
            transaction.status,
            utc(transaction.created_at)
        )
    });
    let text = format!(
        "{} of {} ({}), {} {}, {state}\n{}{}{document}",
        error.id,
        error.company_name,
        error.company_id,
        error.error_type,
        error.origin,
        error.reason,
        error.resolution.as_deref().map(|note| format!("\nresolution: {note}")).unwrap_or_default(),
    );
    let listed = switchyard_network::model::ListedError { error, partner: None };
    let mut json = error_line(&listed);
    json["companyId"] = json!(listed.error.company_id);
    json["company"] = json!(listed.error.company_name);
    json["transactionStatus"] = json!(transaction.map(|transaction| transaction.status));
    Ok(Output::new(text, json))
}
