//! Each company's audit log, read newest first a page at a time (its entries are written with
//! their changes, in [`crate::effects`]).

use async_trait::async_trait;
use rusqlite::params;
use switchyard_network::model::{AuditEntry, AuditRecord};
use switchyard_network::store::{AuditStore, StoreError};
use uuid::Uuid;

use crate::SqliteStore;
use crate::rows::{db_error, parsed, uuid_text};

#[async_trait]
impl AuditStore for SqliteStore {
    async fn list_audit(
        &self,
        company_id: Uuid,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        self.readers
            .run(move |db| {
                let mut statement = db
                    .prepare_cached(
                        "SELECT seq, id, company_id, at, actor, action, detail FROM audit_log
                         WHERE company_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3",
                    )
                    .map_err(db_error)?;
                let limit = i64::try_from(limit).unwrap_or(i64::MAX);
                let rows = statement
                    .query_map(params![uuid_text(company_id), before.unwrap_or(i64::MAX), limit], |row| {
                        Ok(AuditRecord {
                            seq: row.get(0)?,
                            entry: AuditEntry {
                                id: parsed(row, 1)?,
                                company_id: parsed(row, 2)?,
                                at: row.get(3)?,
                                actor: row.get(4)?,
                                action: parsed(row, 5)?,
                                detail: parsed(row, 6)?,
                            },
                        })
                    })
                    .map_err(db_error)?;
                rows.collect::<Result<_, _>>().map_err(db_error)
            })
            .await
    }
}
