//! `GET /portal/transactions`: the company's documents, sent and received, newest first, with
//! the history's filters (type, flow, status, dates) plus direction, partner and a search by
//! business number, a page at a time (keyset); and `GET /portal/transactions.csv`, the same list
//! as CSV, streamed a page at a time whatever its length.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use switchyard_network::finding::{FindQuery, Side};
use switchyard_network::history::HistoryFilter;
use switchyard_network::model::TransactionRecord;
use switchyard_network::{Cursor, Hub};
use uuid::Uuid;

use crate::PortalState;
use crate::document_words::{STATUS_CHOICES, badge, capitalised, direction, type_choices};
use crate::pages::{render, server_error};
use crate::signed_in::{self, Nav};
use crate::time::{day_start, format_time};

const PATH: &str = "/portal/transactions";
const PAGE_SIZE: usize = 50;
/// Rows read at a time for the CSV export.
const EXPORT_CHUNK: usize = 500;

#[derive(Template)]
#[template(path = "transactions.html")]
struct TransactionsPage {
    nav: Option<Nav>,
    form: FindForm,
    problem: Option<&'static str>,
    partners: Vec<(String, String)>,
    types: Vec<(&'static str, &'static str)>,
    statuses: [(&'static str, &'static str); 5],
    rows: Vec<Row>,
    /// The first page, when this one is not.
    newest: Option<String>,
    older: Option<String>,
    csv: String,
}

struct Row {
    link: String,
    created: String,
    direction: String,
    kind: &'static str,
    number: String,
    order: String,
    status: &'static str,
    status_class: &'static str,
    test: bool,
}

/// The filters as the form sends them; blank means "any".
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FindForm {
    number: String,
    partner: String,
    /// `sent` or `received`.
    direction: String,
    #[serde(rename = "type")]
    kind: String,
    status: String,
    flow: String,
    /// First day, `YYYY-MM-DD`, in the hub's zone.
    from: String,
    /// Last day, included.
    until: String,
    /// Where the page starts (the cursor of the last row of the page before).
    #[serde(skip_serializing_if = "String::is_empty")]
    before: String,
}

impl FindForm {
    /// The query of these filters for `company_id`, or why a filter cannot be read.
    fn query(&self, company_id: Uuid, zone: Tz, limit: usize) -> Result<FindQuery, &'static str> {
        let number = self.number.trim();
        Ok(FindQuery {
            company_id,
            filter: HistoryFilter {
                kinds: self.kind.parse().ok().into_iter().collect(),
                flows: self.flow.parse().ok().into_iter().collect(),
                statuses: self.status.parse().ok().into_iter().collect(),
                created_from: day_start(&self.from, zone, 0)?,
                created_until: day_start(&self.until, zone, 1)?,
            },
            side: match self.direction.as_str() {
                "sent" => Some(Side::Sent),
                "received" => Some(Side::Received),
                _ => None,
            },
            partner_id: self.partner.parse().ok(),
            number: (!number.is_empty()).then(|| number.to_owned()),
            before: Cursor::decode(&self.before),
            limit,
        })
    }

    /// This list's address, starting at `before`.
    fn link(&self, path: &str, before: Option<Cursor>) -> String {
        let form = FindForm { before: before.map(|cursor| cursor.encode()).unwrap_or_default(), ..self.clone() };
        format!("{path}?{}", serde_urlencoded::to_string(&form).unwrap_or_default())
    }
}

pub async fn list(State(state): State<PortalState>, headers: HeaderMap, Query(form): Query<FindForm>) -> Response {
    let (session, nav) = match signed_in::page_session(&state, &headers, PATH).await {
        Ok(signed_in) => signed_in,
        Err(response) => return response,
    };
    let company_id = session.user.company_id;
    let (partners, names) = match (state.hub.trade_partners(company_id).await, state.hub.company_names().await) {
        (Ok(partners), Ok(names)) => (partners, names),
        (Err(cause), _) | (_, Err(cause)) => {
            tracing::error!(%cause, "could not read the partners of a company");
            return server_error();
        }
    };
    let mut page = TransactionsPage {
        nav: Some(nav),
        problem: None,
        partners: partners.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
        types: type_choices(),
        statuses: STATUS_CHOICES,
        rows: Vec::new(),
        newest: (!form.before.is_empty()).then(|| form.link(PATH, None)),
        older: None,
        csv: form.link(&format!("{PATH}.csv"), None),
        form,
    };
    let query = match page.form.query(company_id, state.time_zone, PAGE_SIZE) {
        Ok(query) => query,
        Err(problem) => {
            page.problem = Some(problem);
            return render(StatusCode::OK, &page);
        }
    };
    match state.hub.find_transactions(query).await {
        Ok(found) => {
            page.rows = found.rows.iter().map(|row| row_of(row, company_id, &names, state.time_zone)).collect();
            page.older = found.next.map(|next| page.form.link(PATH, Some(next)));
            render(StatusCode::OK, &page)
        }
        Err(cause) => {
            tracing::error!(%cause, "could not find a company's documents");
            server_error()
        }
    }
}

fn row_of(transaction: &TransactionRecord, company_id: Uuid, names: &HashMap<Uuid, String>, zone: Tz) -> Row {
    let (side, partner) = side_and_partner(transaction, company_id);
    let badge = badge(transaction);
    Row {
        link: format!("{PATH}/{}", transaction.id),
        created: format_time(transaction.created_at, zone),
        direction: direction(side, names.get(&partner).map_or("", String::as_str)),
        kind: capitalised(transaction.kind.in_words()),
        number: transaction.business_number.clone().unwrap_or_default(),
        order: transaction
            .order_number
            .clone()
            .filter(|order| Some(order) != transaction.business_number.as_ref())
            .unwrap_or_default(),
        status: badge.words,
        status_class: badge.class,
        test: transaction.flow == switchyard_network::model::Flow::Test,
    }
}

/// Which side the company is on, and the other company.
fn side_and_partner(transaction: &TransactionRecord, company_id: Uuid) -> (Side, Uuid) {
    if transaction.sender_id == company_id {
        (Side::Sent, transaction.receiver_id)
    } else {
        (Side::Received, transaction.sender_id)
    }
}

/// The filtered list as CSV: a header line, then the rows a page at a time as they are read.
pub async fn export(State(state): State<PortalState>, headers: HeaderMap, Query(form): Query<FindForm>) -> Response {
    let session = match signed_in::required(&state, &headers, PATH).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let company_id = session.user.company_id;
    let (query, names) = match (form.query(company_id, state.time_zone, EXPORT_CHUNK), state.hub.company_names().await)
    {
        (Ok(query), Ok(names)) => (query, names),
        (Err(_), _) => return list(State(state), headers, Query(form)).await,
        (_, Err(cause)) => {
            tracing::error!(%cause, "could not read the companies' names");
            return server_error();
        }
    };
    let export = Export { hub: Arc::clone(&state.hub), query, names, zone: state.time_zone, header: true };
    let stream = futures_util::stream::unfold(Some(export), next_chunk);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"documents.csv\""),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// Where an export stands: what is left to read.
struct Export {
    hub: Arc<Hub>,
    query: FindQuery,
    names: HashMap<Uuid, String>,
    zone: Tz,
    /// Whether the header line is still to be written.
    header: bool,
}

const CSV_HEADER: &str = "created,direction,partner,type,number,order_number,status,flow,transaction_id\r\n";

async fn next_chunk(export: Option<Export>) -> Option<(Result<Bytes, std::io::Error>, Option<Export>)> {
    let mut export = export?;
    if export.header {
        export.header = false;
        return Some((Ok(Bytes::from_static(CSV_HEADER.as_bytes())), Some(export)));
    }
    let found = match export.hub.find_transactions(export.query.clone()).await {
        Ok(found) => found,
        Err(cause) => {
            // The status line went out with the header; breaking the body tells the client.
            tracing::error!(%cause, "a CSV export stopped");
            return Some((Err(std::io::Error::other(cause.to_string())), None));
        }
    };
    if found.rows.is_empty() {
        return None;
    }
    let company_id = export.query.company_id;
    let mut chunk = String::new();
    for row in &found.rows {
        chunk.push_str(&csv_line(row, company_id, &export.names, export.zone));
    }
    let rest = found.next.map(|next| {
        export.query.before = Some(next);
        export
    });
    Some((Ok(Bytes::from(chunk)), rest))
}

fn csv_line(transaction: &TransactionRecord, company_id: Uuid, names: &HashMap<Uuid, String>, zone: Tz) -> String {
    let (side, partner) = side_and_partner(transaction, company_id);
    let created = chrono::DateTime::from_timestamp_micros(transaction.created_at)
        .unwrap_or_default()
        .with_timezone(&zone)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let fields = [
        created,
        if side == Side::Sent { "sent" } else { "received" }.to_owned(),
        names.get(&partner).cloned().unwrap_or_default(),
        transaction.kind.as_str().to_owned(),
        transaction.business_number.clone().unwrap_or_default(),
        transaction.order_number.clone().unwrap_or_default(),
        transaction.status.as_str().to_owned(),
        transaction.flow.as_str().to_owned(),
        transaction.id.to_string(),
    ];
    let mut line = fields.iter().map(|field| csv_field(field)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// A field as RFC 4180 writes it, quoted when it holds a comma, quote or line break. Text that
/// a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`, unless
/// it is a plain number.
fn csv_field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err();
    let text = if formula { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("PO-1"), "PO-1");
        assert_eq!(csv_field("Smith, \"Jr\""), "\"Smith, \"\"Jr\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-12.5"), "-12.5");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
