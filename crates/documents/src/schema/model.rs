//! The `Model` trait every document part implements: check a JSON value reporting every problem
//! with its path, and describe itself for our OpenAPI document. `model!` and `doc_enum!` write
//! both, and the serde type, from one declaration.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::schema::{Components, Path, Report};

pub trait Model: DeserializeOwned {
    /// Whether this is a list, whose entries [`Model::check_entry`] checks one at a time.
    const LIST: bool = false;

    /// Adds a problem for everything wrong with `value`; never panics.
    fn check(value: &Value, path: &Path<'_>, report: &mut Report);

    /// Checks one entry of a list of this type, at its own path. Only lists have entries.
    fn check_entry(_entry: &Value, path: &Path<'_>, report: &mut Report) {
        report.problem(path, "This field must be a list.");
    }

    /// The OpenAPI schema (a `$ref` for named models).
    fn schema(components: &mut Components) -> Value;
}

/// Models that are JSON objects, so that another model can extend them. A large object's lists
/// can be checked apart from it, entry by entry, as they are read.
pub trait ObjectModel: Model {
    fn check_fields(object: &Map<String, Value>, path: &Path<'_>, report: &mut Report) {
        Self::check_fields_except(object, path, report, &|_| false);
    }

    /// Checks the fields but those for which `checked_apart` holds.
    fn check_fields_except(
        object: &Map<String, Value>,
        path: &Path<'_>,
        report: &mut Report,
        checked_apart: &dyn Fn(&str) -> bool,
    );

    /// Checks field `key` of this model, present and not `null`; other keys are not checked
    /// (unknown properties are kept, as the API allows).
    fn check_known_field(key: &str, value: &Value, path: &Path<'_>, report: &mut Report);

    /// Reports each required field that is absent or `null`.
    fn check_required_present(
        object: &Map<String, Value>,
        path: &Path<'_>,
        report: &mut Report,
        checked_apart: &dyn Fn(&str) -> bool,
    );

    /// Whether field `key` is a list of this model.
    fn is_list_field(key: &str) -> bool;

    /// Checks one entry of list field `key`, at the entry's path.
    fn check_list_entry(key: &str, entry: &Value, path: &Path<'_>, report: &mut Report);
}

/// A problem when required field `key` is absent or `null`.
pub fn require_field(object: &Map<String, Value>, key: &str, path: &Path<'_>, report: &mut Report) {
    if object.get(key).is_none_or(Value::is_null) {
        report.problem(&path.key(key), format!("The {key} field is required."));
    }
}

/// The object a model expects, or a problem.
pub fn expect_object<'v>(value: &'v Value, path: &Path<'_>, report: &mut Report) -> Option<&'v Map<String, Value>> {
    let object = value.as_object();
    if object.is_none() {
        report.problem(path, "This field must be an object.");
    }
    object
}

/// Declares a document part: the serde struct, its check, and its schema. Fields are
/// `rust_name "wireName": req Type` or `opt Type`; `extends Base` flattens another object model in.
#[macro_export]
macro_rules! model {
    (@field_type req $ty:ty) => { $ty };
    (@field_type opt $ty:ty) => { Option<$ty> };
    (@required req) => { true };
    (@required opt) => { false };
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(extends $base:ident)? {
            $($field:ident $wire:literal : $req:ident $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
        pub struct $name {
            $(
                #[serde(flatten)]
                pub base: $base,
            )?
            $(
                #[serde(rename = $wire)]
                pub $field: $crate::model!(@field_type $req $ty),
            )*
        }

        impl $crate::schema::ObjectModel for $name {
            fn check_fields_except(
                object: &serde_json::Map<String, serde_json::Value>,
                path: &$crate::schema::Path<'_>,
                report: &mut $crate::schema::Report,
                checked_apart: &dyn Fn(&str) -> bool,
            ) {
                // Driven by the keys present: an entry has a few of a model's many fields, and
                // looking each field up took longer than checking those present.
                for (key, value) in object {
                    if !value.is_null() && !checked_apart(key) {
                        <Self as $crate::schema::ObjectModel>::check_known_field(key, value, path, report);
                    }
                }
                <Self as $crate::schema::ObjectModel>::check_required_present(object, path, report, checked_apart);
            }

            fn check_known_field(
                key: &str,
                value: &serde_json::Value,
                path: &$crate::schema::Path<'_>,
                report: &mut $crate::schema::Report,
            ) {
                match key {
                    $( $wire => <$ty as $crate::schema::Model>::check(value, &path.key($wire), report), )*
                    _ => {
                        $( <$base as $crate::schema::ObjectModel>::check_known_field(key, value, path, report); )?
                    }
                }
            }

            fn check_required_present(
                object: &serde_json::Map<String, serde_json::Value>,
                path: &$crate::schema::Path<'_>,
                report: &mut $crate::schema::Report,
                checked_apart: &dyn Fn(&str) -> bool,
            ) {
                $( <$base as $crate::schema::ObjectModel>::check_required_present(object, path, report, checked_apart); )?
                $(
                    if $crate::model!(@required $req) && !checked_apart($wire) {
                        $crate::schema::require_field(object, $wire, path, report);
                    }
                )*
            }

            fn is_list_field(key: &str) -> bool {
                $( if <$base as $crate::schema::ObjectModel>::is_list_field(key) { return true; } )?
                $( (key == $wire && <$ty as $crate::schema::Model>::LIST) || )* false
            }

            fn check_list_entry(
                key: &str,
                entry: &serde_json::Value,
                path: &$crate::schema::Path<'_>,
                report: &mut $crate::schema::Report,
            ) {
                $(
                    if <$base as $crate::schema::ObjectModel>::is_list_field(key) {
                        return <$base as $crate::schema::ObjectModel>::check_list_entry(key, entry, path, report);
                    }
                )?
                $(
                    if key == $wire {
                        return <$ty as $crate::schema::Model>::check_entry(entry, path, report);
                    }
                )*
                report.problem(path, format!("{key} is not a list of this document."));
            }
        }

        impl $crate::schema::Model for $name {
            fn check(value: &serde_json::Value, path: &$crate::schema::Path<'_>, report: &mut $crate::schema::Report) {
                if let Some(object) = $crate::schema::expect_object(value, path, report) {
                    <Self as $crate::schema::ObjectModel>::check_fields(object, path, report);
                }
            }

            fn schema(components: &mut $crate::schema::Components) -> serde_json::Value {
                components.named(stringify!($name), |components| {
                    let mut properties = serde_json::Map::new();
                    let mut required: Vec<&str> = Vec::new();
                    $(
                        properties.insert($wire.to_owned(), <$ty as $crate::schema::Model>::schema(components));
                        if $crate::model!(@required $req) {
                            required.push($wire);
                        }
                    )*
                    let own = serde_json::json!({ "type": "object", "properties": properties, "required": required });
                    let _base = serde_json::Value::Null;
                    $( let _base = <$base as $crate::schema::Model>::schema(components); )?
                    if _base.is_null() { own } else { serde_json::json!({ "allOf": [_base, own] }) }
                })
            }
        }
    };
}

/// Declares a closed list of wire values: the enum, its check and its schema.
#[macro_export]
macro_rules! doc_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
        pub enum $name { $( #[serde(rename = $wire)] $variant ),+ }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($wire),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
        }

        impl $crate::schema::Model for $name {
            fn check(value: &serde_json::Value, path: &$crate::schema::Path<'_>, report: &mut $crate::schema::Report) {
                $crate::schema::check_enum(value, Self::NAMES, path, report);
            }

            fn schema(components: &mut $crate::schema::Components) -> serde_json::Value {
                components.named(stringify!($name), |_| serde_json::json!({ "type": "string", "enum": Self::NAMES }))
            }
        }
    };
}

/// A string that must be one of `names`.
pub fn check_enum(value: &Value, names: &[&str], path: &Path<'_>, report: &mut Report) {
    match value.as_str() {
        Some(name) if names.contains(&name) => {}
        Some(name) => report.problem(path, format!("`{name}` is not one of: {}.", names.join(", "))),
        None => report.problem(path, format!("This field must be one of: {}.", names.join(", "))),
    }
}
