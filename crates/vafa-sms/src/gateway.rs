//! The one trait every provider speaks, and how to get one from `[sms]` configuration.

use std::fmt;
use std::str::FromStr;

use crate::error::SendError;
use crate::http::Timeouts;
use crate::providers::{Ghasedak, Kavenegar, Melipayamak, SmsIr};
use crate::types::{
    Accepted, Amount, Capabilities, Delivery, LocalId, LocalLookup, Outgoing, ProviderId,
    TemplateSend,
};

/// One SMS provider. Every call is blocking, bounded by the configured timeouts, and never
/// panics on any answer.
pub trait Gateway: Send + Sync {
    fn provider(&self) -> Provider;

    /// What the provider offers for sending each message exactly once.
    fn capabilities(&self) -> Capabilities;

    /// Sends one message to one number, with its local id where the API takes one.
    fn send(&self, m: &Outgoing) -> Result<Accepted, SendError>;

    /// Sends a message from a template the provider holds.
    fn send_template(&self, t: &TemplateSend) -> Result<Accepted, SendError>;

    /// The delivery state of messages by the provider's ids, in the order asked. An id
    /// the provider does not know comes back as [`crate::DeliveryState::Unknown`].
    fn status(&self, ids: &[ProviderId]) -> Result<Vec<Delivery>, SendError>;

    /// The remaining credit, where the API tells it.
    fn credit(&self) -> Result<Option<Amount>, SendError>;

    /// Finds a message by our local id, for a worker that restarted not knowing whether
    /// its last send reached the provider.
    fn lookup_local(&self, id: &LocalId) -> Result<LocalLookup, SendError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Kavenegar,
    SmsIr,
    Ghasedak,
    Melipayamak,
}

impl Provider {
    /// The name used in `[sms] provider`.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Kavenegar => "kavenegar",
            Provider::SmsIr => "smsir",
            Provider::Ghasedak => "ghasedak",
            Provider::Melipayamak => "melipayamak",
        }
    }

    /// The provider's own address, used when `base_url` is empty.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::Kavenegar => "https://api.kavenegar.com",
            Provider::SmsIr => "https://api.sms.ir",
            Provider::Ghasedak => "https://gateway.ghasedak.me",
            Provider::Melipayamak => "https://rest.payamak-panel.com",
        }
    }
}

impl FromStr for Provider {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Provider, ConfigError> {
        match s.trim() {
            "kavenegar" => Ok(Provider::Kavenegar),
            "smsir" => Ok(Provider::SmsIr),
            "ghasedak" => Ok(Provider::Ghasedak),
            "melipayamak" => Ok(Provider::Melipayamak),
            other => Err(ConfigError::UnknownProvider(
                other.chars().take(40).collect(),
            )),
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a gateway needs from `[sms]`.
#[derive(Clone)]
pub struct GatewayConfig {
    pub provider: Provider,
    /// Kavenegar, sms.ir, Ghasedak: the API key. Melipayamak: `USERNAME:PASSWORD` (its REST
    /// API takes a username and password; split at the first `:`).
    pub api_key: String,
    /// Empty: the provider's own address. Otherwise scheme, host and port (and an
    /// optional path prefix) to which the provider's paths are appended.
    pub base_url: String,
    pub timeouts: Timeouts,
}

impl GatewayConfig {
    pub fn new(provider: Provider, api_key: &str) -> GatewayConfig {
        GatewayConfig {
            provider,
            api_key: api_key.to_string(),
            base_url: String::new(),
            timeouts: Timeouts::default(),
        }
    }

    pub fn base_url(mut self, url: &str) -> GatewayConfig {
        self.base_url = url.to_string();
        self
    }

    pub fn timeouts(mut self, t: Timeouts) -> GatewayConfig {
        self.timeouts = t;
        self
    }

    pub(crate) fn resolved_base(&self) -> Result<String, ConfigError> {
        let b = self.base_url.trim();
        if b.is_empty() {
            return Ok(self.provider.default_base_url().to_string());
        }
        let rest = b
            .strip_prefix("https://")
            .or_else(|| b.strip_prefix("http://"));
        match rest {
            Some(r) if !r.is_empty() && !r.starts_with('/') && !b.contains(char::is_whitespace) => {
                Ok(b.trim_end_matches('/').to_string())
            }
            _ => Err(ConfigError::BadBaseUrl(b.chars().take(80).collect())),
        }
    }
}

/// Never shows the key.
impl fmt::Debug for GatewayConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatewayConfig")
            .field("provider", &self.provider)
            .field("api_key", &"***")
            .field("base_url", &self.base_url)
            .field("timeouts", &self.timeouts)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("unknown SMS provider {0:?} (kavenegar, smsir, ghasedak, melipayamak)")]
    UnknownProvider(String),
    #[error("the SMS api_key is empty")]
    EmptyKey,
    #[error("the Melipayamak api_key must be USERNAME:PASSWORD")]
    MelipayamakKey,
    #[error("base_url {0:?} is not an http:// or https:// address")]
    BadBaseUrl(String),
}

/// The gateway `[sms]` names.
pub fn connect(config: &GatewayConfig) -> Result<Box<dyn Gateway>, ConfigError> {
    if config.api_key.trim().is_empty() {
        return Err(ConfigError::EmptyKey);
    }
    let base = config.resolved_base()?;
    let key = config.api_key.trim();
    Ok(match config.provider {
        Provider::Kavenegar => Box::new(Kavenegar::new(key, &base, config.timeouts)),
        Provider::SmsIr => Box::new(SmsIr::new(key, &base, config.timeouts)),
        Provider::Ghasedak => Box::new(Ghasedak::new(key, &base, config.timeouts)),
        Provider::Melipayamak => {
            let (user, pass) = key.split_once(':').ok_or(ConfigError::MelipayamakKey)?;
            if user.is_empty() || pass.is_empty() {
                return Err(ConfigError::MelipayamakKey);
            }
            Box::new(Melipayamak::new(user, pass, &base, config.timeouts))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_checked_and_debug_hides_the_key() {
        let c = GatewayConfig::new(Provider::Kavenegar, "SECRET-KEY");
        assert!(!format!("{c:?}").contains("SECRET"));
        assert_eq!(
            c.resolved_base().as_deref(),
            Ok("https://api.kavenegar.com")
        );
        assert!(c.clone().base_url("ftp://x").resolved_base().is_err());
        assert!(c.clone().base_url("http://").resolved_base().is_err());
        assert_eq!(
            c.base_url("http://127.0.0.1:9/").resolved_base().as_deref(),
            Ok("http://127.0.0.1:9")
        );
        assert_eq!("smsir".parse::<Provider>(), Ok(Provider::SmsIr));
        assert!("twilio".parse::<Provider>().is_err());
        assert!(matches!(
            connect(&GatewayConfig::new(Provider::Melipayamak, "nopass")),
            Err(ConfigError::MelipayamakKey)
        ));
        assert!(matches!(
            connect(&GatewayConfig::new(Provider::Kavenegar, " ")),
            Err(ConfigError::EmptyKey)
        ));
    }
}
