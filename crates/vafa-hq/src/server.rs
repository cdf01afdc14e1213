//! The HTTP JSON API (protocol version 1, docs/sync-protocol.md): axum on tokio; each
//! request's storage work runs on the blocking pool. Connections, timeouts and the stop
//! are `listen`'s; a push waits for its turn (`listen::Gate`) before its body is read.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::BodyExt;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::HqError;
use super::listen::{self, Gate, Limits};
use super::storage::Pool;
use super::terminals::{self, Terminal};
use super::{clock, ingest};
use vafa_core::hq::Refusal;
use vafa_core::lang::Lang;
use vafa_core::protocol::{
    ErrorBody, ErrorDetail, Hello, MAX_BATCH, MAX_BODY, OutRecord, PROTOCOL, PushRequest, Rejected,
};
use vafa_core::record::{Record, Unreadable};
use vafa_text::Say;

/// What every handler shares: the storage and the pushes' turns.
pub struct App {
    pub pool: Pool,
    pub gate: Gate,
    /// The largest push body taken (`Limits::max_body`).
    pub max_body: usize,
}

type Shared = Arc<App>;

/// An error as a till receives it: its status, code and message. A fault inside head
/// office tells the till only that (`vafa_text::hq::to_client`); its detail goes to head
/// office's own stderr.
struct Answer(HqError);

impl From<HqError> for Answer {
    fn from(e: HqError) -> Answer {
        Answer(e)
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let e = self.0;
        if e.is_internal() {
            eprintln!("vafa-hq: {} ({})", e.say(Lang::En), e.code());
        }
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, axum::Json(error_body(&e))).into_response();
        if let HqError::Busy { retry_after } = e {
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, retry_after.into());
        }
        res
    }
}

fn error_body(e: &HqError) -> ErrorBody {
    ErrorBody {
        error: ErrorDetail {
            code: e.code().to_string(),
            message: vafa_text::hq::to_client(e, Lang::En),
        },
    }
}

/// `e` as head office answers it.
pub fn answer(e: HqError) -> Response {
    Answer(e).into_response()
}

/// The JSON of a `503 busy` answer (for a connection refused before HTTP is spoken).
pub fn busy_body() -> String {
    let e = HqError::Busy {
        retry_after: listen::RETRY_AFTER_SECS,
    };
    serde_json::to_string(&error_body(&e)).unwrap_or_default()
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, HqError> + Send + 'static,
) -> Result<T, HqError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| HqError::Internal {
            detail: e.to_string(),
        })?
}

async fn terminal(app: &Shared, headers: &HeaderMap) -> Result<Terminal, HqError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .trim()
        .to_string();
    let app = Arc::clone(app);
    blocking(move || terminals::authenticate(&app.pool, &token)).await
}

async fn hello(State(app): State<Shared>, headers: HeaderMap) -> Result<axum::Json<Hello>, Answer> {
    let t = terminal(&app, &headers).await?;
    Ok(axum::Json(Hello {
        protocol: PROTOCOL,
        terminal_id: t.id,
        branch: t.branch,
        server_time: clock::now(),
        max_body: Some(app.max_body),
    }))
}

/// A push as it arrives: each payload left as its JSON text until it is read into its
/// typed record (`read_push`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WirePush<'a> {
    protocol: u32,
    #[serde(borrow)]
    records: Vec<WireRecord<'a>>,
    /// The till's audit head (`anchor`); absent from older tills.
    #[serde(default)]
    audit: Option<vafa_core::protocol::AuditClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireRecord<'a> {
    seq: i64,
    kind: String,
    record_id: String,
    #[serde(borrow)]
    payload: &'a RawValue,
    created_at: String,
}

/// The bytes of payloads that are not their kind's shape that are still read into JSON
/// trees and refused by ingest as any other; past it such a record is refused here.
const UNREADABLE_BUDGET: usize = 256 * 1024;

/// Reads a push body into records with bounded overhead: a payload becomes a JSON tree
/// only once it has been read into its typed record (a tree of `[[],[],...]` costs 32
/// bytes per 3 bytes of text; a typed record about what its text does). Returns the
/// records for ingest and those refused already.
fn read_push(body: &[u8]) -> Result<(PushRequest, Vec<Rejected>), HqError> {
    let malformed = |e: serde_json::Error| HqError::Malformed {
        detail: e.to_string(),
    };
    let wire: WirePush<'_> = serde_json::from_slice(body).map_err(malformed)?;
    if wire.records.len() > MAX_BATCH {
        return Err(HqError::BatchTooLarge { max: MAX_BATCH });
    }
    let mut budget = UNREADABLE_BUDGET;
    let mut after = 0i64;
    let (mut records, mut refused) = (Vec::with_capacity(wire.records.len()), Vec::new());
    for r in wire.records {
        // What the record's envelope must be is checked record by record: a refused one
        // never holds up the rest (docs/sync-protocol.md).
        if r.seq <= after {
            let why = Refusal::OutOfSequence { seq: r.seq, after };
            refused.push(ingest::refused(r.seq, &why));
            continue;
        }
        after = r.seq;
        if chrono::DateTime::parse_from_rfc3339(&r.created_at).is_err() {
            let why = Refusal::BadCreatedAt {
                text: r.created_at.chars().take(64).collect(),
            };
            refused.push(ingest::refused(r.seq, &why));
            continue;
        }
        let text = r.payload.get();
        if let Err(why) = Record::read_json(&r.kind, text) {
            if text.len() > budget {
                let why = match why {
                    Unreadable::UnknownKind(kind) => Refusal::UnknownKind { kind },
                    Unreadable::Payload { kind, detail } => Refusal::Unreadable { kind, detail },
                };
                refused.push(ingest::refused(r.seq, &why));
                continue;
            }
            budget -= text.len();
        }
        records.push(OutRecord {
            seq: r.seq,
            kind: r.kind,
            record_id: r.record_id,
            payload: serde_json::from_str(text).map_err(malformed)?,
            created_at: r.created_at,
        });
    }
    let req = PushRequest {
        protocol: wire.protocol,
        records,
        audit: wire.audit,
    };
    Ok((req, refused))
}

/// A body declared over the limit but at most this many times it is read (and dropped)
/// before the 413 answer.
const DRAIN_FACTOR: u64 = 4;

/// Reads a body of at most `max` bytes.
async fn read_body(
    headers: &HeaderMap,
    body: Body,
    max: usize,
) -> Result<axum::body::Bytes, HqError> {
    let too_large = |detail: String| HqError::TooLarge { detail, max };
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = declared.filter(|n| *n > max as u64) {
        // Read and drop what is not much over (no memory held), so that the till reads
        // the 413 rather than a reset connection, and learns to send less.
        if n <= DRAIN_FACTOR * max as u64 {
            let mut body = body;
            while let Some(Ok(frame)) = body.frame().await {
                drop(frame);
            }
        }
        return Err(too_large("length limit exceeded".into()));
    }
    match http_body_util::Limited::new(body, max).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large(e.to_string())),
        Err(e) => Err(HqError::UnreadableBody {
            detail: e.to_string(),
            max,
        }),
    }
}

async fn push(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Answer> {
    let t = terminal(&app, &headers).await?;
    // The turn comes before the body is read: waiting pushes cost no memory.
    let _turn = app.gate.turn().await?;
    let body = read_body(&headers, body, app.max_body).await?;
    let (req, refused) = read_push(&body)?;
    drop(body);
    let shared = Arc::clone(&app);
    let mut res = blocking(move || ingest::push(&shared.pool, &t, &req)).await?;
    if !refused.is_empty() {
        res.rejected.extend(refused);
        res.rejected.sort_by_key(|r| r.seq);
    }
    Ok(axum::Json(res).into_response())
}

#[derive(serde::Deserialize)]
struct PullQuery {
    cursor: Option<i64>,
    limit: Option<i64>,
    protocol: Option<u32>,
}

async fn pull(
    State(app): State<Shared>,
    headers: HeaderMap,
    q: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Answer> {
    let t = terminal(&app, &headers).await?;
    let Query(q) = q.map_err(|e| HqError::BadQuery {
        detail: e.body_text(),
    })?;
    if let Some(p) = q.protocol
        && p != PROTOCOL
    {
        return Err(HqError::ProtocolVersion {
            theirs: p,
            pulling: true,
        }
        .into());
    }
    let cursor = q.cursor.unwrap_or(0).max(0);
    let limit = q.limit.unwrap_or(500);
    if !(1..=MAX_BATCH as i64).contains(&limit) {
        return Err(HqError::BadLimit {
            limit,
            max: MAX_BATCH,
        }
        .into());
    }
    let res = blocking(move || super::pull::pull(&app.pool, &t, cursor, limit)).await?;
    Ok(axum::Json(res).into_response())
}

async fn health() -> &'static str {
    "ok"
}

pub fn router(pool: Pool, limits: &Limits) -> Router {
    let app = App {
        pool,
        gate: Gate::new(limits),
        max_body: limits.max_body.min(MAX_BODY),
    };
    Router::new()
        .route("/healthz", get(health))
        .route("/v1/hello", get(hello))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .with_state(Arc::new(app))
}

fn runtime() -> Result<tokio::runtime::Runtime, HqError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(64)
        .build()
        .map_err(|e| HqError::Runtime {
            detail: e.to_string(),
        })
}

/// Serves until SIGINT/SIGTERM, over HTTPS when `tls` is given, within `limits`
/// (`listen`). Prints `listening on http(s)://ADDR` once bound (port 0 picks a free port;
/// tests read the line). A stop waits `stop_deadline` for requests in flight, then ends
/// (work still running on the blocking pool is a transaction that rolls back).
pub fn serve(
    pool: Pool,
    listen: &str,
    tls: Option<Arc<rustls::ServerConfig>>,
    limits: Limits,
) -> Result<(), HqError> {
    let rt = runtime()?;
    let limits = Arc::new(limits);
    let served = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(cannot_listen(listen))?;
        let addr = listener.local_addr().map_err(cannot_listen(listen))?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        println!("listening on {scheme}://{addr} ({} storage)", pool.backend);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let app = router(pool, &limits);
        listen::serve(listener, app, tls, Arc::clone(&limits), shutdown()).await;
        Ok(())
    });
    rt.shutdown_timeout(std::time::Duration::from_millis(500));
    served
}

fn cannot_listen(addr: &str) -> impl Fn(std::io::Error) -> HqError + '_ {
    move |e| HqError::Listen {
        addr: addr.to_string(),
        detail: e.to_string(),
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Serves `pool` on `listen` from a background thread (benchmarks, embedding) with the
/// default limits; returns the bound address. The server lives as long as the process.
pub fn spawn(pool: Pool, listen: &str) -> Result<std::net::SocketAddr, HqError> {
    let std_listener = std::net::TcpListener::bind(listen).map_err(cannot_listen(listen))?;
    std_listener
        .set_nonblocking(true)
        .map_err(cannot_listen(listen))?;
    let addr = std_listener.local_addr().map_err(cannot_listen(listen))?;
    let rt = runtime()?;
    std::thread::spawn(move || {
        rt.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) {
                let limits = Arc::new(Limits::default());
                let app = router(pool, &limits);
                listen::serve(listener, app, None, limits, std::future::pending()).await;
            }
        });
    });
    Ok(addr)
}
