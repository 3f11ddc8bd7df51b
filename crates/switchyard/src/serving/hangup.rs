//! What a serving hub does on SIGHUP, the signal `systemctl reload` and most service managers
//! send: read the TLS certificate and key again when it serves TLS, and otherwise say that there
//! is nothing to read again. Either way it goes on serving; left to the signal's default, a
//! reload would end a hub that serves plain HTTP (behind a proxy, the usual set-up), and a
//! service manager counts that as a clean stop and does not restart it.

use std::sync::Arc;

use super::tls::ReloadableTls;

/// Watches SIGHUP until the process ends.
pub fn watch(tls: Option<Arc<ReloadableTls>>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            tracing::warn!("SIGHUP cannot be watched; a reload ends the hub");
            return;
        };
        while hangups.recv().await.is_some() {
            if let Some(tls) = &tls {
                tls.reload_and_tell();
            } else {
                tracing::info!(
                    "SIGHUP: no TLS certificate is set, so there is nothing to read again; other settings are read at start"
                );
            }
        }
    });
}
