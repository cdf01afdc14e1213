//! The HTTP JSON API (protocol version 1, docs/sync-protocol.md): axum on tokio; each
//! request's storage work runs on the blocking pool.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::HqError;
use super::storage::Pool;
use super::terminals::{self, Terminal};
use super::{clock, ingest};
use vafa_core::lang::Lang;
use vafa_core::protocol::{ErrorBody, ErrorDetail, Hello, MAX_BODY, PROTOCOL, PushRequest};
use vafa_text::Say;

type Shared = Arc<Pool>;

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
        let body = ErrorBody {
            error: ErrorDetail {
                code: e.code().to_string(),
                message: vafa_text::hq::to_client(&e, Lang::En),
            },
        };
        (status, axum::Json(body)).into_response()
    }
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

async fn terminal(pool: &Shared, headers: &HeaderMap) -> Result<Terminal, HqError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .trim()
        .to_string();
    let pool = Arc::clone(pool);
    blocking(move || terminals::authenticate(&pool, &token)).await
}

async fn hello(
    State(pool): State<Shared>,
    headers: HeaderMap,
) -> Result<axum::Json<Hello>, Answer> {
    let t = terminal(&pool, &headers).await?;
    Ok(axum::Json(Hello {
        protocol: PROTOCOL,
        terminal_id: t.id,
        branch: t.branch,
        server_time: clock::now(),
    }))
}

async fn push(
    State(pool): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Answer> {
    let t = terminal(&pool, &headers).await?;
    let body = body.map_err(|e| {
        let (detail, max) = (e.body_text(), MAX_BODY);
        if e.status().as_u16() == 413 {
            HqError::TooLarge { detail, max }
        } else {
            HqError::UnreadableBody { detail, max }
        }
    })?;
    let req: PushRequest = serde_json::from_slice(&body).map_err(|e| HqError::Malformed {
        detail: e.to_string(),
    })?;
    let res = blocking(move || ingest::push(&pool, &t, &req)).await?;
    Ok(axum::Json(res).into_response())
}

#[derive(serde::Deserialize)]
struct PullQuery {
    cursor: Option<i64>,
    limit: Option<i64>,
    protocol: Option<u32>,
}

async fn pull(
    State(pool): State<Shared>,
    headers: HeaderMap,
    q: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Answer> {
    let t = terminal(&pool, &headers).await?;
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
    let res = blocking(move || super::pull::pull(&pool, &t, cursor, limit)).await?;
    Ok(axum::Json(res).into_response())
}

async fn health() -> &'static str {
    "ok"
}

pub fn router(pool: Arc<Pool>) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/v1/hello", get(hello))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(pool)
}

/// Serves until SIGINT/SIGTERM, over HTTPS when `tls` is given. Prints `listening on
/// http(s)://ADDR` once bound (port 0 picks a free port; tests read the line).
pub fn serve(
    pool: Pool,
    listen: &str,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> Result<(), HqError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(64)
        .build()
        .map_err(runtime)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(cannot_listen(listen))?;
        let addr = listener.local_addr().map_err(cannot_listen(listen))?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        println!("listening on {scheme}://{addr} ({} storage)", pool.backend);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let app = router(Arc::new(pool));
        let served = match tls {
            Some(config) => {
                let l = super::tls::TlsListener::new(listener, config)
                    .map_err(cannot_listen(listen))?;
                axum::serve(l, app).with_graceful_shutdown(shutdown()).await
            }
            None => {
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown())
                    .await
            }
        };
        served.map_err(|e| HqError::Serve {
            detail: e.to_string(),
        })
    })
}

fn runtime(e: std::io::Error) -> HqError {
    HqError::Runtime {
        detail: e.to_string(),
    }
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

/// Serves `pool` on `listen` from a background thread (benchmarks, embedding); returns
/// the bound address. The server lives as long as the process.
pub fn spawn(pool: Pool, listen: &str) -> Result<std::net::SocketAddr, HqError> {
    let std_listener = std::net::TcpListener::bind(listen).map_err(cannot_listen(listen))?;
    std_listener
        .set_nonblocking(true)
        .map_err(cannot_listen(listen))?;
    let addr = std_listener.local_addr().map_err(cannot_listen(listen))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(64)
        .build()
        .map_err(runtime)?;
    std::thread::spawn(move || {
        rt.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) {
                let _ = axum::serve(listener, router(Arc::new(pool))).await;
            }
        });
    });
    Ok(addr)
}
