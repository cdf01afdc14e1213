//! Crash test: a child process records sales in a loop and is killed with SIGKILL at random
//! moments, many times. After reopening, every sale it reported as committed is present
//! exactly once, no partial sale exists, and the ledger invariant holds.
//!
//! The child is this very test binary, re-run with `VAFA_CRASH_CHILD` set so that only
//! `crash_child` does anything.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::{Rng, SeedableRng};
use vafa_core::lang::Lang;
use vafa_core::phone::parse_mobile;
use vafa_core::sale::{Redeem, parse_item};
use vafa_service::{Customer, InitOptions, MemberInput, MemberKey, SaleRequest, Vafa};

#[test]
fn crash_child() {
    let Ok(dir) = std::env::var("VAFA_CRASH_CHILD") else {
        return;
    };
    let mut v = Vafa::open(std::path::Path::new(&dir)).expect("open");
    let members: Vec<String> = (0..3)
        .map(|i| {
            let m = parse_mobile(&format!("0912000000{i}")).expect("mobile");
            v.find_member(&MemberKey::Mobile(m)).expect("member").id
        })
        .collect();
    let mut rng = rand::rngs::SmallRng::seed_from_u64(std::process::id().into());
    loop {
        let id = uuid::Uuid::now_v7().to_string();
        let mut req = SaleRequest::new(
            Customer::id(members[rng.random_range(0..3)].clone()),
            rng.random_range(10_000..2_000_000i64),
        );
        req.id = Some(id.clone());
        if rng.random_bool(0.3) {
            req.redeem = Redeem::All;
        }
        if rng.random_bool(0.5) {
            let item = format!("sku{}:1:{}:coffee", rng.random_range(0..9), req.amount);
            req.items = vec![parse_item(&item).expect("item")];
        }
        v.sell(&req).expect("sale");
        // Printed only after the commit returned: "reported as committed".
        println!("COMMITTED {id}");
    }
}

#[test]
fn killed_mid_sale_loses_nothing_and_half_writes_nothing() {
    if std::env::var("VAFA_CRASH_CHILD").is_ok() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let mut v = Vafa::init(
        dir.path(),
        &InitOptions {
            shop: "Crash".into(),
            branch: "B1".into(),
            branch_name: None,
            lang: Lang::En,
            unit: "rial".into(),
        },
    )
    .expect("init");
    for i in 0..3 {
        v.enrol(&MemberInput {
            first: Some(format!("M{i}")),
            last: Some("K".into()),
            mobile: parse_mobile(&format!("0912000000{i}")),
            ..MemberInput::default()
        })
        .expect("enrol");
    }
    drop(v);

    let me = std::env::current_exe().expect("exe");
    let mut rng = rand::rngs::SmallRng::seed_from_u64(1405);
    let mut reported: Vec<String> = Vec::new();
    let rounds = 30;
    for _ in 0..rounds {
        let mut child = Command::new(&me)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("VAFA_CRASH_CHILD", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("COMMITTED ").map(str::to_string))
                .filter(|id| id.len() == 36)
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(30..400)));
        child.kill().expect("SIGKILL");
        child.wait().expect("wait");
        reported.extend(reader.join().expect("reader"));
    }
    assert!(
        reported.len() > rounds,
        "the child recorded too few sales to prove anything: {}",
        reported.len()
    );

    let v = Vafa::open(dir.path()).expect("reopen after crashes");
    let c = v.conn();
    for id in &reported {
        let n: i64 = c
            .query_row("SELECT COUNT(*) FROM sales WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("count");
        assert_eq!(n, 1, "reported sale {id} is missing");
        let out: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE kind = 'sale' AND record_id = ?1",
                [id],
                |r| r.get(0),
            )
            .expect("outbox");
        assert_eq!(out, 1, "sale {id} should be in the outbox exactly once");
    }
    // No partial sale: every sale's ledger entries and lines match its own figures.
    let partial: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM sales s WHERE
               s.credit_earned - s.credit_redeemed <> COALESCE((SELECT SUM(amount) FROM ledger l
                   WHERE l.sale_id = s.id AND l.account = 'credit' AND l.kind IN ('earn','redeem')), 0)
            OR s.points_earned <> COALESCE((SELECT SUM(amount) FROM ledger l
                   WHERE l.sale_id = s.id AND l.account = 'points' AND l.kind = 'earn'), 0)
            OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'sale' AND o.record_id = s.id)",
            [],
            |r| r.get(0),
        )
        .expect("partial");
    assert_eq!(partial, 0, "a sale was half-written");
    let visits: i64 = c
        // A day's sales (a visit is a day; member_days counts each day's sales).
        .query_row("SELECT SUM(visits) FROM member_days", [], |r| r.get(0))
        .expect("v");
    let sales: i64 = c
        .query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0))
        .expect("s");
    assert_eq!(visits, sales, "aggregates must move with the sales");
    let problems = v.check().expect("check");
    assert!(problems.is_empty(), "{problems:?}");
    eprintln!(
        "crash test: {rounds} kills, {} reported sales, {sales} sales on disk",
        reported.len()
    );
}
