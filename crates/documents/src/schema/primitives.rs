//! The leaves of documents: text with a length limit, numbers, dates (a date is accepted where a
//! date-time is declared), e-mail addresses, URLs, currencies, countries, and lists.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::schema::codes::{is_country, is_currency};
use crate::schema::{Components, Model, Path, Report};

/// Text of at most `MAX` characters (no limit when `MAX` is 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text<const MAX: usize = 0>(pub String);

impl<const MAX: usize> Model for Text<MAX> {
    fn check(value: &Value, path: &Path<'_>, report: &mut Report) {
        match value.as_str() {
            None => report.problem(path, "This field must be text."),
            Some(text) if MAX > 0 && text.chars().count() > MAX => {
                report.problem(path, format!("This text is longer than {MAX} characters."));
            }
            Some(_) => {}
        }
    }

    fn schema(_: &mut Components) -> Value {
        if MAX > 0 { json!({ "type": "string", "maxLength": MAX }) } else { json!({ "type": "string" }) }
    }
}

/// A number, whole or not.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Number(pub f64);

impl Model for Number {
    fn check(value: &Value, path: &Path<'_>, report: &mut Report) {
        if !value.is_number() {
            report.problem(path, "This field must be a number.");
        }
    }

    fn schema(_: &mut Components) -> Value {
        json!({ "type": "number" })
    }
}

/// A whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Integer(pub i64);

impl Model for Integer {
    fn check(value: &Value, path: &Path<'_>, report: &mut Report) {
        if !value.is_i64() {
            report.problem(path, "This field must be a whole number.");
        }
    }

    fn schema(_: &mut Components) -> Value {
        json!({ "type": "integer" })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bool(pub bool);

impl Model for Bool {
    fn check(value: &Value, path: &Path<'_>, report: &mut Report) {
        if !value.is_boolean() {
            report.problem(path, "This field must be true or false.");
        }
    }

    fn schema(_: &mut Components) -> Value {
        json!({ "type": "boolean" })
    }
}

/// Declares a string newtype checked by `$valid`, with its problem message and schema.
macro_rules! checked_text {
    ($(#[$meta:meta])* $name:ident, $valid:expr, $message:expr, $schema:tt) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl Model for $name {
            fn check(value: &Value, path: &Path<'_>, report: &mut Report) {
                let valid: fn(&str) -> bool = $valid;
                let message: fn(&str) -> String = $message;
                match value.as_str() {
                    Some(text) if valid(text) => {}
                    Some(text) => report.problem(path, message(text)),
                    None => report.problem(path, message("")),
                }
            }

            fn schema(_: &mut Components) -> Value {
                json!($schema)
            }
        }
    };
}

checked_text!(
    /// `YYYY-MM-DD`.
    Date,
    is_date,
    |_| "This field must be a date (YYYY-MM-DD).".into(),
    { "type": "string", "format": "date" }
);

checked_text!(
    /// A date-time; a plain date is accepted too, as the public examples send one.
    DateTime,
    |text| is_date(text) || is_date_time(text),
    |_| "This field must be a date or a date and time, e.g. 2024-01-31 or 2024-01-31T12:00:00Z.".into(),
    { "type": "string", "format": "date-time" }
);

checked_text!(
    Email,
    is_email,
    |text| format!("`{text}` is not an e-mail address."),
    { "type": "string", "format": "email" }
);

checked_text!(
    Uri,
    is_url,
    |text| format!("`{text}` is not a URL."),
    { "type": "string", "format": "uri" }
);

checked_text!(
    /// ISO 4217, e.g. `EUR`.
    Currency,
    is_currency,
    |text| format!("`{text}` is not an ISO 4217 currency code such as EUR."),
    { "type": "string", "pattern": "^[A-Z]{3}$" }
);

checked_text!(
    /// ISO 3166-1 alpha-2, e.g. `DE`.
    Country,
    is_country,
    |text| format!("`{text}` is not an ISO 3166-1 alpha-2 country code such as DE."),
    { "type": "string", "pattern": "^[A-Z]{2}$" }
);

fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
        || ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%d %H:%M:%S%.fZ"]
            .iter()
            .any(|format| chrono::NaiveDateTime::parse_from_str(text, format).is_ok())
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(' ')
}

fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else { return false };
    !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && !rest.is_empty()
}

impl<T: Model> Model for Vec<T> {
    const LIST: bool = true;

    fn check_entry(entry: &Value, path: &Path<'_>, report: &mut Report) {
        T::check(entry, path, report);
    }

    fn check(value: &Value, path: &Path<'_>, report: &mut Report) {
        let Some(items) = value.as_array() else {
            report.problem(path, "This field must be a list.");
            return;
        };
        for (index, item) in items.iter().enumerate() {
            T::check(item, &path.index(index), report);
        }
    }

    fn schema(components: &mut Components) -> Value {
        json!({ "type": "array", "items": T::schema(components) })
    }
}

/// A list with at least one entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NonEmpty<T>(pub Vec<T>);

impl<T: Model> Model for NonEmpty<T> {
    const LIST: bool = true;

    fn check_entry(entry: &Value, path: &Path<'_>, report: &mut Report) {
        T::check(entry, path, report);
    }

    fn check(value: &Value, path: &Path<'_>, report: &mut Report) {
        if value.as_array().is_some_and(Vec::is_empty) {
            report.problem(path, "This list needs at least one entry.");
        }
        Vec::<T>::check(value, path, report);
    }

    fn schema(components: &mut Components) -> Value {
        json!({ "type": "array", "minItems": 1, "items": T::schema(components) })
    }
}

impl<T> std::ops::Deref for NonEmpty<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of<T: Model>(value: &Value) -> Vec<String> {
        let mut report = Report::default();
        T::check(value, &Path::Root("x"), &mut report);
        report.problems.iter().map(|problem| problem.message.clone()).collect()
    }

    #[test]
    fn dates_and_date_times_are_lenient_the_documented_way() {
        assert!(problems_of::<Date>(&json!("2021-09-30")).is_empty());
        assert!(!problems_of::<Date>(&json!("2021-09-31")).is_empty());
        assert!(!problems_of::<Date>(&json!("30.09.2021")).is_empty());
        for accepted in
            ["2021-09-30", "2021-10-23T00:00:00.000000Z", "2022-05-01T18:39:09-08:00", "2021-10-23 00:00:00"]
        {
            assert!(problems_of::<DateTime>(&json!(accepted)).is_empty(), "{accepted}");
        }
        assert!(!problems_of::<DateTime>(&json!("tomorrow")).is_empty());
    }

    #[test]
    fn text_limits_count_characters() {
        assert!(problems_of::<Text<3>>(&json!("äöü")).is_empty());
        assert_eq!(problems_of::<Text<3>>(&json!("abcd")), ["This text is longer than 3 characters."]);
        assert_eq!(problems_of::<Text>(&json!(5)), ["This field must be text."]);
    }

    #[test]
    fn numbers_and_lists() {
        assert!(problems_of::<Integer>(&json!(5)).is_empty());
        assert_eq!(problems_of::<Integer>(&json!(5.5)), ["This field must be a whole number."]);
        assert!(problems_of::<Number>(&json!(5.5)).is_empty());
        assert_eq!(problems_of::<NonEmpty<Number>>(&json!([])), ["This list needs at least one entry."]);
        assert_eq!(problems_of::<Vec<Number>>(&json!([1, "2"])), ["This field must be a number."]);
    }

    #[test]
    fn codes_addresses_and_urls() {
        assert!(problems_of::<Currency>(&json!("EUR")).is_empty());
        assert_eq!(problems_of::<Currency>(&json!("EURO")), ["`EURO` is not an ISO 4217 currency code such as EUR."]);
        assert!(problems_of::<Country>(&json!("DE")).is_empty());
        assert!(!problems_of::<Country>(&json!("XX")).is_empty());
        assert!(problems_of::<Email>(&json!("jane.doe@example.com")).is_empty());
        assert!(!problems_of::<Email>(&json!("jane.doe")).is_empty());
        assert!(problems_of::<Uri>(&json!("https://example.com/a.pdf")).is_empty());
        assert!(!problems_of::<Uri>(&json!("example.com")).is_empty());
    }
}
