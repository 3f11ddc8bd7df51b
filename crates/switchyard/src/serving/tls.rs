//! TLS for a small install without a reverse proxy: the certificate chain and key read from PEM
//! files (`tls_cert`, `tls_key`), offered with HTTP/2 and HTTP/1.1 (ALPN), and read again on
//! SIGHUP ([`super::hangup`]), so that a renewed certificate (certbot, acme.sh) is taken up without a restart. A
//! reload that fails keeps the certificate in use and says why in the log.

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use anyhow::Context;
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

/// ALPN's name for HTTP/2.
pub const H2: &[u8] = b"h2";

/// The acceptor of new connections, replaced whole on reload (connections open keep theirs).
pub struct ReloadableTls {
    cert: PathBuf,
    key: PathBuf,
    current: RwLock<TlsAcceptor>,
}

impl ReloadableTls {
    pub fn load(cert: &Path, key: &Path) -> anyhow::Result<Arc<Self>> {
        let acceptor = acceptor(cert, key)?;
        Ok(Arc::new(Self { cert: cert.to_owned(), key: key.to_owned(), current: RwLock::new(acceptor) }))
    }

    /// Reads the files again; on failure the certificate in use stays.
    pub fn reload(&self) -> anyhow::Result<()> {
        let fresh = acceptor(&self.cert, &self.key)?;
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = fresh;
        Ok(())
    }

    pub fn acceptor(&self) -> TlsAcceptor {
        self.current.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Reads the files again and says in the log how that went.
    pub fn reload_and_tell(&self) {
        match self.reload() {
            Ok(()) => tracing::info!(cert = %self.cert.display(), "certificate and key read again"),
            Err(error) => tracing::warn!(%error, "the certificate or key could not be read; the one in use stays"),
        }
    }
}

fn acceptor(cert: &Path, key: &Path) -> anyhow::Result<TlsAcceptor> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("could not read the certificate {}", cert.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("{} is not a PEM certificate chain", cert.display()))?;
    anyhow::ensure!(!chain.is_empty(), "{} holds no certificate", cert.display());
    let key = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("could not read a PEM private key from {}", key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("TLS versions")?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the certificate and the key do not belong together")?;
    config.alpn_protocols = vec![H2.to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
