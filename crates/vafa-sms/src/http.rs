//! The HTTP plumbing every provider shares: timeouts, a cap on what is read, transport
//! errors classified, and lenient readers for the providers' JSON.

use std::io;
use std::time::Duration;

use serde_json::Value;

use crate::error::{ErrorKind, Redactor, SendError};

/// At most this much of an answer is read; more is a [`ErrorKind::BadAnswer`].
pub const BODY_CAP: u64 = 64 * 1024;

/// Limits on every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Resolving and connecting (and TLS).
    pub connect: Duration,
    /// The whole exchange, from connecting to the last byte of the answer.
    pub overall: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            overall: Duration::from_secs(20),
        }
    }
}

/// Whether a request can change something at the provider (a send). Decides
/// [`SendError::maybe_delivered`] when no clear answer came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    Sends,
    Reads,
}

pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<Duration>,
}

pub(crate) struct Http {
    agent: ureq::Agent,
    pub redact: Redactor,
    pub provider: &'static str,
}

impl Http {
    pub fn new(provider: &'static str, timeouts: Timeouts, secrets: &[&str]) -> Http {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(timeouts.connect))
            .timeout_resolve(Some(timeouts.connect))
            .timeout_global(Some(timeouts.overall))
            .max_redirects(0)
            .build();
        Http {
            agent: config.into(),
            redact: Redactor::new(secrets),
            provider,
        }
    }

    pub fn error(&self, kind: ErrorKind, code: Option<i64>, detail: &str) -> SendError {
        SendError::new(self.provider, kind, code, self.redact.clean(detail))
    }

    pub fn get(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        query: &[(&str, String)],
    ) -> Result<Answer, SendError> {
        let mut req = self.agent.get(url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        for (k, v) in query {
            req = req.query(*k, v);
        }
        self.finish(req.call(), Effect::Reads)
    }

    pub fn post_form(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        form: &[(&str, String)],
        effect: Effect,
    ) -> Result<Answer, SendError> {
        let mut req = self.agent.post(url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.finish(req.send_form(pairs), effect)
    }

    pub fn post_json(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &Value,
        effect: Effect,
    ) -> Result<Answer, SendError> {
        let mut req = self.agent.post(url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.finish(req.send_json(body), effect)
    }

    fn finish(
        &self,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        effect: Effect,
    ) -> Result<Answer, SendError> {
        let mut resp = result.map_err(|e| self.transport(e, effect))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = resp
            .body_mut()
            .with_config()
            .limit(BODY_CAP)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => self
                    .error(
                        ErrorKind::BadAnswer,
                        Some(i64::from(status)),
                        "answer over 64 KiB",
                    )
                    .maybe_delivered(effect == Effect::Sends),
                other => self.transport(other, effect),
            })?;
        Ok(Answer {
            status,
            body,
            retry_after,
        })
    }

    /// Classifies a transport error. Before the request was written nothing can have
    /// happened at the provider; after, anything may have.
    fn transport(&self, e: ureq::Error, effect: Effect) -> SendError {
        use ureq::Timeout as T;
        let sends = effect == Effect::Sends;
        let detail = e.to_string();
        let (kind, maybe) = match &e {
            ureq::Error::Timeout(T::Connect | T::Resolve) => (ErrorKind::Timeout, false),
            ureq::Error::Timeout(_) => (ErrorKind::Timeout, sends),
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed | ureq::Error::Tls(_) => {
                (ErrorKind::Unreachable, false)
            }
            ureq::Error::Io(io) => match io.kind() {
                io::ErrorKind::ConnectionRefused
                | io::ErrorKind::AddrNotAvailable
                | io::ErrorKind::NetworkUnreachable
                | io::ErrorKind::HostUnreachable => (ErrorKind::Unreachable, false),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => (ErrorKind::Timeout, sends),
                _ => (ErrorKind::Unreachable, sends),
            },
            ureq::Error::BadUri(_) | ureq::Error::Http(_) | ureq::Error::InvalidProxyUrl => {
                (ErrorKind::Misconfigured, false)
            }
            _ => (ErrorKind::BadAnswer, sends),
        };
        self.error(kind, None, &detail).maybe_delivered(maybe)
    }
}

/// `base` without its trailing slashes, then `path` (which starts with `/`).
pub(crate) fn join(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}

pub(crate) fn parse_json(body: &[u8]) -> Option<Value> {
    serde_json::from_slice(body).ok()
}

/// A field by exact name, else by name ignoring ASCII case (Ghasedak's answers are
/// seen both as `isSuccess` and `IsSuccess`).
pub(crate) fn field<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    let obj = v.as_object()?;
    obj.get(name)
        .or_else(|| {
            obj.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

/// An integer from a JSON number or a string of digits.
pub(crate) fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            milli_from_text(&n.to_string())
                .filter(|m| m % 1000 == 0)
                .map(|m| m / 1000)
        }),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(_) | Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Text from a JSON string or number (ids come as either).
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A decimal amount in thousandths, from a JSON number or string, without floats: the
/// number's decimal text is read digit by digit; digits past the third decimal are cut.
pub(crate) fn milli(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => milli_from_text(&n.to_string()),
        Value::String(s) => milli_from_text(s.trim()),
        _ => None,
    }
}

pub(crate) fn milli_from_text(s: &str) -> Option<i64> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut value: i64 = whole.parse::<i64>().ok()?.checked_mul(1000)?;
    let mut scale = 100;
    for d in frac.bytes().take(3) {
        value = value.checked_add(i64::from(d - b'0') * scale)?;
        scale /= 10;
    }
    Some(if neg { -value } else { value })
}

/// The body as text for an error message, cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    crate::error::cut(text.trim(), 120)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decimals_without_floats() {
        assert_eq!(milli_from_text("12"), Some(12_000));
        assert_eq!(milli_from_text("12.5"), Some(12_500));
        assert_eq!(milli_from_text("0.0019"), Some(1));
        assert_eq!(milli_from_text("-3.25"), Some(-3_250));
        assert_eq!(milli_from_text("1e3"), None);
        assert_eq!(milli_from_text(""), None);
        assert_eq!(milli(&json!(1.5)), Some(1_500));
        assert_eq!(milli(&json!("1254.75")), Some(1_254_750));
    }

    #[test]
    fn lenient_fields() {
        let v = json!({"IsSuccess": true, "statusCode": "418", "n": 200.0, "z": null});
        assert_eq!(field(&v, "isSuccess"), Some(&json!(true)));
        assert_eq!(field(&v, "statuscode").and_then(int), Some(418));
        assert_eq!(field(&v, "n").and_then(int), Some(200));
        assert!(field(&v, "z").is_none());
        assert!(field(&json!([1]), "a").is_none());
    }

    #[test]
    fn join_trims() {
        assert_eq!(join("http://h:1/", "/v1/x"), "http://h:1/v1/x");
    }
}
