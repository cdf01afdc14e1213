//! Head office's connections, so that it stays up (issue 13 item 7): every connection has
//! a header-read timeout (hyper), an idle timeout (no byte either way and no request in
//! flight) and a whole-request timeout; at most `max_connections` are open, and when one
//! more arrives the oldest idle one is closed for it (so idle sockets can never keep a
//! till's `hello` out), or, if every one is busy, it is answered `503 busy` with
//! `Retry-After`. SIGTERM/SIGINT stops accepting, lets requests in flight finish for up to
//! `stop_deadline`, then returns even if a client is half way through sending.
//! The same for plain HTTP and TLS (the handshake has the header-read timeout).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio_rustls::TlsAcceptor;

use super::HqError;

/// How long head office waits, and how much it takes on at once (`vafa-hq serve` options;
/// docs/sync-protocol.md "Limits").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// From a connection's first byte (or the end of the previous request) to the end of
    /// a request's headers; also a TLS handshake's limit.
    pub header_timeout: Duration,
    /// A connection with no request in flight and no byte either way for this long is
    /// closed.
    pub idle_timeout: Duration,
    /// A request, body and answer included, that takes longer is answered `503 busy`.
    pub request_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
    /// Pushes read, parsed and ingested at once (each holds up to `MAX_BODY` bytes).
    pub max_pushes: usize,
    /// Pushes waiting for a turn (their bodies unread); more are answered `503 busy`.
    pub push_queue: usize,
    /// How long a push waits for its turn before it is answered `503 busy`.
    pub push_wait: Duration,
    /// How long a stop waits for requests in flight.
    pub stop_deadline: Duration,
    /// The largest push body taken, in bytes (at most `protocol::MAX_BODY`; `hello`
    /// announces it).
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(120),
            max_connections: 1000,
            max_pushes: 4,
            push_queue: 256,
            push_wait: Duration::from_secs(30),
            stop_deadline: Duration::from_secs(10),
            max_body: vafa_core::protocol::MAX_BODY,
        }
    }
}

/// The seconds a `503 busy` answer asks a till to wait (`Retry-After`).
pub const RETRY_AFTER_SECS: u64 = 2;

/// The turns pushes take: at most `max_pushes` hold one, at most `push_queue` wait.
pub struct Gate {
    turns: tokio::sync::Semaphore,
    waiting: AtomicUsize,
    queue: usize,
    wait: Duration,
}

impl Gate {
    pub fn new(limits: &Limits) -> Gate {
        Gate {
            turns: tokio::sync::Semaphore::new(limits.max_pushes.max(1)),
            waiting: AtomicUsize::new(0),
            queue: limits.push_queue,
            wait: limits.push_wait,
        }
    }

    /// Waits for a turn (before the body is read), or says head office is busy.
    pub async fn turn(&self) -> Result<tokio::sync::SemaphorePermit<'_>, HqError> {
        if let Ok(p) = self.turns.try_acquire() {
            return Ok(p);
        }
        let busy = HqError::Busy {
            retry_after: RETRY_AFTER_SECS,
        };
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy);
        }
        let got = tokio::time::timeout(self.wait, self.turns.acquire()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        match got {
            Ok(Ok(p)) => Ok(p),
            _ => Err(busy),
        }
    }
}

/// When a connection last moved a byte.
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }
}

/// A stream that notes its activity.
struct Watched<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        r
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// One open connection as the registry sees it.
struct Entry {
    id: u64,
    /// Requests in flight on it.
    busy: Arc<AtomicUsize>,
    /// Closes it (to make room for a new one).
    kill: Arc<Notify>,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Conns {
    list: Mutex<VecDeque<Entry>>,
    next: AtomicU64,
}

/// A connection let in; it leaves the registry when dropped.
struct Admitted {
    conns: Arc<Conns>,
    id: u64,
    busy: Arc<AtomicUsize>,
    kill: Arc<Notify>,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        if let Ok(mut l) = self.conns.list.lock() {
            l.retain(|e| e.id != self.id);
        }
    }
}

impl Conns {
    /// Lets a connection in, closing the oldest idle one if `max` are open; `None` when
    /// every open one is busy.
    fn admit(self: &Arc<Self>, max: usize) -> Option<Admitted> {
        let mut list = self.list.lock().ok()?;
        if list.len() >= max.max(1) {
            let idle = list
                .iter()
                .position(|e| e.busy.load(Ordering::SeqCst) == 0)?;
            if let Some(e) = list.remove(idle) {
                e.kill.notify_one();
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (busy, kill) = (Arc::new(AtomicUsize::new(0)), Arc::new(Notify::new()));
        list.push_back(Entry {
            id,
            busy: Arc::clone(&busy),
            kill: Arc::clone(&kill),
        });
        Some(Admitted {
            conns: Arc::clone(self),
            id,
            busy,
            kill,
        })
    }

    fn open(&self) -> usize {
        self.list.lock().map(|l| l.len()).unwrap_or(0)
    }
}

/// Counts a request in flight while it lives.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn enter(n: &Arc<AtomicUsize>) -> InFlight {
        n.fetch_add(1, Ordering::SeqCst);
        InFlight(Arc::clone(n))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves `app` on `listener` until `stop` resolves, then stops as the module says.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<Arc<rustls::ServerConfig>>,
    limits: Arc<Limits>,
    stop: impl Future<Output = ()>,
) {
    let tls = tls.map(TlsAcceptor::from);
    let conns = Arc::new(Conns::default());
    let (stopping, stop_rx) = watch::channel(false);
    tokio::pin!(stop);
    loop {
        let tcp = tokio::select! {
            _ = &mut stop => break,
            r = listener.accept() => match r {
                Ok((tcp, _)) => tcp,
                // Out of file descriptors, say: the idle timeout frees some.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let _ = tcp.set_nodelay(true);
        let Some(admitted) = conns.admit(limits.max_connections) else {
            tokio::spawn(refuse(tcp));
            continue;
        };
        let (app, tls, limits, stop_rx) = (
            app.clone(),
            tls.clone(),
            Arc::clone(&limits),
            stop_rx.clone(),
        );
        tokio::spawn(connection(tcp, admitted, app, tls, limits, stop_rx));
    }
    drop(listener);
    let _ = stopping.send(true);
    let deadline = Instant::now() + limits.stop_deadline;
    while conns.open() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Every connection is busy: says so and closes.
async fn refuse(mut tcp: TcpStream) {
    let body = super::server::busy_body();
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: {RETRY_AFTER_SECS}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        tcp.write_all(head.as_bytes()).await?;
        tcp.write_all(body.as_bytes()).await?;
        tcp.shutdown().await
    })
    .await;
}

async fn connection(
    tcp: TcpStream,
    admitted: Admitted,
    app: Router,
    tls: Option<TlsAcceptor>,
    limits: Arc<Limits>,
    stop: watch::Receiver<bool>,
) {
    let activity = Arc::new(Activity::new());
    let io = Watched {
        inner: tcp,
        activity: Arc::clone(&activity),
    };
    match tls {
        Some(acceptor) => {
            let hs = tokio::time::timeout(limits.header_timeout, acceptor.accept(io));
            tokio::select! {
                r = hs => if let Ok(Ok(s)) = r {
                    drive(s, &admitted, app, &limits, &activity, stop).await;
                },
                _ = admitted.kill.notified() => {}
            }
        }
        None => drive(io, &admitted, app, &limits, &activity, stop).await,
    }
}

async fn drive<I>(
    io: I,
    admitted: &Admitted,
    app: Router,
    limits: &Limits,
    activity: &Activity,
    mut stop: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let inner = TowerToHyperService::new(app);
    let busy = Arc::clone(&admitted.busy);
    let request_timeout = limits.request_timeout;
    let svc = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let flight = InFlight::enter(&busy);
        let fut = hyper::service::Service::call(&inner, req);
        async move {
            let _flight = flight;
            match tokio::time::timeout(request_timeout, fut).await {
                Ok(r) => r,
                Err(_) => Ok(super::server::answer(HqError::Busy {
                    retry_after: RETRY_AFTER_SECS,
                })),
            }
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let conn = builder.serve_connection(TokioIo::new(io), svc);
    tokio::pin!(conn);
    let tick = (limits.idle_timeout / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
    let mut stopping = *stop.borrow();
    if stopping {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = admitted.kill.notified() => return,
            _ = stop.changed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
            _ = tokio::time::sleep(tick) => {
                if admitted.busy.load(Ordering::SeqCst) == 0
                    && activity.idle_for() >= limits.idle_timeout
                {
                    return;
                }
            }
        }
    }
}
