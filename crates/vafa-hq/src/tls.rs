//! HTTPS for `vafa-hq serve --tls-cert FILE --tls-key FILE`: rustls (ring), no OpenSSL.
//! Each handshake runs in its connection's own task, within the header-read timeout
//! (`listen`), so one slow client never holds up the others.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::HqError;

/// Reads a PEM certificate chain and private key into a rustls server configuration.
pub fn server_config(cert: &str, key: &str) -> Result<Arc<rustls::ServerConfig>, HqError> {
    let bad = |what: &str, detail: String| HqError::Tls {
        what: what.to_string(),
        detail,
    };
    let certs = CertificateDer::pem_file_iter(cert)
        .map_err(|e| bad(cert, e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(cert, e.to_string()))?;
    if certs.is_empty() {
        return Err(bad(cert, "no certificate in the file".into()));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| bad(key, e.to_string()))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| bad("TLS", e.to_string()))?
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .map_err(|e| bad("certificate and key", e.to_string()))?;
    Ok(Arc::new(config))
}
