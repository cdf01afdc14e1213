//! `vafa report …` through the binary on generated shops whose answers are worked out by
//! hand below (the clock is fixed at `common::NOW`, 2026-11-22 10:00 Tehran).

use crate::common;
use common::Shop;
use serde_json::{Value, json};

/// A sale at a local Tehran time (`MM-DDTHH`) of 2026; returns its id.
fn sale(s: &Shop, member: &str, when: &str, amount: &str, extra: &[&str]) -> String {
    let at = format!("2026-{when}:00:00+03:30");
    let mut args = match member {
        "guest" => vec!["sale", "--guest"],
        m => vec!["sale", "--member", m],
    };
    args.extend_from_slice(&["--amount", amount, "--at", &at]);
    args.extend_from_slice(extra);
    s.json(&args)["sale_id"]
        .as_str()
        .expect("sale id")
        .to_string()
}

fn enrol_at(s: &Shop, now: &str, first: &str, mobile: &str, referrer: Option<&str>) -> String {
    let mut args = vec![
        "member", "enrol", "--first", first, "--last", "T", "--mobile", mobile,
    ];
    if let Some(r) = referrer {
        args.extend_from_slice(&["--referrer", r]);
    }
    s.json_at(now, &args).expect("enrol")["id"]
        .as_str()
        .expect("id")
        .to_string()
}

const WINDOW: [&str; 4] = ["--from", "2026-11-01", "--to", "2026-11-22"];

fn report(s: &Shop, what: &[&str]) -> Value {
    let mut args = vec!["report"];
    args.extend_from_slice(what);
    args.extend_from_slice(&WINDOW);
    s.json(&args)
}

/// Members a, b, c, d enrolled today (inside the window), e on 1 June (before it).
///
/// | member | sales (local day: gross)                       | visits in the window |
/// | a      | 11-01: 200,000 and 100,000 (one day); 11-05: 300,000 | 11-01, 11-05 |
/// | b      | 11-02: 100,000; 11-20: 100,000                  | 11-02, 11-20 |
/// | c      | 11-03: 500,000 voided; 11-10: 100,000           | 11-10 |
/// | d      | 10-15: 100,000 (before the window)              | — |
/// | e      | 11-21: 400,000; 11-22: 100,000 paying 20,000 of credit | 11-21, 11-22 |
/// | guest  | 11-04: 50,000; 10-20: 70,000 (before)           | — |
///
/// Credit is 5 % of what is paid, rounded down to 1,000; a point per 10,000 paid.
fn club_shop() -> (Shop, [String; 5]) {
    let s = Shop::new();
    let a = enrol_at(&s, common::NOW, "A", "09120000001", None);
    let b = enrol_at(&s, common::NOW, "B", "09120000002", None);
    let c = enrol_at(&s, common::NOW, "C", "09120000003", None);
    let d = enrol_at(&s, common::NOW, "D", "09120000004", None);
    let e = enrol_at(&s, "2026-06-01T10:00:00+03:30", "E", "09120000005", None);
    sale(&s, &a, "11-01T10", "200000", &[]);
    sale(&s, &a, "11-01T18", "100000", &[]);
    sale(&s, &a, "11-05T10", "300000", &[]);
    sale(&s, &b, "11-02T10", "100000", &[]);
    sale(&s, &b, "11-20T10", "100000", &[]);
    let voided = sale(&s, &c, "11-03T10", "500000", &[]);
    s.ok(&["sale", "void", &voided]);
    sale(&s, &c, "11-10T10", "100000", &[]);
    sale(&s, &d, "10-15T10", "100000", &[]);
    sale(&s, &e, "11-21T10", "400000", &[]);
    sale(&s, &e, "11-22T09", "100000", &["--redeem", "20000"]);
    sale(&s, "guest", "11-04T10", "50000", &[]);
    sale(&s, "guest", "10-20T10", "70000", &[]);
    (s, [a, b, c, d, e])
}

#[test]
fn summary_and_return_rate_by_hand() {
    let (s, _) = club_shop();
    let r = report(&s, &["summary"]);
    // sales: a 3, b 2, c 1 (the void counts nowhere), e 2, guest 1 = 9.
    // paid: 200k + 100k + 300k + 100k + 100k + 100k + 400k + 80k + 50k = 1,430,000.
    // earned: 10k + 5k + 15k + 5k + 5k + 5k + 20k + 4k (on 80,000 paid) = 69,000.
    // visits: a 2 (two sales on 11-01 are one visit), b 2, c 1, e 2 = 7.
    // outstanding now: a 30,000 + b 10,000 + c 5,000 + d 5,000 + e 4,000 = 54,000;
    // points: a 60 + b 20 + c 10 + d 10 + e 48 = 148.
    let want = json!({
        "members": 5,
        "new_members": 4,
        "active_members": 4,
        "visits": 7,
        "sales": 9,
        "paid": 1_430_000,
        "credit_earned": 69_000,
        "credit_redeemed": 20_000,
        "credit_outstanding": 54_000,
        "points_outstanding": 148,
        "guest_sales": 1,
    });
    assert_eq!(r, want);

    // Within 7 days: members with a visit on or before 11-15 are a, b, c; a came back
    // 4 days after 11-01; b's gap is 18 days, c came once: 1 / 3.
    let r = report(&s, &["return-rate", "--within", "7"]);
    assert_eq!(
        r,
        json!({"within_days": 7, "members": 3, "returned": 1, "rate": "0.3333"})
    );
    // Within 20 (Persian digits accepted): visits on or before 11-02 are a's and b's, and
    // both came back within 20 days.
    let r = report(&s, &["return-rate", "--within", "۲۰"]);
    assert_eq!(
        r,
        json!({"within_days": 20, "members": 2, "returned": 2, "rate": "1.0000"})
    );
    // The default 30 days leave no visit in a 22-day window with 30 days to follow.
    let r = report(&s, &["return-rate"]);
    assert_eq!(
        r,
        json!({"within_days": 30, "members": 0, "returned": 0, "rate": "0.0000"})
    );
    // The default window is the 365 days up to today: the same sales, d's and the guest's
    // October ones too.
    let r = s.json(&["report", "summary"]);
    assert_eq!(
        (r["sales"].as_u64(), r["visits"].as_u64()),
        (Some(11), Some(8))
    );
    assert_eq!(r["paid"], 1_600_000);
    // A Jalali window: 1405/08/10 is 2026-11-01.
    let r = s.json(&[
        "report",
        "summary",
        "--from",
        "1405/08/10",
        "--to",
        "۱۴۰۵/۰۹/۰۱",
    ]);
    assert_eq!(r, want);
}

#[test]
fn readable_tables_and_csv() {
    let (s, _) = club_shop();
    let mut args = vec!["report", "summary"];
    args.extend_from_slice(&WINDOW);
    let text = s.ok(&args);
    assert!(text.contains("From 2026-11-01 to 2026-11-22"), "{text}");
    assert!(
        text.contains("paid") && text.contains("1,430,000 rials"),
        "{text}"
    );

    let csv = s.dir.path().join("summary.csv");
    let csv_arg = csv.to_str().expect("path");
    let mut args = vec!["report", "return-rate", "--within", "7", "--out", csv_arg];
    args.extend_from_slice(&WINDOW);
    let text = s.ok(&args);
    assert!(text.contains("Written:"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&csv).expect("csv"),
        "figure,value\nwithin days,7\nmembers,3\nreturned,1\nrate,0.3333\n"
    );
    let mut args = vec!["report", "summary", "--out", csv_arg];
    args.extend_from_slice(&WINDOW);
    s.ok(&args);
    let written = std::fs::read_to_string(&csv).expect("csv");
    assert!(written.contains("\npaid,1430000\n"), "{written}");
}

#[test]
fn a_persian_shop_reads_persian_digits() {
    let s = Shop::with_lang("fa");
    let a = s.enrol("Sara", "09121234567", None);
    sale(&s, &a, "11-01T10", "200000", &[]);
    sale(&s, &a, "11-04T10", "100000", &[]);
    let mut args = vec!["report", "return-rate", "--within", "3"];
    args.extend_from_slice(&WINDOW);
    let text = s.ok(&args);
    assert!(text.contains("نرخ بازگشت"), "{text}");
    assert!(text.contains("۱٫۰۰۰۰"), "{text}");
    assert!(text.contains("۱۴۰۵/۰۸/۱۰"), "{text}");
    let mut args = vec!["report", "summary"];
    args.extend_from_slice(&WINDOW);
    let text = s.ok(&args);
    assert!(text.contains("۳۰۰٬۰۰۰ ریال"), "{text}");
}

#[test]
fn bad_input_is_refused_plainly() {
    let (s, _) = club_shop();
    let (code, msg, _) = s.fails(&[
        "report",
        "summary",
        "--from",
        "2026-11-22",
        "--to",
        "2026-11-01",
    ]);
    assert_eq!(code, "reversed_window");
    assert!(
        msg.contains("2026-11-22") && msg.contains("2026-11-01"),
        "{msg}"
    );
    let (code, _, _) = s.fails(&["report", "summary", "--from", "2026-02-30"]);
    assert_eq!(code, "invalid_date");
    let (code, _, _) = s.fails(&["report", "return-rate", "--within", "soon"]);
    assert_eq!(code, "invalid");
    let (code, _, _) = s.fails(&["report", "member", "0190a0a0-0000-7000-8000-000000000000"]);
    assert_eq!(code, "unknown_member");
    let (code, _, _) = s.fails(&["report", "member", "nobody"]);
    assert_eq!(code, "unknown_member");
    let missing = s.dir.path().join("no-such-folder").join("r.csv");
    let (code, msg, _) = s.fails(&[
        "report",
        "summary",
        "--out",
        missing.to_str().expect("path"),
    ]);
    assert_eq!(code, "io", "{msg}");
    let (code, _, _) = s.fails(&["report", "rfm", "--out", "chart.svg"]);
    assert_eq!(code, "invalid");

    // Reports are a manager's: a cashier is refused.
    s.ok(&["user", "add", "cara", "--role", "cashier", "--pin", "2468"]);
    let out = s
        .cmd()
        .args(["--json", "--user", "cara", "report", "summary"])
        .env("VAFA_PIN", "2468")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["error"]["code"], "forbidden");
    s.ok(&["user", "add", "mona", "--role", "manager", "--pin", "1357"]);
    let r = s.json_env(
        &[("VAFA_PIN", "1357")],
        &["--user", "mona", "report", "summary"],
    );
    assert_eq!(r["sales"], 11);
}

#[test]
fn an_empty_shop_is_zeros() {
    let s = Shop::new();
    let r = s.json(&["report", "summary"]);
    for (k, v) in r.as_object().expect("object") {
        assert_eq!(v, 0, "{k}");
    }
    assert_eq!(
        s.json(&["report", "return-rate"]),
        json!({"within_days": 30, "members": 0, "returned": 0, "rate": "0.0000"})
    );
    let text = s.ok(&["report", "visits"]);
    assert!(text.contains("No visits in this window"), "{text}");
}
