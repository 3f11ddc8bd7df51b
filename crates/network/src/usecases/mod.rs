//! The use cases, one capability per file, each an `impl Hub` block.

pub mod admin;
pub mod all_transactions;
pub mod authenticate;
pub mod colleagues;
mod copy_network;
pub mod dashboard;
pub mod demo;
mod demo_story;
pub mod document_news;
pub mod error_desk;
pub mod finding;
mod idempotency;
pub mod incoming;
mod jobs;
pub mod leases;
pub mod notify;
pub mod partners;
pub mod people;
pub mod proposals;
pub mod report_error;
pub mod send;
pub mod sign_in;
mod story;
pub mod tasks;
pub mod timeline;
pub mod validate;
