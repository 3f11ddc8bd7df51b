//! The portal's finding ([`switchyard_network::finding`]): the first keys of the runs a lookup
//! reads, merged newest first, then their rows (without contents).

use deadpool_postgres::GenericClient;
use switchyard_network::finding::{FindQuery, Lookup, Side};
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::StoreError;

use crate::conditions::Conditions;
use crate::history::{Order, facet_run, merged, shared_parameters, time_run};
use crate::prepared;
use crate::rows::record_from_row;

pub(crate) async fn find(db: &impl GenericClient, query: &FindQuery) -> Result<Vec<TransactionRecord>, StoreError> {
    let order = Order::NewestFirst;
    let bounds = (query.created_from, query.created_until);
    let mut conditions = shared_parameters(query.company_id, bounds, query.before, order, query.limit);
    let sides = query.sides();
    let runs: Vec<String> = match query.lookup() {
        Lookup::Time => sides.iter().map(|side| time_run(*side, order)).collect(),
        Lookup::Facets(facets) => facets
            .iter()
            .flat_map(|facet| {
                sides.iter().map(|side| facet_run(*side, *facet, &mut conditions, order)).collect::<Vec<_>>()
            })
            .collect(),
        Lookup::Number(number) => {
            conditions.values.push(Box::new(number.to_owned()));
            let driver = format!(
                "t.id IN (SELECT id FROM transactions WHERE business_number = ${0}
                 UNION SELECT id FROM transactions WHERE order_number = ${0})",
                conditions.values.len()
            );
            let checks = checks(query, &mut conditions);
            sides.iter().map(|side| checked_run(*side, &driver, &checks)).collect()
        }
        Lookup::Partner(_) => {
            let checks = checks(query, &mut conditions);
            sides.iter().map(|side| checked_run(*side, "", &checks)).collect()
        }
    };
    if runs.is_empty() || query.limit == 0 {
        return Ok(Vec::new());
    }
    let sql = merged(&runs, order, "");
    let rows = prepared::query(db, &sql, &conditions.parameters()).await?;
    rows.iter().map(record_from_row).collect()
}

/// A run of one side that reads `driver`'s rows (or, without one, the partner's index) and
/// keeps those `checks` admit.
fn checked_run(side: Side, driver: &str, checks: &str) -> String {
    let company = match side {
        Side::Sent => "t.sender_id = $1",
        Side::Received => "t.receiver_id = $1 AND t.delivered",
    };
    let driver = if driver.is_empty() { String::new() } else { format!(" AND {driver}") };
    let checks = match side {
        Side::Sent => checks.replace("$P", "t.receiver_id"),
        Side::Received => checks.replace("$P", "t.sender_id"),
    };
    format!(
        "(SELECT t.created_at AS created_at, t.id AS id FROM transactions t JOIN transaction_states s ON s.transaction_id = t.id
         WHERE {company}{driver} AND t.created_at >= $2 AND t.created_at < $3 AND (t.created_at, t.id) < ($4, $5){checks}
         ORDER BY t.created_at DESC, t.id DESC LIMIT $6)"
    )
}

/// The filters a number or partner lookup checks on each row, as ` AND ...` clauses; `$P`
/// stands for the column of the partner, which depends on the side.
fn checks(query: &FindQuery, conditions: &mut Conditions) -> String {
    let mut clauses = Vec::new();
    if let Some(partner) = query.partner_id {
        conditions.values.push(Box::new(partner));
        clauses.push(format!(" AND $P = ${}", conditions.values.len()));
    }
    let lists: [(&str, Vec<String>); 3] = [
        ("t.document_type", query.kinds.iter().map(|kind| kind.as_str().to_owned()).collect()),
        ("t.flow", query.flows.iter().map(|flow| flow.as_str().to_owned()).collect()),
        ("s.status", query.statuses.iter().map(|status| status.as_str().to_owned()).collect()),
    ];
    for (column, names) in lists {
        if !names.is_empty() {
            conditions.values.push(Box::new(names));
            clauses.push(format!(" AND {column} = ANY(${})", conditions.values.len()));
        }
    }
    clauses.concat()
}
