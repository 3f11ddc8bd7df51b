//! The use cases, one capability per file, each an `impl Hub` block.

pub mod admin;
pub mod all_transactions;
mod authenticate;
mod copy_network;
pub mod demo;
pub mod incoming;
mod jobs;
pub mod report_error;
pub mod send;
mod story;
pub mod tasks;
pub mod validate;
