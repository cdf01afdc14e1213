//! `vafa gift ...` and `vafa sale --gift` through the binary (CONTRACT "Gift cards and
//! discount cards"): issue, load, spend in part or whole with money and credit, void,
//! block and replace, card kinds and discount cards, and every bad input of issue 18, each
//! refused with nothing written.

use crate::common;
use common::Shop;
use serde_json::Value;

fn gift(s: &Shop, card: &str) -> Value {
    s.json(&["gift", "show", card])
}

fn kinds(g: &Value) -> Vec<String> {
    g["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["kind"].as_str().expect("kind").to_string())
        .collect()
}

#[test]
fn a_gift_card_is_sold_spent_in_part_or_whole_and_given_back_by_a_void() {
    let s = Shop::new();
    let id = s.enrol("Sara", "09121234567", Some("C1"));
    let g = s.json(&[
        "gift",
        "issue",
        "--card",
        "G-100",
        "--amount",
        "1,000,000",
        "--expires",
        "2027-01-01",
        "--member",
        &id,
    ]);
    for k in ["card", "balance", "status", "expires", "history"] {
        assert!(g.get(k).is_some(), "gift show lacks {k}: {g}");
    }
    // The number as a reader prints it (one card however it is typed).
    assert_eq!(g["card"], "G100");
    assert_eq!(g["balance"], 1_000_000);
    assert_eq!(g["status"], "active");
    assert_eq!(g["expires"], "2027-01-01");
    assert_eq!(g["member_id"], id.as_str());
    // Loading earns nothing: the member it was bought for has no credit from it.
    let m = s.json(&["member", "show", "--id", &id]);
    assert_eq!(m["balance"]["credit"], 0);
    assert_eq!(m["visits"], 0);
    let g = s.json(&["gift", "load", "G-100", "--amount", "500000"]);
    assert_eq!(g["balance"], 1_500_000);

    // A guest pays part of a sale with it.
    let r = s.json(&[
        "sale",
        "--guest",
        "--amount",
        "400000",
        "--gift",
        "G-100:250000",
    ]);
    assert_eq!(r["gift_redeemed"], 250_000);
    assert_eq!(r["paid"], 400_000);
    assert_eq!(gift(&s, "G-100")["balance"], 1_250_000);

    // A member pays with it: what it pays for earns like money (5 % of 2,000,000).
    let r = s.json(&[
        "sale",
        "--card",
        "C1",
        "--amount",
        "2000000",
        "--gift",
        "G-100:600000",
    ]);
    assert_eq!(r["gift_redeemed"], 600_000);
    assert_eq!(r["paid"], 2_000_000);
    assert_eq!(r["credit_earned"], 100_000);
    assert_eq!(gift(&s, "G-100")["balance"], 650_000);

    // Credit, the whole gift card and money in one sale: the card takes all it holds of
    // what is left after credit.
    let r = s.json(&[
        "sale", "--card", "C1", "--amount", "1000000", "--redeem", "100000", "--gift", "G-100",
    ]);
    assert_eq!(r["credit_redeemed"], 100_000);
    assert_eq!(r["paid"], 900_000);
    assert_eq!(r["gift_redeemed"], 650_000);
    assert_eq!(r["credit_earned"], 45_000);
    let g = gift(&s, "G-100");
    assert_eq!(g["balance"], 0);
    assert_eq!(g["status"], "empty");

    // The void gives the card back exactly what the sale took.
    let sale_id = r["sale_id"].as_str().expect("id").to_string();
    let v = s.json(&["sale", "void", &sale_id]);
    assert_eq!(v["gift_reversed"], 650_000);
    let g = gift(&s, "G-100");
    assert_eq!(g["balance"], 650_000);
    assert_eq!(g["status"], "active");
    assert_eq!(
        kinds(&g),
        ["load", "load", "redeem", "redeem", "redeem", "void"]
    );
    let sum: i64 = g["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["amount"].as_i64().expect("amount"))
        .sum();
    assert_eq!(sum, 650_000, "the balance is the sum of the card's entries");

    // A sale recorded again by its id reports the same gift payment.
    let r = s.json(&[
        "sale",
        "--guest",
        "--amount",
        "100000",
        "--gift",
        "G-100",
        "--id",
        "0193a1b2-0000-7000-8000-000000000001",
    ]);
    assert_eq!(r["gift_redeemed"], 100_000);
    let again = s.json(&[
        "sale",
        "--guest",
        "--amount",
        "100000",
        "--gift",
        "G-100",
        "--id",
        "0193a1b2-0000-7000-8000-000000000001",
    ]);
    assert_eq!(again["gift_redeemed"], 100_000);
    assert_eq!(gift(&s, "G-100")["balance"], 550_000);
    // The human output says how it was paid.
    let out = s.ok(&[
        "sale",
        "--guest",
        "--amount",
        "50000",
        "--gift",
        "G-100:20000",
    ]);
    assert!(out.contains("paid with gift card"), "{out}");
    s.ok(&["check"]);
    // The liability report owes what the card holds.
    let l = s.json(&["report", "liability"]);
    assert_eq!(l["gift_cards"], 530_000, "{l}");
    // Every act is on the audit trail.
    let audit = s.ok(&["audit"]);
    for a in ["gift_issue", "gift_load", "gift_redeem"] {
        assert!(audit.contains(a), "{a} not audited: {audit}");
    }
}

/// Runs `args` expecting `code`, and checks that nothing but the audit trail changed.
fn refused(s: &Shop, args: &[&str], code: &str) -> String {
    let before = s.counts();
    let (got, msg, _) = s.fails(args);
    assert_eq!(got, code, "{args:?}: {msg}");
    assert!(!msg.is_empty(), "{args:?} says nothing");
    assert_eq!(before, s.counts(), "{args:?} wrote something");
    msg
}

#[test]
fn every_bad_gift_input_is_refused_and_writes_nothing() {
    let s = Shop::new();
    s.enrol("Sara", "09121234567", Some("C1"));
    s.json(&["gift", "issue", "--card", "G1", "--amount", "1000000"]);
    s.json(&[
        "gift",
        "issue",
        "--card",
        "G2",
        "--amount",
        "100000",
        "--expires",
        "2026-11-30",
    ]);
    // Unknown.
    let msg = refused(
        &s,
        &["sale", "--guest", "--amount", "1000", "--gift", "NOPE"],
        "unknown_gift",
    );
    assert!(msg.contains("NOPE"), "{msg}");
    refused(&s, &["gift", "show", "NOPE"], "unknown_gift");
    refused(
        &s,
        &["gift", "load", "NOPE", "--amount", "5"],
        "unknown_gift",
    );
    // A gift number that is already a member card, and the other way round.
    refused(
        &s,
        &["gift", "issue", "--card", "C1", "--amount", "1000"],
        "gift_card_in_use",
    );
    refused(
        &s,
        &["gift", "issue", "--card", "G1", "--amount", "1000"],
        "gift_card_in_use",
    );
    let sara = s.json(&["member", "show", "--mobile", "09121234567"])["id"]
        .as_str()
        .expect("id")
        .to_string();
    refused(
        &s,
        &["card", "assign", "--member", &sara, "--card", "G1"],
        "gift_card_in_use",
    );
    // More than it holds, more than is due.
    let msg = refused(
        &s,
        &[
            "sale",
            "--guest",
            "--amount",
            "5000000",
            "--gift",
            "G1:1000001",
        ],
        "gift_over_balance",
    );
    assert!(msg.contains("1,000,000"), "{msg}");
    refused(
        &s,
        &["sale", "--guest", "--amount", "1000", "--gift", "G1:5000"],
        "gift_over_due",
    );
    refused(
        &s,
        &["sale", "--guest", "--amount", "1000", "--gift", "G1:abc"],
        "invalid_amount",
    );
    // Bad issues: no amount, zero, an expiry in the past, an unknown member.
    refused(&s, &["gift", "issue", "--card", "G9"], "invalid_amount");
    refused(
        &s,
        &["gift", "issue", "--card", "G9", "--amount", "0"],
        "invalid_amount",
    );
    refused(
        &s,
        &[
            "gift",
            "issue",
            "--card",
            "G9",
            "--amount",
            "10",
            "--expires",
            "2026-11-21",
        ],
        "gift_expiry_in_past",
    );
    refused(
        &s,
        &[
            "gift",
            "issue",
            "--card",
            "G9",
            "--amount",
            "10",
            "--member",
            "0193a1b2-0000-7000-8000-00000000dead",
        ],
        "unknown_member",
    );
    // Expired: spent through its last day, refused the day after (also for loading).
    let r = s
        .json_at(
            "2026-11-30T21:00:00+03:30",
            &["sale", "--guest", "--amount", "1000", "--gift", "G2:1000"],
        )
        .expect("spent on its last day");
    assert_eq!(r["gift_redeemed"], 1000);
    let before = s.counts();
    for args in [
        &["sale", "--guest", "--amount", "1000", "--gift", "G2"][..],
        &["gift", "load", "G2", "--amount", "1000"][..],
        // A sale dated back to the card's last day is still paid today: refused too.
        &[
            "sale",
            "--guest",
            "--amount",
            "1000",
            "--gift",
            "G2",
            "--at",
            "2026-11-30T20:00:00+03:30",
        ][..],
    ] {
        let e = s
            .json_at("2026-12-01T10:00:00+03:30", args)
            .expect_err("expired");
        assert_eq!(e["error"]["code"], "gift_expired", "{args:?}");
    }
    assert_eq!(before, s.counts());
    assert_eq!(
        s.json_at("2026-12-01T10:00:00+03:30", &["gift", "show", "G2"])
            .expect("show")["status"],
        "expired"
    );
    // Empty.
    s.json(&["gift", "issue", "--card", "G3", "--amount", "5000"]);
    s.json(&["sale", "--guest", "--amount", "5000", "--gift", "G3"]);
    assert_eq!(gift(&s, "G3")["status"], "empty");
    refused(
        &s,
        &["sale", "--guest", "--amount", "1000", "--gift", "G3"],
        "gift_empty",
    );
    // Blocked: neither spent nor loaded nor blocked twice; its value stays on it.
    let g = s.json(&["gift", "block", "G1", "--reason", "lost"]);
    assert_eq!(g["status"], "blocked");
    assert_eq!(g["balance"], 1_000_000);
    let msg = refused(
        &s,
        &["sale", "--guest", "--amount", "1000", "--gift", "G1"],
        "gift_blocked",
    );
    assert!(msg.contains("lost"), "{msg}");
    refused(
        &s,
        &["gift", "load", "G1", "--amount", "1000"],
        "gift_blocked",
    );
    refused(
        &s,
        &["gift", "block", "G1", "--reason", "again"],
        "gift_blocked",
    );
    // A sale refused for its gift card records no sale either.
    assert_eq!(
        s.json(&["member", "show", "--id", &sara])["visits"],
        0,
        "no refused sale counted"
    );
}

#[test]
fn a_lost_gift_card_is_blocked_and_replaced_and_its_balance_follows() {
    let s = Shop::with_lang("fa");
    s.json(&[
        "gift",
        "issue",
        "--card",
        "G1",
        "--amount",
        "1000000",
        "--expires",
        "2027-03-20",
    ]);
    s.json(&["sale", "--guest", "--amount", "300000", "--gift", "G1"]);
    s.json(&["gift", "block", "G1", "--reason", "گم شد"]);
    let n = s.json(&["gift", "replace", "G1", "G9"]);
    assert_eq!(n["card"], "G9");
    assert_eq!(n["balance"], 700_000);
    assert_eq!(n["status"], "active");
    assert_eq!(n["expires"], "2027-03-20");
    let old = gift(&s, "G1");
    assert_eq!(old["balance"], 0);
    assert_eq!(old["status"], "blocked");
    assert_eq!(old["replaced_by"], "G9");
    assert_eq!(kinds(&old), ["load", "redeem", "transfer"]);
    assert_eq!(kinds(&n), ["transfer"]);
    let r = s.json(&["sale", "--guest", "--amount", "700000", "--gift", "G9"]);
    assert_eq!(r["gift_redeemed"], 700_000);
    // Replaced once only; a new number must be free.
    refused(&s, &["gift", "replace", "G1", "G10"], "gift_blocked");
    s.enrol("Sara", "09121234567", Some("C1"));
    refused(&s, &["gift", "replace", "G9", "C1"], "gift_card_in_use");
    // Persian words for a Persian shop.
    let out = s.ok(&["gift", "show", "G9"]);
    assert!(out.contains("کارت هدیه") && out.contains("خالی"), "{out}");
    let (_, msg, _) = s.fails(&["sale", "--guest", "--amount", "1000", "--gift", "G9"]);
    assert!(msg.contains("خالی"), "{msg}");
    // Replaced without a block first: no words are stored for it (the staff gave none),
    // the refusal names the card that replaced it, and the blocked card keeps its reason.
    s.json(&["gift", "replace", "G9", "G11"]);
    assert_eq!(gift(&s, "G9")["reason"], serde_json::Value::Null);
    assert_eq!(old["reason"], "گم شد");
    let msg = refused(
        &s,
        &["gift", "load", "G9", "--amount", "1000"],
        "gift_blocked",
    );
    assert!(msg.contains("G11") && msg.contains("جایگزین"), "{msg}");
}

#[test]
fn selling_and_spending_gift_cards_are_cashier_acts_blocking_is_not() {
    let s = Shop::new();
    s.ok(&["user", "add", "cara", "--role", "cashier", "--pin", "2468"]);
    let as_cara = |args: &[&str]| {
        let out = s
            .cmd()
            .args(["--json", "--user", "cara"])
            .args(args)
            .env("VAFA_PIN", "2468")
            .output()
            .expect("run");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        (out.status.success(), v)
    };
    let (ok, v) = as_cara(&["gift", "issue", "--card", "G1", "--amount", "1000"]);
    assert!(ok, "{v}");
    let (ok, v) = as_cara(&["sale", "--guest", "--amount", "500", "--gift", "G1"]);
    assert!(ok, "{v}");
    assert_eq!(v["gift_redeemed"], 500);
    let (ok, v) = as_cara(&["gift", "block", "G1", "--reason", "x"]);
    assert!(!ok);
    assert_eq!(v["error"]["code"], "forbidden");
    assert_eq!(gift(&s, "G1")["status"], "active");
}

#[test]
fn a_discount_card_gives_its_holder_a_standing_discount() {
    let s = Shop::new();
    let id = s.enrol("Sara", "09121234567", Some("C1"));
    s.ok(&[
        "card", "assign", "--member", &id, "--card", "D1", "--kind", "discount",
    ]);
    let c = s.json(&[
        "card", "assign", "--member", &id, "--card", "V1", "--kind", "VIP",
    ]);
    assert_eq!(c["kind"], "vip");
    refused(
        &s,
        &[
            "card", "assign", "--member", &id, "--card", "X1", "--kind", "v ip",
        ],
        "invalid",
    );
    refused(
        &s,
        &[
            "card", "assign", "--member", &id, "--card", "X1", "--kind", "gift",
        ],
        "invalid",
    );
    let offers = s.dir.path().join("offers.toml");
    std::fs::write(
        &offers,
        "[[offer]]\nid = \"discount-card\"\n[offer.when]\ncard_kinds = [\"discount\"]\n[offer.reward]\ndiscount_percent = 10\n",
    )
    .expect("write");
    s.ok(&["offers", "import", offers.to_str().expect("path")]);
    // With the discount card: 10 % off.
    let r = s.json(&["sale", "--card", "D1", "--amount", "1000000"]);
    assert_eq!(r["discount"], 100_000);
    assert_eq!(r["offers"][0]["chosen"], true);
    // With the member's own card: not a discount card.
    let r = s.json(&["sale", "--card", "C1", "--amount", "1000000"]);
    assert_eq!(r["discount"], 0);
    assert_eq!(r["offers"][0]["eligible"], false);
    let reason = r["offers"][0]["reason"].as_str().expect("reason");
    assert!(reason.contains("discount"), "{reason}");
    // Found by mobile: the member holds a discount card.
    let r = s.json(&["sale", "--mobile", "09121234567", "--amount", "1000000"]);
    assert_eq!(r["discount"], 100_000);
    // A replaced discount card is replaced by a discount card.
    let c = s.json(&["card", "replace", "D1", "D2"]);
    assert_eq!(c["kind"], "discount");
    // A bad kind in an offers file is refused with its key.
    std::fs::write(
        &offers,
        "[[offer]]\nid = \"x\"\n[offer.when]\ncard_kinds = [\"a b\"]\n[offer.reward]\npoints = 1\n",
    )
    .expect("write");
    let (code, msg, _) = s.fails(&["offers", "import", offers.to_str().expect("path")]);
    assert_eq!(code, "invalid_offers");
    assert!(msg.contains("card_kinds"), "{msg}");
}

#[test]
fn the_close_counts_what_gift_cards_paid_apart_from_money_taken() {
    let s = Shop::new();
    s.json(&["gift", "issue", "--card", "G-1", "--amount", "300000"]);
    let r = s.json(&["sale", "--guest", "--amount", "1000000", "--gift", "G-1"]);
    assert_eq!(
        (r["paid"].as_i64(), r["gift_redeemed"].as_i64()),
        (Some(1_000_000), Some(300_000))
    );
    s.json(&["sale", "--guest", "--amount", "50000"]);
    let day = s.json(&["report", "close"]);
    // The drawer holds the money: 700,000 + 50,000, not the gift card's 300,000.
    assert_eq!(day["totals"]["gross"], 1_050_000, "{day}");
    assert_eq!(day["totals"]["paid"], 750_000, "{day}");
    assert_eq!(day["totals"]["gift_redeemed"], 300_000, "{day}");
    // Money taken for gift cards is its own figure: the card sold (300,000), a load by a
    // cashier (200,000), by cashier as sales are.
    assert_eq!(day["totals"]["gift_sold"], 300_000, "{day}");
    s.ok(&["user", "add", "cara", "--role", "cashier", "--pin", "2468"]);
    let pin = [("VAFA_PIN", "2468")];
    s.json_env(
        &pin,
        &[
            "--user", "cara", "gift", "load", "G-1", "--amount", "200000",
        ],
    );
    let day = s.json(&["report", "close"]);
    assert_eq!(day["totals"]["gift_sold"], 500_000, "{day}");
    assert_eq!(day["totals"]["paid"], 750_000, "{day}");
    let cara: Vec<&Value> = day["cashiers"]
        .as_array()
        .expect("cashiers")
        .iter()
        .filter(|c| c["cashier"] == "cara")
        .collect();
    assert_eq!(cara.len(), 1, "{day}");
    assert_eq!(
        (cara[0]["gift_sold"].as_i64(), cara[0]["sales"].as_i64()),
        (Some(200_000), Some(0))
    );
    let sold: i64 = day["cashiers"]
        .as_array()
        .expect("cashiers")
        .iter()
        .map(|c| c["gift_sold"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(sold, 500_000, "{day}");
    // The receipt shows the card's part apart from the money.
    let id = r["sale_id"].as_str().expect("id");
    let rc = s.json(&["receipt", id, "--out", "/dev/null"])["receipt"].clone();
    assert_eq!(rc["gift"]["card"], "G1", "{rc}");
    assert_eq!(rc["gift"]["amount"], 300_000, "{rc}");
    assert_eq!(rc["gift"]["balance_after"], 200_000, "{rc}");
    let plain = s.json(&["sale", "--guest", "--amount", "1000"]);
    let id = plain["sale_id"].as_str().expect("id");
    let rc = s.json(&["receipt", id, "--out", "/dev/null"])["receipt"].clone();
    assert_eq!(rc["gift"], Value::Null, "{rc}");
}

#[test]
fn an_expired_cards_balance_is_written_off_as_breakage_and_kept() {
    let s = Shop::new();
    let args = ["gift", "issue", "--card", "G1", "--amount", "1000000"];
    s.json(&[&args[..], &["--expires", "2026-12-01"]].concat());
    s.json(&["gift", "issue", "--card", "G2", "--amount", "50000"]);
    s.json(&["sale", "--guest", "--amount", "300000", "--gift", "G1"]);
    let expire = |now: &str| s.json_at(now, &["gift", "expire"]).expect("expire");
    // Its last day it is still spent: nothing written off.
    let none = expire("2026-12-01T20:00:00+03:30");
    assert_eq!(
        (
            none["total"].as_i64(),
            none["expired"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );
    let before = s.counts();
    // The day after: all it holds, once; the card that never expires is left alone.
    let done = expire("2026-12-02T09:00:00+03:30");
    assert_eq!(done["total"], 700_000, "{done}");
    assert_eq!(done["expired"][0]["card"], "G1", "{done}");
    assert_eq!(done["expired"].as_array().map(Vec::len), Some(1), "{done}");
    assert_ne!(before, s.counts(), "nothing written");
    let again = expire("2026-12-03T09:00:00+03:30");
    assert_eq!(again["total"], 0, "{again}");
    let g = s
        .json_at("2026-12-03T09:00:00+03:30", &["gift", "show", "G1"])
        .expect("show");
    assert_eq!(
        (g["balance"].as_i64(), g["status"].as_str()),
        (Some(0), Some("expired"))
    );
    assert_eq!(kinds(&g), ["load", "redeem", "expire"]);
    let amounts: Vec<i64> = g["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["amount"].as_i64())
        .collect();
    assert_eq!(amounts, [1_000_000, -300_000, -700_000]);
    assert_eq!(gift(&s, "G2")["balance"], 50_000);
    // The liability: what is owed, the months' issued, redeemed and expired, and aging by
    // last use (G2, sold 11 days before; G1 holds nothing).
    let l = s
        .json_at("2026-12-03T09:00:00+03:30", &["report", "liability"])
        .expect("liability");
    assert_eq!(l["gift_cards"], 50_000, "{l}");
    let g = &l["gift"];
    assert_eq!(g["breakage"], 700_000, "{l}");
    assert_eq!(g["months"][0]["month"], "2026-11", "{l}");
    assert_eq!(g["months"][0]["issued"], 1_050_000, "{l}");
    assert_eq!(g["months"][0]["redeemed"], 300_000, "{l}");
    assert_eq!(g["months"][0]["expired"], 0, "{l}");
    assert_eq!(g["months"][1]["month"], "2026-12", "{l}");
    assert_eq!(g["months"][1]["expired"], 700_000, "{l}");
    assert_eq!(
        (
            g["aging"][0]["cards"].as_i64(),
            g["aging"][0]["balance"].as_i64()
        ),
        (Some(1), Some(50_000)),
        "{l}"
    );
    let aged: i64 = g["aging"]
        .as_array()
        .expect("aging")
        .iter()
        .filter_map(|a| a["balance"].as_i64())
        .sum();
    assert_eq!(aged, 50_000, "{l}");
    // Writing off is card management, not a cashier's act.
    s.ok(&["user", "add", "cara", "--role", "cashier", "--pin", "2468"]);
    let out = s
        .cmd()
        .args(["--json", "--user", "cara", "gift", "expire"])
        .env("VAFA_PIN", "2468")
        .output()
        .expect("run");
    assert!(!out.status.success());
}
