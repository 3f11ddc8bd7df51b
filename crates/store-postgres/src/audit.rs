//! Each company's audit log, read newest first a page at a time (its entries are written with
//! their changes, in [`crate::effects`]).

use async_trait::async_trait;
use switchyard_network::model::{AuditEntry, AuditRecord};
use switchyard_network::store::{AuditStore, StoreError};
use uuid::Uuid;

use crate::PostgresStore;
use crate::prepared;
use crate::rows::{get, parsed};

#[async_trait]
impl AuditStore for PostgresStore {
    async fn list_audit(
        &self,
        company_id: Uuid,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = prepared::query(
            &self.client().await?,
            "SELECT seq, id, company_id, at, actor, action, detail FROM audit_log
             WHERE company_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3",
            &[&company_id, &before.unwrap_or(i64::MAX), &limit],
        )
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditRecord {
                    seq: get(row, 0)?,
                    entry: AuditEntry {
                        id: get(row, 1)?,
                        company_id: get(row, 2)?,
                        at: get(row, 3)?,
                        actor: get(row, 4)?,
                        action: parsed(row, 5)?,
                        detail: parsed(row, 6)?,
                    },
                })
            })
            .collect()
    }
}
