//! The four providers. Each file keeps ONE table mapping that provider's answer codes to
//! our classification, with the source of each row beside it.

mod ghasedak;
mod kavenegar;
mod melipayamak;
mod smsir;

pub use ghasedak::Ghasedak;
pub use kavenegar::Kavenegar;
pub use melipayamak::Melipayamak;
pub use smsir::SmsIr;

use crate::error::{ErrorKind, SendError};
use crate::http::{Answer, Effect, Http, snippet};
use crate::types::DeliveryState;

/// Which call a code belongs to, where a provider reuses numbers across calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// An answer code of any call.
    Any,
    Send,
    Template,
    /// The answer code of a status call (not the state it reports).
    Status,
    /// A delivery state a status call reports.
    Delivery,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    Ok,
    Error(ErrorKind),
    State(DeliveryState),
}

/// One row: in `scope`, the provider's `code` means `meaning`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Code {
    pub scope: Scope,
    pub code: i64,
    pub meaning: Meaning,
}

pub(crate) const fn err(scope: Scope, code: i64, kind: ErrorKind) -> Code {
    Code {
        scope,
        code,
        meaning: Meaning::Error(kind),
    }
}

pub(crate) const fn state(code: i64, s: DeliveryState) -> Code {
    Code {
        scope: Scope::Delivery,
        code,
        meaning: Meaning::State(s),
    }
}

pub(crate) const fn ok(scope: Scope, code: i64) -> Code {
    Code {
        scope,
        code,
        meaning: Meaning::Ok,
    }
}

fn find(table: &[Code], scope: Scope, code: i64) -> Option<Meaning> {
    table
        .iter()
        .find(|r| r.code == code && r.scope == scope)
        .or_else(|| {
            table
                .iter()
                .find(|r| r.code == code && r.scope == Scope::Any)
        })
        .map(|r| r.meaning)
}

pub(crate) fn is_ok(table: &[Code], scope: Scope, code: i64) -> bool {
    find(table, scope, code) == Some(Meaning::Ok)
}

/// A code that is not in the table is a transient failure: retried with backoff and
/// given up after the worker's limit, without stopping other messages.
pub(crate) fn error_kind(table: &[Code], scope: Scope, code: i64) -> ErrorKind {
    match find(table, scope, code) {
        Some(Meaning::Error(k)) => k,
        _ if (500..=599).contains(&code) => ErrorKind::ServerError,
        _ => ErrorKind::Failed,
    }
}

pub(crate) fn delivery_state(table: &[Code], code: i64) -> DeliveryState {
    match find(table, Scope::Delivery, code) {
        Some(Meaning::State(s)) => s,
        _ => DeliveryState::Unknown,
    }
}

/// An answer that is not in the provider's shape: classified by its HTTP status.
pub(crate) fn unreadable(http: &Http, ans: &Answer, effect: Effect) -> SendError {
    let sends = effect == Effect::Sends;
    let (kind, maybe) = match ans.status {
        429 => (ErrorKind::RateLimited, false),
        401 | 403 => (ErrorKind::BadCredentials, false),
        404 | 405 => (ErrorKind::Misconfigured, false),
        500..=599 => (ErrorKind::ServerError, sends),
        _ => (ErrorKind::BadAnswer, sends),
    };
    let detail = if ans.body.is_empty() {
        format!("HTTP {} with an empty body", ans.status)
    } else {
        format!("HTTP {}: {}", ans.status, snippet(&ans.body))
    };
    let mut e = http
        .error(kind, Some(i64::from(ans.status)), &detail)
        .maybe_delivered(maybe);
    e.retry_after = ans.retry_after;
    e
}

/// The provider answered in its shape with an error code.
pub(crate) fn refused(
    http: &Http,
    table: &[Code],
    scope: Scope,
    code: i64,
    message: &str,
    ans: &Answer,
) -> SendError {
    let kind = error_kind(table, scope, code);
    let maybe = kind == ErrorKind::ServerError && scope != Scope::Status;
    let mut e = http.error(kind, Some(code), message).maybe_delivered(maybe);
    e.retry_after = ans.retry_after;
    e
}

/// A 2xx answer in the provider's shape that lacks what it must hold (an id): after a
/// send nobody knows whether the message went.
pub(crate) fn incomplete(http: &Http, what: &str, body: &[u8], effect: Effect) -> SendError {
    http.error(
        ErrorKind::BadAnswer,
        None,
        &format!("{what}: {}", snippet(body)),
    )
    .maybe_delivered(effect == Effect::Sends)
}
