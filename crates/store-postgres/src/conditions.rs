//! WHERE clauses built from optional filters, with `$n` parameters, for the list queries.

use std::fmt::Write;

use switchyard_network::Cursor;
use tokio_postgres::types::ToSql;

pub(crate) type Parameter = Box<dyn ToSql + Sync + Send>;

#[derive(Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    pub(crate) values: Vec<Parameter>,
}

impl Conditions {
    /// Adds `clause`, numbering its `?` placeholders after the parameters already present.
    pub(crate) fn push(&mut self, clause: &str, values: Vec<Parameter>) {
        let mut pieces = clause.split('?');
        let mut numbered = pieces.next().unwrap_or_default().to_owned();
        for (piece, value) in pieces.zip(values) {
            self.values.push(value);
            let _ = write!(numbered, "${}{piece}", self.values.len());
        }
        self.clauses.push(numbered);
    }

    /// `column = ANY(...)` for a non-empty list; nothing for an empty one.
    pub(crate) fn push_any(&mut self, column: &str, names: Vec<String>) {
        if !names.is_empty() {
            self.push(&format!("{column} = ANY(?)"), vec![Box::new(names)]);
        }
    }

    pub(crate) fn push_after(&mut self, created_at: &str, id: &str, after: Option<Cursor>) {
        if let Some(cursor) = after {
            self.push(
                &format!("({created_at}, {id}) > (?, ?)"),
                vec![Box::new(cursor.created_at), Box::new(cursor.id)],
            );
        }
    }

    pub(crate) fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }

    /// The query's `LIMIT $n` placeholder, with the limit appended to the parameters.
    pub(crate) fn limit(&mut self, limit: usize) -> String {
        self.values.push(Box::new(i64::try_from(limit).unwrap_or(i64::MAX)));
        format!("LIMIT ${}", self.values.len())
    }

    /// The parameters as the driver takes them.
    pub(crate) fn parameters(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values.iter().map(|value| value.as_ref() as &(dyn ToSql + Sync)).collect()
    }
}
