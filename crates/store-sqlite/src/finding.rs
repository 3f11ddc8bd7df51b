//! The portal's finding ([`switchyard_network::finding`]): the first keys of the runs a lookup
//! reads, merged newest first, then their rows (without contents).

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use switchyard_network::finding::{FindQuery, Lookup, Side};
use switchyard_network::model::TransactionRecord;
use switchyard_network::store::StoreError;

use crate::history::{Order, facet_run, merged, shared_values, time_run};
use crate::rows::{db_error, record_from_row, uuid_text};

pub(crate) fn find(db: &Connection, query: &FindQuery) -> Result<Vec<TransactionRecord>, StoreError> {
    let order = Order::NewestFirst;
    let mut values =
        shared_values(query.company_id, (query.filter.created_from, query.filter.created_until), query.before, order);
    let sides = query.sides();
    let runs: Vec<String> = match query.lookup() {
        Lookup::Time(partner) => {
            let partner = partner.map(|id| push(&mut values, Value::Text(uuid_text(id))));
            sides.iter().map(|side| time_run(*side, partner, order)).collect()
        }
        Lookup::Facets(partner, facets) => {
            let partner = partner.map(|id| push(&mut values, Value::Text(uuid_text(id))));
            let mut runs = Vec::with_capacity(facets.len() * sides.len());
            for facet in facets {
                runs.extend(sides.iter().map(|side| facet_run(*side, partner, facet, &mut values, order)));
            }
            runs
        }
        Lookup::Number(number) => {
            let number = push(&mut values, Value::Text(number.to_owned()));
            let checks = checks(query, &mut values);
            sides.iter().map(|side| number_run(*side, number, &checks)).collect()
        }
    };
    if runs.is_empty() || query.limit == 0 {
        return Ok(Vec::new());
    }
    let sql = merged(&runs, order, query.limit);
    let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
    statement
        .query_map(params_from_iter(values), record_from_row)
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)
}

/// Appends `value` to the parameters; answers its number.
fn push(values: &mut Vec<Value>, value: Value) -> usize {
    values.push(value);
    values.len()
}

/// The documents of one side whose own number or order number is parameter `number`, among
/// which the rows `checks` admit are kept.
fn number_run(side: Side, number: usize, checks: &str) -> String {
    // The numbered rows are the outer loop (CROSS JOIN), each looked up by its id: `+` keeps
    // SQLite from reading the company's or the partner's index for them, which it did for each
    // numbered row, reading the whole side (45-300 ms a page at 1 M rows instead of 0.3-0.6).
    let company = match side {
        Side::Sent => "+t.sender_id = ?1",
        Side::Received => "+t.receiver_id = ?1 AND t.delivered = 1",
    };
    let checks = match side {
        Side::Sent => checks.replace("?P", "+t.receiver_id"),
        Side::Received => checks.replace("?P", "+t.sender_id"),
    };
    format!(
        "SELECT t.created_at AS created_at, t.id AS id
         FROM (SELECT id FROM transactions WHERE business_number = ?{number}
               UNION SELECT id FROM transactions WHERE order_number = ?{number}) n
         CROSS JOIN transactions t ON t.id = n.id CROSS JOIN transaction_states s ON s.transaction_id = t.id
         WHERE {company} AND t.created_at >= ?2 AND t.created_at < ?3 AND (t.created_at, t.id) < (?4, ?5){checks}"
    )
}

/// The filters a number lookup checks on each row, as ` AND ...` clauses; `?P`
/// stands for the column of the partner, which depends on the side.
fn checks(query: &FindQuery, values: &mut Vec<Value>) -> String {
    let mut clauses = Vec::new();
    if let Some(partner) = query.partner_id {
        values.push(Value::Text(uuid_text(partner)));
        clauses.push(format!(" AND ?P = ?{}", values.len()));
    }
    let lists: [(&str, Vec<&str>); 3] = [
        ("t.document_type", query.filter.kinds.iter().map(|kind| kind.as_str()).collect()),
        ("t.flow", query.filter.flows.iter().map(|flow| flow.as_str()).collect()),
        ("s.status", query.filter.statuses.iter().map(|status| status.as_str()).collect()),
    ];
    for (column, names) in lists {
        if names.is_empty() {
            continue;
        }
        let first = values.len() + 1;
        values.extend(names.iter().map(|name| Value::Text((*name).to_owned())));
        let marks: Vec<String> = (first..=values.len()).map(|index| format!("?{index}")).collect();
        clauses.push(format!(" AND {column} IN ({})", marks.join(", ")));
    }
    clauses.concat()
}
