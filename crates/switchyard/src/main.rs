//! `switchyard`: the hub's one binary.

use clap::Parser;
use switchyard::commands::{Cli, run};

// A send allocates many small, short-lived values (parsed JSON, paths, rows); glibc's allocator
// spent a fifth of the server's time on them under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
