//! The endpoints (docs/pos-api.yaml): each reads its body (at most `max_body` bytes), signs
//! the token in, parses the body and calls one use case, on tokio's blocking pool under the
//! one open till. An error is `{"error": code, "message": sentence in the shop's language}`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::Shared;
use super::body;
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::lang::Lang;
use vafa_service::pos::{RequestKey, sha256_hex};
use vafa_service::{MemberKey, Vafa};
use vafa_text::Say;

/// The seconds a `503 busy` answer asks the POS program to wait (`Retry-After`).
pub const RETRY_AFTER_SECS: u64 = 2;

type S = State<Arc<Shared>>;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/lookup", post(lookup))
        .route("/v1/quote", post(quote))
        .route("/v1/sales", post(sale))
        .route("/v1/sales/{id}/void", post(void))
        .route("/v1/members/{id}/balance", get(balance))
        .route("/v1/pending-card", get(pending_card))
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(wrong_method)
        .with_state(shared)
}

/// The status each error is answered with.
fn status(e: &Error) -> StatusCode {
    use vafa_core::gift::GiftError;
    use vafa_core::sale::SaleError;
    match e {
        Error::Unauthorized => StatusCode::UNAUTHORIZED,
        Error::Forbidden { .. } | Error::PeerRefused { .. } => StatusCode::FORBIDDEN,
        Error::UnknownMember { .. }
        | Error::UnknownCard { .. }
        | Error::UnknownSale { .. }
        | Error::Gift(GiftError::UnknownGift { .. })
        | Error::NoSuchEndpoint { .. } => StatusCode::NOT_FOUND,
        Error::SaleIdReused { .. } | Error::AlreadyVoided { .. } => StatusCode::CONFLICT,
        Error::RequestTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        Error::Busy => StatusCode::SERVICE_UNAVAILABLE,
        Error::MalformedRequest { .. }
        | Error::Invalid { .. }
        | Error::InvalidMobile { .. }
        | Error::InvalidAmount { .. }
        | Error::InvalidItem { .. }
        | Error::Reader {
            code: "unknown_profile" | "empty",
            ..
        }
        | Error::Gift(GiftError::BadAmount { .. })
        | Error::Sale(SaleError::Item(_)) => StatusCode::BAD_REQUEST,
        // A card that its reader's profile cannot read.
        Error::Reader { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::InvalidDate {
            field: Field::At,
            error: vafa_core::calendar::DateError::NoSuchDay,
            ..
        } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::InvalidDate { .. } => StatusCode::BAD_REQUEST,
        Error::Sale(_)
        | Error::Gift(_)
        | Error::BlockedCard { .. }
        | Error::OfflineLimit { .. }
        | Error::VoidSpent { .. }
        | Error::VoidElsewhere { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// An error's body: its code and what it says in `lang`.
pub(crate) fn error_json(e: &Error, lang: Lang) -> String {
    serde_json::json!({"error": e.code(), "message": e.say(lang)}).to_string()
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn refusal(e: &Error, lang: Lang) -> Response {
    let mut r = json_response(status(e), error_json(e, lang));
    if matches!(e, Error::Busy) {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    }
    if matches!(e, Error::Unauthorized) {
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    r
}

fn answer<T: Serialize>(result: Result<T>, lang: Lang) -> Response {
    match result.and_then(|v| {
        serde_json::to_string(&v).map_err(|e| Error::Storage {
            detail: e.to_string(),
        })
    }) {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(e) => refusal(&e, lang),
    }
}

/// The bearer token, if the request has one.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// The body, if within `max`.
async fn read(body: Body, headers: &HeaderMap, max: usize) -> Result<Bytes> {
    let too_large = Error::RequestTooLarge { limit: max };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large);
    }
    axum::body::to_bytes(body, max).await.map_err(|_| too_large)
}

/// Runs `f` on the open till as the token's cashier, within the request timeout (past
/// it, `503 busy`: the POS program sends the same request again, and a sale's id makes
/// that safe).
async fn call<T>(
    s: &Arc<Shared>,
    token: Option<String>,
    f: impl FnOnce(&mut Vafa) -> Result<T> + Send + 'static,
) -> Result<T>
where
    T: Send + 'static,
{
    let shared = Arc::clone(s);
    let job = tokio::task::spawn_blocking(move || {
        let mut v = shared.vafa.lock().unwrap_or_else(|p| p.into_inner());
        let actor = v.pos_actor(token.as_deref())?;
        v.act_as(actor);
        f(&mut v)
    });
    match tokio::time::timeout(s.options.request_timeout, job).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => Err(Error::Storage {
            detail: e.to_string(),
        }),
        Err(_) => Err(Error::Busy),
    }
}

/// Reads the body, then calls `f` with it as the token's cashier, and answers.
async fn with_body<T: Serialize + Send + 'static>(
    s: Arc<Shared>,
    headers: HeaderMap,
    body: Body,
    f: impl FnOnce(&mut Vafa, Bytes) -> Result<T> + Send + 'static,
) -> Response {
    let lang = s.lang;
    let bytes = match read(body, &headers, s.options.max_body).await {
        Ok(b) => b,
        Err(e) => return refusal(&e, lang),
    };
    answer(call(&s, bearer(&headers), move |v| f(v, bytes)).await, lang)
}

async fn lookup(State(s): S, headers: HeaderMap, body: Body) -> Response {
    with_body(s, headers, body, |v, b| {
        let key = body::parse::<body::Lookup>(&b)?.key()?;
        v.find_member(&key)
    })
    .await
}

async fn quote(State(s): S, headers: HeaderMap, body: Body) -> Response {
    with_body(s, headers, body, |v, b| {
        let req = body::parse::<body::Sale>(&b)?.request()?;
        v.quote(&req)
    })
    .await
}

async fn sale(State(s): S, headers: HeaderMap, body: Body) -> Response {
    with_body(s, headers, body, |v, b| {
        let value: serde_json::Value = body::parse(&b)?;
        let mut req = body::parse::<body::Sale>(&b)?.request()?;
        if req.id.is_none() {
            return Err(Error::Invalid {
                field: Field::SaleId,
                value: String::new(),
                why: Why::Empty,
            });
        }
        req.request = Some(RequestKey {
            body_sha256: sha256_hex(canonical(&value).as_bytes()),
            token: v.actor().name.clone(),
        });
        v.sell(&req)
    })
    .await
}

async fn void(State(s): S, Path(id): Path<String>, headers: HeaderMap, body: Body) -> Response {
    with_body(s, headers, body, move |v, b| {
        let req: body::Void = if b.iter().all(u8::is_ascii_whitespace) {
            body::Void { reason: None }
        } else {
            body::parse(&b)?
        };
        v.void_sale(&id, req.reason.as_deref())
    })
    .await
}

/// `GET /v1/members/{id}/balance`.
#[derive(Debug, Serialize)]
struct Balance {
    member_id: String,
    credit: i64,
    points: i64,
    tier: Option<String>,
}

async fn balance(State(s): S, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let lang = s.lang;
    let r = call(&s, bearer(&headers), move |v| {
        let m = v.find_member(&MemberKey::Id(id))?;
        Ok(Balance {
            member_id: m.id,
            credit: m.balance.credit,
            points: m.balance.points,
            tier: m.tier,
        })
    })
    .await;
    answer(r, lang)
}

/// `GET /v1/pending-card?wait=SECONDS`: the card swiped at the till last (within
/// `card_max_age`), handed over once; waits up to `wait` seconds (at most `max_wait`, more
/// is a 400) for one; `204` if none came.
async fn pending_card(
    State(s): S,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = s.lang;
    let wait = match query.get("wait").map(|w| w.trim().parse::<u64>()) {
        None => Duration::ZERO,
        Some(Ok(w)) if Duration::from_secs(w) <= s.options.max_wait => Duration::from_secs(w),
        Some(_) => {
            return refusal(
                &Error::MalformedRequest {
                    detail: format!("wait={}", query.get("wait").cloned().unwrap_or_default()),
                },
                lang,
            );
        }
    };
    let deadline = Instant::now() + wait;
    let token = bearer(&headers);
    let max_age = s.options.card_max_age;
    loop {
        let r = call(&s, token.clone(), move |v| {
            if v.pos_card_waiting(max_age)? {
                v.pos_take_card(max_age)
            } else {
                Ok(None)
            }
        })
        .await;
        match r {
            Ok(Some(card)) => return answer(Ok(card), lang),
            Ok(None) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Ok(None) => return StatusCode::NO_CONTENT.into_response(),
            Err(e) => return refusal(&e, lang),
        }
    }
}

async fn no_such_endpoint(State(s): S, uri: Uri) -> Response {
    refusal(
        &Error::NoSuchEndpoint {
            path: uri.path().to_string(),
        },
        s.lang,
    )
}

async fn wrong_method(State(s): S, method: Method, uri: Uri) -> Response {
    let e = Error::NoSuchEndpoint {
        path: format!("{method} {}", uri.path()),
    };
    json_response(StatusCode::METHOD_NOT_ALLOWED, error_json(&e, s.lang))
}

/// A JSON value as text with every object's keys sorted: the same body however a POS
/// program orders or spaces it.
fn canonical(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let sorted: BTreeMap<&String, String> =
                m.iter().map(|(k, v)| (k, canonical(v))).collect();
            let fields: Vec<String> = sorted
                .into_iter()
                .map(|(k, v)| format!("{}:{v}", Value::String(k.clone())))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn canonical_json_ignores_key_order_and_spacing() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"b": 1, "a": {"y": [1, 2], "x": "s"}}"#).expect("json");
        let b: serde_json::Value =
            serde_json::from_str(r#"{"a":{"x":"s","y":[1,2]},"b":1}"#).expect("json");
        assert_eq!(canonical(&a), canonical(&b));
        let c: serde_json::Value =
            serde_json::from_str(r#"{"a":{"x":"s","y":[2,1]},"b":1}"#).expect("json");
        assert_ne!(canonical(&a), canonical(&c));
    }
}
