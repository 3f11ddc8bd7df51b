//! The Switchyard binary's parts: configuration, the server, and the operator commands. A
//! library as well, so that the integration tests start the very server the binary runs.

pub mod background;
pub mod commands;
pub mod config;
pub mod demo_output;
pub mod mail_jobs;
pub mod mailer;
pub mod metrics;
pub mod retention;
pub mod server;
pub mod serving;
pub mod version;
pub mod webhook_dispatcher;
pub mod worker;
