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
    let bounds = (query.filter.created_from, query.filter.created_until);
    let mut conditions = shared_parameters(query.company_id, bounds, query.before, order, query.limit);
    let sides = query.sides();
    let runs: Vec<String> = match query.lookup() {
        Lookup::Time(partner) => {
            let partner = partner.map(|id| push(&mut conditions, Box::new(id)));
            sides.iter().map(|side| time_run(*side, partner, order)).collect()
        }
        Lookup::Facets(partner, facets) => {
            let partner = partner.map(|id| push(&mut conditions, Box::new(id)));
            let mut runs = Vec::with_capacity(facets.len() * sides.len());
            for facet in facets {
                runs.extend(sides.iter().map(|side| facet_run(*side, partner, facet, &mut conditions, order)));
            }
            runs
        }
        Lookup::Number(number) => {
            let number = push(&mut conditions, Box::new(number.to_owned()));
            let checks = checks(query, &mut conditions);
            sides.iter().map(|side| number_run(*side, number, &checks)).collect()
        }
    };
    if runs.is_empty() || query.limit == 0 {
        return Ok(Vec::new());
    }
    let sql = merged(&runs, order, "");
    let rows = prepared::query(db, &sql, &conditions.parameters()).await?;
    rows.iter().map(record_from_row).collect()
}

/// Appends `value` to the parameters; answers its number.
fn push(conditions: &mut Conditions, value: crate::conditions::Parameter) -> usize {
    conditions.values.push(value);
    conditions.values.len()
}

/// The documents of one side whose own number or order number is parameter `number`, among
/// which the rows `checks` admit are kept.
fn number_run(side: Side, number: usize, checks: &str) -> String {
    let company = match side {
        Side::Sent => "t.sender_id = $1",
        Side::Received => "t.receiver_id = $1 AND t.delivered",
    };
    let checks = match side {
        Side::Sent => checks.replace("$P", "t.receiver_id"),
        Side::Received => checks.replace("$P", "t.sender_id"),
    };
    format!(
        "(SELECT t.created_at AS created_at, t.id AS id FROM transactions t JOIN transaction_states s ON s.transaction_id = t.id
         WHERE {company} AND t.id IN (SELECT id FROM transactions WHERE business_number = ${number}
             UNION SELECT id FROM transactions WHERE order_number = ${number})
         AND t.created_at >= $2 AND t.created_at < $3 AND (t.created_at, t.id) < ($4, $5){checks}
         ORDER BY t.created_at DESC, t.id DESC LIMIT $6)"
    )
}

/// The filters a number lookup checks on each row, as ` AND ...` clauses; `$P`
/// stands for the column of the partner, which depends on the side.
fn checks(query: &FindQuery, conditions: &mut Conditions) -> String {
    let mut clauses = Vec::new();
    if let Some(partner) = query.partner_id {
        conditions.values.push(Box::new(partner));
        clauses.push(format!(" AND $P = ${}", conditions.values.len()));
    }
    let lists: [(&str, Vec<String>); 3] = [
        ("t.document_type", query.filter.kinds.iter().map(|kind| kind.as_str().to_owned()).collect()),
        ("t.flow", query.filter.flows.iter().map(|flow| flow.as_str().to_owned()).collect()),
        ("s.status", query.filter.statuses.iter().map(|status| status.as_str().to_owned()).collect()),
    ];
    for (column, names) in lists {
        if !names.is_empty() {
            conditions.values.push(Box::new(names));
            clauses.push(format!(" AND {column} = ANY(${})", conditions.values.len()));
        }
    }
    clauses.concat()
}
