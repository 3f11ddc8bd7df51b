//! Records the commit the binary is built from, for `switchyard --version` and the
//! `switchyard_build_info` metric: `SWITCHYARD_BUILD_COMMIT` when the packaging sets it (a build from
//! a source archive has no repository), else what git says, else `unknown`.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=SWITCHYARD_BUILD_COMMIT");
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.git");
    // Only paths that exist: cargo runs a build script again on every build for one that does not.
    for watched in ["HEAD", "refs/heads", "packed-refs"] {
        let path = repository.join(watched);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    let commit = std::env::var("SWITCHYARD_BUILD_COMMIT").ok().filter(|commit| !commit.is_empty()).or_else(git_commit);
    println!("cargo:rustc-env=SWITCHYARD_BUILD_COMMIT={}", commit.as_deref().unwrap_or("unknown"));
}

fn git_commit() -> Option<String> {
    let output = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().ok()?;
    let commit = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (output.status.success() && !commit.is_empty()).then_some(commit)
}
