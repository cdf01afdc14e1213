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
use super::ops::{self, Terminal};
use super::storage::Pool;
use vafa_core::protocol::{ErrorBody, ErrorDetail, Hello, MAX_BODY, PROTOCOL, PushRequest};

type Shared = Arc<Pool>;

impl IntoResponse for HqError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
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
        .map_err(|e| HqError::new(500, "internal", e.to_string()))?
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
    blocking(move || ops::authenticate(&pool, &token)).await
}

async fn hello(
    State(pool): State<Shared>,
    headers: HeaderMap,
) -> Result<axum::Json<Hello>, HqError> {
    let t = terminal(&pool, &headers).await?;
    Ok(axum::Json(Hello {
        protocol: PROTOCOL,
        terminal_id: t.id,
        branch: t.branch,
        server_time: ops::now(),
    }))
}

async fn push(
    State(pool): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, HqError> {
    let t = terminal(&pool, &headers).await?;
    let body = body.map_err(|e| {
        let status = e.status().as_u16();
        HqError::new(
            if status == 413 { 413 } else { 400 },
            if status == 413 {
                "too_large"
            } else {
                "unreadable_body"
            },
            format!("{} (at most {MAX_BODY} bytes per request)", e.body_text()),
        )
    })?;
    let req: PushRequest = serde_json::from_slice(&body).map_err(|e| {
        HqError::bad(
            "malformed",
            format!("the push is not valid protocol-{PROTOCOL} JSON: {e}"),
        )
    })?;
    let res = blocking(move || ops::push(&pool, &t, &req)).await?;
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
) -> Result<Response, HqError> {
    let t = terminal(&pool, &headers).await?;
    let Query(q) = q.map_err(|e| HqError::bad("malformed", e.body_text()))?;
    if let Some(p) = q.protocol
        && p != PROTOCOL
    {
        return Err(HqError::bad(
            "protocol_version",
            format!("this head office speaks protocol {PROTOCOL}, the till asked for {p}"),
        ));
    }
    let cursor = q.cursor.unwrap_or(0).max(0);
    let limit = q.limit.unwrap_or(500);
    let res = blocking(move || ops::pull(&pool, &t, cursor, limit)).await?;
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
        .map_err(|e| HqError::new(500, "runtime", e.to_string()))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| HqError::new(500, "listen", format!("cannot listen on {listen}: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| HqError::new(500, "listen", e.to_string()))?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        println!("listening on {scheme}://{addr} ({} storage)", pool.backend);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let app = router(Arc::new(pool));
        let served = match tls {
            Some(config) => {
                let l = super::tls::TlsListener::new(listener, config)
                    .map_err(|e| HqError::new(500, "listen", e.to_string()))?;
                axum::serve(l, app).with_graceful_shutdown(shutdown()).await
            }
            None => {
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown())
                    .await
            }
        };
        served.map_err(|e| HqError::new(500, "serve", e.to_string()))
    })
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
    let std_listener = std::net::TcpListener::bind(listen)
        .map_err(|e| HqError::new(500, "listen", format!("cannot listen on {listen}: {e}")))?;
    std_listener
        .set_nonblocking(true)
        .map_err(|e| HqError::new(500, "listen", e.to_string()))?;
    let addr = std_listener
        .local_addr()
        .map_err(|e| HqError::new(500, "listen", e.to_string()))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(64)
        .build()
        .map_err(|e| HqError::new(500, "runtime", e.to_string()))?;
    std::thread::spawn(move || {
        rt.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) {
                let _ = axum::serve(listener, router(Arc::new(pool))).await;
            }
        });
    });
    Ok(addr)
}
