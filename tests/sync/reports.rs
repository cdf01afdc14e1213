//! `vafa-hq report visits|return-rate|rfm` over a generated chain of two tills, on every
//! backend: the answers worked out by hand below, the whole chain and one branch, and one
//! branch's equal to that till's own `vafa report` (the same JSON, the same arithmetic).

use crate::common;

use super::flows::{sync, till};
use common::Shop;
use common::hq::{Hq, backends};
use serde_json::{Value, json};

fn sale(s: &Shop, member: &str, day: &str, amount: &str) -> String {
    sale_with(s, member, day, amount, &[])
}

const WINDOW: [&str; 4] = ["--from", "2026-11-01", "--to", "2026-11-22"];

fn report(hq: &Hq, what: &[&str], extra: &[&str]) -> Value {
    let mut args = vec!["report"];
    args.extend_from_slice(what);
    args.extend_from_slice(&WINDOW);
    args.extend_from_slice(extra);
    hq.json(&args)
}

fn refused(hq: &Hq, args: &[&str]) -> String {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    let out = hq.run(&a);
    assert!(!out.status.success(), "{args:?} should fail");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json error");
    v["error"]["code"].as_str().unwrap_or_default().to_string()
}

/// | member (branch) | sales (November, 10:00 Tehran)                                  | visits |
/// | m1 (A)          | A 01: 100,000; A 05: 100,000 + 50,000; B 05: 200,000; A 20: 100,000 | 01, 05 (350,000), 20 |
/// | m2 (A)          | A 02: 100,000; A 03: 100,000 voided                              | 02 |
/// | m3 (B)          | B 10: 100,000; B 12: 100,000                                     | 10, 12 |
/// | guest           | A 04: 70,000                                                     | — |
#[test]
fn chain_reports_by_hand_on_every_backend() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let b = till(&hq, "B");
        let m1 = a.enrol("M1", "09120000071", None);
        let m2 = a.enrol("M2", "09120000072", None);
        let m3 = b.enrol("M3", "09120000073", None);
        sale(&a, &m1, "01", "100000");
        sale(&a, &m1, "05", "100000");
        sale(&a, &m1, "05", "50000");
        sale(&a, &m1, "20", "100000");
        sale(&a, &m2, "02", "100000");
        let voided = sale(&a, &m2, "03", "100000");
        a.ok(&["sale", "void", &voided]);
        sale(&a, "guest", "04", "70000");
        sync(&a);
        sync(&b);
        sale(&b, &m1, "05", "200000");
        sale(&b, &m3, "10", "100000");
        sale(&b, &m3, "12", "100000");
        sync(&b);

        // The chain: 6 visit days of 3 members; gaps 4 and 15 (m1), 2 (m3): median 4, mean
        // 7; baskets 850,000 / 6 = 141,666; the middle two of five 100,000s and 350,000.
        assert_eq!(
            report(&hq, &["visits"], &[]),
            json!({"members": 3, "visits": 6,
                   "histogram": [{"visits": 1, "members": 1}, {"visits": 2, "members": 1},
                                 {"visits": 3, "members": 1}],
                   "gaps": 3, "gap_median_days": "4.0", "gap_mean_days": "7.00",
                   "amount_per_visit": 141_666, "amount_median": 100_000}),
            "{backend}"
        );
        // Within 7 days: m1 (01 → 05) and m3 (10 → 12) came back, m2 did not: 2 / 3.
        assert_eq!(
            report(&hq, &["return-rate", "--within", "7"], &[]),
            json!({"within_days": 7, "members": 3, "returned": 2, "rate": "0.6666"}),
            "{backend}"
        );
        let rfm = report(&hq, &["rfm"], &[]);
        let scored: Vec<(&str, i64, i64, i64)> = rfm["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                (
                    m["id"].as_str().unwrap_or_default(),
                    m["recency_days"].as_i64().unwrap_or(-1),
                    m["frequency"].as_i64().unwrap_or(-1),
                    m["monetary"].as_i64().unwrap_or(-1),
                )
            })
            .collect();
        let mut want = vec![
            (m1.as_str(), 2, 3, 550_000),
            (m2.as_str(), 20, 1, 100_000),
            (m3.as_str(), 10, 2, 200_000),
        ];
        want.sort();
        assert_eq!(scored, want, "{backend}");

        // Branch A alone: m1's 01, 05 (150,000), 20 and m2's 02; gaps 4 and 15.
        let at_a = report(&hq, &["visits"], &["--branch", "A"]);
        assert_eq!(
            (&at_a["members"], &at_a["visits"], &at_a["gap_median_days"]),
            (&json!(2), &json!(4), &json!("9.5")),
            "{backend}"
        );
        assert_eq!(at_a["amount_per_visit"], 112_500);
        // …which is till A's own report, key for key.
        let mut args = vec!["report", "visits"];
        args.extend_from_slice(&WINDOW);
        assert_eq!(a.json(&args), at_a, "{backend}");
        let mut args = vec!["report", "rfm"];
        args.extend_from_slice(&WINDOW);
        assert_eq!(a.json(&args), report(&hq, &["rfm"], &["--branch", "A"]));

        // Bad input: an unknown branch, a reversed or impossible window.
        assert_eq!(
            refused(&hq, &["report", "visits", "--branch", "Z"]),
            "unknown_branch"
        );
        let reversed = [
            "report",
            "rfm",
            "--from",
            "2026-11-22",
            "--to",
            "2026-11-01",
        ];
        assert_eq!(refused(&hq, &reversed), "invalid_date");
        let impossible = ["report", "return-rate", "--from", "1405-12-31"];
        assert_eq!(refused(&hq, &impossible), "invalid_date");
        // A window without sales: zeros, and the readable figures say so.
        let empty = ["--from", "2025-01-01", "--to", "2025-01-31"];
        assert_eq!(
            hq.json(&[&["report", "return-rate"][..], &empty[..]].concat()),
            json!({"within_days": 30, "members": 0, "returned": 0, "rate": "0.0000"})
        );
        let text = hq.cli(&[&["report", "visits"][..], &empty[..]].concat());
        assert!(text.contains("members: 0"), "{text}");
    }
}

/// One mobile enrolled at two branches, merged at head office: one member whose visits are
/// the pair's distinct days (A 01 and B 01 are one visit), before the merge two members.
/// | member     | sales (November)                      |
/// | keep (A)   | A 01: 100,000                         |
/// | from (B)   | B 01: 300,000; B 05: 200,000          |
#[test]
fn a_merged_pair_is_one_member_in_the_chain_reports() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let b = till(&hq, "B");
        let keep = a.enrol("Ali", "09120000081", None);
        let from = b.enrol("Ali", "09120000081", None);
        sale(&a, &keep, "01", "100000");
        sale(&b, &from, "01", "300000");
        sale(&b, &from, "05", "200000");
        sync(&a);
        sync(&b);
        sync(&a);
        let before = report(&hq, &["visits"], &[]);
        assert_eq!(
            (&before["members"], &before["visits"]),
            (&json!(2), &json!(3)),
            "{backend}: {before}"
        );
        hq.cli(&["member", "merge", "--keep", &keep, "--from", &from]);
        // Days 01 (400,000) and 05 (200,000): one gap of 4 days.
        assert_eq!(
            report(&hq, &["visits"], &[]),
            json!({"members": 1, "visits": 2,
                   "histogram": [{"visits": 2, "members": 1}],
                   "gaps": 1, "gap_median_days": "4.0", "gap_mean_days": "4.00",
                   "amount_per_visit": 300_000, "amount_median": 300_000}),
            "{backend}"
        );
        assert_eq!(
            report(&hq, &["return-rate", "--within", "7"], &[]),
            json!({"within_days": 7, "members": 1, "returned": 1, "rate": "1.0000"}),
            "{backend}"
        );
        let rfm = report(&hq, &["rfm"], &[]);
        let members = rfm["members"].as_array().expect("members");
        assert_eq!(members.len(), 1, "{backend}: {rfm}");
        assert_eq!(members[0]["id"], keep.as_str(), "{backend}: {rfm}");
        assert_eq!(members[0]["frequency"], 2, "{backend}: {rfm}");
        assert_eq!(members[0]["monetary"], 600_000, "{backend}: {rfm}");
    }
}

fn sale_with(s: &Shop, member: &str, day: &str, amount: &str, extra: &[&str]) -> String {
    s.sale_at(
        member,
        &format!("2026-11-{day}T10:00:00+03:30"),
        amount,
        extra,
    )
}

const TEA_CAKE: [&str; 4] = [
    "--item",
    "tea:1:50000:drinks",
    "--item",
    "cake:1:50000:food",
];

/// The chain's offer `big` (1,000,000 or more: 20,000 extra credit), credit 5 % of what is
/// paid, a point per 10,000 paid; p, q (brought by p) enrolled at A, r (brought by q) at
/// B, all on the test day (22 November, inside the window).
///
/// | sale (November) | member | paid      | lines                 | credit          |
/// | A 01            | p      | 100,000   | tea 50,000, cake 50,000 | 5,000         |
/// | A 05            | p      | 1,000,000 | —  (offer big)        | 50,000 + 20,000 |
/// | A 02            | q      | 100,000   | tea 2 × 50,000        | 5,000           |
/// | A 03 voided     | q      | 100,000   | tea, cake             | —               |
/// | A 04            | guest  | 50,000    | cake 50,000           | —               |
/// | B 10            | r      | 100,000   | tea 50,000, cake 50,000 | 5,000         |
#[test]
fn chain_summary_offers_referrals_products_liability_by_hand_on_every_backend() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let b = till(&hq, "B");
        let file = a.dir.path().join("big.toml");
        std::fs::write(
            &file,
            "[[offer]]\nid = \"big\"\n[offer.when]\nmin_amount = 1000000\n[offer.reward]\nextra_credit = 20000\n",
        )
        .expect("write");
        hq.cli(&["offers", "import", file.to_str().expect("path")]);
        let p = a.enrol("P", "09120000091", None);
        let q = a.json(&[
            "member",
            "enrol",
            "--first",
            "Q",
            "--last",
            "T",
            "--mobile",
            "09120000092",
            "--referrer",
            "09120000091",
        ])["id"]
            .as_str()
            .expect("id")
            .to_string();
        sync(&a);
        sale_with(&a, &p, "01", "100000", &TEA_CAKE);
        sale_with(&a, &p, "05", "1000000", &[]);
        sale_with(&a, &q, "02", "100000", &["--item", "tea:2:50000:drinks"]);
        let voided = sale_with(&a, &q, "03", "100000", &TEA_CAKE);
        a.ok(&["sale", "void", &voided]);
        sale_with(&a, "guest", "04", "50000", &["--item", "cake:1:50000:food"]);
        sync(&a);
        sync(&b);
        let r = b.json(&[
            "member",
            "enrol",
            "--first",
            "R",
            "--last",
            "T",
            "--mobile",
            "09120000093",
            "--referrer",
            "09120000092",
        ])["id"]
            .as_str()
            .expect("id")
            .to_string();
        sale_with(&b, &r, "10", "100000", &TEA_CAKE);
        sync(&b);

        // The chain: 3 members, all new and active; visits p 01, 05, q 02, r 10; five sales
        // (the guest's too) paying 1,350,000; credit 85,000; points 10 + 100 + 10 + 10.
        let s = report(&hq, &["summary"], &[]);
        assert_eq!(
            s,
            json!({"members": 3, "new_members": 3, "active_members": 3, "visits": 4,
                   "sales": 5, "paid": 1_350_000, "credit_earned": 85_000,
                   "credit_redeemed": 0, "credit_outstanding": 85_000,
                   "points_outstanding": 130, "guest_sales": 1}),
            "{backend}"
        );
        // big: used once by p (from 05); the comparison is q (nothing after 05) and r
        // (100,000 on 10): 2 members, 50,000 each; p spent 1,000,000: uplift
        // (1,000,000 / 50,000 − 1) × 100 = 1900.
        let o = report(&hq, &["offers"], &[]);
        let big = &o["offers"][0];
        assert_eq!(o["offers"].as_array().map(Vec::len), Some(1), "{o}");
        assert_eq!(
            (
                &big["id"],
                &big["uses"],
                &big["members"],
                &big["reward_value"]
            ),
            (&json!("big"), &json!(1), &json!(1), &json!(20_000)),
            "{backend}: {o}"
        );
        assert_eq!(big["comparison_kind"], "eligible_non_users", "{o}");
        assert_eq!(big["comparison"]["members"], 2, "{o}");
        assert_eq!(big["comparison"]["spend_per_member"], 50_000, "{o}");
        assert_eq!(big["users"]["spend_per_member"], 1_000_000, "{o}");
        assert_eq!(big["uplift_percent"], "1900.00", "{o}");
        assert_eq!(big["too_small"], true, "{o}");
        // p brought q (100,000 on 02), q brought r (100,000 on 10).
        assert_eq!(
            report(&hq, &["referrals"], &[]),
            json!({"referrers": [{"id": p, "referred": 1, "referred_spend": 100_000},
                                 {"id": q, "referred": 1, "referred_spend": 100_000}],
                   "referred": 2}),
            "{backend}"
        );
        // Baskets: p 01 {tea, cake}, q 02 {tea}, guest 04 {cake}, r 10 {tea, cake}: drinks
        // (tea) in 3 sales, 200,000; food (cake) in 3, 150,000; tea and cake together in 2
        // of 4: support 0.5, confidence 2/3, lift (2/3) / (3/4) = 0.8888.
        let pr = report(&hq, &["products"], &[]);
        assert_eq!(pr["sales_with_items"], 4, "{backend}: {pr}");
        assert_eq!(
            pr["categories"],
            json!([{"category": "drinks", "sales": 3, "amount": 200_000},
                   {"category": "food", "sales": 3, "amount": 150_000}]),
            "{backend}"
        );
        // Each rule both ways (cake → tea, tea → cake), the same figures here.
        let rule = |a: &str, b: &str| {
            json!({"a": a, "b": b, "together": 2, "support": "0.5000",
                   "confidence": "0.6666", "lift": "0.8888"})
        };
        assert_eq!(
            pr["pairs"],
            json!([rule("cake", "tea"), rule("tea", "cake")]),
            "{backend}"
        );
        let li = report(&hq, &["liability"], &[]);
        assert_eq!(
            (&li["credit"], &li["points"]),
            (&json!(85_000), &json!(130)),
            "{backend}: {li}"
        );

        // Branch A alone is till A's own report, key for key (A never heard of B's sale).
        for what in ["summary", "offers", "referrals", "products", "liability"] {
            let mut args = vec!["report", what];
            args.extend_from_slice(&WINDOW);
            let mut till_a = a.json(&args);
            if what == "liability" {
                // The gift cards' months and aging are the till's own: head office has no
                // gift records yet (README, Gift cards: Not yet), so it says nothing of them.
                assert!(till_a["gift"].is_object(), "{till_a}");
                till_a.as_object_mut().expect("an object").remove("gift");
            }
            assert_eq!(
                report(&hq, &[what], &["--branch", "A"]),
                till_a,
                "{backend} {what}"
            );
        }
        assert_eq!(
            report(&hq, &["summary"], &["--branch", "A"])["paid"],
            1_250_000
        );
        // Without --json, the figures in words.
        let text = hq.cli(&[&["report", "summary"][..], &WINDOW[..]].concat());
        assert!(
            text.contains("members: 3") && text.contains("1,350,000"),
            "{text}"
        );
        let text = hq.cli(&[&["report", "products"][..], &WINDOW[..]].concat());
        assert!(text.contains("cake + tea: 2"), "{text}");
        assert_eq!(
            refused(&hq, &["report", "products", "--branch", "Z"]),
            "unknown_branch"
        );
    }
}
