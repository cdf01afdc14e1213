//! `vafa lottery …` and `vafa survey …` through the binary on real database files. The shop
//! is created at `common::NOW` (2026-11-22 10:00 Tehran); later steps move the fixed clock
//! forward with `json_at` (never the real clock). The draw is recomputed here by an
//! independent implementation of docs/lottery.md.

use crate::common;
use common::Shop;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A Tehran local time on a day of November/December 2026 (`MM-DD`), 12:00.
fn at(day: &str) -> String {
    format!("2026-{day}T12:00:00+03:30")
}

fn sale(s: &Shop, member: &str, day: &str, amount: &str) -> String {
    s.json_at(&at(day), &["sale", "--member", member, "--amount", amount])
        .expect("sale")["sale_id"]
        .as_str()
        .expect("sale id")
        .to_string()
}

fn err_code(v: Result<Value, Value>) -> String {
    let e = v.expect_err("should fail");
    e["error"]["code"].as_str().unwrap_or_default().to_string()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// docs/lottery.md, written again from the document alone: the canonical list, its hash,
/// the SHA-256 counter stream, rejection sampling, and the weighted walk without
/// replacement. Returns (list_hash, winners in prize order).
fn reference_draw(seed: &str, entries: &[(String, u64)], prizes: usize) -> (String, Vec<String>) {
    let mut sorted: Vec<(String, u64)> = entries.to_vec();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let canonical: String = sorted.iter().map(|(m, t)| format!("{m}:{t}\n")).collect();
    let list_hash = hex(&Sha256::digest(canonical.as_bytes()));
    let mut key = Vec::new();
    key.extend_from_slice(b"vafa-lottery-v1");
    key.push(0);
    key.extend_from_slice(seed.as_bytes());
    key.push(0);
    key.extend_from_slice(list_hash.as_bytes());
    let mut words: Vec<u64> = Vec::new();
    let mut block: u64 = 0;
    let mut next = |words: &mut Vec<u64>| -> u64 {
        if words.is_empty() {
            let mut h = Sha256::new();
            h.update(&key);
            h.update(block.to_be_bytes());
            block += 1;
            let d = h.finalize();
            // Four words in order; kept reversed so that pop() takes the first.
            for i in (0..4).rev() {
                let mut w = [0u8; 8];
                w.copy_from_slice(&d[i * 8..i * 8 + 8]);
                words.push(u64::from_be_bytes(w));
            }
        }
        words.pop().expect("a word")
    };
    let mut left = sorted;
    let mut winners = Vec::new();
    while winners.len() < prizes && !left.is_empty() {
        let total: u128 = left.iter().map(|e| u128::from(e.1)).sum();
        // zone = 2^64 mod T, in 128 bits.
        let zone = (1u128 << 64) % total;
        let r = loop {
            let x = u128::from(next(&mut words));
            if x >= zone {
                break x % total;
            }
        };
        let mut sum = 0u128;
        let at = left
            .iter()
            .position(|e| {
                sum += u128::from(e.1);
                r < sum
            })
            .expect("r is below the total");
        winners.push(left.remove(at).0);
    }
    (list_hash, winners)
}

#[test]
fn a_lottery_is_created_drawn_once_and_verified() {
    let s = Shop::new();
    let a = s.enrol("A", "09120000001", None);
    let b = s.enrol("B", "09120000002", None);
    let c = s.enrol("C", "09120000003", None);
    let d = s.enrol("D", "09120000004", None);
    let created = s.json(&[
        "lottery",
        "create",
        "yalda",
        "--name",
        "Yalda night",
        "--from",
        "2026-11-22",
        "--to",
        "2026-11-30",
        "--per",
        "100,000",
        "--winners",
        "2",
    ]);
    let commitment = created["commitment"]
        .as_str()
        .expect("commitment")
        .to_string();
    assert_eq!(commitment.len(), 64);
    assert!(
        created.get("seed").is_none(),
        "the seed stays secret: {created}"
    );
    // a: 250,000 → 2 tickets; b: 100,000 + 150,000 → 2; c: 500,000 voided → none;
    // d: 350,000 → 3; a guest's sale counts for nobody; a sale after the window neither.
    sale(&s, &a, "11-23", "250000");
    sale(&s, &b, "11-24", "100000");
    sale(&s, &b, "11-25", "150000");
    let voided = sale(&s, &c, "11-25", "500000");
    s.json_at(&at("11-25"), &["sale", "void", &voided])
        .expect("void");
    sale(&s, &d, "11-26", "350000");
    s.json_at(&at("11-26"), &["sale", "--guest", "--amount", "900000"])
        .expect("guest sale");
    sale(&s, &c, "12-01", "900000");

    let entries = s
        .json_at(&at("12-01"), &["lottery", "entries", "yalda"])
        .expect("entries");
    let mut want: Vec<(String, u64)> = vec![(a.clone(), 2), (b.clone(), 2), (d.clone(), 3)];
    want.sort();
    let got: Vec<(String, u64)> = entries["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["member_id"].as_str().expect("id").to_string(),
                e["tickets"].as_u64().expect("n"),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(entries["total"], 7);

    // Not while the window is open.
    assert_eq!(
        err_code(s.json_at(&at("11-30"), &["lottery", "draw", "yalda"])),
        "window_open"
    );
    let draw = s
        .json_at(&at("12-01"), &["lottery", "draw", "yalda"])
        .expect("draw");
    let seed = draw["seed"].as_str().expect("seed");
    assert_eq!(draw["commitment"], commitment.as_str());
    assert_eq!(
        hex(&Sha256::digest(seed.as_bytes())),
        commitment,
        "the seed is the one committed to"
    );
    assert_eq!(draw["list_hash"], entries["list_hash"]);
    let winners: Vec<String> = draw["winners"]
        .as_array()
        .expect("winners")
        .iter()
        .map(|w| w["member_id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(
        draw["winners"]
            .as_array()
            .map(|w| w.iter().map(|x| x["prize"].as_u64()).collect::<Vec<_>>()),
        Some(vec![Some(1), Some(2)])
    );
    // Anyone with the seed and the published list repeats the draw.
    let (hash, again) = reference_draw(seed, &got, 2);
    assert_eq!(draw["list_hash"], hash.as_str());
    assert_eq!(winners, again);

    // Drawn once; the list is frozen (a later sale changes nothing).
    assert_eq!(
        err_code(s.json_at(&at("12-02"), &["lottery", "draw", "yalda"])),
        "already_drawn"
    );
    sale(&s, &a, "11-30", "900000");
    let frozen = s
        .json_at(&at("12-02"), &["lottery", "entries", "yalda"])
        .expect("entries");
    assert_eq!(frozen, entries);
    let ok = s
        .cmd()
        .env("VAFA_NOW", at("12-02"))
        .args(["lottery", "verify", "yalda"])
        .output()
        .expect("run");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("verifies"));

    // On the audit trail: the create (no seed in it) and the draw (with it).
    let conn = rusqlite::Connection::open(s.dir.path().join("vafa.db")).expect("open");
    let acts: Vec<(String, String)> = conn
        .prepare("SELECT action, detail FROM audit WHERE action LIKE 'lottery%' ORDER BY seq")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        acts.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        ["lottery_create", "lottery_draw"]
    );
    assert!(!acts[0].1.contains(seed) && acts[1].1.contains(seed));

    // Tampered with: another winner order, another seed, another list: verify fails.
    let verify_fails = |what: &str| {
        let (code, msg, _) = s.fails(&["lottery", "verify", "yalda"]);
        assert_eq!(code, "draw_mismatch", "{what}");
        msg
    };
    let swap = format!(
        "[{{\"member_id\":\"{}\",\"prize\":1,\"tickets\":2}},{{\"member_id\":\"{}\",\"prize\":2,\"tickets\":2}}]",
        winners[1], winners[0]
    );
    let original: String = conn
        .query_row("SELECT drawn FROM lotteries", [], |r| r.get(0))
        .expect("drawn");
    conn.execute("UPDATE lotteries SET drawn = ?1", [&swap])
        .expect("tamper");
    assert!(verify_fails("winners").contains("other winners"));
    conn.execute("UPDATE lotteries SET drawn = ?1", [&original])
        .expect("restore");
    conn.execute("UPDATE lotteries SET seed = 'guessed'", [])
        .expect("tamper");
    assert!(verify_fails("seed").contains("commitment"));
    conn.execute("UPDATE lotteries SET seed = ?1", [seed])
        .expect("restore");
    conn.execute(
        "UPDATE lotteries SET entry_list = replace(entry_list, ':3', ':30')",
        [],
    )
    .expect("tamper");
    assert!(verify_fails("list").contains("hash"));
}

/// `lottery create ID --name L --from FROM --to TO EXTRA…`.
fn create<'a>(id: &'a str, from: &'a str, to: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "lottery", "create", id, "--name", "L", "--from", from, "--to", to,
    ];
    a.extend_from_slice(extra);
    a
}

#[test]
fn bad_lotteries_are_refused_and_nothing_is_written() {
    let s = Shop::new();
    let before = s.counts();
    let open = |extra: &[&str]| s.fails(&create("l1", "2026-11-22", "2026-11-30", extra)).0;
    let (code, msg, _) = s.fails(&create("l1", "2026-11-30", "2026-11-23", &[]));
    assert_eq!(code, "reversed_window");
    assert!(msg.contains("--from") && msg.contains("reversed"), "{msg}");
    assert_eq!(
        s.fails(&create("l1", "2026-11-01", "2026-11-21", &[])).0,
        "window_in_past"
    );
    assert_eq!(open(&["--winners", "0"]), "invalid");
    assert_eq!(open(&["--per", "0"]), "invalid_amount");
    assert_eq!(open(&["--tiers", "gold"]), "unknown_tier");
    assert_eq!(s.fails(&["lottery", "draw", "nope"]).0, "unknown_lottery");
    assert_eq!(s.counts(), before, "nothing written");
    // In the shop's language.
    let fa = Shop::with_lang("fa");
    let (_, msg, _) = fa.fails(&create("l1", "2026-11-01", "2026-11-02", &[]));
    assert!(msg.contains("گذشته"), "{msg}");

    // A draw with no entries; a second lottery with the same id.
    s.ok(&create("l1", "2026-11-22", "2026-11-22", &[]));
    assert_eq!(
        s.fails(&create("l1", "2026-11-22", "2026-11-23", &[])).0,
        "lottery_exists"
    );
    assert_eq!(
        err_code(s.json_at(&at("11-23"), &["lottery", "draw", "l1"])),
        "no_entries"
    );
    assert_eq!(s.fails(&["lottery", "verify", "l1"]).0, "not_drawn");
    // A cashier may not create one (manager and above by default).
    s.ok(&["user", "add", "sara", "--role", "cashier", "--pin", "4821"]);
    let mut args = vec!["--json", "--user", "sara"];
    args.extend(create("l2", "2026-11-22", "2026-11-23", &[]));
    let out = s
        .cmd()
        .env("VAFA_PIN", "4821")
        .args(&args)
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["error"]["code"], "forbidden");
}

const SURVEY: &str = r#"
id = "autumn"
name = "How are we doing?"
recent_days = 30
[[questions]]
id = "price"
kind = "scale"
fa = "قیمت‌ها؟"
en = "Our prices?"
[[questions]]
id = "staff"
kind = "scale"
en = "Our staff?"
[[questions]]
id = "why"
kind = "choice"
choices = ["price", "quality", "near"]
"#;

#[test]
fn a_survey_is_called_answered_and_charted() {
    let s = Shop::new();
    let file = s.dir.path().join("survey.toml");
    std::fs::write(&file, SURVEY).expect("write");
    // Duplicate question ids: refused, nothing imported.
    let dup = s.dir.path().join("dup.toml");
    std::fs::write(&dup, SURVEY.replace("id = \"staff\"", "id = \"price\"")).expect("write");
    let (code, msg, _) = s.fails(&["survey", "import", dup.to_str().expect("path")]);
    assert_eq!(code, "invalid_survey");
    assert!(msg.contains("\"price\" twice"), "{msg}");
    assert_eq!(s.fails(&["survey", "calls", "autumn"]).0, "unknown_survey");
    let imported = s.json(&["survey", "import", file.to_str().expect("path")]);
    assert_eq!(imported["questions"].as_array().map(Vec::len), Some(3));

    let a = s.enrol("A", "09120000001", None);
    let b = s.enrol("B", "09120000002", None);
    let c = s.enrol("C", "09120000003", None);
    let _quiet = s.enrol("Q", "09120000004", None); // never visited: not called
    sale(&s, &a, "11-20", "100000");
    sale(&s, &b, "11-21", "100000");
    let old = sale(&s, &c, "11-22", "100000");
    s.ok(&["sale", "void", &old]); // c's only visit voided: not a visit
    let calls = s.json(&["survey", "calls", "autumn"]);
    let ids: Vec<&str> = calls["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| c["member_id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, [b.as_str(), a.as_str()], "newest visit first");
    assert_eq!(calls["calls"][0]["mobile"], "+989120000002");
    assert_eq!(calls["calls"][0]["last_visit"], "2026-11-21");

    // Bad answers: nothing recorded.
    let answer = |m: &str, rest: &[&str]| {
        let mut v = vec!["survey", "answer", "autumn", "--member", m];
        v.extend_from_slice(rest);
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let before = s.counts();
    for (bad, code) in [
        (vec!["price=6"], "outside_scale"),
        (vec!["price=0"], "outside_scale"),
        (vec!["price=3.5"], "outside_scale"),
        (vec!["why=cheap"], "invalid_answer"),
        (vec!["mood=3"], "invalid_answer"),
        (vec!["price=3", "price=4"], "invalid_answer"),
        (vec!["price"], "invalid_answer"),
        (vec![], "invalid_answer"),
    ] {
        let args = answer(&b, &bad);
        assert_eq!(s.fails(&refs(&args)).0, code, "{bad:?}");
    }
    assert_eq!(s.counts(), before);
    let (_, msg, _) = s.fails(&refs(&answer(&b, &["price=9"])));
    assert!(msg.contains("outside the scale 1 to 5"), "{msg}");

    // b answers (Persian digits are fine); a cannot be reached today, so is not listed
    // again until tomorrow.
    s.ok(&refs(&answer(
        &b,
        &["price=۴", "staff=5", "why=near", "--note", "happy"],
    )));
    assert_eq!(
        s.fails(&refs(&answer(&b, &["price=3"]))).0,
        "already_answered"
    );
    s.ok(&refs(&answer(&a, &["--unreachable"])));
    assert_eq!(
        s.json(&["survey", "calls", "autumn"])["calls"],
        serde_json::json!([])
    );
    let tomorrow = s
        .json_at("2026-11-23T10:00:00+03:30", &["survey", "calls", "autumn"])
        .expect("calls");
    assert_eq!(tomorrow["calls"][0]["member_id"], a.as_str());
    assert_eq!(tomorrow["calls"][0]["tries"], 1);
    s.json_at(
        "2026-11-23T10:00:00+03:30",
        &refs(&answer(&a, &["price=1", "staff=4"])),
    )
    .expect("answer");

    // Results: price 4, 1 → 2.50; staff 5, 4 → 4.50; why: near 1.
    let r = s.json(&["survey", "results", "autumn", "--by", "branch"]);
    assert_eq!(r["answers"], 2);
    assert_eq!(r["questions"][0]["id"], "price");
    assert_eq!(r["questions"][0]["mean"], "2.50");
    assert_eq!(
        r["questions"][0]["counts"],
        serde_json::json!({"1": 1, "2": 0, "3": 0, "4": 1, "5": 0})
    );
    assert_eq!(r["questions"][1]["mean"], "4.50");
    assert_eq!(r["questions"][2]["mean"], Value::Null);
    assert_eq!(
        r["questions"][2]["counts"],
        serde_json::json!({"price": 0, "quality": 0, "near": 1})
    );
    assert_eq!(r["by"]["TEH01"]["answers"], 2);

    // Charts: SVG, and HTML that needs nothing else (English here, Persian right to left).
    let svg = s.dir.path().join("r.svg");
    s.ok(&[
        "survey",
        "results",
        "autumn",
        "--out",
        svg.to_str().expect("path"),
    ]);
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(
        text.starts_with("<svg") && text.contains("Our prices?") && text.contains("2.50"),
        "{text}"
    );
    let html = s.dir.path().join("r.html");
    s.ok(&[
        "survey",
        "results",
        "autumn",
        "--out",
        html.to_str().expect("path"),
    ]);
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(
        page.contains("dir=\"ltr\"")
            && page.contains("<svg")
            && !page.contains("src=")
            && !page.contains("href=")
    );
    assert_eq!(
        s.fails(&["survey", "results", "autumn", "--out", "r.png"])
            .0,
        "invalid"
    );

    let fa = Shop::with_lang("fa");
    let f = fa.dir.path().join("s.toml");
    std::fs::write(&f, SURVEY).expect("write");
    fa.ok(&["survey", "import", f.to_str().expect("path")]);
    let page = fa.dir.path().join("r.html");
    fa.ok(&[
        "survey",
        "results",
        "autumn",
        "--out",
        page.to_str().expect("path"),
    ]);
    let page = std::fs::read_to_string(&page).expect("html");
    assert!(
        page.contains("dir=\"rtl\"") && page.contains("قیمت‌ها؟") && page.contains("نتیجهٔ نظرسنجی")
    );
}
