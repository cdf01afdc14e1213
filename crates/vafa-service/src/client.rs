//! The till's HTTP client for head office (blocking, `ureq` with rustls): every call is
//! retried on connection errors, timeouts, 5xx and unreadable (e.g. truncated) answers,
//! with exponential backoff and jitter; a 4xx is final.

use std::time::Duration;

use rand::Rng;
use serde::de::DeserializeOwned;

use vafa_core::error::{Error, Result};
use vafa_core::protocol::ErrorBody;

/// How hard to try: attempts per call, the first backoff, the cap, and the per-request
/// timeout. `VAFA_SYNC_ATTEMPTS`, `VAFA_SYNC_BACKOFF_MS` and `VAFA_SYNC_TIMEOUT_MS`
/// override them (tests use short ones).
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub attempts: u32,
    pub backoff: Duration,
    pub max_backoff: Duration,
    pub timeout: Duration,
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            attempts: env_u64("VAFA_SYNC_ATTEMPTS")
                .map(|n| n.clamp(1, 100) as u32)
                .unwrap_or(5),
            backoff: Duration::from_millis(env_u64("VAFA_SYNC_BACKOFF_MS").unwrap_or(250)),
            max_backoff: Duration::from_secs(10),
            timeout: Duration::from_millis(env_u64("VAFA_SYNC_TIMEOUT_MS").unwrap_or(30_000)),
        }
    }
}

/// A connection to head office.
pub struct Link {
    agent: ureq::Agent,
    url: String,
    token: String,
    policy: Policy,
}

enum Failure {
    /// Worth trying again.
    Transient(String),
    /// Head office said no.
    Final(Error),
}

impl Link {
    /// `ca_pem`: trust only the certificates in this PEM text (a private CA) instead of
    /// the public web's roots.
    pub fn new(url: &str, token: &str, ca_pem: Option<&str>) -> Result<Link> {
        let policy = Policy::default();
        let mut tls = ureq::tls::TlsConfig::builder();
        if let Some(pem) = ca_pem {
            let certs: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(pem.as_bytes())
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(Error::Invalid {
                    field: vafa_core::error::Field::HqCa,
                    value: pem.lines().next().unwrap_or_default().to_string(),
                    why: vafa_core::error::Why::BadChars,
                });
            }
            tls = tls.root_certs(ureq::tls::RootCerts::Specific(std::sync::Arc::new(certs)));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .tls_config(tls.build())
            .timeout_global(Some(policy.timeout))
            .timeout_connect(Some(policy.timeout.min(Duration::from_secs(10))))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Link {
            agent,
            url: url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            policy,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn once<T: DeserializeOwned>(
        &self,
        path: &str,
        body: Option<&str>,
    ) -> std::result::Result<T, Failure> {
        let url = format!("{}{path}", self.url);
        let auth = format!("Bearer {}", self.token);
        let sent = match body {
            Some(b) => self
                .agent
                .post(&url)
                .header("Authorization", &auth)
                .content_type("application/json")
                .send(b),
            None => self.agent.get(&url).header("Authorization", &auth).call(),
        };
        let mut resp = sent.map_err(|e| Failure::Transient(e.to_string()))?;
        let status = resp.status().as_u16();
        // A busy head office says when to come back (`503` with `Retry-After`).
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s.min(10)));
        let text = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| Failure::Transient(format!("answer cut off: {e}")))?;
        if status >= 500 {
            if let Some(wait) = retry_after {
                std::thread::sleep(wait);
            }
            return Err(Failure::Transient(format!("head office error {status}")));
        }
        if status >= 400 {
            let (code, message) = match serde_json::from_str::<ErrorBody>(&text) {
                Ok(b) => (b.error.code, b.error.message),
                Err(_) => ("http".to_string(), text.chars().take(200).collect()),
            };
            return Err(Failure::Final(Error::HqRefused {
                status,
                code,
                message,
            }));
        }
        serde_json::from_str(&text)
            .map_err(|e| Failure::Transient(format!("unreadable answer: {e}")))
    }

    /// One call, retried as the policy says.
    pub fn call<T: DeserializeOwned>(&self, path: &str, body: Option<&str>) -> Result<T> {
        let mut delay = self.policy.backoff;
        let mut last = String::new();
        for attempt in 0..self.policy.attempts {
            if attempt > 0 {
                // Full jitter: sleep a random time up to the current backoff.
                let ms = delay.as_millis().max(1) as u64;
                let jittered = rand::rng().random_range(ms / 2..=ms);
                std::thread::sleep(Duration::from_millis(jittered));
                delay = (delay * 2).min(self.policy.max_backoff);
            }
            match self.once(path, body) {
                Ok(v) => return Ok(v),
                Err(Failure::Final(e)) => return Err(e),
                Err(Failure::Transient(m)) => last = m,
            }
        }
        Err(Error::HqUnreachable {
            url: self.url.clone(),
            detail: last,
        })
    }
}
