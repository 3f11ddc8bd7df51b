//! Running statements prepared once per pooled connection. A statement sent as text with
//! parameters is prepared again on every call, a round trip of its own before the one that runs
//! it; the hot paths (authentication, sending, polling, marking) go through here instead.

use deadpool_postgres::GenericClient;
use switchyard_network::store::StoreError;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use crate::rows::db_error;

type Parameters<'a> = [&'a (dyn ToSql + Sync)];

pub(crate) async fn execute(
    db: &impl GenericClient,
    sql: &str,
    parameters: &Parameters<'_>,
) -> Result<u64, StoreError> {
    let statement = db.prepare_cached(sql).await.map_err(db_error)?;
    db.execute(&statement, parameters).await.map_err(db_error)
}

pub(crate) async fn query(
    db: &impl GenericClient,
    sql: &str,
    parameters: &Parameters<'_>,
) -> Result<Vec<Row>, StoreError> {
    let statement = db.prepare_cached(sql).await.map_err(db_error)?;
    db.query(&statement, parameters).await.map_err(db_error)
}

pub(crate) async fn query_opt(
    db: &impl GenericClient,
    sql: &str,
    parameters: &Parameters<'_>,
) -> Result<Option<Row>, StoreError> {
    let statement = db.prepare_cached(sql).await.map_err(db_error)?;
    db.query_opt(&statement, parameters).await.map_err(db_error)
}

pub(crate) async fn query_one(
    db: &impl GenericClient,
    sql: &str,
    parameters: &Parameters<'_>,
) -> Result<Row, StoreError> {
    let statement = db.prepare_cached(sql).await.map_err(db_error)?;
    db.query_one(&statement, parameters).await.map_err(db_error)
}
