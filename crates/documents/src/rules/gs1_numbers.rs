//! GS1 numbers in a document: GLNs of parties, GTINs of items, SSCCs of transport units. A wrong
//! check digit is a warning unless the network is strict.

use serde_json::Value;

use super::Strictness;
use crate::gs1::{GLN, GTIN, Gs1Fault, SSCC, verify};
use crate::schema::{Path, Report};

/// Checks one entry of the list at `list_path`, held under `key`.
pub fn check_entry(
    key: &str,
    entry: &Value,
    list_path: &Path<'_>,
    path: &Path<'_>,
    strictness: Strictness,
    report: &mut Report,
) {
    if key == "identifiers" {
        let is_item = matches!(list_path, Path::Key(Path::Index(Path::Key(_, "items" | "subItems"), _), _));
        let (lengths, name) = if is_item { (GTIN, "GTIN") } else { (GLN, "GLN") };
        if entry.get("domain").and_then(Value::as_str) == Some("GS1")
            && let Some(number) = entry.get("identifier").and_then(Value::as_str)
        {
            flag(number, lengths, name, &path.key("identifier"), strictness, report);
        }
    }
    if key == "transportUnits"
        && let Some(number) = entry.get("unitIdentifier").and_then(Value::as_str)
        && number.len() == 18
        && number.bytes().all(|byte| byte.is_ascii_digit())
    {
        flag(number, SSCC, "SSCC", &path.key("unitIdentifier"), strictness, report);
    }
}

fn flag(number: &str, lengths: &[usize], name: &str, path: &Path<'_>, strictness: Strictness, report: &mut Report) {
    let message = match verify(number, lengths) {
        Ok(()) => return,
        Err(Gs1Fault::Malformed) => format!("`{number}` is not a valid {name}: it needs {} digits.", digits(lengths)),
        Err(Gs1Fault::CheckDigit(expected)) => {
            format!("The check digit of {name} {number} is wrong: the last digit should be {expected}.")
        }
    };
    match strictness {
        Strictness::Lenient => report.warning(path, message),
        Strictness::Strict => report.problem(path, message),
    }
}

fn digits(lengths: &[usize]) -> String {
    let names: Vec<String> = lengths.iter().map(ToString::to_string).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}
