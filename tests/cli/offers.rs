//! Automatic offers end to end through `vafa offers` and `vafa sale --json`.

use crate::common;
use common::Shop;
use serde_json::Value;

fn write(s: &Shop, name: &str, text: &str) -> String {
    let p = s.dir.path().join(name);
    std::fs::write(&p, text).expect("write");
    p.to_str().expect("path").to_string()
}

fn offer<'a>(sale: &'a Value, id: &str) -> &'a Value {
    sale["offers"]
        .as_array()
        .and_then(|a| a.iter().find(|o| o["id"] == id))
        .unwrap_or_else(|| panic!("no offer {id} in {sale}"))
}

const SEED_002: &str = include_str!("../fixtures/offers_seed_002.toml");

#[test]
fn seed_002_through_the_cli() {
    let s = Shop::new();
    let cfg = write(
        &s,
        "c.toml",
        "[earn]\ncredit_percent = 5\nround_to = 1000\npoint_value = 0\n[[tier]]\nname = \"bronze\"\nmin_points = 0\ncredit_percent = 5\n[[tier]]\nname = \"silver\"\nmin_points = 100\ncredit_percent = 5\n",
    );
    s.ok(&["config", "import", &cfg]);
    let id = s.json(&[
        "member",
        "enrol",
        "--first",
        "Sara",
        "--last",
        "A",
        "--mobile",
        "09121234567",
        "--birth",
        "1990-11-22",
    ])["id"]
        .as_str()
        .expect("id")
        .to_string();
    for d in 1..=12 {
        s.json(&[
            "sale",
            "--member",
            &id,
            "--amount",
            "100000",
            "--at",
            &format!("2026-10-{:02}T10:00:00+03:30", d),
        ]);
    }
    let offers = write(&s, "o.toml", SEED_002);
    let listed = s.json(&["offers", "import", &offers]);
    assert_eq!(listed.as_array().map(Vec::len), Some(5));
    let r = s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "6000000",
        "--item",
        "a:1:5000000:y",
        "--item",
        "b:1:1000000:x",
    ]);
    assert_eq!(r["tier"], "silver");
    assert!(
        r["offers"]
            .as_array()
            .expect("offers")
            .iter()
            .all(|o| o["eligible"] == true),
        "{r}"
    );
    assert_eq!(offer(&r, "birthday")["chosen"], true);
    assert_eq!(offer(&r, "birthday")["reason"], "birthday today");
    assert_eq!(r["credit_earned"], 1_500_000);
    // Where it came from (a key added to the contract's): the cashback and the birthday
    // offer's extra credit, adding up to the credit earned.
    let from = &r["credit_from"];
    let parts = from["offers"].as_array().expect("credit_from.offers");
    let offered: i64 = parts
        .iter()
        .map(|o| o["credit"].as_i64().expect("credit"))
        .sum();
    assert_eq!(
        from["cashback"].as_i64().expect("cashback") + offered,
        1_500_000,
        "{r}"
    );
    assert!(
        parts
            .iter()
            .any(|o| o["id"] == "birthday" && o["credit"].as_i64() > Some(0)),
        "{r}"
    );
    assert_eq!(r["discount"], 0);
    assert_eq!(offer(&r, "big-basket")["value"], 600_000);
    assert_eq!(
        offer(&r, "big-basket")["reason"],
        "worth less than Birthday bonus"
    );
    // The explanation is stored with the sale.
    let csv = s.ok(&["export", "sales"]);
    assert!(csv.lines().count() == 14);
    let c = rusqlite::Connection::open(s.dir.path().join("vafa.db")).expect("db");
    let stored: String = c
        .query_row(
            "SELECT offers FROM sales WHERE id = ?1",
            [r["sale_id"].as_str().expect("id")],
            |row| row.get(0),
        )
        .expect("stored");
    // As data: each line's `why` is what `vafa sale --json` printed beside its sentence.
    let decoded = vafa_core::offer::stored::decode(&stored);
    let printed = r["offers"].as_array().expect("offers");
    assert_eq!(decoded.len(), printed.len());
    for (d, p) in decoded.iter().zip(printed) {
        assert_eq!(p["id"], &*d.id);
        assert_eq!(
            (p["eligible"] == true, p["chosen"] == true),
            (d.eligible, d.chosen)
        );
        assert_eq!(p["value"], d.value);
        assert_eq!(p["why"], serde_json::to_value(&d.why).expect("json"));
    }
    assert_eq!(
        offer(&r, "birthday")["why"],
        serde_json::json!({"met": [{"near": {"day": "birthday", "days": 0}}]})
    );
}

#[test]
fn bad_offer_files_import_nothing() {
    let s = Shop::new();
    let good = "[[offer]]\nid = \"good\"\n[offer.reward]\npoints = 5\n";
    for (bad, needle) in [
        (
            "[[offer]]\nid = \"x\"\n[offer.when]\nhours = \"25:00-26:00\"\n[offer.reward]\npoints = 1\n",
            "line 9",
        ),
        (
            "[[offer]]\nid = \"x\"\n[offer.reward]\ndiscount_percent = 101\n",
            "discount_percent",
        ),
        (
            "[[offer]]\nid = \"x\"\nvalid_from = \"1405-06-01\"\nvalid_to = \"1405-01-01\"\n[offer.reward]\npoints = 1\n",
            "valid_to",
        ),
        (
            "[[offer]]\nid = \"x\"\nwhen_ever = 1\n[offer.reward]\npoints = 1\n",
            "when_ever",
        ),
    ] {
        let file = write(&s, "o.toml", &format!("{good}\n{bad}"));
        let (code, msg, _) = s.fails(&["offers", "import", &file]);
        assert_eq!(code, "invalid_offers", "{msg}");
        assert!(
            msg.contains(needle) && msg.contains("\"x\""),
            "{needle} not in: {msg}"
        );
        assert_eq!(
            s.json(&["offers", "list"]),
            serde_json::json!([]),
            "nothing imported"
        );
    }
}

#[test]
fn disabled_offers_do_not_apply_and_enabling_brings_them_back() {
    let s = Shop::new();
    s.enrol("Ali", "09121234567", Some("C1"));
    let f = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"double\"\n[offer.reward]\npoints_multiplier = 2\n",
    );
    s.ok(&["offers", "import", &f]);
    assert_eq!(
        s.json(&["sale", "--card", "C1", "--amount", "1000000"])["points_earned"],
        200
    );
    assert_eq!(
        s.json(&["offers", "disable", "double"])[0]["enabled"],
        false
    );
    let r = s.json(&["sale", "--card", "C1", "--amount", "1000000"]);
    assert_eq!(r["points_earned"], 100);
    assert_eq!(r["offers"], serde_json::json!([]));
    s.ok(&["offers", "enable", "double"]);
    let listed = s.json(&["offers", "list"]);
    assert_eq!(listed[0]["uses"], 1);
    let (code, _, _) = s.fails(&["offers", "disable", "nope"]);
    assert_eq!(code, "invalid");
}

#[test]
fn a_monthly_limit_holds_until_next_month_and_a_void_gives_the_use_back() {
    let s = Shop::new();
    let id = s.enrol("Ali", "09121234567", None);
    let f = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"monthly\"\n[offer.reward]\nextra_credit = 20000\n[offer.limit]\nper_member = 1\nperiod = \"month\"\n",
    );
    s.ok(&["offers", "import", &f]);
    // 2026-10-25 and 2026-11-01 are both in Aban 1405; 2026-11-22 is 1 Azar.
    let first = s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "100000",
        "--at",
        "2026-10-25T10:00:00+03:30",
    ]);
    assert_eq!(offer(&first, "monthly")["chosen"], true);
    let second = s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "100000",
        "--at",
        "2026-11-01T10:00:00+03:30",
    ]);
    assert_eq!(offer(&second, "monthly")["eligible"], false);
    assert_eq!(
        offer(&second, "monthly")["reason"],
        "limit of 1 per month used on 1405/08/03"
    );
    let third = s.json(&["sale", "--member", &id, "--amount", "100000"]);
    assert_eq!(offer(&third, "monthly")["chosen"], true);
    // Voiding this month's sale gives the use back.
    s.json(&["sale", "void", third["sale_id"].as_str().expect("id")]);
    let again = s.json(&["sale", "--member", &id, "--amount", "100000"]);
    assert_eq!(offer(&again, "monthly")["chosen"], true, "{again}");
    s.ok(&["check"]);
}

#[test]
fn a_budget_is_never_exceeded_by_two_processes_selling_at_once() {
    let s = Shop::new();
    let mut ids = Vec::new();
    for i in 0..10 {
        ids.push(s.enrol(&format!("M{i}"), &format!("0912000000{i}"), None));
    }
    let f = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"budget\"\n[offer.reward]\nextra_credit = 50000\n[offer.limit]\nbudget = 250000\n",
    );
    s.ok(&["offers", "import", &f]);
    let handles: Vec<_> = ids
        .chunks(5)
        .map(|chunk| {
            let chunk: Vec<String> = chunk.to_vec();
            let dir = s.dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut chosen = 0;
                for id in chunk {
                    let out = assert_cmd::Command::cargo_bin("vafa")
                        .expect("bin")
                        .env("VAFA_DATA_DIR", &dir)
                        .env("VAFA_NOW", common::NOW)
                        .args(["--json", "sale", "--member", &id, "--amount", "1000000"])
                        .output()
                        .expect("run");
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
                    if offer(&v, "budget")["chosen"] == true {
                        chosen += 1;
                    }
                }
                chosen
            })
        })
        .collect();
    let chosen: i32 = handles.into_iter().map(|h| h.join().expect("thread")).sum();
    assert_eq!(chosen, 5, "exactly 250,000 / 50,000 uses");
    let listed = s.json(&["offers", "list"]);
    assert_eq!(listed[0]["budget_left"], 0);
    assert_eq!(listed[0]["uses"], 5);
    let c = rusqlite::Connection::open(s.dir.path().join("vafa.db")).expect("db");
    let given: i64 = c
        .query_row(
            "SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE note = 'offer:budget'",
            [],
            |r| r.get(0),
        )
        .expect("sum");
    assert_eq!(given, 250_000);
}

#[test]
fn referrers_are_credited_on_the_first_sale_only() {
    let s = Shop::new();
    let referrer = s.enrol("Old", "09121234567", None);
    let f = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"welcome\"\n[offer.when]\nreferred = true\nfirst_visits = 1\n[offer.reward]\nextra_credit = 30000\nreferrer_credit = 100000\n",
    );
    s.ok(&["offers", "import", &f]);
    let new = s.json(&[
        "member",
        "enrol",
        "--first",
        "New",
        "--last",
        "M",
        "--mobile",
        "09351234567",
        "--referrer",
        "09121234567",
    ]);
    let new_id = new["id"].as_str().expect("id");
    let r = s.json(&["sale", "--member", new_id, "--amount", "1000000"]);
    assert_eq!(offer(&r, "welcome")["chosen"], true);
    assert_eq!(r["credit_earned"], 80_000);
    assert_eq!(
        s.json(&["member", "show", "--id", &referrer])["balance"]["credit"],
        100_000
    );
    let r = s.json(&["sale", "--member", new_id, "--amount", "1000000"]);
    // The same day: the same visit (issue 13 item 15), so not a welcome again.
    assert_eq!(
        offer(&r, "welcome")["reason"],
        "bought earlier today: this sale is part of the same visit"
    );
    assert_eq!(
        s.json(&["member", "show", "--id", &referrer])["balance"]["credit"],
        100_000
    );
    let not_referred = s.json(&["sale", "--member", &referrer, "--amount", "1000000"]);
    assert_eq!(
        offer(&not_referred, "welcome")["reason"],
        "not referred by a member"
    );
    s.ok(&["check"]);
}

#[test]
fn expiring_rewards_and_occasions() {
    let s = Shop::new();
    let id = s.enrol("Ali", "09121234567", None);
    let occ = write(
        &s,
        "occ.toml",
        "[[occasion]]\nname = \"shop-day\"\ndate = \"1405-08-11\"\n",
    );
    s.ok(&["occasions", "import", &occ]);
    let f = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"shop-day\"\n[offer.when]\noccasions = [\"shop-day\", \"yalda\"]\n[offer.reward]\nextra_credit = 40000\nexpires_days = 10\n",
    );
    s.ok(&["offers", "import", &f]);
    // 1405/08/11 is 2026-11-02: the offer applies, and its credit lasts 10 days.
    let r = s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "1000000",
        "--at",
        "2026-11-02T12:00:00+03:30",
    ]);
    assert_eq!(offer(&r, "shop-day")["chosen"], true);
    assert_eq!(r["credit_earned"], 90_000);
    let r = s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "1000000",
        "--at",
        "2026-11-03T12:00:00+03:30",
    ]);
    assert_eq!(offer(&r, "shop-day")["reason"], "not shop-day, yalda today");
    // Now (22 November) the 40,000 has expired; the base credit has not.
    assert_eq!(
        s.json(&["member", "show", "--id", &id])["balance"]["credit"],
        100_000
    );
    s.ok(&["check"]);
}

#[test]
fn the_explanation_speaks_persian_in_a_persian_shop() {
    let s = Shop::with_lang("fa");
    s.enrol("علی", "09121234567", None);
    let f = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"hh\"\n[offer.when]\nhours = \"14:00-17:00\"\n[offer.reward]\npoints = 10\n",
    );
    s.ok(&["offers", "import", &f]);
    let r = s.json(&["sale", "--mobile", "09121234567", "--amount", "100000"]);
    assert_eq!(offer(&r, "hh")["reason"], "خارج از ساعت ۱۴:۰۰-۱۷:۰۰");
}

/// A visit is a day with purchases (issue 13 item 15): a split bill seconds later is the
/// same visit, so "back soon" is not paid again and the every-2nd-visit stamp does not
/// move; `member show` counts days.
#[test]
fn a_second_sale_the_same_day_is_the_same_visit() {
    let s = Shop::new();
    let offers = write(
        &s,
        "o.toml",
        "[[offer]]\nid = \"back-soon\"\n[offer.when]\nmax_days_since_last_visit = 30\n[offer.reward]\nextra_credit_percent = 10\n\n[[offer]]\nid = \"stamp\"\n[offer.when]\nevery_nth_visit = 2\n[offer.reward]\nextra_credit_percent = 20\n\n[[offer]]\nid = \"welcome\"\n[offer.when]\nfirst_visits = 1\n[offer.reward]\nextra_credit_percent = 30\n",
    );
    s.ok(&["offers", "import", &offers]);
    let id = s.enrol("Sara", "09121234567", None);
    let sale = |at: &str| s.json(&["sale", "--member", &id, "--amount", "100000", "--at", at]);
    let eligible = |r: &Value, o: &str| offer(r, o)["eligible"] == true;
    // Day 1, twice: one first visit; the welcome is the first sale's alone.
    let first = sale("2026-10-01T10:00:00+03:30");
    assert!(eligible(&first, "welcome"), "{first}");
    let split = sale("2026-10-01T10:00:30+03:30");
    assert!(!eligible(&split, "welcome"), "{split}");
    assert_eq!(
        offer(&split, "welcome")["reason"],
        "bought earlier today: this sale is part of the same visit"
    );
    // Day 5: the second visit pays back-soon (4 days) and the 2nd-visit stamp...
    let second = sale("2026-10-05T10:00:00+03:30");
    assert!(
        eligible(&second, "back-soon") && eligible(&second, "stamp"),
        "{second}"
    );
    assert_eq!(offer(&second, "stamp")["reason"], "visit 2");
    // ...and a sale seconds later pays neither again.
    let again = sale("2026-10-05T10:00:05+03:30");
    assert!(
        !eligible(&again, "back-soon") && !eligible(&again, "stamp"),
        "{again}"
    );
    // Day 6 is visit 3 (back after 1 day; no stamp), day 7 visit 4 (the stamp).
    let third = sale("2026-10-06T10:00:00+03:30");
    assert!(
        eligible(&third, "back-soon") && !eligible(&third, "stamp"),
        "{third}"
    );
    let fourth = sale("2026-10-07T09:00:00+03:30");
    assert!(eligible(&fourth, "stamp"), "{fourth}");
    let m = s.json(&["member", "show", "--id", &id]);
    assert_eq!(m["visits"], 4, "{m}");
    // Voiding one of a day's two sales keeps the visit; voiding both takes it back.
    s.json(&["sale", "void", again["sale_id"].as_str().expect("id")]);
    assert_eq!(s.json(&["member", "show", "--id", &id])["visits"], 4);
    s.json(&["sale", "void", second["sale_id"].as_str().expect("id")]);
    assert_eq!(s.json(&["member", "show", "--id", &id])["visits"], 3);
}
