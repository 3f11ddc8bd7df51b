//! Tasks for the companies' ERPs.

use async_trait::async_trait;
use switchyard_network::model::{NewTask, TaskClosing, TaskRecord};
use switchyard_network::store::{StoreError, TaskClosed, TaskQuery, TaskStore};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::PostgresStore;
use crate::conditions::Conditions;
use crate::errors::insert_error;
use crate::rows::{db_error, get, json_opt, parsed};

const TASK_COLUMNS: &str =
    "SELECT id, company_id, task_type, payload, created_at, closed_at, success, result, error_id FROM tasks";

fn task_from_row(row: &Row) -> Result<TaskRecord, StoreError> {
    Ok(TaskRecord {
        id: get(row, 0)?,
        company_id: get(row, 1)?,
        kind: parsed(row, 2)?,
        payload: json_opt(row, 3)?,
        created_at: get(row, 4)?,
        closed_at: get(row, 5)?,
        success: get(row, 6)?,
        result: json_opt(row, 7)?,
        error_id: get(row, 8)?,
    })
}

#[async_trait]
impl TaskStore for PostgresStore {
    async fn create_task(&self, task: NewTask) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        db.execute(
            "INSERT INTO tasks (id, company_id, task_type, payload, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[
                &task.id,
                &task.company_id,
                &task.kind.as_str(),
                &task.payload.as_ref().map(ToString::to_string),
                &task.created_at,
            ],
        )
        .await
        .map_err(db_error)?;
        crate::effects::write(&db, &task.effects).await?;
        db.commit().await.map_err(db_error)
    }

    async fn list_open_tasks(&self, query: TaskQuery) -> Result<Vec<TaskRecord>, StoreError> {
        let mut conditions = Conditions::default();
        conditions.push("company_id = ? AND closed_at IS NULL", vec![Box::new(query.company_id)]);
        conditions.push_any("task_type", query.kinds.iter().map(ToString::to_string).collect());
        conditions.push_after("created_at", "id", query.after);
        let limit = conditions.limit(query.limit);
        let sql = format!("{TASK_COLUMNS} WHERE {} ORDER BY created_at, id {limit}", conditions.sql());
        let rows = self.client().await?.query(&sql, &conditions.parameters()).await.map_err(db_error)?;
        rows.iter().map(task_from_row).collect()
    }

    async fn find_task(&self, id: Uuid) -> Result<Option<TaskRecord>, StoreError> {
        let row =
            self.client().await?.query_opt(&format!("{TASK_COLUMNS} WHERE id = $1"), &[&id]).await.map_err(db_error)?;
        row.as_ref().map(task_from_row).transpose()
    }

    async fn close_task(&self, company_id: Uuid, id: Uuid, closing: TaskClosing) -> Result<TaskClosed, StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        let row = db
            .query_opt("SELECT closed_at FROM tasks WHERE id = $1 AND company_id = $2 FOR UPDATE", &[&id, &company_id])
            .await
            .map_err(db_error)?;
        let Some(row) = row else { return Ok(TaskClosed::NotFound) };
        if get::<Option<i64>>(&row, 0)?.is_some() {
            return Ok(TaskClosed::AlreadyClosed);
        }
        if let Some(error) = &closing.error {
            insert_error(&db, error).await?;
        }
        db.execute(
            "UPDATE tasks SET closed_at = $2, success = $3, result = $4, error_id = $5 WHERE id = $1",
            &[
                &id,
                &closing.closed_at,
                &closing.success,
                &closing.result.as_ref().map(ToString::to_string),
                &closing.error.as_ref().map(|error| error.id),
            ],
        )
        .await
        .map_err(db_error)?;
        crate::effects::write(&db, &closing.effects).await?;
        db.commit().await.map_err(db_error)?;
        Ok(TaskClosed::Closed)
    }
}
