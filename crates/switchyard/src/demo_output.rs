//! Telling an integrator how to use a freshly seeded demo network: the tokens, a curl line, and
//! `demo-credentials.json` in the data directory for scripts.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::json;
use switchyard_network::usecases::demo::DemoNetwork;

pub const CREDENTIALS_FILE: &str = "demo-credentials.json";

/// Writes the credentials file and returns its path.
pub fn write_credentials(data: &Path, network: &DemoNetwork, public_url: &str) -> anyhow::Result<PathBuf> {
    if !data.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(data)
            .with_context(|| format!("could not create {}", data.display()))?;
    }
    let path = data.join(CREDENTIALS_FILE);
    let login_url = format!("{}/portal/login", public_url.trim_end_matches('/'));
    let companies: Vec<serde_json::Value> = network
        .companies
        .iter()
        .map(|company| {
            let mut value = json!(company);
            value["portal"]["loginUrl"] = json!(login_url);
            value
        })
        .collect();
    let document = json!({
        "baseUrl": public_url,
        "companies": companies,
        "specialRelationships": network.special_relationships,
    });
    write_privately(&path, serde_json::to_string_pretty(&document)?.as_bytes())
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(path)
}

/// Writes `text` to `path` readable by its owner only, all at once: into a temporary file
/// beside it, synced, then renamed over it, so that a reader finds the whole file or none.
fn write_privately(path: &Path, text: &[u8]) -> std::io::Result<()> {
    let partial = path.with_extension("partial");
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&partial)?;
    file.write_all(text)?;
    file.sync_all()?;
    std::fs::rename(&partial, path)?;
    if let Some(directory) = path.parent() {
        std::fs::File::open(directory)?.sync_all()?;
    }
    Ok(())
}

/// What to print after seeding.
pub fn summary(network: &DemoNetwork, public_url: &str, credentials: &Path) -> String {
    let mut lines = vec!["Demo network seeded. API tokens (shown once; also in the credentials file):".to_owned()];
    lines.extend(
        network
            .companies
            .iter()
            .map(|company| format!("  {:<26} {}  ({})", company.name, company.token, company.identifiers.join(", "))),
    );
    lines.extend(
        network.special_relationships.iter().map(|special| {
            format!("  {} -> {}: {} is {}", special.sender, special.receiver, special.kind, special.state)
        }),
    );
    if let Some(first) = network.companies.first() {
        lines.push(format!("Try it:\n  curl -i -H 'Authorization: Bearer {}' {public_url}/v2/ping", first.token));
    }
    lines.push(format!("Portal: sign in at {}/portal/login as", public_url.trim_end_matches('/')));
    lines.extend(network.companies.iter().map(|company| {
        format!("  {:<26} {:<38} password {}", company.name, company.portal.email, company.portal.password)
    }));
    lines.push(format!("Credentials written to {}", credentials.display()));
    lines.join("\n")
}
