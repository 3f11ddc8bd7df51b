//! The use cases, one capability per file, each an `impl Hub` block.

pub mod admin;
pub mod all_transactions;
mod authenticate;
mod copy_network;
pub mod demo;
pub mod incoming;
pub mod report_error;
pub mod send;
pub mod tasks;
pub mod validate;
