//! End-to-end tests: the real server on a random port, driven over HTTP the way an ERP
//! connector drives it. Every response is checked against the public contract as it arrives.

// Test code: a failed unwrap is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod contract;
mod helpers;
mod served_binary;

mod admin_commands;
mod all_transactions;
mod authentication;
mod backup;
mod cli;
mod connections;
mod copy_network;
mod database_size;
mod document_mails;
mod documented_names;
mod error_desk;
mod errors_and_tasks;
mod every_document_type;
mod export;
mod failed_sync;
mod idempotency;
mod incoming;
mod leases;
mod limits;
mod marking;
mod metrics;
mod multi_process;
mod notifications;
mod portal;
mod portal_browser;
mod portal_documents;
mod portal_people_browser;
mod portal_webhooks_browser;
mod reference_examples;
mod reference_page;
mod request_log;
mod retention;
mod sending;
mod settled_cases;
mod sign_in;
mod timeline;
mod tls;
mod unavailable;
mod validation;
mod versions;
mod webhooks;
mod worker;
