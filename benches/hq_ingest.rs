//! Head-office ingest: 20 terminals pushing at once, each its own branch, batches of 500
//! sales (each sale with its cashback and points entries, of a member the terminal
//! enrolled first), over HTTP on loopback; head office checks each against its state.
//! Target: ≥ 5,000 sales/s on PostgreSQL. SQLite always; PostgreSQL when `VAFA_TEST_PG`
//! is set. Run: `cargo bench --bench hq_ingest`.

use std::time::Instant;

use vafa_core::ledger::{Account, EntryKind};
use vafa_core::protocol::{OutRecord, PROTOCOL, PushRequest, PushResponse};
use vafa_core::record::{Entry, MemberRow, Record, SaleRecord, SaleRow};
use vafa_hq::{server, storage::Pool, terminals};

const TERMINALS: usize = 20;
const BATCHES: usize = 6;
const BATCH: usize = 500;

const AT: &str = "2026-11-22T10:00:00+03:30";

/// Member `n` of terminal `t`, enrolled at `branch` (head office takes sales only of
/// members it knows).
fn member(t: usize, n: usize, branch: &str, seq: i64) -> OutRecord {
    let row = MemberRow::new(
        format!("m-{t}-{n}").into(),
        "Bench".into(),
        format!("{n}"),
        format!("+98912{:07}", t * BATCHES * BATCH + n),
        branch.into(),
        AT,
    );
    OutRecord::new(seq, &Record::Member(row), AT)
}

fn sale(t: usize, n: usize, branch: &str, seq: i64) -> OutRecord {
    let id = vafa_core::ids::new_id();
    let member = format!("m-{t}-{n}");
    let at = AT;
    let entry = |account: Account, amount: i64| {
        let mut e = Entry::new(&member, account, amount, EntryKind::Earn, at, branch);
        e.sale_id = Some(id.as_str().into());
        e
    };
    let sale = SaleRow {
        id: id.as_str().into(),
        member_id: Some(member.as_str().into()),
        card_number: None,
        branch: branch.into(),
        at: at.into(),
        at_utc: "2026-11-22T06:30:00+00:00".into(),
        gross: 1_500_000,
        discount: 0,
        credit_redeemed: 0,
        paid: 1_500_000,
        credit_earned: 75_000,
        points_earned: 150,
        tier: None,
        offers: String::new(),
        created_at: at.into(),
    };
    let record = Record::Sale(Box::new(SaleRecord {
        sale,
        offers: vec![],
        items: vec![],
        entries: vec![entry(Account::Credit, 75_000), entry(Account::Points, 150)],
    }));
    OutRecord::new(seq, &record, "2026-11-22T06:30:00+00:00")
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, spec) in vafa_hq::storage::scratch_databases(dir.path(), "vafa_bench") {
        let pool = Pool::open(&spec).expect("open head office");
        let tokens: Vec<(String, String)> = (0..TERMINALS)
            .map(|i| {
                let branch = format!("B{i:02}");
                let (_, token) =
                    terminals::add_terminal(&pool, &branch, "bench").expect("terminal");
                (branch, token)
            })
            .collect();
        let url = format!(
            "http://{}",
            server::spawn(pool, "127.0.0.1:0").expect("serve")
        );
        // Each terminal's members are enrolled before the clock starts, and the bodies are
        // built before it: the figure is head office's ingest of sales.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let members = BATCHES * BATCH;
        for (t, (branch, token)) in tokens.iter().enumerate() {
            for chunk in (0..members).collect::<Vec<_>>().chunks(1_000) {
                let records = chunk
                    .iter()
                    .map(|&n| member(t, n, branch, (n + 1) as i64))
                    .collect();
                let body = serde_json::to_string(&PushRequest {
                    protocol: PROTOCOL,
                    records,
                    audit: None,
                })
                .expect("json");
                let text = agent
                    .post(format!("{url}/v1/push"))
                    .header("Authorization", format!("Bearer {token}"))
                    .content_type("application/json")
                    .send(body.as_str())
                    .expect("enrol")
                    .body_mut()
                    .read_to_string()
                    .expect("body");
                let r: PushResponse = serde_json::from_str(&text).expect("answer");
                assert_eq!(r.acked.len(), chunk.len(), "{text}");
            }
        }
        let bodies: Vec<Vec<String>> = tokens
            .iter()
            .enumerate()
            .map(|(t, (branch, _))| {
                (0..BATCHES)
                    .map(|b| {
                        let records = (0..BATCH)
                            .map(|i| {
                                let n = b * BATCH + i;
                                sale(t, n, branch, (members + n + 1) as i64)
                            })
                            .collect();
                        serde_json::to_string(&PushRequest {
                            protocol: PROTOCOL,
                            records,
                            audit: None,
                        })
                        .expect("json")
                    })
                    .collect()
            })
            .collect();
        let start = Instant::now();
        let mut latencies: Vec<f64> = std::thread::scope(|s| {
            let handles: Vec<_> = tokens
                .iter()
                .zip(&bodies)
                .map(|((_, token), bodies)| {
                    let url = &url;
                    s.spawn(move || {
                        let agent: ureq::Agent = ureq::Agent::config_builder()
                            .http_status_as_error(false)
                            .build()
                            .into();
                        let mut lat = Vec::new();
                        for body in bodies {
                            let t = Instant::now();
                            let mut resp = agent
                                .post(format!("{url}/v1/push"))
                                .header("Authorization", format!("Bearer {token}"))
                                .content_type("application/json")
                                .send(body.as_str())
                                .expect("push");
                            let text = resp.body_mut().read_to_string().expect("body");
                            let r: PushResponse = serde_json::from_str(&text).expect("answer");
                            assert_eq!(r.acked.len(), BATCH, "{text}");
                            lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        }
                        lat
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("thread"))
                .collect()
        });
        let took = start.elapsed().as_secs_f64();
        latencies.sort_by(f64::total_cmp);
        let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
        let total = TERMINALS * BATCHES * BATCH;
        println!(
            "ingest [{name}]: {TERMINALS} terminals, {total} sales in {took:.2} s = {:.0} sales/s; push of {BATCH}: p50 {:.0} ms, p99 {:.0} ms",
            total as f64 / took,
            pct(0.5),
            pct(0.99)
        );
    }
}
