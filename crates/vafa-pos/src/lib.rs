//! The till's local API for the shop's cash-register program (`vafa pos serve`, the till
//! window with `[pos] enabled = true`): HTTP/1.1 JSON on this machine, documented in
//! `docs/pos-api.yaml`. A front like the window and the command line: every request is a
//! use case of `vafa-service`, acted by the cashier its bearer token names (`pos:NAME`),
//! checked against the same permission matrix. No SQL here.
//!
//! One open till (one SQLite connection) serves every request in turn on tokio's blocking
//! pool; SQLite writes one transaction at a time anyway. Limits: a connection from an
//! address that is neither loopback nor in `[pos] allow` is answered 403 and closed; the
//! headers must arrive within `header_timeout`, a body is at most `max_body` bytes, and a
//! request that takes longer than `request_timeout` (or finds the database held by a
//! backup for longer than `busy_timeout`) is answered `503 busy` with `Retry-After`.

mod body;
pub mod holoo;
pub mod import;
mod routes;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

use vafa_core::error::{Error, Result};
use vafa_core::lang::Lang;
use vafa_service::Vafa;

pub use routes::RETRY_AFTER_SECS;

/// How the server listens and what it takes.
#[derive(Debug, Clone)]
pub struct Options {
    pub listen: SocketAddr,
    /// Addresses besides loopback that may connect (`[pos] allow`).
    pub allow: Vec<IpAddr>,
    pub header_timeout: Duration,
    pub request_timeout: Duration,
    /// How long a request waits for a database another program holds.
    pub busy_timeout: Duration,
    pub max_body: usize,
    /// The longest `GET /v1/pending-card?wait=` may wait.
    pub max_wait: Duration,
    /// How old a swiped card may be and still be handed over.
    pub card_max_age: chrono::Duration,
}

impl Options {
    /// The shop's `[pos]` settings with `listen` given (`--listen`) or the configured one.
    pub fn from_config(pos: &vafa_core::config::Pos, listen: Option<&str>) -> Result<Options> {
        let text = listen.unwrap_or(&pos.listen);
        let bad = |key: &str, fault| Error::Config {
            line: None,
            key: key.into(),
            reason: fault,
        };
        let listen = text.parse().map_err(|_| {
            bad(
                "pos.listen",
                vafa_core::config::Fault::ListenAddress(text.into()),
            )
        })?;
        let allow = pos
            .allow
            .iter()
            .map(|a| {
                a.parse()
                    .map_err(|_| bad("pos.allow", vafa_core::config::Fault::IpAddress(a.clone())))
            })
            .collect::<Result<_>>()?;
        Ok(Options {
            listen,
            allow,
            ..Options::default()
        })
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 8471)),
            allow: Vec::new(),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(15),
            busy_timeout: Duration::from_secs(3),
            max_body: 64 * 1024,
            max_wait: Duration::from_secs(10),
            card_max_age: chrono::Duration::minutes(2),
        }
    }
}

/// What every request shares: the open till, the shop's language, the limits.
pub(crate) struct Shared {
    pub vafa: Mutex<Vafa>,
    pub lang: Lang,
    pub options: Options,
}

/// Opens the shop in `dir` (clock fixed at `now` if given) for serving.
pub fn open(dir: &Path, now: Option<chrono::DateTime<chrono::Utc>>) -> Result<Vafa> {
    let mut v = Vafa::open(dir)?;
    v.set_now(now);
    Ok(v)
}

/// Serves until SIGINT/SIGTERM (or `stop` resolves); `ready` is told the address bound
/// (with port 0, the one the system chose) before the first request is taken.
pub fn serve(
    vafa: Vafa,
    options: Options,
    ready: impl FnOnce(SocketAddr),
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    run(vafa, options, ready, stop, true)
}

/// A server on its own thread (the till window's, `[pos] enabled = true`): serving once
/// this returns, stopped when dropped. SIGINT/SIGTERM are left to the program.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The till window's API: the shop in `dir` opened once more (its own connection, the
/// real clock) and served on a thread at `[pos] listen`.
pub fn start(dir: &Path, pos: &vafa_core::config::Pos) -> Result<Running> {
    let options = Options::from_config(pos, None)?;
    spawn(open(dir, None)?, options)
}

/// Starts serving `vafa` (its own connection to the shop) on a thread; an address that
/// cannot be bound is the error, as `serve` says it.
pub fn spawn(vafa: Vafa, options: Options) -> Result<Running> {
    let (told, heard) = std::sync::mpsc::channel::<Result<SocketAddr>>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let ready = told.clone();
    let thread = std::thread::Builder::new()
        .name("vafa-pos".into())
        .spawn(move || {
            let stop = async move {
                let _ = stopped.await;
            };
            if let Err(e) = run(
                vafa,
                options,
                |a| {
                    let _ = ready.send(Ok(a));
                },
                stop,
                false,
            ) {
                let _ = told.send(Err(e));
            }
        })
        .map_err(|e| Error::Io {
            path: "vafa-pos".into(),
            detail: e.to_string(),
        })?;
    match heard.recv() {
        Ok(Ok(addr)) => Ok(Running {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(e) => Err(Error::Io {
            path: "vafa-pos".into(),
            detail: e.to_string(),
        }),
    }
}

fn run(
    vafa: Vafa,
    options: Options,
    ready: impl FnOnce(SocketAddr),
    stop: impl std::future::Future<Output = ()> + Send + 'static,
    signals: bool,
) -> Result<()> {
    let io = |e: std::io::Error, what: &str| Error::Io {
        path: what.to_string(),
        detail: e.to_string(),
    };
    vafa.set_busy_timeout(options.busy_timeout)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| io(e, "tokio"))?;
    let shared = Arc::new(Shared {
        lang: vafa.lang(),
        vafa: Mutex::new(vafa),
        options,
    });
    runtime.block_on(async move {
        let listener = TcpListener::bind(shared.options.listen)
            .await
            .map_err(|e| io(e, &shared.options.listen.to_string()))?;
        let addr = listener.local_addr().map_err(|e| io(e, "listen"))?;
        ready(addr);
        let app = routes::router(Arc::clone(&shared));
        tokio::pin!(stop);
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((tcp, peer)) = accepted else { continue };
                    if !allowed(&shared.options.allow, peer.ip()) {
                        tokio::spawn(refuse(tcp, peer, shared.lang));
                        continue;
                    }
                    tokio::spawn(connection(tcp, app.clone(), shared.options.header_timeout));
                }
                _ = &mut stop => break,
                _ = shutdown_signal(), if signals => break,
            }
        }
        Ok(())
    })
}

fn allowed(allow: &[IpAddr], ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    ip.is_loopback() || allow.contains(&ip)
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return std::future::pending().await;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

async fn connection(tcp: TcpStream, app: axum::Router, header_timeout: Duration) {
    let svc = TowerToHyperService::new(app);
    let svc = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        hyper::service::Service::call(&svc, req)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let _ = builder.serve_connection(TokioIo::new(tcp), svc).await;
}

/// A connection from an address the shop has not allowed: one 403 and closed.
async fn refuse(mut tcp: TcpStream, peer: SocketAddr, lang: Lang) {
    eprintln!("vafa pos: refused a connection from {peer}");
    let body = routes::error_json(
        &Error::PeerRefused {
            peer: peer.ip().to_string(),
        },
        lang,
    );
    let head = format!(
        "HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        tcp.write_all(head.as_bytes()).await?;
        tcp.write_all(body.as_bytes()).await?;
        tcp.shutdown().await
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::allowed;
    use std::net::IpAddr;

    #[test]
    fn loopback_and_the_allowed_only() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert!(allowed(&[], ip("127.0.0.1")));
        assert!(allowed(&[], ip("::1")));
        assert!(allowed(&[], ip("::ffff:127.0.0.1")));
        assert!(!allowed(&[], ip("192.168.1.20")));
        assert!(allowed(&[ip("192.168.1.20")], ip("192.168.1.20")));
        assert!(allowed(&[ip("192.168.1.20")], ip("::ffff:192.168.1.20")));
        assert!(!allowed(&[ip("192.168.1.20")], ip("192.168.1.21")));
    }
}
