//! `vafa report …` through the binary on generated shops whose answers are worked out by
//! hand below (the clock is fixed at `common::NOW`, 2026-11-22 10:00 Tehran).

use crate::common;
use common::Shop;
use serde_json::{Value, json};

/// A sale at a local Tehran time (`MM-DDTHH`) of 2026; returns its id.
pub(crate) fn sale(s: &Shop, member: &str, when: &str, amount: &str, extra: &[&str]) -> String {
    s.sale_at(member, &format!("2026-{when}:00:00+03:30"), amount, extra)
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
    // The chart page: right to left, Persian digits, the font inside it.
    let page = s.dir.path().join("v.html");
    let mut args = vec!["report", "visits", "--out", page.to_str().expect("path")];
    args.extend_from_slice(&WINDOW);
    s.ok(&args);
    let page = std::fs::read_to_string(&page).expect("page");
    assert!(page.contains("<html lang=\"fa\" dir=\"rtl\">"), "{page}");
    assert!(page.contains("data:font/ttf;base64,"));
    // One member with two visits: the histogram's one bar, "۲" visits, "۱" member.
    assert!(
        page.contains("\n۲\n</text>") && page.contains("\n۱\n</text>"),
        "{page}"
    );
    assert!(page.contains("۱۴۰۵/۰۸/۱۰"), "the window in Jalali days");
}

/// The bars' (x, width) in an SVG chart, the background left out.
fn bars(svg: &str) -> Vec<(i64, i64)> {
    let num = |s: &str, key: &str| -> i64 {
        s.split(&format!(" {key}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(-1)
    };
    svg.split("<rect")
        .skip(1)
        .map(|r| (num(r, "x"), num(r, "width")))
        .filter(|(x, _)| *x != 0)
        .collect()
}

#[test]
fn charts_of_segments_and_categories() {
    let (s, _) = rfm_shop();
    let file = s.dir.path().join("rfm.svg");
    let mut args = vec!["report", "rfm", "--out", file.to_str().expect("path")];
    args.extend_from_slice(&WINDOW);
    s.ok(&args);
    let svg = std::fs::read_to_string(&file).expect("svg");
    assert!(svg.starts_with("<svg"), "{svg}");
    // One member in each segment but "others": five full bars (420 px) and an empty one,
    // left to right from the labels (x 150) in English.
    assert_eq!(
        bars(&svg),
        [
            (150, 420),
            (150, 420),
            (150, 420),
            (150, 420),
            (150, 420),
            (150, 0)
        ],
        "{svg}"
    );
    assert!(svg.contains("\nchampions\n"), "{svg}");
    // Categories by amount: drinks 350,000 (full), food 150,000 (3/7 of 420 = 180).
    let file = s.dir.path().join("products.svg");
    let mut args = vec!["report", "products", "--out", file.to_str().expect("path")];
    args.extend_from_slice(&WINDOW);
    s.ok(&args);
    let svg = std::fs::read_to_string(&file).expect("svg");
    assert_eq!(bars(&svg), [(150, 420), (150, 180)], "{svg}");
    assert!(svg.contains("drinks") && svg.contains("350,000"), "{svg}");
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
    // PNG is not drawn yet; a report without a chart has no SVG.
    let (code, _, _) = s.fails(&["report", "rfm", "--out", "chart.png"]);
    assert_eq!(code, "invalid");
    let (code, _, _) = s.fails(&["report", "summary", "--out", "chart.svg"]);
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

pub(crate) fn write(s: &Shop, name: &str, text: &str) -> String {
    let p = s.dir.path().join(name);
    std::fs::write(&p, text).expect("write");
    p.to_str().expect("path").to_string()
}

const TEA_CAKE: [&str; 4] = [
    "--item",
    "tea:1:50000:drinks",
    "--item",
    "cake:1:50000:food",
];

/// Five members whose visits in the window (11-01 to 11-22) give every segment but
/// `others`, baskets for the pairs, referrals and one offer:
///
/// | member | visit days (100,000 each unless said)              | recency | r f m |
/// | p      | 11-18 … 11-22, and 50,000 more on 11-22 (one visit) | 0  | 5 5 4 (550,000) |
/// | s      | 11-21: 1,000,000 (the offer "big")                 | 1  | 4 1 5 |
/// | q      | 11-05, 11-09, 11-13, 11-17 (baskets 1–4)           | 5  | 3 4 3 |
/// | t      | 11-04 (basket 5), 11-08, 11-12                     | 10 | 2 3 2 |
/// | r      | 11-01, 11-02; 11-03 with tea and cake, voided       | 20 | 1 2 1 |
///
/// p brought s and r, q brought t (all enrolled today), and q also brought u, who enrolled
/// on 1 June and never came.
fn rfm_shop() -> (Shop, [String; 6]) {
    let s = Shop::new();
    let offers = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"big\"\n[offer.when]\nmin_amount = 1000000\n[offer.reward]\nextra_credit = 20000\n",
    );
    s.ok(&["offers", "import", &offers]);
    let p = enrol_at(&s, common::NOW, "P", "09120000011", None);
    let q = enrol_at(&s, common::NOW, "Q", "09120000012", None);
    let sm = enrol_at(&s, common::NOW, "S", "09120000013", Some("09120000011"));
    let t = enrol_at(&s, common::NOW, "T", "09120000014", Some("09120000012"));
    let r = enrol_at(&s, common::NOW, "R", "09120000015", Some("09120000011"));
    let u = enrol_at(
        &s,
        "2026-06-01T10:00:00+03:30",
        "U",
        "09120000016",
        Some("09120000012"),
    );
    for d in 18..=22 {
        sale(&s, &p, &format!("11-{d}T08"), "100000", &[]);
    }
    sale(&s, &p, "11-22T09", "50000", &[]);
    sale(&s, &sm, "11-21T10", "1000000", &[]);
    sale(&s, &q, "11-05T10", "100000", &TEA_CAKE);
    sale(&s, &q, "11-09T10", "100000", &TEA_CAKE);
    sale(
        &s,
        &q,
        "11-13T10",
        "100000",
        &["--item", "tea:2:50000:drinks"],
    );
    sale(
        &s,
        &q,
        "11-17T10",
        "100000",
        &[
            "--item",
            "cake:1:50000:food",
            "--item",
            "milk:1:50000:drinks",
        ],
    );
    sale(
        &s,
        &t,
        "11-04T10",
        "100000",
        &["--item", "milk:2:50000:drinks"],
    );
    sale(&s, &t, "11-08T10", "100000", &[]);
    sale(&s, &t, "11-12T10", "100000", &[]);
    sale(&s, &r, "11-01T10", "100000", &[]);
    sale(&s, &r, "11-02T10", "100000", &[]);
    let voided = sale(&s, &r, "11-03T10", "100000", &TEA_CAKE);
    s.ok(&["sale", "void", &voided]);
    (s, [p, q, sm, t, r, u])
}

#[test]
fn rfm_scores_and_segments_by_hand() {
    let (s, [p, q, sm, t, r, _]) = rfm_shop();
    let got = report(&s, &["rfm"]);
    // n = 5 with distinct values: each score is the member's rank, 5 the best.
    let want = |id: &str, rec: i64, f: u64, m: i64, scores: [u8; 3], seg: &str| {
        json!({"id": id, "recency_days": rec, "frequency": f, "monetary": m,
               "r": scores[0], "f": scores[1], "m": scores[2], "segment": seg})
    };
    let mut rows = vec![
        want(&p, 0, 5, 550_000, [5, 5, 4], "champions"),
        want(&q, 5, 4, 400_000, [3, 4, 3], "loyal"),
        want(&sm, 1, 1, 1_000_000, [4, 1, 5], "new"),
        want(&t, 10, 3, 300_000, [2, 3, 2], "at_risk"),
        want(&r, 20, 2, 200_000, [1, 2, 1], "lost"),
    ];
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    assert_eq!(got["members"], Value::Array(rows));
    assert_eq!(
        got["segments"],
        json!({"champions": 1, "loyal": 1, "new": 1, "at_risk": 1, "lost": 1, "others": 0})
    );
}

#[test]
fn pairs_and_lift_by_hand() {
    let (s, _) = rfm_shop();
    let got = report(&s, &["products"]);
    // Five baskets (the voided one counts nowhere): {tea, cake} ×2, {tea}, {cake, milk},
    // {milk}. n(tea) = n(cake) = 3, n(milk) = 2, n(tea, cake) = 2; cake and milk meet once,
    // below the two sales a pair needs.
    // support 2/5 = 0.4000; confidence 2/3 = 0.6666 (toward zero); lift 2·5/(3·3) = 1.1111.
    assert_eq!(got["sales_with_items"], 5);
    let rule = |a: &str, b: &str| {
        json!({"a": a, "b": b, "together": 2, "support": "0.4000",
               "confidence": "0.6666", "lift": "1.1111"})
    };
    assert_eq!(
        got["pairs"],
        json!([rule("cake", "tea"), rule("tea", "cake")])
    );
    // drinks: tea 50k + 50k + 100k and milk 50k + 100k, in all five baskets; food: cake ×3.
    assert_eq!(
        got["categories"],
        json!([
            {"category": "drinks", "sales": 5, "amount": 350_000},
            {"category": "food", "sales": 3, "amount": 150_000},
        ])
    );
    // Category rules: drinks ⇒ food 3/5, food ⇒ drinks 3/3, lift 3·5/(5·3) = 1 (equal
    // lift and support: by name).
    let cats = &got["category_pairs"];
    assert_eq!(
        (&cats[0]["a"], &cats[0]["confidence"]),
        (&json!("drinks"), &json!("0.6000"))
    );
    assert_eq!(
        (&cats[1]["a"], &cats[1]["confidence"]),
        (&json!("food"), &json!("1.0000"))
    );
    assert_eq!(
        (&cats[0]["lift"], &cats[1]["support"]),
        (&json!("1.0000"), &json!("0.6000"))
    );
}

#[test]
fn referrals_and_offers_by_hand() {
    let (s, [p, q, ..]) = rfm_shop();
    // p brought s (1,000,000) and r (200,000); q brought t (300,000) and u, who enrolled
    // before the window.
    assert_eq!(
        report(&s, &["referrals"])["referrers"],
        json!([
            {"id": p, "referred": 2, "referred_spend": 1_200_000},
            {"id": q, "referred": 1, "referred_spend": 300_000},
        ])
    );
    // "big" gave s 20,000 of credit on 11-21. The comparison: the four other members who
    // visited in the window, from the offer's first use (11-21) to 11-22: only p came, twice
    // (100,000 + 150,000): 2/4 = 0.50 visits and 62,500 each. s: one visit of 1,000,000.
    // uplift = (1,000,000 × 4 − 250,000 × 1) × 100 / (250,000 × 1) = 1500.00.
    let got = report(&s, &["offers"]);
    let big = &got["offers"][0];
    assert_eq!(big["id"], "big");
    assert_eq!(
        (
            &big["uses"],
            &big["members"],
            &big["reward_value"],
            &big["sales_with"]
        ),
        (&json!(1), &json!(1), &json!(20_000), &json!(1))
    );
    assert_eq!(
        big["comparison"],
        json!({"members": 4, "visits_per_member": "0.50", "spend_per_member": 62_500})
    );
    assert_eq!(
        big["users"],
        json!({"members": 1, "visits_per_member": "1.00", "spend_per_member": 1_000_000})
    );
    assert_eq!(big["uplift_percent"], "1500.00");
    assert_eq!(big["comparison_kind"], "eligible_non_users");
    assert_eq!(big["too_small"], true);
}

#[test]
fn one_members_picture() {
    let (s, [p, q, .., u]) = rfm_shop();
    let m = report(&s, &["member", &p]);
    assert_eq!(
        (
            &m["recency_days"],
            &m["frequency"],
            &m["spend"],
            &m["segment"]
        ),
        (&json!(0), &json!(5), &json!(550_000), &json!("champions"))
    );
    assert_eq!(m["suggested_offer"], "reward");
    assert_eq!(m["favourite_categories"], json!([]));
    // q's baskets: drinks 50k + 50k + 100k + 50k, food 50k × 3.
    let m = report(&s, &["member", &q]);
    assert_eq!(
        m["favourite_categories"],
        json!([{"category": "drinks", "amount": 250_000}, {"category": "food", "amount": 150_000}])
    );
    assert_eq!(
        (&m["segment"], &m["suggested_offer"]),
        (&json!("loyal"), &json!("come_sooner"))
    );
    // u never came: no scores, a win-back offer.
    let m = report(&s, &["member", &u]);
    assert_eq!(
        (&m["frequency"], &m["segment"], &m["r"]),
        (&json!(0), &Value::Null, &Value::Null)
    );
    assert_eq!(m["suggested_offer"], "win_back");
    let mut args = vec!["report", "member", &q];
    args.extend_from_slice(&WINDOW);
    let text = s.ok(&args);
    assert!(
        text.contains("loyal") && !text.contains("a discount"),
        "{text}"
    );
    assert!(
        text.contains("extra credit for a visit within two weeks"),
        "{text}"
    );
}

#[test]
fn liability_by_hand() {
    let s = Shop::new();
    let cfg = write(
        &s,
        "c.toml",
        "[earn]\ncredit_percent = 5\npoints_per = 10000\npoint_value = 100\npoints_expire_days = 40\ncredit_expire_days = 100\n",
    );
    s.ok(&["config", "import", &cfg]);
    let l = s.enrol("L", "09120000021", None);
    // 09-01: 50,000 credit to 12-10, 100 points to 10-11 (expired by now).
    // 10-20: 20,000 credit to 2027-01-28, 40 points to 11-29.
    // 11-20: 10,000 credit to 2027-02-28, 20 points to 12-30.
    sale(&s, &l, "09-01T10", "1000000", &[]);
    sale(&s, &l, "10-20T10", "400000", &[]);
    sale(&s, &l, "11-20T10", "200000", &[]);
    sale(&s, "guest", "11-21T10", "300000", &[]);
    // As of 11-22: within 30 days (to 12-21) 50,000 credit + 40 points (4,000);
    // within 90 (to 2027-02-19) 70,000 credit + 60 points (6,000).
    let got = s.json(&["report", "liability"]);
    for (k, v) in [
        ("credit", 80_000),
        ("points", 60),
        ("points_value", 6_000),
        ("gift_cards", 0),
        ("expiring_30", 54_000),
        ("expiring_90", 76_000),
    ] {
        assert_eq!(got[k], v, "{k}: {got}");
    }
}

#[test]
fn an_empty_shop_says_zeros_in_every_report() {
    let s = Shop::new();
    assert_eq!(
        s.json(&["report", "rfm"]),
        json!({"members": [], "segments": {"champions": 0, "loyal": 0, "new": 0, "at_risk": 0, "lost": 0, "others": 0}})
    );
    assert_eq!(s.json(&["report", "offers"]), json!({"offers": []}));
    assert_eq!(s.json(&["report", "referrals"])["referrers"], json!([]));
    let p = s.json(&["report", "products"]);
    assert_eq!((&p["categories"], &p["pairs"]), (&json!([]), &json!([])));
    let l = s.json(&["report", "liability"]);
    assert_eq!(
        (&l["credit"], &l["points"], &l["expiring_90"]),
        (&json!(0), &json!(0), &json!(0))
    );
    let v = s.json(&["report", "visits"]);
    assert_eq!(
        (&v["members"], &v["amount_per_visit"], &v["gap_mean_days"]),
        (&json!(0), &json!(0), &json!("0.00"))
    );
    for what in [
        "visits",
        "rfm",
        "offers",
        "referrals",
        "products",
        "liability",
    ] {
        s.ok(&["report", what]);
    }
}

#[test]
fn an_offer_everyone_got_is_compared_with_before() {
    let s = Shop::new();
    let x = s.enrol("X", "09120000031", None);
    sale(&s, &x, "10-25T10", "100000", &[]);
    sale(&s, &x, "11-01T10", "100000", &[]);
    let offers = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"all\"\n[offer.reward]\nextra_credit = 10000\n",
    );
    s.ok(&["offers", "import", &offers]);
    sale(&s, &x, "11-10T10", "100000", &[]);
    sale(&s, &x, "11-20T10", "200000", &[]);
    // x is the only member who came, and got it: x from 11-10 to 11-22 (2 visits, 300,000)
    // against x over the 13 days before (10-28 to 11-09: the visit of 11-01, 100,000).
    // uplift = (300,000 − 100,000) × 100 / 100,000 = 200.00.
    let got = report(&s, &["offers"]);
    let all = &got["offers"][0];
    assert_eq!(all["comparison_kind"], "users_before");
    assert_eq!(
        (&all["uses"], &all["reward_value"]),
        (&json!(2), &json!(20_000))
    );
    assert_eq!(
        (
            &all["users"]["visits_per_member"],
            &all["users"]["spend_per_member"]
        ),
        (&json!("2.00"), &json!(300_000))
    );
    assert_eq!(
        (
            &all["comparison"]["visits_per_member"],
            &all["comparison"]["spend_per_member"]
        ),
        (&json!("1.00"), &json!(100_000))
    );
    assert_eq!(all["uplift_percent"], "200.00");
}

#[test]
fn suggest_wins_back_lapsing_regulars() {
    let (s, [p, q, ..]) = rfm_shop();
    // As of 12-01: q's usual gap is 4 days and 14 have passed; p's is 1 and 9 have passed.
    // Nobody else has four visit days. The only category rule (drinks ⇒ food) has lift 1.
    let window = ["suggest", "--from", "2026-11-01", "--to", "2026-12-01"];
    let got = s.json(&window);
    assert_eq!(
        got,
        json!({"suggestions": [{
            "kind": "win_back",
            "lapsing": [
                {"member": q, "visits": 4, "median_gap_days": "4.0", "days_since": 14, "last_visit": "2026-11-17"},
                {"member": p, "visits": 5, "median_gap_days": "1.0", "days_since": 9, "last_visit": "2026-11-22"},
            ],
            "members": [q, p],
        }]})
    );
    let text = s.ok(&window);
    assert!(text.contains("2 regulars have stayed away"), "{text}");
    // --write: a win-back offer for regulars, its gift 10 % of q's and p's average visit
    // (950,000 over 9 visit days = 105,555: 10,555) rounded down to 10,000; budget 20,000.
    let file = s.dir.path().join("w.toml");
    let mut args = window.to_vec();
    args.extend_from_slice(&["--write", file.to_str().expect("path")]);
    s.ok(&args);
    let offers = s.json(&["offers", "import", file.to_str().expect("path")]);
    assert_eq!(offers[0]["id"], "suggested-20261201-1-win-back", "{offers}");
    let drafted = std::fs::read_to_string(&file).expect("file");
    for line in [
        "min_visits = 4",
        "extra_credit = 10000",
        "per_member = 1",
        "budget = 20000",
    ] {
        assert!(drafted.contains(line), "{line}: {drafted}");
    }
    let empty = Shop::new();
    assert_eq!(empty.json(&["suggest"]), json!({"suggestions": []}));
    assert!(empty.ok(&["suggest"]).contains("Nothing to suggest"));
}

#[test]
fn suggest_cross_sells_a_category() {
    let s = Shop::new();
    let m: Vec<String> = (1..=5)
        .map(|i| s.enrol(&format!("M{i}"), &format!("0912000004{i}"), None))
        .collect();
    sale(&s, &m[0], "11-10T10", "100000", &TEA_CAKE);
    sale(&s, &m[1], "11-11T10", "100000", &TEA_CAKE);
    sale(
        &s,
        &m[2],
        "11-12T10",
        "100000",
        &["--item", "soap:1:100000:home"],
    );
    sale(
        &s,
        &m[3],
        "11-13T10",
        "100000",
        &["--item", "soap:1:100000:home"],
    );
    sale(
        &s,
        &m[4],
        "11-14T10",
        "100000",
        &["--item", "tea:2:50000:drinks"],
    );
    // Five baskets; drinks in 3, food in 2, both in 2: drinks ⇒ food has confidence 2/3 and
    // lift 2·5/(3·2) = 1.6666. m5 buys drinks and never food; everyone who buys food buys
    // drinks, so food ⇒ drinks targets nobody and is left out.
    let mut args = vec!["suggest"];
    args.extend_from_slice(&WINDOW);
    assert_eq!(
        s.json(&args),
        json!({"suggestions": [{
            "kind": "cross_sell", "a": "drinks", "b": "food",
            "confidence": "0.6666", "lift": "1.6666", "members": [m[4]],
        }]})
    );
}
