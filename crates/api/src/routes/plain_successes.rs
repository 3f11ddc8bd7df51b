//! A bulk report made only of plain successes, read straight into ids: the usual batch, which
//! the general reading would first turn into a tree of a thousand small JSON objects.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use switchyard_network::model::ErrorType;
use switchyard_network::usecases::incoming::ProcessingReport;
use uuid::Uuid;

/// The reports of `body` when it is a list of 1 to `max_items` items (bare, or as `items` of an
/// object) that each name a distinct transaction with `success: true` and nothing about an
/// error. `None` for anything else, which the general reading then answers for, problems and
/// all: this never refuses a body, so it cannot word a refusal differently.
pub fn read(body: &[u8], max_items: usize) -> Option<Vec<ProcessingReport>> {
    let items = match body.trim_ascii_start().first()? {
        b'[' => serde_json::from_slice::<Vec<PlainSuccess>>(body).ok()?,
        b'{' => serde_json::from_slice::<Batch>(body).ok()?.items,
        _ => return None,
    };
    if items.is_empty() || items.len() > max_items {
        return None;
    }
    let mut seen = HashSet::with_capacity(items.len());
    items.into_iter().map(|PlainSuccess(id)| seen.insert(id).then(|| succeeded(id))).collect()
}

fn succeeded(transaction_id: Uuid) -> ProcessingReport {
    // The error fields are only read for a failure; these are what absent fields read as.
    let error_type = ErrorType::default();
    ProcessingReport { transaction_id, success: true, error_reason: None, error_type, error_context: None }
}

/// Only its `{` form reaches here (see [`read`]), and other fields are ignored, as the general
/// reading ignores them.
#[derive(Deserialize)]
struct Batch {
    items: Vec<PlainSuccess>,
}

/// The id of an item that is a plain success. Any other item fails the reading there and then,
/// so that a batch of failures is not read to its end twice.
struct PlainSuccess(Uuid);

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum Field {
    ProcurosTransactionId,
    Success,
    ErrorReason,
    ErrorType,
    ErrorContext,
    #[serde(other)]
    Other,
}

impl<'de> Deserialize<'de> for PlainSuccess {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A map only: a derived struct would also take `["<id>", true, null, null, null]`,
        // which the general reading refuses.
        deserializer.deserialize_map(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = PlainSuccess;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an object with procurosTransactionId and success")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PlainSuccess, A::Error> {
        let (mut id, mut success, mut about_an_error) = (None, None, false);
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::ProcurosTransactionId => id = Some(map.next_value::<Uuid>()?),
                Field::Success => success = Some(map.next_value::<bool>()?),
                // `null` reads as absent, as in the general reading.
                Field::ErrorReason | Field::ErrorType | Field::ErrorContext => {
                    about_an_error |= map.next_value::<Option<IgnoredAny>>()?.is_some();
                }
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match (id, success) {
            (Some(id), Some(true)) if !about_an_error => Ok(PlainSuccess(id)),
            _ => Err(serde::de::Error::custom("not a plain success")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::routes::marking::read_bulk;

    const A: &str = "0190b5a2-7c4e-7a11-8a2b-0c1d2e3f4a5b";
    const B: &str = "0190b5a2-7c4e-7a11-8a2b-0c1d2e3f4a5c";

    /// What the general reading makes of `body`, in the fields a report has.
    fn general(body: &str) -> Result<Vec<String>, String> {
        let value = crate::body::parse_json(body.as_bytes()).map_err(|error| format!("{error:?}"))?;
        let reports = read_bulk(&value).map_err(|error| format!("{error:?}"))?;
        Ok(reports.iter().map(|report| format!("{report:?}")).collect())
    }

    fn quick(body: &str) -> Option<Vec<String>> {
        read(body.as_bytes(), 1000).map(|reports| reports.iter().map(|report| format!("{report:?}")).collect())
    }

    #[test]
    fn plain_successes_read_as_the_general_reading_reads_them() {
        let bodies = [
            format!(r#"{{"items": [{{"procurosTransactionId": "{A}", "success": true}}]}}"#),
            format!(
                r#"[{{"success": true, "procurosTransactionId": "{A}"}}, {{"procurosTransactionId": "{B}", "success": true}}]"#
            ),
            format!(
                r#"  {{"note": 1, "items": [{{"procurosTransactionId": "{A}", "success": true, "extra": [1, {{}}]}}]}}"#
            ),
            format!(
                r#"[{{"procurosTransactionId": "{A}", "success": true, "errorReason": null, "errorContext": null}}]"#
            ),
            format!(r#"[{{"procurosTransactionId": "{}", "success": true}}]"#, A.to_uppercase()),
            format!(r#"[{{"procurosTransactionId": "{}", "success": true}}]"#, A.replace('-', "")),
        ];
        for body in &bodies {
            let quick = quick(body).unwrap_or_else(|| panic!("not read quickly: {body}"));
            assert_eq!(Ok(quick), general(body), "{body}");
        }
    }

    #[test]
    fn anything_else_is_left_to_the_general_reading() {
        let bodies = [
            format!(r#"[{{"procurosTransactionId": "{A}", "success": false, "errorReason": "No such item"}}]"#),
            format!(r#"[{{"procurosTransactionId": "{A}", "success": true, "errorType": "DATA"}}]"#),
            format!(r#"[{{"procurosTransactionId": "{A}", "success": true, "errorContext": {{}}}}]"#),
            format!(
                r#"[{{"procurosTransactionId": "{A}", "success": true}}, {{"procurosTransactionId": "{A}", "success": true}}]"#
            ),
            format!(r#"[["{A}", true, null, null, null]]"#),
            format!(r#"[{{"procurosTransactionId": "{A}", "success": "true"}}]"#),
            format!(r#"[{{"procurosTransactionId": " {A}", "success": true}}]"#),
            format!(r#"[{{"procurosTransactionId": "{A}"}}]"#),
            r#"[{"procurosTransactionId": null, "success": true}]"#.to_owned(),
            format!(r#"{{"items": [{{"procurosTransactionId": "{A}", "success": true}}], "items": []}}"#),
            format!(r#"[{{"procurosTransactionId": "{A}", "success": true}}"#),
            r#"{"items": []}"#.to_owned(),
            "[]".to_owned(),
            "42".to_owned(),
        ];
        for body in &bodies {
            assert_eq!(quick(body), None, "{body}");
        }
        let too_many: Vec<String> = (0..1001)
            .map(|n| format!(r#"{{"procurosTransactionId": "{}", "success": true}}"#, uuid::Uuid::from_u128(n)))
            .collect();
        assert_eq!(quick(&format!("[{}]", too_many.join(","))), None);
    }
}
