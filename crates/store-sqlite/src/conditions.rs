//! WHERE clauses built from optional filters, with numbered parameters, for the list queries.

use std::fmt::Write;

use rusqlite::types::Value;
use switchyard_network::Cursor;

use crate::rows::uuid_text;

/// A WHERE clause under construction, with its parameters in order.
#[derive(Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    pub(crate) values: Vec<Value>,
}

impl Conditions {
    /// Adds `clause`, numbering its `?` placeholders after the parameters already present.
    pub(crate) fn push(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        let mut pieces = clause.split('?');
        let mut numbered = pieces.next().unwrap_or_default().to_owned();
        for (piece, value) in pieces.zip(values) {
            self.values.push(value);
            let _ = write!(numbered, "?{}{piece}", self.values.len());
        }
        self.clauses.push(numbered);
    }

    /// `column IN (...)` for a non-empty list; nothing for an empty one.
    pub(crate) fn push_in(&mut self, column: &str, names: Vec<String>) {
        if names.is_empty() {
            return;
        }
        let marks = vec!["?"; names.len()].join(", ");
        self.push(&format!("{column} IN ({marks})"), names.into_iter().map(Value::Text));
    }

    pub(crate) fn push_after(&mut self, created_at: &str, id: &str, after: Option<Cursor>) {
        if let Some(cursor) = after {
            self.push(
                &format!("({created_at}, {id}) > (?, ?)"),
                [Value::Integer(cursor.created_at), Value::Text(uuid_text(cursor.id))],
            );
        }
    }

    pub(crate) fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

/// A query's `LIMIT`, written as a number: with a bound `LIMIT ?` this SQLite build (with STAT4)
/// prepares the statement again on every run, which cost a fifth of a page's time. Page sizes
/// are few, so the statement cache still holds every variant.
pub(crate) fn limit_clause(limit: usize) -> String {
    format!("LIMIT {limit}")
}
