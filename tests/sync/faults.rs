//! Faults between till and head office: head office SIGKILLed mid-upload ten times, and a
//! fault-injecting TCP proxy (resets, lost answers, truncated answers, 500s, delays).
//! Afterwards every sale is at head office exactly once and the balances agree.

use crate::common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::Shop;
use common::hq::{Hq, backends, bin};
use vafa_core::phone::parse_mobile;
use vafa_core::sale::Redeem;
use vafa_service::{Customer, MemberKey, SaleRequest, Vafa};

const MEMBERS: usize = 20;

/// A till at `branch` connected to `url`, with MEMBERS members and `sales` sales (a fifth
/// of them spending credit), written through the real sale path.
fn busy_till(hq: &Hq, branch: &str, url: &str, sales: usize) -> Shop {
    // Each branch's members have their own mobiles.
    let base = branch.bytes().map(usize::from).sum::<usize>() * 1000;
    let s = Shop::at_branch(branch, "en");
    let (_, token) = hq.terminal(branch);
    s.ok(&["hq", "connect", "--url", url, "--token", &token]);
    let mut v = Vafa::open(s.dir.path()).expect("open till");
    v.set_now(Some(
        chrono::DateTime::parse_from_rfc3339(common::NOW)
            .expect("now")
            .with_timezone(&chrono::Utc),
    ));
    for m in 0..MEMBERS {
        v.enrol(&vafa_service::MemberInput {
            first: Some(format!("M{m}")),
            last: Some("Test".into()),
            mobile: parse_mobile(&mobile(base + m)),
            ..Default::default()
        })
        .expect("enrol");
    }
    for i in 0..sales {
        let mut r = SaleRequest::new(
            Customer::Member(MemberKey::Mobile(
                parse_mobile(&mobile(base + i % MEMBERS)).expect("mobile"),
            )),
            1000000,
        );
        if (i / MEMBERS) % 5 == 4 {
            r.redeem = Redeem::Amount(10000);
        }
        v.sell(&r).expect("sale");
    }
    s
}

fn mobile(m: usize) -> String {
    format!("0912{:07}", m)
}

/// Runs `vafa sync --once` with patient retries; returns (success, stderr).
fn sync_child(s: &Shop) -> std::process::Child {
    Command::new(bin("vafa"))
        .args(["--json", "sync", "--once"])
        .env("VAFA_DATA_DIR", s.dir.path())
        .env("VAFA_NOW", common::NOW)
        .env("VAFA_SYNC_ATTEMPTS", "60")
        .env("VAFA_SYNC_BACKOFF_MS", "20")
        .env("VAFA_SYNC_TIMEOUT_MS", "3000")
        .env("VAFA_SYNC_BATCH", "50")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn vafa sync")
}

fn wait(mut child: std::process::Child, limit: Duration) -> (bool, String) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            return (status.success(), err);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return (false, "timed out".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Syncs until nothing is pending (each try bounded), asserting it gets there.
fn sync_until_done(s: &Shop) {
    for _ in 0..20 {
        let (ok, _) = wait(sync_child(s), Duration::from_secs(120));
        let st = s.json(&["sync", "status"]);
        if ok && st["pending"] == 0 {
            return;
        }
    }
    panic!("sync never finished: {}", s.json(&["sync", "status"]));
}

fn till_count(s: &Shop, sql: &str) -> i64 {
    rusqlite::Connection::open(s.dir.path().join("vafa.db"))
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

/// The one text column `sql` selects on a till, sorted.
fn till_strings(s: &Shop, sql: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(s.dir.path().join("vafa.db")).expect("open");
    let mut st = c.prepare(sql).expect("prepare");
    let mut out: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    out.sort();
    out
}

/// Sales and entries, one line each, as both sides can write them.
const SALES: &str = "SELECT id || '|' || CAST(gross AS TEXT) || '|' || CAST(credit_redeemed AS TEXT) || '|' || CAST(paid AS TEXT) FROM sales";
const ENTRIES: &str = "SELECT id || '|' || member_id || '|' || account || '|' || CAST(amount AS TEXT) || '|' || COALESCE(lot_id, '-') FROM ledger";
/// Each member's credit and points as the sum of their entries.
const BALANCES: &str = "SELECT member_id || '|' || account || '|' || CAST(SUM(amount) AS TEXT) FROM ledger GROUP BY member_id, account";

/// Head office holds each of the tills' sales and entries once, record by record, and
/// every member's balance at head office is the one every till shows.
fn assert_exactly_once(hq: &Hq, tills: &[&Shop]) {
    let own = "WHERE branch = (SELECT branch_code FROM shop)";
    let mut sales: Vec<String> = tills
        .iter()
        .flat_map(|s| till_strings(s, &format!("{SALES} {own}")))
        .collect();
    sales.sort();
    assert!(!sales.is_empty());
    assert_eq!(hq.strings(SALES), sales, "{}: sales", hq.backend);
    assert_eq!(
        hq.count("SELECT COUNT(*) FROM records WHERE kind = 'sale'"),
        sales.len() as i64,
        "{}: sale records",
        hq.backend
    );
    let mut entries: Vec<String> = tills
        .iter()
        .flat_map(|s| till_strings(s, &format!("{ENTRIES} {own}")))
        .collect();
    entries.sort();
    assert_eq!(hq.strings(ENTRIES), entries, "{}: entries", hq.backend);
    let at_hq = hq.strings(BALANCES);
    for s in tills {
        assert_eq!(till_strings(s, BALANCES), at_hq, "{}: balances", hq.backend);
    }
}

#[test]
fn head_office_killed_mid_upload_ten_times_loses_and_doubles_nothing() {
    for backend in backends() {
        let mut hq = Hq::start(backend);
        let url = hq.url.clone();
        let a = busy_till(&hq, "A", &url, 1500);
        let total = till_count(&a, "SELECT COUNT(*) FROM outbox");
        let pending = || {
            till_count(
                &a,
                "SELECT COUNT(*) FROM outbox WHERE seq > (SELECT acked_through FROM sync_state)",
            )
        };
        let child = sync_child(&a);
        let mut mid_upload = 0;
        let mut kills = 0;
        let mut rng_state = 7u64;
        let mut before = total;
        while kills < 10 {
            rng_state = rng_state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            std::thread::sleep(Duration::from_millis(40 + (rng_state >> 33) % 120));
            // On a loaded machine the till may still be waiting out its retry delay after
            // the last restart: kill once the upload has moved on since then (at most 20 s
            // later), so that the kills fall while it runs, whatever the machine's speed.
            let waited = Instant::now();
            while pending() == before && waited.elapsed() < Duration::from_secs(20) {
                std::thread::sleep(Duration::from_millis(10));
            }
            hq.kill();
            let p = pending();
            if p > 0 && p < total {
                mid_upload += 1;
            }
            kills += 1;
            std::thread::sleep(Duration::from_millis(30));
            hq.up();
            if p == 0 {
                break;
            }
            before = p;
        }
        assert!(
            mid_upload >= 3,
            "{backend}: only {mid_upload} of 10 kills fell mid-upload"
        );
        let (ok, err) = wait(child, Duration::from_secs(180));
        assert!(
            ok || err.contains("hq_unreachable") || err.contains("reached"),
            "{err}"
        );
        sync_until_done(&a);
        assert_exactly_once(&hq, &[&a]);
    }
}

/// What the proxy does to one request.
#[derive(Clone, Copy, Debug)]
enum Fault {
    Pass,
    /// Close before sending anything on.
    Reset,
    /// Head office gets the request (and stores it); the answer is lost.
    LoseAnswer,
    /// Half of the answer, then the connection closes.
    Truncate,
    /// A 500 from a "load balancer", head office never sees the request.
    ServerError,
    /// Pass, after a delay.
    Delay,
}

/// Reads one HTTP/1.1 message (headers and a Content-Length body) from `s`.
fn read_message(s: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = s.read(&mut chunk).ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Some(buf);
        }
        let n = s.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// A TCP proxy to `upstream` that applies one fault per request, in a fixed rotation
/// (so every fault happens, whatever the timing). One request per connection.
fn fault_proxy(upstream: String, seen: Arc<AtomicU64>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        let plan = [
            Fault::Pass,
            Fault::LoseAnswer,
            Fault::Reset,
            Fault::Truncate,
            Fault::Pass,
            Fault::ServerError,
            Fault::Delay,
            Fault::LoseAnswer,
        ];
        for conn in listener.incoming() {
            let Ok(mut client) = conn else { continue };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let fault = plan[(n as usize) % plan.len()];
            let upstream = upstream.clone();
            std::thread::spawn(move || {
                let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
                let Some(req) = read_message(&mut client) else {
                    return;
                };
                let forward = |req: &[u8]| -> Option<Vec<u8>> {
                    let mut up = TcpStream::connect(&upstream).ok()?;
                    up.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
                    up.write_all(req).ok()?;
                    read_message(&mut up)
                };
                match fault {
                    Fault::Reset => {}
                    Fault::ServerError => {
                        let _ = client.write_all(
                            b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                        );
                    }
                    Fault::LoseAnswer => {
                        let _ = forward(&req);
                    }
                    Fault::Truncate => {
                        if let Some(resp) = forward(&req) {
                            let _ = client.write_all(&resp[..resp.len() / 2]);
                        }
                    }
                    Fault::Delay | Fault::Pass => {
                        if matches!(fault, Fault::Delay) {
                            std::thread::sleep(Duration::from_millis(400));
                        }
                        if let Some(resp) = forward(&req) {
                            let _ = client.write_all(&resp);
                        }
                    }
                }
                let _ = client.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn resets_lost_answers_truncation_500s_and_delays_double_nothing() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let seen = Arc::new(AtomicU64::new(0));
        let proxy = fault_proxy(hq.addr.clone(), Arc::clone(&seen));
        // Connect directly (the check of the token), then sync through the proxy.
        let a = busy_till(&hq, "A", &hq.url, 400);
        let b = busy_till(&hq, "B", &hq.url, 300);
        for s in [&a, &b] {
            rusqlite::Connection::open(s.dir.path().join("vafa.db"))
                .expect("open")
                .execute("UPDATE sync_state SET url = ?1", [&proxy])
                .expect("point at proxy");
        }
        sync_until_done(&a);
        sync_until_done(&b);
        sync_until_done(&a);
        assert!(
            seen.load(Ordering::SeqCst) >= 16,
            "the proxy saw too little"
        );
        assert_exactly_once(&hq, &[&a, &b]);
        // Both tills hold the same ledger, entry by entry.
        assert_eq!(
            till_strings(&a, ENTRIES),
            till_strings(&b, ENTRIES),
            "{backend}"
        );
        assert!(a.ok(&["check"]).contains("sound"));
        assert!(b.ok(&["check"]).contains("sound"));
    }
}

/// Head office's database fails under a push (here: a table it writes is gone). The till
/// is told 503 `storage` and nothing else; the database's own words go to head office's
/// stderr.
#[test]
fn a_storage_failure_tells_the_till_only_that_and_head_office_logs_why() {
    for backend in backends() {
        let mut hq = Hq::start(backend);
        let (_, token) = hq.terminal("A");
        hq.execute("ALTER TABLE sales RENAME TO sales_gone");
        let id = "01a20000-0000-7000-8000-0000000000f1";
        let push = serde_json::json!({"protocol": 1, "records": [{
            "seq": 1, "kind": "sale", "record_id": id, "created_at": "2026-11-22T06:30:00+00:00",
            "payload": {"sale": {"id": id, "member_id": null, "card_number": null, "branch": "A",
                "at": common::NOW, "at_utc": "2026-11-22T06:30:00+00:00", "gross": 1000,
                "discount": 0, "credit_redeemed": 0, "paid": 1000, "credit_earned": 0,
                "points_earned": 0, "tier": null, "offers": "", "created_at": common::NOW}}}]});
        let (status, v) = hq.http("POST", "/v1/push", &token, Some(&push.to_string()));
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (503, Some("storage")),
            "{backend}: {v}"
        );
        let message = v["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("try again later"), "{backend}: {message}");
        assert!(
            !message.contains("sales"),
            "{backend}: the till was told {message}"
        );
        assert_eq!(hq.count("SELECT COUNT(*) FROM records"), 0, "{backend}");
        let log = hq.stop();
        assert!(
            log.contains("head office storage") && log.contains("sales"),
            "{backend}: head office's log says {log}"
        );
    }
}
