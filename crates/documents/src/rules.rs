//! Business rules the public documentation states beyond the schemas.

use crate::Content;
use crate::schema::Report;

/// Adds a problem (or warning) for every rule `content` breaks.
pub fn check(_content: &Content, _report: &mut Report) {}
