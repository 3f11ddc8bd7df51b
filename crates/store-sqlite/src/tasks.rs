//! Tasks for the companies' ERPs.

use async_trait::async_trait;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};
use switchyard_network::model::{NewTask, TaskClosing, TaskRecord};
use switchyard_network::store::{StoreError, TaskClosed, TaskQuery, TaskStore};
use uuid::Uuid;

use crate::SqliteStore;
use crate::conditions::{Conditions, limit_clause};
use crate::errors::insert_error;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};

const TASK_COLUMNS: &str =
    "SELECT id, company_id, task_type, payload, created_at, closed_at, success, result, error_id FROM tasks";

fn task_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<TaskRecord> {
    Ok(TaskRecord {
        id: parsed(row, 0)?,
        company_id: parsed(row, 1)?,
        kind: parsed(row, 2)?,
        payload: parsed_opt(row, 3)?,
        created_at: row.get(4)?,
        closed_at: row.get(5)?,
        success: row.get(6)?,
        result: parsed_opt(row, 7)?,
        error_id: parsed_opt(row, 8)?,
    })
}

fn open_tasks_sql(query: &TaskQuery) -> (String, Vec<Value>) {
    let mut conditions = Conditions::default();
    conditions.push("company_id = ? AND closed_at IS NULL", [Value::Text(uuid_text(query.company_id))]);
    conditions.push_in("task_type", query.kinds.iter().map(ToString::to_string).collect());
    conditions.push_after("created_at", "id", query.after);
    let limit = limit_clause(query.limit);
    (format!("{TASK_COLUMNS} WHERE {} ORDER BY created_at, id {limit}", conditions.sql()), conditions.values)
}

#[async_trait]
impl TaskStore for SqliteStore {
    async fn create_task(&self, task: NewTask) -> Result<(), StoreError> {
        self.writer
            .run(move |db| {
                db.execute(
                    "INSERT INTO tasks (id, company_id, task_type, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        uuid_text(task.id),
                        uuid_text(task.company_id),
                        task.kind.as_str(),
                        task.payload.as_ref().map(ToString::to_string),
                        task.created_at
                    ],
                )
                .map_err(db_error)?;
                crate::effects::write(db, &task.effects)
            })
            .await
    }

    async fn list_open_tasks(&self, query: TaskQuery) -> Result<Vec<TaskRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let (sql, values) = open_tasks_sql(&query);
                let mut statement = db.prepare_cached(&sql).map_err(db_error)?;
                let rows = statement.query_map(params_from_iter(values), task_from_row).map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }

    async fn find_task(&self, id: Uuid) -> Result<Option<TaskRecord>, StoreError> {
        self.readers
            .run(move |db| {
                db.query_row(&format!("{TASK_COLUMNS} WHERE id = ?1"), [uuid_text(id)], task_from_row)
                    .optional()
                    .map_err(db_error)
            })
            .await
    }

    async fn close_task(&self, company_id: Uuid, id: Uuid, closing: TaskClosing) -> Result<TaskClosed, StoreError> {
        self.writer
            .run(move |db| {
                let closed_at: Option<Option<i64>> = db
                    .query_row(
                        "SELECT closed_at FROM tasks WHERE id = ?1 AND company_id = ?2",
                        [uuid_text(id), uuid_text(company_id)],
                        |row| row.get(0),
                    )
                    .optional()
                    .map_err(db_error)?;
                match closed_at {
                    None => return Ok(TaskClosed::NotFound),
                    Some(Some(_)) => return Ok(TaskClosed::AlreadyClosed),
                    Some(None) => {}
                }
                if let Some(error) = &closing.error {
                    insert_error(db, error)?;
                }
                db.execute(
                    "UPDATE tasks SET closed_at = ?2, success = ?3, result = ?4, error_id = ?5 WHERE id = ?1",
                    params![
                        uuid_text(id),
                        closing.closed_at,
                        closing.success,
                        closing.result.as_ref().map(ToString::to_string),
                        closing.error.as_ref().map(|error| uuid_text(error.id))
                    ],
                )
                .map_err(db_error)?;
                crate::effects::write(db, &closing.effects)?;
                Ok(TaskClosed::Closed)
            })
            .await
    }
}
