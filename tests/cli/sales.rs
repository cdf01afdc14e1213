//! `vafa sale`, `sale void`, and the rules of earning and spending, through the binary.

use crate::common;
use common::Shop;

#[test]
fn a_sale_earns_on_what_is_paid_and_prints_the_contract_shape() {
    let s = Shop::new();
    let id = s.enrol("Sara", "09121234567", Some("C1"));
    let r = s.json(&["sale", "--card", "C1", "--amount", "6,000,000"]);
    for k in [
        "sale_id",
        "member_id",
        "at",
        "gross",
        "discount",
        "credit_redeemed",
        "paid",
        "credit_earned",
        "points_earned",
        "balance",
        "tier",
        "offers",
    ] {
        assert!(r.get(k).is_some(), "sale --json lacks {k}");
    }
    assert_eq!(r["member_id"], id.as_str());
    assert_eq!(r["at"], common::NOW);
    assert_eq!(r["gross"], 6_000_000);
    assert_eq!(r["paid"], 6_000_000);
    assert_eq!(r["credit_earned"], 300_000);
    assert_eq!(r["points_earned"], 600);
    assert_eq!(r["balance"]["credit"], 300_000);
    assert_eq!(r["offers"], serde_json::json!([]));

    // Spend 100,000 of it: earning is on the 900,000 paid, rounded down to 1,000.
    let r = s.json(&[
        "sale",
        "--mobile",
        "09121234567",
        "--amount",
        "1000000",
        "--redeem",
        "100000",
    ]);
    assert_eq!(r["credit_redeemed"], 100_000);
    assert_eq!(r["paid"], 900_000);
    assert_eq!(r["credit_earned"], 45_000);
    assert_eq!(r["points_earned"], 90);
    assert_eq!(r["balance"]["credit"], 245_000);
    assert_eq!(r["balance"]["points"], 690);

    // `all` takes what the balance allows.
    let r = s.json(&[
        "sale", "--member", &id, "--amount", "100000", "--redeem", "all",
    ]);
    assert_eq!(r["credit_redeemed"], 100_000);
    assert_eq!(r["paid"], 0);
    assert_eq!(r["credit_earned"], 0);
    let m = s.json(&["member", "show", "--id", &id]);
    assert_eq!(m["balance"]["credit"], 145_000);
    // Three sales on one day are one visit (a visit is a day with purchases).
    assert_eq!(m["visits"], 1);
    assert_eq!(m["total_spend"], 7_100_000);
    s.ok(&["check"]);
}

#[test]
fn items_tiers_guests_and_back_dated_sales() {
    let s = Shop::new();
    let cfg = s.dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[earn]\ncredit_percent = 5\n[[tier]]\nname = \"bronze\"\nmin_points = 0\ncredit_percent = 5\n[[tier]]\nname = \"silver\"\nmin_points = 500\ncredit_percent = 7\n",
    )
    .expect("write");
    s.ok(&["config", "import", cfg.to_str().expect("path")]);
    let id = s.enrol("Ali", "09121234567", None);
    let r = s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "6000000",
        "--item",
        "1001:2:2500000:coffee",
        "--item",
        "2002:0.5:2000000:bakery",
        "--at",
        "2026-11-01T12:00:00+03:30",
    ]);
    assert_eq!(r["tier"], "bronze");
    assert_eq!(r["at"], "2026-11-01T12:00:00+03:30");
    let m = s.json(&["member", "show", "--id", &id]);
    assert_eq!(m["tier"], "silver", "600 points in the window make silver");
    assert_eq!(m["category_spend"]["coffee"], 5_000_000);
    assert_eq!(m["category_spend"]["bakery"], 1_000_000);
    assert_eq!(m["last_visit"], "2026-11-01T12:00:00+03:30");
    let r = s.json(&["sale", "--member", &id, "--amount", "1000000"]);
    assert_eq!(r["tier"], "silver");
    assert_eq!(r["credit_earned"], 70_000);

    let g = s.json(&["sale", "--guest", "--amount", "450000"]);
    assert_eq!(g["member_id"], serde_json::Value::Null);
    assert_eq!(g["credit_earned"], 0);
    let (code, _, _) = s.fails(&["sale", "--guest", "--amount", "450000", "--redeem", "1000"]);
    assert_eq!(code, "guest_cannot_redeem");
}

#[test]
fn bad_sales_are_refused_and_write_nothing() {
    let s = Shop::new();
    s.enrol("Ali", "09121234567", Some("C1"));
    s.json(&["sale", "--card", "C1", "--amount", "1000000"]); // 50,000 credit
    s.ok(&["card", "block", "C1", "--reason", "lost"]);
    s.enrol("Mina", "09351234567", Some("C2"));
    let before = s.counts();
    let cases: &[(&[&str], &str)] = &[
        (
            &["sale", "--card", "NOPE", "--amount", "1000"],
            "unknown_card",
        ),
        (
            &["sale", "--card", "C1", "--amount", "1000"],
            "blocked_card",
        ),
        (
            &["sale", "--mobile", "09121234567", "--amount", "0"],
            "invalid_amount",
        ),
        (
            &["sale", "--mobile", "09121234567", "--amount", "-5000"],
            "invalid_amount",
        ),
        (
            &["sale", "--mobile", "09121234567", "--amount", "ten"],
            "invalid_amount",
        ),
        (
            &["sale", "--mobile", "09121234567", "--amount", "12.5"],
            "invalid_amount",
        ),
        (
            &[
                "sale",
                "--mobile",
                "09121234567",
                "--amount",
                "100000",
                "--redeem",
                "60000",
            ],
            "redeem_over_balance",
        ),
        (
            &[
                "sale",
                "--mobile",
                "09121234567",
                "--amount",
                "100000",
                "--redeem",
                "0",
            ],
            "invalid_amount",
        ),
        (
            &[
                "sale",
                "--mobile",
                "09121234567",
                "--amount",
                "100000",
                "--item",
                "a:1:90000",
            ],
            "items_mismatch",
        ),
        (
            &[
                "sale",
                "--mobile",
                "09121234567",
                "--amount",
                "100000",
                "--item",
                "a:1",
            ],
            "invalid_item",
        ),
        (
            &[
                "sale",
                "--mobile",
                "09121234567",
                "--amount",
                "100000",
                "--at",
                "yesterday",
            ],
            "invalid_date",
        ),
        (
            &[
                "sale",
                "--mobile",
                "09121234567",
                "--amount",
                "100000",
                "--at",
                "2027-01-01T00:00:00+03:30",
            ],
            "invalid_date",
        ),
        (
            &["sale", "--mobile", "09350000000", "--amount", "100000"],
            "unknown_member",
        ),
        (
            &[
                "sale",
                "--member",
                "0193e2c4-0000-7000-8000-000000000000",
                "--amount",
                "100000",
            ],
            "unknown_member",
        ),
        (
            &[
                "sale",
                "--mobile",
                "09121234567",
                "--amount",
                "100000",
                "--redeem",
                "1000",
                "--dry-run",
            ],
            "storage_never",
        ),
    ];
    for (args, code) in cases {
        if *code == "storage_never" {
            // A dry run that succeeds still writes nothing.
            let r = s.json(args);
            assert_eq!(r["dry_run"], true);
            assert_eq!(r["sale_id"], serde_json::Value::Null);
            assert_eq!(r["credit_redeemed"], 1000);
            continue;
        }
        let (got, msg, _) = s.fails(args);
        assert_eq!(&got, code, "{args:?}: {msg}");
    }
    let cfg = s.dir.path().join("c.toml");
    std::fs::write(&cfg, "[earn]\nmax_redeem_percent = 10\n").expect("write");
    s.ok(&["config", "import", cfg.to_str().expect("path")]);
    let before_limit = s.counts();
    let (code, msg, _) = s.fails(&[
        "sale",
        "--mobile",
        "09121234567",
        "--amount",
        "100000",
        "--redeem",
        "20000",
    ]);
    assert_eq!(code, "redeem_over_limit", "{msg}");
    assert_eq!(s.counts(), before_limit);
    assert_eq!(
        before
            .iter()
            .filter(|(t, _)| t != "settings" && t != "outbox" && t != "audit")
            .collect::<Vec<_>>(),
        s.counts()
            .iter()
            .filter(|(t, _)| t != "settings" && t != "outbox" && t != "audit")
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_same_sale_id_is_recorded_once() {
    let s = Shop::new();
    s.enrol("Ali", "09121234567", Some("C1"));
    let id = "0193e2c4-1111-7000-8000-000000000001";
    let a = s.json(&["sale", "--card", "C1", "--amount", "1000000", "--id", id]);
    let b = s.json(&["sale", "--card", "C1", "--amount", "1000000", "--id", id]);
    assert_eq!(a["sale_id"], b["sale_id"]);
    assert_eq!(b["balance"]["credit"], 50_000, "no second earning");
    let m = s.json(&["member", "show", "--card", "C1"]);
    assert_eq!(m["visits"], 1);
}

#[test]
fn void_reverses_and_refuses_what_cannot_be_undone() {
    let s = Shop::new();
    let id = s.enrol("Ali", "09121234567", Some("C1"));
    let first = s.json(&["sale", "--card", "C1", "--amount", "2000000"]); // +100,000
    let second = s.json(&[
        "sale", "--card", "C1", "--amount", "500000", "--redeem", "60000",
    ]);
    // The first sale's credit is partly spent: voiding it would overdraw.
    let (code, msg, _) = s.fails(&["sale", "void", first["sale_id"].as_str().expect("id")]);
    assert_eq!(code, "void_spent", "{msg}");
    assert!(msg.contains("60,000"), "{msg}");

    let v = s.json(&[
        "sale",
        "void",
        second["sale_id"].as_str().expect("id"),
        "--reason",
        "returned",
    ]);
    assert_eq!(
        v["credit_reversed"],
        60_000 - second["credit_earned"].as_i64().expect("n")
    );
    assert_eq!(v["balance"]["credit"], 100_000);
    let (code, _, _) = s.fails(&["sale", "void", second["sale_id"].as_str().expect("id")]);
    assert_eq!(code, "already_voided");

    let v = s.json(&["sale", "void", first["sale_id"].as_str().expect("id")]);
    assert_eq!(v["balance"]["credit"], 0);
    assert_eq!(v["balance"]["points"], 0);
    let m = s.json(&["member", "show", "--id", &id]);
    assert_eq!(m["visits"], 0);
    assert_eq!(m["total_spend"], 0);
    assert_eq!(m["last_visit"], serde_json::Value::Null);
    let (code, _, _) = s.fails(&["sale", "void", "0193e2c4-0000-7000-8000-000000000000"]);
    assert_eq!(code, "unknown_sale");
    s.ok(&["check"]);

    // Nothing in the ledger was changed in place: 2 sales × 2 earns, 1 redeem, then
    // 5 reversals (the second sale's redeem and two earns, the first sale's two earns).
    let csv = s.ok(&["export", "ledger"]);
    assert_eq!(csv.lines().count(), 1 + 4 + 1 + 5, "{csv}");
}

#[test]
fn credit_and_points_expire_nearest_first() {
    let s = Shop::new();
    let cfg = s.dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[earn]\ncredit_expire_days = 30\npoints_expire_days = 30\n",
    )
    .expect("write");
    s.ok(&["config", "import", cfg.to_str().expect("path")]);
    let id = s.enrol("Ali", "09121234567", None);
    s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "1000000",
        "--at",
        "2026-10-01T10:00:00+03:30",
    ]);
    s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "1000000",
        "--at",
        "2026-11-20T10:00:00+03:30",
    ]);
    // The October lot expired on 31 October: only November's 50,000 is left.
    let m = s.json(&["member", "show", "--id", &id]);
    assert_eq!(m["balance"]["credit"], 50_000);
    assert_eq!(m["balance"]["points"], 100);
    let (code, _, _) = s.fails(&[
        "sale", "--member", &id, "--amount", "100000", "--redeem", "60000",
    ]);
    // The October lot's expiry was written to the ledger by the November sale: 50,000 of
    // credit and 100 points leave as `expire` entries.
    let ledger = s.ok(&["export", "ledger"]);
    let expired: Vec<&str> = ledger.lines().filter(|l| l.contains(",expire,")).collect();
    assert_eq!(expired.len(), 2, "{ledger}");
    assert!(
        expired.iter().any(|l| l.contains(",credit,-50000,")),
        "{ledger}"
    );
    assert_eq!(code, "redeem_over_balance");
    s.ok(&["check"]);
}
