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

use std::collections::HashMap;

use serde_json::Value;

use crate::error::{ErrorKind, SendError};
use crate::http::{Answer, Effect, Http, field, int, snippet, text};
use crate::types::{Amount, Delivery, DeliveryState, ProviderId};

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

/// A status item as a delivery: its id and the provider's state code under these field
/// names, and a cost in rials under `cost_field`.
pub(crate) fn delivery_item(
    table: &[Code],
    item: &Value,
    id_field: &str,
    cost_field: &str,
) -> Option<Delivery> {
    let id = field(item, id_field).and_then(text)?;
    let code = field(item, "status").and_then(int);
    Some(Delivery {
        provider_id: ProviderId(id),
        state: code.map_or(DeliveryState::Unknown, |c| delivery_state(table, c)),
        code,
        cost: field(item, cost_field).and_then(int).map(Amount::Rials),
    })
}

/// Polls `ids` in batches with `poll` and answers in the order asked; an id the provider
/// did not answer for is [`DeliveryState::Unknown`].
pub(crate) fn batched_status(
    ids: &[ProviderId],
    batch: usize,
    mut poll: impl FnMut(&[&str]) -> Result<Vec<Delivery>, SendError>,
) -> Result<Vec<Delivery>, SendError> {
    let mut found: HashMap<String, Delivery> = HashMap::new();
    for chunk in ids.chunks(batch) {
        let list: Vec<&str> = chunk.iter().map(|i| i.0.as_str()).collect();
        for d in poll(&list)? {
            found.insert(d.provider_id.0.clone(), d);
        }
    }
    Ok(ids
        .iter()
        .map(|id| {
            found
                .remove(&id.0)
                .unwrap_or_else(|| Delivery::unknown(id.clone()))
        })
        .collect())
}
