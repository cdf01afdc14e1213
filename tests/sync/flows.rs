//! Head office and sync, end to end: a real `vafa-hq serve` on 127.0.0.1 (SQLite, and
//! PostgreSQL when `VAFA_TEST_PG` is set) and tills in temp dirs driven through the real
//! `vafa` binary. Every test runs against every backend.

use crate::common;

use common::Shop;
use common::hq::{Hq, backends};
use serde_json::Value;

pub(crate) fn till(hq: &Hq, branch: &str) -> Shop {
    let s = Shop::at_branch(branch, "en");
    let (_, token) = hq.terminal(branch);
    s.ok(&["hq", "connect", "--url", &hq.url, "--token", &token]);
    s
}

pub(crate) fn sync(s: &Shop) -> Value {
    s.json(&["sync", "--once"])
}

pub(crate) fn credit(s: &Shop, mobile: &str) -> i64 {
    s.json(&["member", "show", "--mobile", mobile])["balance"]["credit"]
        .as_i64()
        .expect("credit")
}

pub(crate) fn points(s: &Shop, mobile: &str) -> i64 {
    s.json(&["member", "show", "--mobile", mobile])["balance"]["points"]
        .as_i64()
        .expect("points")
}

pub(crate) fn db(s: &Shop) -> rusqlite::Connection {
    rusqlite::Connection::open(s.dir.path().join("vafa.db")).expect("open till db")
}

/// Every ledger entry the till holds: (id, amount), sorted.
pub(crate) fn ledger(s: &Shop) -> Vec<(String, i64)> {
    let c = db(s);
    let mut st = c
        .prepare("SELECT id, amount FROM ledger ORDER BY id")
        .expect("prepare");
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

pub(crate) fn sale(s: &Shop, who: &[&str], amount: &str, redeem: Option<&str>) -> Value {
    let mut args = vec!["sale"];
    args.extend_from_slice(who);
    args.extend_from_slice(&["--amount", amount]);
    if let Some(r) = redeem {
        args.extend_from_slice(&["--redeem", r]);
    }
    s.json(&args)
}

#[test]
fn branches_trade_offline_and_converge_record_by_record() {
    for backend in backends() {
        let mut hq = Hq::start(backend);
        let a = till(&hq, "A");
        let b = till(&hq, "B");
        a.enrol("Ali", "09120000001", Some("C1"));
        a.enrol("Bita", "09120000002", None);
        b.enrol("Cyrus", "09120000003", Some("C3"));
        sale(&a, &["--mobile", "09120000001"], "10000000", None);
        sale(&b, &["--mobile", "09120000003"], "4000000", None);
        sync(&a);
        sync(&b);
        sync(&a);
        // A member enrolled at A is recognised at B, by card, with A's sales in the balance.
        assert_eq!(credit(&b, "09120000001"), 500_000, "{backend}");
        sale(&b, &["--card", "C1"], "2000000", Some("200000"));
        sync(&b);

        // Head office goes down; both branches keep enrolling and selling.
        hq.kill();
        sale(&a, &["--mobile", "09120000003"], "3000000", None);
        sale(&b, &["--mobile", "09120000002"], "1000000", None);
        a.enrol("Dara", "09120000004", Some("C4"));
        sale(&a, &["--card", "C4"], "6000000", None);
        sale(&b, &["--card", "C1"], "1000000", Some("100000"));
        let (code, _, _) = a.fails(&["sync", "--once"]);
        assert_eq!(code, "hq_unreachable", "{backend}");
        let st = a.json(&["sync", "status"]);
        assert!(st["pending"].as_i64().unwrap_or(0) > 0, "{st}");
        assert!(st["last_error"].as_str().is_some(), "{st}");

        // Back up: everything arrives once and every till converges.
        hq.up();
        for s in [&a, &b, &a, &b] {
            sync(s);
        }
        for s in [&a, &b] {
            let st = s.json(&["sync", "status"]);
            assert_eq!(st["pending"], 0, "{backend}: {st}");
            assert!(st["last_error"].is_null(), "{backend}: {st}");
            assert!(s.ok(&["check"]).contains("sound"), "{backend}");
        }
        assert_eq!(ledger(&a), ledger(&b), "{backend}: ledgers differ");
        for m in ["09120000001", "09120000002", "09120000003", "09120000004"] {
            let at_hq = hq.json(&["member", "show", "--mobile", m]);
            assert_eq!(credit(&a, m), credit(&b, m), "{backend} {m}");
            assert_eq!(points(&a, m), points(&b, m), "{backend} {m}");
            assert_eq!(
                at_hq["balance"]["credit"].as_i64(),
                Some(credit(&a, m)),
                "{backend} {m}"
            );
            assert_eq!(
                at_hq["balance"]["points"].as_i64(),
                Some(points(&a, m)),
                "{backend} {m}"
            );
        }
        // Ali: 500,000 earned at A, 200,000 + 100,000 spent at B, plus B's cashback.
        assert_eq!(hq.count("SELECT COUNT(*) FROM sales"), 7, "{backend}");
        let mut entries: Vec<String> = ledger(&a)
            .into_iter()
            .map(|(id, amount)| format!("{id}|{amount}"))
            .collect();
        entries.sort();
        assert_eq!(
            hq.strings("SELECT id || '|' || CAST(amount AS TEXT) FROM ledger"),
            entries,
            "{backend}: head office holds every entry once"
        );
        // Settlement: credit earned at A and spent at B is owed by A to B.
        let rep = hq.json(&[
            "report",
            "settlement",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ]);
        let owes = rep["owes"].as_array().expect("owes");
        assert_eq!(owes.len(), 1, "{rep}");
        assert_eq!(owes[0]["debtor"], "A");
        assert_eq!(owes[0]["creditor"], "B");
        assert_eq!(owes[0]["amount"], 300_000);
        assert_eq!(owes[0]["detail"].as_array().map(Vec::len), Some(2));
        hq.cli(&["branch", "owner", "A", "Reza"]);
        hq.cli(&["branch", "owner", "B", "Reza"]);
        let rep = hq.json(&[
            "report",
            "settlement",
            "--from",
            "1405-09-01",
            "--to",
            "1405-09-30",
        ]);
        assert_eq!(
            rep["owes"].as_array().map(Vec::len),
            Some(0),
            "one owner owes nobody: {rep}"
        );
    }
}

pub(crate) fn http(
    hq: &Hq,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&str>,
) -> (u16, Value) {
    hq.http(method, path, token, body)
}

pub(crate) fn sale_record(seq: i64, id: &str, branch: &str) -> Value {
    serde_json::json!({
        "seq": seq, "kind": "sale", "record_id": id, "created_at": "2026-11-22T10:00:00+00:00",
        "payload": {"sale": {"id": id, "member_id": null, "card_number": null, "branch": branch,
            "at": "2026-11-22T10:00:00+03:30", "at_utc": "2026-11-22T06:30:00+00:00", "gross": 1000,
            "discount": 0, "credit_redeemed": 0, "paid": 1000, "credit_earned": 0, "points_earned": 0,
            "tier": null, "offers": "", "created_at": "2026-11-22T06:30:00+00:00"},
            "offers": [], "items": [], "entries": []}
    })
}

#[test]
fn bad_input_is_refused_and_stores_nothing() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let (id, token) = hq.terminal("A");
        let records = || hq.count("SELECT COUNT(*) FROM records");

        assert_eq!(http(&hq, "GET", "/v1/hello", "", None).0, 401);
        assert_eq!(http(&hq, "GET", "/v1/hello", "vt1_wrong", None).0, 401);
        let (s, v) = http(&hq, "GET", "/v1/hello", &token, None);
        assert_eq!((s, v["branch"].as_str()), (200, Some("A")), "{v}");

        let (s, v) = http(
            &hq,
            "POST",
            "/v1/push",
            &token,
            Some("{\"protocol\": 1, \"records\": ["),
        );
        assert_eq!(s, 400, "{v}");
        assert_eq!(v["error"]["code"], "malformed");
        let two = serde_json::json!({"protocol": 2, "records": [sale_record(1, "01a20000-0000-7000-8000-000000000001", "A")]});
        let (s, v) = http(&hq, "POST", "/v1/push", &token, Some(&two.to_string()));
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (400, Some("protocol_version")),
            "{v}"
        );
        let huge = format!(
            "{{\"protocol\":1,\"records\":[],\"pad\":\"{}\"}}",
            "x".repeat(9 << 20)
        );
        let (s, _) = http(&hq, "POST", "/v1/push", &token, Some(&huge));
        assert_eq!(s, 413);
        assert_eq!(records(), 0, "{backend}: refused pushes stored something");

        // Another branch's record is refused (and reported), the rest stored once.
        let batch = serde_json::json!({"protocol": 1, "records": [
            sale_record(1, "01a20000-0000-7000-8000-000000000001", "A"),
            sale_record(2, "01a20000-0000-7000-8000-000000000002", "B"),
            sale_record(3, "01a20000-0000-7000-8000-000000000003", "A"),
        ]})
        .to_string();
        let (s, v) = http(&hq, "POST", "/v1/push", &token, Some(&batch));
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["acked"], serde_json::json!([1, 3]));
        assert_eq!(v["rejected"][0]["seq"], 2);
        assert_eq!(v["rejected"][0]["code"], "wrong_branch");
        // A repeated delivery is acknowledged again and stored once.
        let (s, v) = http(&hq, "POST", "/v1/push", &token, Some(&batch));
        assert_eq!((s, v["acked"].clone()), (200, serde_json::json!([1, 3])));
        assert_eq!(records(), 2, "{backend}");
        assert_eq!(hq.count("SELECT COUNT(*) FROM sales"), 2, "{backend}");

        hq.cli(&["terminal", "revoke", &id]);
        assert_eq!(http(&hq, "GET", "/v1/hello", &token, None).0, 401);
        let (s, v) = http(&hq, "POST", "/v1/push", &token, Some(&batch));
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (401, Some("unauthorised"))
        );
    }
}

#[test]
fn a_revoked_till_is_told_and_a_refused_record_is_parked_not_blocking() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        a.enrol("Ali", "09120000001", None);
        // A record head office cannot take (an unknown kind), between two good ones.
        db(&a)
            .execute(
                "INSERT INTO outbox (kind, record_id, payload, created_at) VALUES ('bogus', 'x', '{}', '2026-11-22T06:30:00+00:00')",
                [],
            )
            .expect("insert");
        sale(&a, &["--mobile", "09120000001"], "1000000", None);
        let r = sync(&a);
        assert_eq!(r["parked"], 1, "{r}");
        assert_eq!(r["pending"], 0, "{r}");
        let st = a.json(&["sync", "status"]);
        assert_eq!(st["parked"][0]["code"], "unknown_kind", "{st}");
        assert_eq!(hq.count("SELECT COUNT(*) FROM sales"), 1, "{backend}");
        // A Persian till says why in Persian.
        let f = Shop::at_branch("F", "fa");
        let (_, token) = hq.terminal("F");
        f.ok(&["hq", "connect", "--url", &hq.url, "--token", &token]);
        db(&f)
            .execute(
                "INSERT INTO outbox (kind, record_id, payload, created_at) VALUES ('bogus', 'y', '{}', '2026-11-22T06:30:00+00:00')",
                [],
            )
            .expect("insert");
        assert_eq!(sync(&f)["parked"], 1);
        let text = f.ok(&["sync", "status"]);
        assert!(
            text.contains("دفتر مرکزی این نوع رکورد را نمی‌شناسد")
                && !text.contains("unknown record kind"),
            "{text}"
        );

        let id = hq.json(&["member", "show", "--mobile", "09120000001"])["id"].clone();
        assert!(id.is_string());
        let tid = a.json(&["sync", "status"])["terminal_id"]
            .as_str()
            .expect("tid")
            .to_string();
        hq.cli(&["terminal", "revoke", &tid]);
        let (code, msg, _) = a.fails(&["sync", "--once"]);
        assert_eq!(code, "hq_refused");
        assert!(msg.contains("revoked"), "{msg}");
    }
}

/// `vafa sale` of 1,000,000 rials by `mobile`, paying `redeem` of it from credit.
pub(crate) fn spend<'a>(mobile: &'a str, redeem: &'a str) -> [&'a str; 7] {
    [
        "sale", "--mobile", mobile, "--amount", "1000000", "--redeem", redeem,
    ]
}

#[test]
fn offline_limits_cap_credit_spending_until_the_till_syncs() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let cfg = a.dir.path().join("shop.toml");
        std::fs::write(
            &cfg,
            "[offline]\nmax_redeem_per_member = 100000\nmax_redeem_total = 150000\nmax_offline_hours = 72\n",
        )
        .expect("write");
        a.ok(&["config", "import", cfg.to_str().expect("path")]);
        a.enrol("Ali", "09120000001", None);
        a.enrol("Bita", "09120000002", None);
        sale(&a, &["--mobile", "09120000001"], "10000000", None);
        sale(&a, &["--mobile", "09120000002"], "10000000", None);
        sale(&a, &["--mobile", "09120000001"], "1000000", Some("100000"));
        let (code, msg, _) = a.fails(&spend("09120000001", "1000"));
        assert_eq!(code, "offline_member_limit");
        assert!(msg.contains("0 rials"), "{msg}");
        let (code, msg, _) = a.fails(&spend("09120000002", "60000"));
        assert_eq!(code, "offline_total_limit");
        assert!(msg.contains("50,000"), "{msg}");
        // Earning is never blocked.
        sale(&a, &["--mobile", "09120000002"], "1000000", None);
        // Once head office has the sales, the limits start again.
        sync(&a);
        sale(&a, &["--mobile", "09120000002"], "1000000", Some("60000"));
        // The next day, still apart: Ali's own daily limit starts again, while the till's
        // total since its last sync does not.
        // The till's clock is the fixed test clock (`common::NOW`): the sync above was
        // recorded at it, so later days are counted from it too, never from the real clock.
        let at = |hours: i64| {
            let now = chrono::DateTime::parse_from_rfc3339(common::NOW).expect("NOW");
            (now + chrono::Duration::hours(hours)).to_rfc3339()
        };
        let tomorrow = |args: &[&str]| a.json_at(&at(24), args);
        tomorrow(&spend("09120000001", "90000")).expect("a new day for Ali");
        let v = tomorrow(&spend("09120000001", "1000")).expect_err("the till's total is spent");
        assert_eq!(v["error"]["code"], "offline_total_limit", "{v}");
        // Three days without a sync: no credit spending at all; earning goes on.
        let later = |args: &[&str]| a.json_at(&at(73), args);
        let v = later(&spend("09120000001", "1000")).expect_err("credit spending stops");
        assert_eq!(v["error"]["code"], "offline_too_long", "{v}");
        later(&["sale", "--mobile", "09120000001", "--amount", "1000000"])
            .expect("earning goes on");
        let _ = &hq;
    }
}

#[test]
fn one_mobile_enrolled_at_two_branches_is_reported_as_a_conflict() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let b = till(&hq, "B");
        let keep = a.enrol("Ali", "09120000001", Some("K1"));
        let from = b.enrol("Ali", "09120000001", Some("K2"));
        sale(&a, &["--card", "K1"], "10000000", None); // 500,000 credit at A
        sale(&b, &["--card", "K2"], "4000000", None); // 200,000 credit at B
        sync(&a);
        sync(&b);
        sync(&a);
        let c = hq.json(&["conflicts"]);
        let list = c.as_array().expect("list");
        assert_eq!(list.len(), 1, "{c}");
        assert_eq!(list[0]["kind"], "mobile");
        let shown = hq.json(&["member", "show", "--mobile", "09120000001"]);
        assert_eq!(
            shown["members"].as_array().map(Vec::len),
            Some(2),
            "{shown}"
        );
        // Each till kept the other's member (same mobile), card and sale aside.
        for s in [&a, &b] {
            assert_eq!(s.json(&["sync", "status"])["skipped"], 3, "{backend}");
            let kinds: Vec<String> = db(s)
                .prepare("SELECT kind FROM sync_skipped ORDER BY cursor")
                .expect("prepare")
                .query_map([], |r| r.get(0))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
            assert_eq!(kinds, ["member", "card", "sale"], "{backend}");
        }

        // The manager merges them: one member, both balances, both cards, on every till.
        hq.cli(&["member", "merge", "--keep", &keep, "--from", &from]);
        for s in [&a, &b, &a, &b] {
            sync(s);
        }
        assert_eq!(hq.json(&["conflicts"]).as_array().map(Vec::len), Some(0));
        let m = hq.json(&["member", "show", "--mobile", "09120000001"]);
        assert_eq!(m["id"], keep.as_str(), "{m}");
        assert_eq!(m["balance"]["credit"], 700_000, "{backend}: {m}");
        // One sale at each branch, the same day: one visit (a visit is a day).
        assert_eq!(m["visits"], 1, "{m}");
        for s in [&a, &b] {
            let shown = s.json(&["member", "show", "--mobile", "09120000001"]);
            assert_eq!(shown["id"], keep.as_str(), "{backend}: {shown}");
            assert_eq!(shown["balance"]["credit"], 700_000, "{backend}: {shown}");
            for card in ["K1", "K2"] {
                let by_card = s.json(&["member", "show", "--card", card]);
                assert_eq!(by_card["id"], keep.as_str(), "{backend} {card}");
            }
            assert!(s.ok(&["check"]).contains("sound"), "{backend}");
        }
        // Both sales count on the till that had only the other enrolment (one day: one
        // visit; the spend of both).
        let at_b = b.json(&["member", "show", "--mobile", "09120000001"]);
        assert_eq!(at_b["visits"], 1, "{at_b}");
        assert_eq!(at_b["total_spend"], 14_000_000, "{at_b}");
    }
}

#[test]
fn a_till_whose_clock_is_two_days_off_still_converges() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let c = till(&hq, "C");
        let skewed = |args: &[&str]| {
            c.json_at("2026-11-24T10:00:00+03:30", args)
                .expect("a skewed clock changes nothing")
        };
        a.enrol("Ali", "09120000001", Some("C1"));
        sale(&a, &["--mobile", "09120000001"], "10000000", None);
        sync(&a);
        skewed(&["sync", "--once"]);
        skewed(&[
            "sale", "--card", "C1", "--amount", "2000000", "--redeem", "100000",
        ]);
        skewed(&["sync", "--once"]);
        sync(&a);
        assert_eq!(
            credit(&a, "09120000001"),
            credit(&c, "09120000001"),
            "{backend}"
        );
        assert_eq!(ledger(&a), ledger(&c), "{backend}");
        let m = hq.json(&["member", "show", "--mobile", "09120000001"]);
        assert_eq!(
            m["balance"]["credit"].as_i64(),
            Some(credit(&a, "09120000001"))
        );
        assert_eq!(m["visits"], 2);
    }
}

#[test]
fn one_card_given_to_two_members_is_reported_and_resolved_by_a_manager() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let b = till(&hq, "B");
        a.enrol("Ali", "09120000001", Some("X1"));
        let bita = b.enrol("Bita", "09120000002", Some("X1"));
        for s in [&a, &b, &a] {
            sync(s);
        }
        let c = hq.json(&["conflicts"]);
        assert_eq!(c[0]["kind"], "card", "{backend}: {c}");
        assert_eq!(c[0]["key"], "X1");
        hq.cli(&["card", "resolve", "X1", "--member", &bita]);
        for s in [&a, &b] {
            sync(s);
            let m = s.json(&["member", "show", "--card", "X1"]);
            assert_eq!(m["id"], bita.as_str(), "{backend}: {m}");
        }
        assert_eq!(hq.json(&["conflicts"]).as_array().map(Vec::len), Some(0));
        assert_eq!(
            hq.json(&["member", "show", "--card", "X1"])["id"],
            bita.as_str()
        );
    }
}

#[test]
fn head_office_over_https_with_a_private_ca() {
    // TLS is the server's and the client's, not the storage's: SQLite is enough here.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let cert = fixtures.join("hq.pem");
    let key = fixtures.join("hq.key");
    let ca = fixtures.join("ca.pem");
    let hq = Hq::start_with(
        "sqlite",
        &[
            "--tls-cert",
            cert.to_str().expect("path"),
            "--tls-key",
            key.to_str().expect("path"),
        ],
    );
    assert!(hq.url.starts_with("https://"), "{}", hq.url);
    let a = Shop::at_branch("A", "en");
    let (_, token) = hq.terminal("A");
    // Without the CA the certificate is not trusted: nothing is sent.
    let (code, _, _) = a.fails(&["hq", "connect", "--url", &hq.url, "--token", &token]);
    assert_eq!(code, "hq_unreachable");
    a.ok(&[
        "hq",
        "connect",
        "--url",
        &hq.url,
        "--token",
        &token,
        "--ca",
        ca.to_str().expect("path"),
    ]);
    a.enrol("Ali", "09120000001", None);
    sale(&a, &["--mobile", "09120000001"], "1000000", None);
    assert_eq!(sync(&a)["pending"], 0);
    assert_eq!(hq.count("SELECT COUNT(*) FROM sales"), 1);
    // Plain HTTP to the TLS port is refused.
    let plain = hq.url.replace("https://", "http://");
    let b = Shop::at_branch("A", "en");
    let (code, _, _) = b.fails(&["hq", "connect", "--url", &plain, "--token", &token]);
    assert_eq!(code, "hq_unreachable");
}

#[test]
fn background_sync_sends_a_sale_without_being_asked() {
    let hq = Hq::start("sqlite");
    let a = till(&hq, "A");
    let mut child = std::process::Command::new(common::hq::bin("vafa"))
        .args(["sync", "--every", "1"])
        .env("VAFA_DATA_DIR", a.dir.path())
        .env("VAFA_NOW", common::NOW)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn vafa sync");
    a.enrol("Ali", "09120000001", None);
    sale(&a, &["--mobile", "09120000001"], "1000000", None);
    let start = std::time::Instant::now();
    while hq.count("SELECT COUNT(*) FROM sales") < 1 && start.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        hq.count("SELECT COUNT(*) FROM sales"),
        1,
        "the background sync did not send the sale"
    );
}

#[test]
fn chain_offers_and_configuration_reach_every_till() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let b = till(&hq, "B");
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/examples");
        let offers = hq.json(&[
            "offers",
            "import",
            examples.join("offers.toml").to_str().expect("path"),
        ]);
        let n = offers["offers"].as_u64().expect("count");
        let in_file = std::fs::read_to_string(examples.join("offers.toml"))
            .expect("read")
            .lines()
            .filter(|l| l.trim() == "[[offer]]")
            .count();
        assert_eq!(n as usize, in_file, "{offers}");
        let cfg = a.dir.path().join("chain.toml");
        std::fs::write(
            &cfg,
            "[earn]\ncredit_percent = 9\n[offline]\nmax_redeem_total = 1234000\n",
        )
        .expect("write");
        hq.cli(&["config", "import", cfg.to_str().expect("path")]);
        // A bad file is refused and publishes nothing.
        std::fs::write(&cfg, "[earn]\ncredit_percent = \"lots\"\n").expect("write");
        let out = std::process::Command::new(common::hq::bin("vafa-hq"))
            .args([
                "--database",
                &hq.database,
                "config",
                "import",
                cfg.to_str().expect("path"),
            ])
            .output()
            .expect("run");
        assert!(!out.status.success());
        for s in [&a, &b] {
            sync(s);
            let list = s.json(&["offers", "list"]);
            assert_eq!(
                list.as_array().map(Vec::len),
                Some(n as usize),
                "{backend}: {list}"
            );
            let c = s.json(&["config", "show"]);
            assert_eq!(c["earn"]["credit_percent"], "9", "{backend}: {c}");
            assert_eq!(
                c["offline"]["max_redeem_total"], 1_234_000,
                "{backend}: {c}"
            );
        }
        // The new rate applies to the next sale.
        a.enrol("Ali", "09120000001", None);
        let r = sale(&a, &["--mobile", "09120000001"], "1000000", None);
        // The base cashback's own lot (offers add theirs apart) is 9% of the sale.
        let base: i64 = db(&a)
            .query_row(
                "SELECT amount FROM ledger WHERE sale_id = ?1 AND kind = 'earn'
                 AND account = 'credit' AND note IS NULL",
                [r["sale_id"].as_str().expect("id")],
                |r| r.get(0),
            )
            .expect("base lot");
        assert_eq!(base, 90_000, "{backend}: {r}");
    }
}
