//! Receipts and the end-of-day close through the binary: a receipt drawn and compared with
//! the reference pictures in `tests/fixtures` (`VAFA_UPDATE_FIXTURES=1` writes them anew:
//! look at them before committing), sent to a real TCP listener, and the close's figures
//! worked out by hand. The clock is fixed (`common::NOW`, 1405/09/01 10:00 Tehran).

use std::io::Read;
use std::path::PathBuf;

use crate::common::{self, Shop};
use serde_json::{Value, json};
use vafa_devices::printer::{Bitmap, escpos, png};

const SALE_ID: &str = "01900000-0000-7000-8000-000000000001";

const CONFIG: &str = r#"
[printer]
paper = 58
[[basket.category]]
id = "coffee"
name = { fa = "قهوه", en = "Coffee" }
[[basket.category]]
id = "cake"
name = { fa = "کیک", en = "Cake" }
[[basket.sku]]
code = "1001"
category = "coffee"
name = { fa = "اسپرسو", en = "Espresso" }
price = 450000
"#;

const OFFERS: &str = r#"
[[offer]]
id = "coffee-bonus"
name = { fa = "جایزهٔ قهوه", en = "Coffee bonus" }
[offer.when]
categories = ["coffee"]
[offer.reward]
extra_credit_percent = 10
"#;

/// A shop with its catalogue, one offer, a cashier (sara), a supervisor (reza) and a member.
fn shop(lang: &str, name: &str) -> (Shop, String) {
    let s = Shop {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    s.ok(&["init", "--shop", name, "--branch", "TEH01", "--lang", lang]);
    let dir = s.dir.path();
    std::fs::write(dir.join("config.toml"), CONFIG).expect("config");
    std::fs::write(dir.join("offers.toml"), OFFERS).expect("offers");
    s.ok(&[
        "config",
        "import",
        &dir.join("config.toml").display().to_string(),
    ]);
    s.ok(&[
        "offers",
        "import",
        &dir.join("offers.toml").display().to_string(),
    ]);
    s.ok(&["user", "add", "sara", "--role", "cashier", "--pin", "1357"]);
    s.ok(&[
        "user",
        "add",
        "reza",
        "--role",
        "supervisor",
        "--pin",
        "2468",
    ]);
    let m = s.json(&[
        "member",
        "enrol",
        "--first",
        "Ali",
        "--last",
        "Rezaei",
        "--mobile",
        "09121234567",
    ])["id"]
        .as_str()
        .expect("id")
        .to_string();
    (s, m)
}

fn as_user(s: &Shop, user: &str, pin: &str, args: &[&str]) -> Value {
    s.json_env(&[("VAFA_USER", user), ("VAFA_PIN", pin)], args)
}

/// Sara's sale of two espressos and a cake to the member: 1,250,000 rials.
fn coffee_sale(s: &Shop, m: &str) -> Value {
    as_user(
        s,
        "sara",
        "1357",
        &[
            "sale",
            "--member",
            m,
            "--amount",
            "1250000",
            "--item",
            "1001:2:450000:coffee",
            "--item",
            "2001:1:350000:cake",
            "--id",
            SALE_ID,
        ],
    )
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The drawn picture equals the reference one (or, with VAFA_UPDATE_FIXTURES, becomes it).
fn matches_fixture(drawn: &[u8], name: &str) {
    let path = fixture(name);
    if std::env::var_os("VAFA_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, drawn).expect("write fixture");
    }
    let want = png::decode(&std::fs::read(&path).expect("fixture")).expect("fixture png");
    let got = png::decode(drawn).expect("png");
    let diff = got.difference(&want);
    if diff.is_none_or(|d| d > 16) {
        let seen = path.with_extension("new.png");
        std::fs::write(&seen, drawn).expect("write");
        panic!(
            "{name}: {diff:?} dots differ ({}x{} against {}x{}); look at {}",
            got.width(),
            got.height(),
            want.width(),
            want.height(),
            seen.display()
        );
    }
}

fn receipt_png(s: &Shop, width: &str) -> (Vec<u8>, Bitmap) {
    let out = s.dir.path().join(format!("r{width}.png"));
    s.ok(&[
        "receipt",
        SALE_ID,
        "--width",
        width,
        "--out",
        &out.display().to_string(),
    ]);
    let bytes = std::fs::read(&out).expect("png");
    let b = png::decode(&bytes).expect("decode");
    (bytes, b)
}

#[test]
fn a_persian_receipt_is_drawn_as_the_reference_picture() {
    let (s, m) = shop("fa", "کافه سلام");
    let sale = coffee_sale(&s, &m);
    // 5 % of 1,250,000 = 62,500 → 62,000; the coffee offer adds 10 % of it: 125,000.
    assert_eq!(sale["credit_earned"], 187_000);
    let (bytes, b) = receipt_png(&s, "58");
    assert_eq!(b.width(), 384);
    matches_fixture(&bytes, "receipt-fa-58.png");
    let (bytes, b) = receipt_png(&s, "80");
    assert_eq!(b.width(), 576);
    matches_fixture(&bytes, "receipt-fa-80.png");
    // The receipt as data names the cashier, the items by the shop's names, the offer.
    let r = s.json(&["receipt", SALE_ID, "--out", "/dev/null"])["receipt"].clone();
    assert_eq!(r["cashier"], "sara");
    assert_eq!(r["items"][0]["name"], "اسپرسو");
    assert_eq!(r["items"][1]["name"], "کیک");
    assert_eq!(r["offers"][0]["id"], "coffee-bonus");
    assert_eq!(r["offers"][0]["value"], 125_000);
    assert_eq!(r["credit_after"], 187_000);
}

#[test]
fn an_english_receipt_is_drawn_as_the_reference_picture() {
    let (s, m) = shop("en", "Salam Café");
    coffee_sale(&s, &m);
    let (bytes, _) = receipt_png(&s, "80");
    matches_fixture(&bytes, "receipt-en-80.png");
}

#[test]
fn a_network_printer_receives_the_receipt_as_escpos() {
    let (s, m) = shop("fa", "کافه سلام");
    coffee_sale(&s, &m);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let got = std::thread::spawn(move || {
        let (mut c, _) = listener.accept().expect("accept");
        let mut all = Vec::new();
        c.read_to_end(&mut all).expect("read");
        all
    });
    let printer = format!("tcp://127.0.0.1:{port}");
    let printed = s.json(&["receipt", SALE_ID, "--printer", &printer])["printed"].clone();
    let bytes = got.join().expect("listener");
    assert_eq!(printed["bytes"], bytes.len());
    assert_eq!(printed["paper"], 58);
    // ESC @, then GS v 0 with 48 bytes a row (384 dots); the job ends feed + cut.
    assert_eq!(&bytes[..8], &[0x1B, 0x40, 0x1D, 0x76, 0x30, 0x00, 48, 0]);
    assert!(bytes.ends_with(&[0x1B, 0x64, 0x04, 0x1D, 0x56, 0x01]));
    let (_, drawn) = receipt_png(&s, "58");
    let sent = escpos::decode(&bytes).expect("job");
    assert_eq!(sent.difference(&drawn), Some(0));
    // A printer that is not there: a shopkeeper's message, nothing recorded.
    let (_, err, _) = s.fails(&["receipt", SALE_ID, "--printer", "tcp://127.0.0.1:1"]);
    assert!(err.contains("چاپگر"), "{err}");
    let (code, _, _) = s.fails(&["receipt", SALE_ID]);
    assert!(code.contains("no_printer"), "{code}");
}

fn figures(v: &Value) -> Value {
    let keys = [
        "sales",
        "guest_sales",
        "gross",
        "discount",
        "credit_redeemed",
        "paid",
        "credit_earned",
        "points_earned",
        "voids",
        "voided_gross",
    ];
    let mut o = serde_json::Map::new();
    for k in keys {
        o.insert(k.into(), v[k].clone());
    }
    Value::Object(o)
}

#[test]
fn the_close_counts_the_day_by_cashier_and_a_shift_since_the_last_close() {
    let (s, m) = shop("en", "Salam Café");
    coffee_sale(&s, &m); // sara: 1,250,000, credit 187,000, 125 points
    as_user(
        &s,
        "sara",
        "1357",
        &["sale", "--guest", "--amount", "300000"],
    );
    // reza: 200,000 paying 50,000 of credit → paid 150,000, credit 7,000, 15 points.
    as_user(
        &s,
        "reza",
        "2468",
        &[
            "sale", "--member", &m, "--amount", "200000", "--redeem", "50000",
        ],
    );
    let gone = as_user(
        &s,
        "sara",
        "1357",
        &["sale", "--guest", "--amount", "100000"],
    );
    let gone = gone["sale_id"].as_str().expect("id");
    as_user(&s, "reza", "2468", &["sale", "void", gone]);
    let day = s.json(&["report", "close"]);
    assert_eq!(day["kind"], "day");
    assert_eq!(day["from"], "2026-11-22T00:00:00+03:30");
    assert_eq!(day["to"], "2026-11-23T00:00:00+03:30");
    assert_eq!(
        figures(&day["totals"]),
        json!({"sales": 3, "guest_sales": 1, "gross": 1_750_000, "discount": 0,
               "credit_redeemed": 50_000, "paid": 1_700_000, "credit_earned": 194_000,
               "points_earned": 140, "voids": 1, "voided_gross": 100_000})
    );
    let by: Vec<(Value, Value)> = day["cashiers"]
        .as_array()
        .expect("cashiers")
        .iter()
        .map(|c| (c["cashier"].clone(), figures(c)))
        .collect();
    assert_eq!(
        by,
        [
            (
                json!("reza"),
                json!({"sales": 1, "guest_sales": 0, "gross": 200_000, "discount": 0,
                       "credit_redeemed": 50_000, "paid": 150_000, "credit_earned": 7_000,
                       "points_earned": 15, "voids": 1, "voided_gross": 100_000})
            ),
            (
                json!("sara"),
                json!({"sales": 2, "guest_sales": 1, "gross": 1_550_000, "discount": 0,
                       "credit_redeemed": 0, "paid": 1_550_000, "credit_earned": 187_000,
                       "points_earned": 125, "voids": 0, "voided_gross": 0})
            ),
        ]
    );
    // Another day (Jalali) holds nothing; a cashier may not see the close.
    let other = s.json(&["report", "close", "--date", "1405/08/30"]);
    assert_eq!(other["totals"]["sales"], 0);
    let refused = s
        .cmd()
        .env("VAFA_USER", "sara")
        .env("VAFA_PIN", "1357")
        .args(["--json", "report", "close"])
        .output()
        .expect("run");
    assert!(!refused.status.success());
    let v: Value = serde_json::from_slice(&refused.stdout).expect("json");
    assert_eq!(v["error"]["code"], "forbidden");

    // Closing the shift records it; the next shift starts empty and counts what follows.
    let closed = s.json(&["close"]);
    assert_eq!(closed["kind"], "shift");
    assert_eq!(figures(&closed["totals"]), figures(&day["totals"]));
    assert!(closed["close_id"].is_string());
    let later = "2026-11-22T12:00:00+03:30";
    let shift = s
        .json_at(later, &["report", "close", "--shift"])
        .expect("shift");
    assert_eq!(shift["totals"]["sales"], 0);
    s.json_at(later, &["sale", "--guest", "--amount", "80000"])
        .expect("sale");
    let shift = s
        .json_at(later, &["report", "close", "--shift"])
        .expect("shift");
    assert_eq!(shift["totals"]["sales"], 1);
    assert_eq!(shift["totals"]["paid"], 80_000);
    assert_eq!(shift["from"], "2026-11-22T10:00:01+03:30");
    // The day still counts everything; the close is on the audit trail.
    let day = s.json_at(later, &["report", "close"]).expect("day");
    assert_eq!(day["totals"]["sales"], 4);
    let audit = s.ok(&["audit"]);
    assert!(audit.contains("close"), "{audit}");
    // On screen, in the shop's words.
    let text = s.ok(&["report", "close"]);
    assert!(
        text.contains("End of day") && text.contains("Paid: 178,000 toman"),
        "{text}"
    );
}

#[test]
fn a_close_prints_on_the_receipt_printer_and_as_a_picture() {
    let (s, m) = shop("fa", "کافه سلام");
    coffee_sale(&s, &m);
    let out = s.dir.path().join("close.png");
    s.ok(&["report", "close", "--out", &out.display().to_string()]);
    let b = png::decode(&std::fs::read(&out).expect("png")).expect("decode");
    assert_eq!(b.width(), 384);
    let lp = s.dir.path().join("lp0");
    std::fs::write(&lp, b"").expect("lp");
    s.ok(&[
        "close",
        "--print",
        "--printer",
        &format!("file:{}", lp.display()),
    ]);
    let job = std::fs::read(&lp).expect("job");
    assert_eq!(&job[..2], &[0x1B, 0x40]);
    assert!(escpos::decode(&job).expect("job").height() > 200);
    let _ = common::NOW;
}

#[test]
fn a_known_sku_brings_its_category_to_the_offers() {
    let (s, m) = shop("en", "Salam Café");
    let sale = s.json(&[
        "sale",
        "--member",
        &m,
        "--amount",
        "450000",
        "--item",
        "1001:1:450000",
    ]);
    // 5 % of 450,000 = 22,500 → 22,000; the coffee offer adds 10 %: 45,000.
    assert_eq!(sale["credit_earned"], 67_000);
    let unknown = s.json(&[
        "sale",
        "--member",
        &m,
        "--amount",
        "450000",
        "--item",
        "9999:1:450000",
    ]);
    assert_eq!(unknown["credit_earned"], 22_000);
}
