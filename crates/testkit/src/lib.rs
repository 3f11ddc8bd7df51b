//! What the test suites share. Test-only: no crate depends on it outside `[dev-dependencies]`.

pub mod reference;
pub mod smtp_sink;
pub mod webdriver;
pub mod webhook_sink;
