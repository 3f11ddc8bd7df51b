//! The API's readers of untrusted text, callable without a server, for the fuzz targets in
//! `fuzz/`: each answers whether the input was accepted, and must never panic.

use chrono_tz::Tz;

use super::{all_transactions, marking};
use crate::body::parse_json;
use crate::pagination::ListQuery;

/// Reads `text` as the query string of `GET /v2/all-transactions`: page size, cursor and every
/// filter, with the days of `filter[created_between]` in `zone`.
pub fn history_query(text: &str, zone: Tz) -> bool {
    all_transactions::read_filters(&ListQuery::parse(Some(text)), zone).is_ok()
}

/// Reads `body` as the body of `POST /v2/transactions/bulk/mark-processed`.
pub fn bulk_body(body: &[u8]) -> bool {
    parse_json(body).is_ok_and(|value| marking::read_bulk(&value).is_ok())
}
