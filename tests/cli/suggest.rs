//! `vafa suggest` beyond win-back and cross-sell (those are in `reports.rs`): members close
//! to the next tier, birthdays this week, occasions coming up, and `--write FILE.toml`,
//! whose offers `vafa offers import` takes. Answers worked out by hand below; the clock is
//! fixed at `common::NOW`, 2026-11-22 (1405/09/01) 10:00 Tehran.

use crate::common;
use crate::reports::{sale, write};
use common::Shop;
use serde_json::{Value, json};

/// Tiers by points in 365 days: bronze from 0, silver from 100, gold from 500. A point per
/// 10,000 rials paid.
const TIERS: &str = "[[tier]]\nname = \"bronze\"\nmin_points = 0\ncredit_percent = 5\n\
[[tier]]\nname = \"silver\"\nmin_points = 100\ncredit_percent = 5\n\
[[tier]]\nname = \"gold\"\nmin_points = 500\ncredit_percent = 5\n";

/// | member | birthday                      | sales in November       | points | close to |
/// | a      | 1990-11-25 (Gregorian)        | 11-10: 850,000           | 85     | silver (15 short) |
/// | b      | —                             | 11-12: 4,500,000         | 450    | gold (50 short) |
/// | c      | —                             | 11-15: 100,000           | 10     | — (below 80 %) |
/// | d      | 1370/09/03 (Jalali: 11-24 this year) | —                 | 0      | — |
/// | e      | 1990-11-29 (7 days away)      | —                        |        |   |
/// | f      | 1990-11-21 (yesterday)        | —                        |        |   |
fn shop() -> (Shop, [String; 4]) {
    let s = Shop::new();
    let cfg = write(&s, "c.toml", TIERS);
    s.ok(&["config", "import", &cfg]);
    let a = s.enrol_born("A", "09120000061", "1990-11-25");
    let b = s.enrol("B", "09120000062", None);
    let c = s.enrol("C", "09120000063", None);
    let d = s.enrol_born("D", "09120000064", "1370-09-03");
    s.enrol_born("E", "09120000065", "1990-11-29");
    s.enrol_born("F", "09120000066", "1990-11-21");
    sale(&s, &a, "11-10T10", "850000", &[]);
    sale(&s, &b, "11-12T10", "4500000", &[]);
    sale(&s, &c, "11-15T10", "100000", &[]);
    (s, [a, b, c, d])
}

const WINDOW: [&str; 4] = ["--from", "2026-11-01", "--to", "2026-11-22"];

fn suggest(s: &Shop, extra: &[&str]) -> Value {
    let mut args = vec!["suggest"];
    args.extend_from_slice(&WINDOW);
    args.extend_from_slice(extra);
    s.json(&args)
}

#[test]
fn suggest_members_close_to_a_tier_and_birthdays_this_week() {
    let (s, [a, b, _, d]) = shop();
    assert_eq!(
        suggest(&s, &[]),
        json!({"suggestions": [
            {"kind": "next_tier", "tier": "silver", "min_points": 100, "below": "bronze",
             "close": [{"member": a, "points": 85, "short": 15}], "members": [a]},
            {"kind": "next_tier", "tier": "gold", "min_points": 500, "below": "silver",
             "close": [{"member": b, "points": 450, "short": 50}], "members": [b]},
            {"kind": "birthdays", "from": "2026-11-22", "to": "2026-11-28",
             "birthdays": [{"member": d, "day": "2026-11-24"}, {"member": a, "day": "2026-11-25"}],
             "members": [d, a]},
        ]})
    );
    let mut args = vec!["suggest"];
    args.extend_from_slice(&WINDOW);
    let text = s.ok(&args);
    assert!(
        text.contains("2 members have a birthday from 2026-11-22 to 2026-11-28"),
        "{text}"
    );
    assert!(
        text.contains("close to the \"gold\" tier (500 points)"),
        "{text}"
    );
}

#[test]
fn yalda_is_suggested_two_weeks_ahead_for_the_window_s_members() {
    let (s, [a, b, c, _]) = shop();
    // 2026-12-07 is 14 days before Yalda (1405/09/30 = 2026-12-21): on the horizon; a day
    // earlier it is not. The window's members are a, b and c.
    let yalda = |to: &str| -> Vec<Value> {
        s.json(&["suggest", "--from", "2026-11-01", "--to", to])["suggestions"]
            .as_array()
            .expect("list")
            .iter()
            .filter(|x| x["kind"] == "occasion")
            .cloned()
            .collect()
    };
    assert_eq!(
        yalda("2026-12-07"),
        vec![
            json!({"kind": "occasion", "name": "yalda", "from": "2026-12-21",
                    "to": "2026-12-21", "members": [a, b, c]})
        ]
    );
    assert!(yalda("2026-12-06").is_empty());
    // Nowruz (1405/01/01–04 = 2027-03-21…24) seen from 2027-03-10, its four days.
    let nowruz = yalda("2027-03-10");
    assert_eq!(nowruz.len(), 1);
    assert_eq!(
        (&nowruz[0]["name"], &nowruz[0]["from"], &nowruz[0]["to"]),
        (&json!("nowruz"), &json!("2027-03-21"), &json!("2027-03-24"))
    );
}

fn offer<'a>(sale: &'a Value, id: &str) -> &'a Value {
    sale["offers"]
        .as_array()
        .and_then(|a| a.iter().find(|o| o["id"] == id))
        .unwrap_or_else(|| panic!("no offer {id} in {sale}"))
}

#[test]
fn suggest_write_drafts_offers_that_import_and_apply() {
    let (s, [a, b, c, d]) = shop();
    let path = s.dir.path().join("suggested.toml");
    let file = path.to_str().expect("path");
    suggest(&s, &["--write", file]);
    let text = std::fs::read_to_string(&path).expect("written");
    // Gifts: 10 % of the targets' average visit, rounded down to 10,000 rials. Birthdays:
    // a's 850,000 (d has none) → 80,000 each, budget 160,000. Tiers: double points, the
    // budget the points missing × 100 rials: 15 → 1,500 and 50 → 5,000.
    assert!(
        text.contains(&format!("# Budget: 160,000 rials. For 2 members: {d}, {a}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("# Budget: 1,500 rials. For 1 members: {a}")),
        "{text}"
    );
    let imported = s.json(&["offers", "import", file]);
    let ids: Vec<&str> = imported
        .as_array()
        .expect("offers")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "suggested-20261122-1-next-tier",
            "suggested-20261122-2-next-tier",
            "suggested-20261122-3-birthdays"
        ]
    );
    // b is silver: the gold push doubles b's points (10 more: 1,000 of its 5,000 budget);
    // c is bronze and may not have it.
    let r = s.json(&["sale", "--member", &b, "--amount", "100000"]);
    let push = offer(&r, "suggested-20261122-2-next-tier");
    assert_eq!(
        (&push["chosen"], &push["value"]),
        (&json!(true), &json!(1_000)),
        "{r}"
    );
    assert_eq!(r["points_earned"], 20);
    let r = s.json(&["sale", "--member", &c, "--amount", "100000"]);
    assert_eq!(
        offer(&r, "suggested-20261122-2-next-tier")["eligible"],
        false
    );
    // a's birthday (11-25) is 3 days away: the birthday gift applies today, and is worth
    // more than double points (50 points × 100 = 5,000).
    let r = s.json(&["sale", "--member", &a, "--amount", "500000"]);
    let gift = offer(&r, "suggested-20261122-3-birthdays");
    assert_eq!(
        (&gift["chosen"], &gift["value"]),
        (&json!(true), &json!(80_000)),
        "{r}"
    );
    assert_eq!(r["credit_earned"], 25_000 + 80_000);
    // Once a member a year: the second sale gets no gift.
    let again = s.json(&["sale", "--member", &a, "--amount", "500000"]);
    assert_eq!(
        offer(&again, "suggested-20261122-3-birthdays")["chosen"],
        false
    );
    // b is silver: the gold push doubles b's points (only b's tier may have it).
    let r = s.json(&["sale", "--member", &b, "--amount", "100000"]);
    let push = offer(&r, "suggested-20261122-2-next-tier");
    assert_eq!(push["chosen"], true, "{r}");
    assert_eq!(r["points_earned"], 20);
    let r = s.json(&["sale", "--member", &c, "--amount", "100000"]);
    assert_eq!(
        offer(&r, "suggested-20261122-2-next-tier")["eligible"],
        false
    );
}

#[test]
fn suggest_write_of_a_persian_shop_and_of_nothing() {
    let s = Shop::with_lang("fa");
    let cfg = write(&s, "c.toml", TIERS);
    s.ok(&["config", "import", &cfg]);
    let a = s.enrol_born("A", "09120000061", "1990-11-25");
    sale(&s, &a, "11-10T10", "850000", &[]);
    let path = s.dir.path().join("s.toml");
    let file = path.to_str().expect("path");
    suggest(&s, &["--write", file]);
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(
        text.contains("زادروز ۱ عضو از ۱۴۰۵/۰۹/۰۱ تا ۱۴۰۵/۰۹/۰۷ است"),
        "{text}"
    );
    assert!(text.contains("fa = \"هدیهٔ تولد\""), "{text}");
    assert_eq!(
        s.json(&["offers", "import", file]).as_array().map(Vec::len),
        Some(2)
    );
    // An empty shop: nothing to suggest, a file of comments that imports no offer.
    let empty = Shop::new();
    let path = empty.dir.path().join("none.toml");
    let file = path.to_str().expect("path");
    assert_eq!(
        suggest(&empty, &["--write", file]),
        json!({"suggestions": []})
    );
    assert_eq!(empty.json(&["offers", "import", file]), json!([]));
    // An unwritable path is refused plainly, and nothing is written.
    let bad = empty.dir.path().join("no-such-dir").join("s.toml");
    let (code, msg, _) = empty.fails(&["suggest", "--write", bad.to_str().expect("path")]);
    assert_eq!(code, "io", "{msg}");
    assert!(!bad.exists());
}
