//! The POS API's overhead (issue 20): the same durable sale recorded through
//! `vafa pos serve` (HTTP/1.1 keep-alive, JSON, bearer token, the sale id's body kept)
//! and by calling `vafa-service` directly on one open till under a lock (what the server
//! does: the same request, the same rows written), by 1 client and then by 4, in one run.
//! Prints p50/p99 and sales per second of each and the ratios. `cargo bench --bench pos` (or `--profile dev` for a quick figure). Env:
//! `VAFA_BENCH_SALES` (per client, default 500).

use std::error::Error;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vafa_core::lang::Lang;
use vafa_service::pos::{RequestKey, sha256_hex};
use vafa_service::{CardInput, Customer, InitOptions, MemberInput, MemberKey, SaleRequest, Vafa};

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

const CLIENTS: usize = 4;
const MEMBERS: usize = 200;

fn card(i: usize) -> String {
    format!("BENCH{i:05}")
}

fn shop(dir: &std::path::Path) -> Res<String> {
    let opts = InitOptions {
        shop: "Bench".into(),
        branch: "B1".into(),
        branch_name: None,
        lang: Lang::En,
        unit: "toman".into(),
    };
    let mut v = Vafa::init(dir, &opts)?;
    for i in 0..MEMBERS {
        let mobile = vafa_core::phone::parse_mobile(&format!("0912{i:07}")).ok_or("mobile")?;
        v.enrol(&MemberInput {
            first: Some("Bench".into()),
            last: Some(format!("M{i}")),
            mobile: Some(mobile),
            card: Some(CardInput::typed(card(i))),
            ..MemberInput::default()
        })?;
    }
    Ok(v.pos_token_new("bench")?)
}

struct Figures {
    p50: Duration,
    p99: Duration,
    per_second: f64,
}

fn figures(mut latencies: Vec<Duration>, took: Duration) -> Figures {
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Figures {
        p50: at(0.50),
        p99: at(0.99),
        per_second: latencies.len() as f64 / took.as_secs_f64(),
    }
}

const ROUNDS: usize = 4;

/// Latencies and the time they took, over rounds.
#[derive(Default)]
struct Runs {
    latencies: Vec<Duration>,
    took: Duration,
}

impl Runs {
    fn add(&mut self, (latencies, took): (Vec<Duration>, Duration)) {
        self.latencies.extend(latencies);
        self.took += took;
    }

    fn figures(self) -> Figures {
        figures(self.latencies, self.took)
    }
}

/// Runs `per_client` sales on each of `clients` threads; `sale(client, n)` records one.
fn run<F>(clients: usize, per_client: usize, sale: F) -> Res<(Vec<Duration>, Duration)>
where
    F: Fn(usize, usize) -> Res<()> + Send + Sync + 'static,
{
    let sale = Arc::new(sale);
    let t0 = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let sale = Arc::clone(&sale);
            std::thread::spawn(move || -> Res<Vec<Duration>> {
                let mut out = Vec::with_capacity(per_client);
                for n in 0..per_client {
                    let t = Instant::now();
                    sale(c, n)?;
                    out.push(t.elapsed());
                }
                Ok(out)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in threads {
        all.extend(t.join().map_err(|_| "a client panicked")??);
    }
    Ok((all, t0.elapsed()))
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    fn open(addr: SocketAddr) -> Res<Conn> {
        let tcp = TcpStream::connect(addr)?;
        tcp.set_nodelay(true)?;
        Ok(Conn {
            reader: BufReader::new(tcp.try_clone()?),
            writer: tcp,
        })
    }

    fn post(&mut self, path: &str, token: &str, body: &str) -> Res<(u16, String)> {
        write!(
            self.writer,
            "POST {path} HTTP/1.1\r\nHost: pos\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line.split_whitespace().nth(1).ok_or("status")?.parse()?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse()?;
            }
        }
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, String::from_utf8(body)?))
    }
}

fn main() -> Res<()> {
    let per_client: usize = std::env::var("VAFA_BENCH_SALES")
        .ok()
        .map_or(Ok(500), |v| v.parse())?;
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("shop");
    let token = shop(&dir)?;

    // The API: `vafa pos serve` in this process, 4 clients on keep-alive connections.
    let server = Vafa::open(&dir)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let options = vafa_pos::Options {
        listen: "127.0.0.1:0".parse()?,
        ..vafa_pos::Options::default()
    };
    std::thread::spawn(move || {
        let _ = vafa_pos::serve(
            server,
            options,
            |a| {
                let _ = tx.send(a);
            },
            std::future::pending(),
        );
    });
    let addr = rx.recv_timeout(Duration::from_secs(10))?;
    let conns: Arc<Vec<Mutex<Conn>>> = Arc::new(
        (0..CLIENTS)
            .map(|_| Conn::open(addr).map(Mutex::new))
            .collect::<Res<_>>()?,
    );
    // The service directly: 4 threads, one open till under a lock (as the server holds it).
    // The same request the server makes of the same body: the card without a profile,
    // the body's hash kept with the sale id (so both write the same rows; what is left
    // between them is HTTP, JSON and the token's lookup).
    // The till is one thread that owns it and takes the clients' requests in the order
    // they come (as the server's queue does): 4 threads taking a `std` mutex back to back
    // instead hand it over unfairly and slowly (measured at 22:47 on 2026-12-01: 137
    // sales/s with 4 threads, below one thread's 213), which is the mutex, not the service.
    let mut direct = Vafa::open(&dir)?;
    let actor = direct.pos_actor(Some(&token))?;
    direct.act_as(actor);
    type Job = (SaleRequest, std::sync::mpsc::SyncSender<Result<(), String>>);
    let (till, jobs) = std::sync::mpsc::channel::<Job>();
    std::thread::spawn(move || {
        for (req, answer) in jobs {
            let _ = answer.send(direct.sell(&req).map(drop).map_err(|e| format!("{e:?}")));
        }
    });
    let till = Mutex::new(till);

    let body_of = |c: usize, n: usize| {
        serde_json::json!({
            "id": uuid::Uuid::now_v7().to_string(),
            "card": card((c * 7 + n) % MEMBERS),
            "amount": 250_000,
        })
    };
    let direct_sale = move |c: usize, n: usize| -> Res<()> {
        let body = body_of(c, n);
        let mut req = SaleRequest::new(
            Customer::Member(MemberKey::Card(CardInput {
                number: card((c * 7 + n) % MEMBERS),
                profile: None,
            })),
            250_000,
        );
        req.id = body["id"].as_str().map(str::to_string);
        req.request = Some(RequestKey {
            body_sha256: sha256_hex(body.to_string().as_bytes()),
            token: "pos:bench".into(),
        });
        let (answer, answered) = std::sync::mpsc::sync_channel(1);
        till.lock().map_err(|_| "lock")?.send((req, answer))?;
        answered.recv()?.map_err(|e| e.into())
    };
    let api_sale = move |c: usize, n: usize| -> Res<()> {
        let body = body_of(c, n).to_string();
        let (status, answer) =
            conns[c]
                .lock()
                .map_err(|_| "lock")?
                .post("/v1/sales", &token, &body)?;
        if status != 200 {
            return Err(format!("{status}: {answer}").into());
        }
        Ok(())
    };
    let (direct_sale, api_sale) = (Arc::new(direct_sale), Arc::new(api_sale));
    // One client first (each request alone: the API's own cost), then 4 (queued on the
    // one till). Rounds alternate the two, so that both see the same machine (other work
    // on it, the WAL's growth) alike.
    let mut results = Vec::new();
    for clients in [1, CLIENTS] {
        let (mut service, mut api) = (Runs::default(), Runs::default());
        let per_round = (per_client / ROUNDS).max(1);
        for round in 0..ROUNDS {
            for api_turn in [round % 2 == 1, round % 2 == 0] {
                if api_turn {
                    let f = Arc::clone(&api_sale);
                    api.add(run(clients, per_round, move |c, n| f(c, n))?);
                } else {
                    let f = Arc::clone(&direct_sale);
                    service.add(run(clients, per_round, move |c, n| f(c, n))?);
                }
            }
        }
        results.push((
            clients,
            per_round * ROUNDS,
            service.figures(),
            api.figures(),
        ));
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for (clients, each, service, api) in results {
        println!(
            "{clients} client(s) x {each} durable sales each, {ROUNDS} alternating rounds (WAL, synchronous=FULL)"
        );
        for (name, f) in [
            ("vafa-service directly", &service),
            ("POS API (HTTP)", &api),
        ] {
            println!(
                "  {name:<22} p50 {:>7.2} ms  p99 {:>7.2} ms  {:>7.0} sales/s",
                ms(f.p50),
                ms(f.p99),
                f.per_second
            );
        }
        println!(
            "  API / direct: p50 x{:.2}, p99 x{:.2}, throughput x{:.2}",
            ms(api.p50) / ms(service.p50),
            ms(api.p99) / ms(service.p99),
            api.per_second / service.per_second
        );
    }
    Ok(())
}
