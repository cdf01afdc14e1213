//! Why a call failed, classified for the sender worker.

use std::fmt;
use std::time::Duration;

/// What the worker does with a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// Final for this message: give it up with the reason kept; other messages go on.
    Permanent,
    /// Stops all sending until a person fixes the account or configuration (wrong key,
    /// no credit, unknown sender line).
    Account,
    /// Retry later with backoff (timeouts, 5xx, 429, garbage, connection refused).
    Transient,
}

/// The cause, finer than [`Class`]. `kind.class()` is the classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    // Permanent for this message.
    InvalidNumber,
    Blacklisted,
    /// Empty, too long, bad characters, links, filtered words, missing opt-out line.
    MessageRejected,
    /// Template unknown, not approved, or its parameters refused.
    TemplateRejected,
    /// The provider refused the request's parameters (a bug on our side for this message).
    BadRequest,
    // Account: stops all sending.
    BadCredentials,
    NoCredit,
    /// Sender line unknown, not ours, inactive or not allowed for web service sending.
    BadSender,
    /// The account's plan, IP restriction, documents or state forbid the call.
    AccountRestricted,
    /// The provider does not know the method: base_url or API version wrong.
    Misconfigured,
    // Transient.
    RateLimited,
    Timeout,
    /// Connection refused, reset before sending, host not found.
    Unreachable,
    /// HTTP 5xx or a provider code meaning an internal error.
    ServerError,
    /// Not an answer in the provider's shape: garbage, HTML, empty, over the size cap.
    BadAnswer,
    /// The provider says it is busy or updating.
    ProviderBusy,
    /// The provider says the operation failed, without a reason.
    Failed,
}

impl ErrorKind {
    pub fn class(self) -> Class {
        use ErrorKind::*;
        match self {
            InvalidNumber | Blacklisted | MessageRejected | TemplateRejected | BadRequest => {
                Class::Permanent
            }
            BadCredentials | NoCredit | BadSender | AccountRestricted | Misconfigured => {
                Class::Account
            }
            RateLimited | Timeout | Unreachable | ServerError | BadAnswer | ProviderBusy
            | Failed => Class::Transient,
        }
    }

    fn describe(self) -> &'static str {
        use ErrorKind::*;
        match self {
            InvalidNumber => "the number is not valid",
            Blacklisted => "the number is blacklisted",
            MessageRejected => "the text was refused",
            TemplateRejected => "the template or its values were refused",
            BadRequest => "the request was refused",
            BadCredentials => "the API key or credentials are wrong or disabled",
            NoCredit => "not enough credit",
            BadSender => "the sender line is unknown or not usable",
            AccountRestricted => "the account does not allow this",
            Misconfigured => "the provider does not know this method (base_url?)",
            RateLimited => "rate limited",
            Timeout => "timed out",
            Unreachable => "provider unreachable",
            ServerError => "provider server error",
            BadAnswer => "unreadable answer",
            ProviderBusy => "provider busy",
            Failed => "the provider says the operation failed",
        }
    }
}

/// A failed call. Its text never holds the API key or password: every provider text and
/// transport error passes through [`Redactor`] before it is kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SendError {
    pub provider: &'static str,
    pub kind: ErrorKind,
    /// The provider's own code (`return.status`, `status`, `statusCode`, `Value`), or the
    /// HTTP status when the body had none.
    pub code: Option<i64>,
    /// The provider's message or the transport's, redacted and cut to 200 characters.
    pub detail: String,
    /// The request may have reached the provider and been acted on although no clear
    /// answer came back (timeout after the request was written, reset, 5xx, garbage). A
    /// send that fails like this must not be resent blindly where the provider does not
    /// deduplicate.
    pub maybe_delivered: bool,
    /// From a `Retry-After` header, when the provider sent one.
    pub retry_after: Option<Duration>,
}

impl SendError {
    pub fn class(&self) -> Class {
        self.kind.class()
    }

    pub(crate) fn new(
        provider: &'static str,
        kind: ErrorKind,
        code: Option<i64>,
        detail: String,
    ) -> Self {
        SendError {
            provider,
            kind,
            code,
            detail: cut(&detail, 200),
            maybe_delivered: false,
            retry_after: None,
        }
    }

    pub(crate) fn maybe_delivered(mut self, yes: bool) -> Self {
        self.maybe_delivered = yes;
        self
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.provider, self.kind.describe())?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// Cuts to at most `max` characters, on a character boundary.
pub(crate) fn cut(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Removes secrets from any text before it is kept in an error or a log line.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    pub(crate) fn new(secrets: &[&str]) -> Self {
        let mut secrets: Vec<String> = secrets
            .iter()
            .filter(|s| !s.is_empty())
            .flat_map(|s| {
                // The key may also appear percent-encoded in a URL.
                let enc = percent_encode(s);
                if enc == *s {
                    vec![s.to_string()]
                } else {
                    vec![s.to_string(), enc]
                }
            })
            .collect();
        // Longest first, so a secret containing another is removed whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Redactor { secrets }
    }

    pub(crate) fn clean(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), "***");
            }
        }
        out
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(ErrorKind::Blacklisted.class(), Class::Permanent);
        assert_eq!(ErrorKind::NoCredit.class(), Class::Account);
        assert_eq!(ErrorKind::BadSender.class(), Class::Account);
        assert_eq!(ErrorKind::BadAnswer.class(), Class::Transient);
    }

    #[test]
    fn redactor_removes_plain_and_encoded_secrets() {
        let r = Redactor::new(&["k/ey+1", "", "pw"]);
        let t = r.clean("GET /v1/k/ey+1/sms and /v1/k%2Fey%2B1/x pw");
        assert!(
            !t.contains("k/ey+1") && !t.contains("k%2Fey%2B1") && !t.contains("pw"),
            "{t}"
        );
    }

    #[test]
    fn cut_counts_characters() {
        assert_eq!(cut("سلام", 2), "سل…");
        assert_eq!(cut("ab", 2), "ab");
    }

    #[test]
    fn display_has_code_and_detail() {
        let e = SendError::new(
            "kavenegar",
            ErrorKind::NoCredit,
            Some(418),
            "اعتبار کافی نیست".into(),
        );
        assert_eq!(
            e.to_string(),
            "kavenegar: not enough credit (code 418): اعتبار کافی نیست"
        );
    }
}
