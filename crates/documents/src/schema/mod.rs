//! The machinery of document models: paths, reports, the `Model` trait with the macros that
//! declare models, and the primitive types they are built from.

pub mod codes;
mod components;
mod model;
mod path;
mod primitives;
mod report;

pub use components::Components;
pub use model::{Model, ObjectModel, check_enum, expect_object, require_field};
pub use path::Path;
pub use primitives::{Bool, Country, Currency, Date, DateTime, Email, Integer, NonEmpty, Number, Text, Uri};
pub use report::Report;
