//! Loopback HTTP servers that speak each provider's documented API, for tests: they check the key or credentials, validate parameters as the provider
//! does, answer in the provider's shapes and codes, keep the messages they accepted, honour
//! the provider's dedup where it is documented, and can be told to misbehave.
//!
//! ```no_run
//! use vafa_sms_test::{Account, TestServer};
//! use vafa_sms::{GatewayConfig, Provider, connect};
//! let server = TestServer::start(Provider::Kavenegar, Account::new("KEY"));
//! let gateway = connect(&GatewayConfig::new(Provider::Kavenegar, "KEY").base_url(&server.base_url()));
//! ```
//!
//! Each server runs on its own small tokio runtime on a background thread, so blocking
//! tests and other crates' tests can use it alike.

mod ghasedak;
mod kavenegar;
mod melipayamak;
mod smsir;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::sync::oneshot;

use vafa_sms::Provider;

/// A template the provider holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDef {
    /// Kavenegar and Ghasedak: its name; sms.ir and Melipayamak: its number.
    pub id: String,
    /// Parameter names in order (Kavenegar: `token`, `token2`, ...).
    pub params: Vec<String>,
    /// The text, with `{name}` where each parameter goes.
    pub text: String,
}

/// The account the server holds, as the provider's panel would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The API key (Kavenegar, sms.ir, Ghasedak) or the password (Melipayamak).
    pub api_key: String,
    /// Melipayamak only.
    pub username: String,
    /// The sender lines the account owns.
    pub lines: Vec<String>,
    /// National numbers (`0912...`) on the advertising blacklist.
    pub blacklist: Vec<String>,
    /// National numbers the provider refuses as not valid (as it does unassigned ones).
    pub invalid_numbers: Vec<String>,
    pub templates: Vec<TemplateDef>,
    /// Remaining credit: rials for Kavenegar and Ghasedak, thousandths of a unit for
    /// sms.ir and Melipayamak.
    pub credit: i64,
    /// What one part costs, in the same unit.
    pub price_per_part: i64,
}

impl Account {
    /// Line `10004346`, 1,000,000 of credit, 1,000 a part, no blacklist, no templates.
    pub fn new(api_key: &str) -> Account {
        Account {
            api_key: api_key.to_string(),
            username: String::new(),
            lines: vec!["10004346".to_string()],
            blacklist: Vec::new(),
            invalid_numbers: Vec::new(),
            templates: Vec::new(),
            credit: 1_000_000,
            price_per_part: 1_000,
        }
    }
}

/// How the server misbehaves until told to behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misbehaviour {
    /// Answer this HTTP status with an HTML page, as a proxy in front would (500, 502...).
    Status(u16),
    /// Answer 200 with a body cut in the middle of the provider's JSON.
    Garbage,
    /// Answer 200 with an HTML page.
    Html,
    /// Answer 200 with an empty body.
    Empty,
    /// Answer 200 with 1 MiB of JSON-looking text.
    Huge,
    /// Wait this long, then answer 504 without processing the request.
    Stall(Duration),
    /// Process the request (a send is accepted and kept), then wait this long before
    /// answering: the client times out not knowing.
    AcceptThenStall(Duration),
    /// Answer 429 (with `Retry-After: 1`) in the provider's shape where it has one.
    RateLimit,
    /// Answer exactly this status and JSON body, without processing the request.
    Answer(u16, String),
}

/// A message the server accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The provider id it answered.
    pub id: String,
    /// The receptor as the client sent it.
    pub to: String,
    /// The sender line (a template send: the account's first line).
    pub from: String,
    /// The text (a template send: the template filled).
    pub text: String,
    /// `localid` / `clientReferenceId` as sent.
    pub local_id: Option<String>,
    pub template: Option<String>,
    /// Template values as sent, with their names or slots.
    pub params: Vec<(String, String)>,
    /// What it was charged, in the account's unit.
    pub cost: i64,
}

/// One HTTP request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Header names lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Form fields of the body (`application/x-www-form-urlencoded`).
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }

    /// A form field, else a query parameter.
    pub fn param(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .chain(self.query.iter().cloned())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// What a provider module answers.
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Reply {
    pub fn json(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body,
        }
    }
}

pub(crate) struct State {
    pub provider: Provider,
    pub account: Account,
    misbehaviour: Option<Misbehaviour>,
    pub received: Vec<Received>,
    /// Provider id → the provider's own delivery code.
    pub states: HashMap<String, i64>,
    next_id: u64,
    pub seen: Vec<Seen>,
    /// At most this many requests a second (`TestServer::rate_limit`): (limit, the
    /// current second's start, requests in it).
    rate: Option<(u32, Instant, u32)>,
}

impl State {
    /// A fresh provider id, large like the real ones.
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn cost(&self, text: &str) -> i64 {
        let parts = i64::try_from(vafa_sms::parts::count(text).parts).unwrap_or(i64::MAX);
        parts.saturating_mul(self.account.price_per_part)
    }

    /// A receptor the provider takes: `09` and nine digits, not refused as invalid.
    pub fn number_ok(&self, national: &str) -> bool {
        national_ok(national) && !self.account.invalid_numbers.iter().any(|n| n == national)
    }

    pub fn blacklisted(&self, national: &str) -> bool {
        self.account.blacklist.iter().any(|b| b == national)
    }

    pub fn template(&self, id: &str) -> Option<TemplateDef> {
        self.account.templates.iter().find(|t| t.id == id).cloned()
    }
}

/// `09` and nine more digits, the receptor form the providers document.
pub(crate) fn national_ok(s: &str) -> bool {
    s.len() == 11 && s.starts_with("09") && s.bytes().all(|b| b.is_ascii_digit())
}

/// A template's text with each `{name}` replaced.
pub(crate) fn render(t: &TemplateDef, values: &[(String, String)]) -> String {
    let mut text = t.text.clone();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Thousandths as a decimal number's text: 1254500 → `1254.5`.
pub(crate) fn decimal(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let m = milli.unsigned_abs();
    let frac = format!("{:03}", m % 1000);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{}", m / 1000)
    } else {
        format!("{sign}{}.{frac}", m / 1000)
    }
}

type Shared = Arc<Mutex<State>>;

fn lock(s: &Shared) -> MutexGuard<'_, State> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running server. Dropping it stops it.
pub struct TestServer {
    addr: SocketAddr,
    state: Shared,
    rt: Option<tokio::runtime::Runtime>,
    stop: Option<oneshot::Sender<()>>,
}

impl TestServer {
    /// Starts a server for `provider` on `127.0.0.1:0`.
    ///
    /// # Panics
    /// When no runtime or loopback port can be had (a broken test machine).
    #[allow(clippy::expect_used)]
    pub fn start(provider: Provider, account: Account) -> TestServer {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime for the test server");
        let state = Arc::new(Mutex::new(State {
            provider,
            account,
            misbehaviour: None,
            received: Vec::new(),
            states: HashMap::new(),
            next_id: 7_000_000_000 + u64::from(std::process::id() % 1000) * 1_000_000,
            seen: Vec::new(),
            rate: None,
        }));
        let addr: SocketAddr = ([127, 0, 0, 1], 0).into();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind(addr))
            .expect("a loopback port");
        let addr = listener.local_addr().expect("the bound address");
        let mut server = TestServer {
            addr,
            state,
            rt: Some(rt),
            stop: None,
        };
        server.serve(listener);
        server
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let (tx, rx) = oneshot::channel::<()>();
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(self.state.clone());
        if let Some(rt) = &self.rt {
            rt.spawn(async move {
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
            });
        }
        self.stop = Some(tx);
    }

    /// `http://127.0.0.1:PORT`, for `base_url`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The messages accepted so far.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state).received.clone()
    }

    /// Every request seen so far (including refused and misbehaved ones).
    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.state).seen.clone()
    }

    pub fn misbehave(&self, m: Misbehaviour) {
        lock(&self.state).misbehaviour = Some(m);
    }

    /// Answers 429 (as [`Misbehaviour::RateLimit`]) to requests past `per_second` in each
    /// second, as a provider's rate limit does.
    pub fn rate_limit(&self, per_second: u32) {
        lock(&self.state).rate = Some((per_second, Instant::now(), 0));
    }

    pub fn behave(&self) {
        lock(&self.state).misbehaviour = None;
    }

    /// Sets a message's delivery state, as the provider's own code.
    pub fn set_state(&self, provider_id: &str, code: i64) {
        lock(&self.state)
            .states
            .insert(provider_id.to_string(), code);
    }

    pub fn set_credit(&self, credit: i64) {
        lock(&self.state).account.credit = credit;
    }

    pub fn credit(&self) -> i64 {
        lock(&self.state).account.credit
    }

    /// Changes the account (lines, blacklist, templates, key).
    pub fn with_account(&self, f: impl FnOnce(&mut Account)) {
        f(&mut lock(&self.state).account);
    }

    /// Stops listening: connections are refused until [`TestServer::restart`]. Idle
    /// keep-alive connections are closed, so a pooled client connection does not reach it.
    pub fn stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let until = Instant::now() + Duration::from_secs(3);
        while Instant::now() < until
            && std::net::TcpStream::connect_timeout(&self.addr, Duration::from_millis(100)).is_ok()
        {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Listens again on the same port, with the same state.
    ///
    /// # Panics
    /// When the port was taken meanwhile.
    #[allow(clippy::expect_used)]
    pub fn restart(&mut self) {
        self.stop();
        let listener = match &self.rt {
            Some(rt) => rt
                .block_on(tokio::net::TcpListener::bind(self.addr))
                .expect("the same port again"),
            None => return,
        };
        self.serve(listener);
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

const HTML: &str = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

async fn handle(
    AxState(state): AxState<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let seen = Seen {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: uri
            .query()
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default(),
        headers: headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    };
    let (misbehaviour, provider) = {
        let mut s = lock(&state);
        s.seen.push(seen.clone());
        let over = match &mut s.rate {
            Some((limit, start, n)) => {
                if start.elapsed() >= Duration::from_secs(1) {
                    (*start, *n) = (Instant::now(), 0);
                }
                *n += 1;
                *n > *limit
            }
            None => false,
        };
        let m = if over {
            Some(Misbehaviour::RateLimit)
        } else {
            s.misbehaviour.clone()
        };
        (m, s.provider)
    };
    let plain = |status: u16, ct: &'static str, body: String| {
        reply(Reply {
            status,
            content_type: ct,
            body,
        })
    };
    match misbehaviour {
        Some(Misbehaviour::Status(code)) => return plain(code, "text/html", HTML.to_string()),
        Some(Misbehaviour::Garbage) => {
            return plain(
                200,
                "application/json",
                "{\"return\":{\"status\":200,\"mess".to_string(),
            );
        }
        Some(Misbehaviour::Html) => return plain(200, "text/html", HTML.to_string()),
        Some(Misbehaviour::Empty) => return plain(200, "application/json", String::new()),
        Some(Misbehaviour::Huge) => {
            let body = format!("{{\"padding\":\"{}\"}}", "x".repeat(1024 * 1024));
            return plain(200, "application/json", body);
        }
        Some(Misbehaviour::Stall(d)) => {
            tokio::time::sleep(d).await;
            return plain(
                504,
                "text/html",
                HTML.replace("502 Bad Gateway", "504 Gateway Time-out"),
            );
        }
        Some(Misbehaviour::RateLimit) => {
            let mut r = reply(rate_limited(provider));
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return r;
        }
        Some(Misbehaviour::Answer(status, body)) => return plain(status, "application/json", body),
        Some(Misbehaviour::AcceptThenStall(_)) | None => {}
    }
    let answer = {
        let mut s = lock(&state);
        match provider {
            Provider::Kavenegar => kavenegar::handle(&mut s, &seen),
            Provider::SmsIr => smsir::handle(&mut s, &seen),
            Provider::Ghasedak => ghasedak::handle(&mut s, &seen),
            Provider::Melipayamak => melipayamak::handle(&mut s, &seen),
        }
    };
    if let Some(Misbehaviour::AcceptThenStall(d)) = misbehaviour {
        tokio::time::sleep(d).await;
    }
    reply(answer)
}

/// 429 in the provider's shape where it has one; Ghasedak and Melipayamak get a proxy's
/// plain page (Ghasedak's own code 429 means missing template parameters).
fn rate_limited(provider: Provider) -> Reply {
    match provider {
        Provider::Kavenegar => kavenegar::error(429, "تعداد درخواست بیش از حد مجاز است"),
        Provider::SmsIr => smsir::error(429, 20, "تعداد درخواست بیش از حد مجاز است"),
        Provider::Ghasedak | Provider::Melipayamak => Reply {
            status: 429,
            content_type: "text/plain",
            body: "Too Many Requests".to_string(),
        },
    }
}

fn reply(r: Reply) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, r.content_type)], r.body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_render_without_floats() {
        assert_eq!(decimal(1_254_500), "1254.5");
        assert_eq!(decimal(2_000), "2");
        assert_eq!(decimal(-1_005), "-1.005");
        assert_eq!(decimal(0), "0");
    }

    #[test]
    fn national_numbers() {
        assert!(national_ok("09121234567"));
        assert!(!national_ok("9121234567"));
        assert!(!national_ok("+989121234567"));
        assert!(!national_ok("0912123456x"));
    }
}
