//! Head office stays up (issue 13 item 7), measured: `hello` p50/p99 while (a) 1,100
//! idle sockets are open, (b) 10 pushes of 8 MiB of `[[],[],...]` run at once, (c) one
//! terminal pushes 68,000 one-rial lots and then a redemption of a missing lot; and the
//! server's peak memory (VmHWM of the `vafa-hq serve` child, a fresh one per load).
//! Baseline: `hello` on an idle server in the same run. SQLite in a temp directory; the
//! real clock (no `VAFA_NOW`). Run: `cargo bench -p vafa-hq --bench load` (README,
//! "Performance").

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use vafa_core::ledger::{Account, EntryKind};
use vafa_core::protocol::{OutRecord, PROTOCOL, PushRequest};
use vafa_core::record::{Entry, MemberRow, Record, SaleRecord, SaleRow};

struct Server {
    child: Child,
    addr: String,
    token: String,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = format!("sqlite:{}", dir.path().join("hq.db").display());
        let bin = env!("CARGO_BIN_EXE_vafa-hq");
        let out = Command::new(bin)
            .args(["--database", &db, "--json", "terminal", "add"])
            .args(["--branch", "A", "--name", "bench"])
            .output()
            .expect("terminal add");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let token = v["token"].as_str().expect("token").to_string();
        let mut child = Command::new(bin)
            .args(["--database", &db, "serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("listening line");
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .expect("address")
            .to_string();
        Server {
            child,
            addr,
            token,
            _dir: dir,
        }
    }

    /// The server's peak resident memory so far, in MiB.
    fn peak_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        kib / 1024.0
    }

    /// One request on its own connection; the status.
    fn request(&self, method: &str, path: &str, body: Option<&[u8]>) -> u16 {
        let Ok(mut s) = TcpStream::connect(&self.addr) else {
            return 0;
        };
        let _ = s.set_read_timeout(Some(Duration::from_secs(600)));
        let body = body.unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.addr,
            self.token,
            body.len()
        );
        if s.write_all(head.as_bytes()).is_err() || s.write_all(body).is_err() {
            return 0;
        }
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer)
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    }

    fn hello(&self) -> Duration {
        let t = Instant::now();
        let status = self.request("GET", "/v1/hello", None);
        assert_eq!(status, 200, "hello answered {status}");
        t.elapsed()
    }

    /// Hellos one after another until `done`, at least `min` of them.
    fn hellos_while(&self, done: &AtomicBool, min: usize) -> Vec<Duration> {
        let mut v = Vec::new();
        while !done.load(Ordering::SeqCst) || v.len() < min {
            v.push(self.hello());
            std::thread::sleep(Duration::from_millis(5));
        }
        v
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)].as_secs_f64() * 1000.0
}

struct Figure {
    load: &'static str,
    p50: f64,
    p99: f64,
    peak: f64,
    took: Duration,
}

/// Runs `load` on a fresh server while hellos are timed.
fn under(load: &'static str, run: impl FnOnce(&Arc<Server>) + Send + 'static) -> Figure {
    let server = Arc::new(Server::start());
    let done = Arc::new(AtomicBool::new(false));
    let (s, d) = (Arc::clone(&server), Arc::clone(&done));
    let t = Instant::now();
    let worker = std::thread::spawn(move || {
        run(&s);
        d.store(true, Ordering::SeqCst);
    });
    // Let the load begin.
    std::thread::sleep(Duration::from_millis(200));
    let mut v = server.hellos_while(&done, 100);
    worker.join().expect("load");
    let took = t.elapsed();
    Figure {
        load,
        p50: pct(&mut v, 0.50),
        p99: pct(&mut v, 0.99),
        peak: server.peak_mib(),
        took,
    }
}

fn body(records: &[OutRecord]) -> Vec<u8> {
    serde_json::to_vec(&PushRequest {
        protocol: PROTOCOL,
        records: records.to_vec(),
        audit: None,
    })
    .expect("json")
}

/// `{"protocol":1,"records":[{... "payload":[[],[],...]}]}` of just under 8 MiB.
fn empty_arrays_body() -> Vec<u8> {
    let at = chrono::Utc::now().to_rfc3339();
    let head = format!(
        "{{\"protocol\":1,\"records\":[{{\"seq\":1,\"kind\":\"sale\",\"record_id\":\"x\",\"created_at\":\"{at}\",\"payload\":["
    );
    let mut b = head.into_bytes();
    let n = (vafa_core::protocol::MAX_BODY - b.len() - 16) / 3;
    for i in 0..n {
        b.extend_from_slice(if i == 0 { b"[]" } else { b",[]" });
    }
    b.extend_from_slice(b"]}]}");
    b
}

/// 68,000 one-rial lots (opening balances with their reason) of one member, in pushes
/// of 1,000, then a sale redeeming from a lot head office does not have.
fn many_lots(s: &Server) {
    let now = chrono::Utc::now().to_rfc3339();
    let member = "bench-member";
    let row = MemberRow::new(
        member.into(),
        "Bench".into(),
        "Lots".into(),
        "+989120000001".into(),
        "A".into(),
        &now,
    );
    let mut seq = 1;
    let first = [OutRecord::new(seq, &Record::Member(row), &now)];
    assert_eq!(s.request("POST", "/v1/push", Some(&body(&first))), 200);
    for _ in 0..68 {
        let batch: Vec<OutRecord> = (0..1000)
            .map(|_| {
                seq += 1;
                let mut e = Entry::new(member, Account::Credit, 1, EntryKind::Adjust, &now, "A");
                e.note = Some("opening balance".into());
                OutRecord::new(seq, &Record::Entry(e), &now)
            })
            .collect();
        assert_eq!(s.request("POST", "/v1/push", Some(&body(&batch))), 200);
    }
    let id = vafa_core::ids::new_id();
    let mut redeem = Entry::new(member, Account::Credit, -5, EntryKind::Redeem, &now, "A");
    redeem.sale_id = Some(id.as_str().into());
    redeem.lot_id = Some("missing-lot".into());
    let sale = SaleRow {
        id: id.as_str().into(),
        member_id: Some(member.into()),
        card_number: None,
        branch: "A".into(),
        at: now.clone(),
        at_utc: now.clone(),
        gross: 1000,
        discount: 0,
        credit_redeemed: 5,
        paid: 995,
        credit_earned: 0,
        points_earned: 0,
        tier: None,
        offers: String::new(),
        created_at: now.clone(),
    };
    let record = Record::Sale(Box::new(SaleRecord {
        sale,
        items: Vec::new(),
        offers: Vec::new(),
        entries: vec![redeem],
    }));
    let last = [OutRecord::new(seq + 1, &record, &now)];
    assert_eq!(s.request("POST", "/v1/push", Some(&body(&last))), 200);
}

fn main() {
    // Baseline: an idle server.
    let idle = Server::start();
    let mut base: Vec<Duration> = (0..300).map(|_| idle.hello()).collect();
    let baseline = Figure {
        load: "idle server (baseline)",
        p50: pct(&mut base, 0.50),
        p99: pct(&mut base, 0.99),
        peak: idle.peak_mib(),
        took: Duration::ZERO,
    };
    drop(idle);

    let sockets = under("1,100 idle sockets open", |s| {
        let open: Vec<TcpStream> = (0..1100)
            .filter_map(|_| TcpStream::connect(&s.addr).ok())
            .collect();
        assert_eq!(open.len(), 1100, "sockets opened");
        // Held while hellos are timed.
        std::thread::sleep(Duration::from_secs(5));
        drop(open);
    });

    let pushes = under("10 × 8 MiB pushes of [[],[],...] at once", |s| {
        let b = Arc::new(empty_arrays_body());
        std::thread::scope(|scope| {
            for _ in 0..10 {
                let b = Arc::clone(&b);
                scope.spawn(move || {
                    for _ in 0..3 {
                        let status = s.request("POST", "/v1/push", Some(&b));
                        assert!(matches!(status, 200 | 503), "push answered {status}");
                    }
                });
            }
        });
    });

    let lots = under(
        "68,000 one-rial lots, then a redemption of a missing lot",
        |s| many_lots(s),
    );

    println!(
        "| load | hello p50 | hello p99 | p99 ÷ baseline p99 | peak RSS (VmHWM) | load took |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    for f in [&baseline, &sockets, &pushes, &lots] {
        println!(
            "| {} | {:.2} ms | {:.2} ms | {:.1}× | {:.0} MiB | {:.1} s |",
            f.load,
            f.p50,
            f.p99,
            f.p99 / baseline.p99,
            f.peak,
            f.took.as_secs_f64()
        );
    }
}
