//! `export --company C --to DIR`: a company's documents and errors as JSON lines, for a company
//! leaving the network or an archive before retention deletes them. `documents.jsonl` holds
//! every document it sent or received, oldest first, with its content; `errors.jsonl` every
//! error of the company, open ones first. Each file is written beside its name and renamed
//! when whole, and only its owner may read it.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde_json::{Value, json};
use switchyard_network::history::HistoryFilter;
use switchyard_network::model::{ListedError, TransactionRecord};
use switchyard_network::store::{ErrorCursor, ErrorQuery};
use switchyard_network::{Hub, PageBudget};
use uuid::Uuid;

use super::Output;
use super::output::utc;

/// Documents read per page; their contents are written as they come.
const PAGE: usize = 500;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The company, by id or exact name.
    #[arg(long)]
    company: String,
    /// The directory to write `documents.jsonl` and `errors.jsonl` into (made if missing).
    #[arg(long)]
    to: PathBuf,
}

pub async fn run(hub: &Hub, args: &ExportArgs) -> anyhow::Result<Output> {
    let company = hub.company(&args.company).await?;
    private_directory(&args.to).with_context(|| format!("could not make {}", args.to.display()))?;
    let documents =
        write_lines(&args.to.join("documents.jsonl"), async |out| documents(hub, company.id, out).await).await?;
    let errors = write_lines(&args.to.join("errors.jsonl"), async |out| errors(hub, company.id, out).await).await?;
    Ok(Output::new(
        format!("Exported {documents} documents and {errors} errors of {} to {}", company.name, args.to.display()),
        json!({ "companyId": company.id, "documents": documents, "errors": errors, "to": args.to.display().to_string() }),
    ))
}

type Lines = BufWriter<std::fs::File>;

// A company's documents are for that company only: the export is made as private as the
// database it comes from, whatever the umask of the operator's shell.

/// `path` and any missing parents, made for the owner alone (0700).
fn private_directory(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(path)
}

/// A new file at `path` for the owner alone (0600), replacing one left there.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::remove_file(path);
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

/// Writes the lines `fill` makes into `path`, through a file beside it; returns how many.
async fn write_lines(path: &Path, fill: impl AsyncFnOnce(&mut Lines) -> anyhow::Result<u64>) -> anyhow::Result<u64> {
    let partial = path.with_extension("jsonl.partial");
    let mut out = BufWriter::new(private_file(&partial)?);
    let count = fill(&mut out).await?;
    out.into_inner().map_err(std::io::IntoInnerError::into_error)?.sync_all()?;
    std::fs::rename(&partial, path)?;
    Ok(count)
}

async fn documents(hub: &Hub, company_id: Uuid, out: &mut Lines) -> anyhow::Result<u64> {
    let (mut after, mut count) = (None, 0);
    loop {
        let page =
            hub.company_transactions(company_id, HistoryFilter::default(), after, PageBudget::items(PAGE)).await?;
        for record in &page.items {
            writeln!(out, "{}", document_line(record, company_id))?;
            count += 1;
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(count),
        }
    }
}

fn document_line(record: &TransactionRecord, company_id: Uuid) -> Value {
    let content: Value = serde_json::from_slice(record.content.as_bytes()).unwrap_or(Value::Null);
    json!({
        "procurosTransactionId": record.id,
        "type": record.kind,
        "direction": if record.sender_id == company_id { "SENT" } else { "RECEIVED" },
        "status": record.status,
        "flow": record.flow,
        "senderId": record.sender_id,
        "receiverId": record.receiver_id,
        "createdAt": utc(record.created_at),
        "businessNumber": record.business_number,
        "replaces": record.replaces,
        "replacedBy": record.replaced_by,
        "warnings": record.warnings,
        "content": content,
    })
}

async fn errors(hub: &Hub, company_id: Uuid, out: &mut Lines) -> anyhow::Result<u64> {
    let (mut after, mut count) = (None, 0);
    loop {
        let query = ErrorQuery { company_id, after, limit: PAGE, ..ErrorQuery::default() };
        let page = hub.company_errors(query).await?;
        for listed in &page {
            writeln!(out, "{}", error_line(listed))?;
            count += 1;
        }
        match page.last() {
            Some(last) if page.len() == PAGE => after = Some(ErrorCursor::after(&last.error)),
            _ => return Ok(count),
        }
    }
}

pub fn error_line(listed: &ListedError) -> Value {
    let error = &listed.error;
    json!({
        "id": error.id,
        "procurosTransactionId": error.transaction_id,
        "transactionType": error.transaction_type,
        "transactionIdentifier": error.transaction_identifier,
        "origin": error.origin,
        "errorType": error.error_type,
        "reason": error.reason,
        "context": error.context,
        "partner": listed.partner,
        "createdAt": utc(error.created_at),
        "resolvedAt": error.resolved_at.map(utc),
        "resolvedBy": error.resolved_by,
        "resolution": error.resolution,
    })
}
