//! Credit at two branches: one balance spent twice while apart (an overdraft recovered from
//! later cashback, settled between owners), a sale voided at another branch, and expired
//! credit and merges at head office. Every test runs against every backend.

use crate::common;
use crate::flows::{credit, db, sale, spend, sync, till};

use common::Shop;
use common::hq::{Hq, backends};

/// (spendable credit, owed credit) of a member as a till shows them.
fn standing(s: &Shop, mobile: &str) -> (i64, i64) {
    let m = s.json(&["member", "show", "--mobile", mobile]);
    let owed = m.get("owed").map(|o| o["credit"].as_i64().expect("owed"));
    (
        m["balance"]["credit"].as_i64().expect("credit"),
        owed.unwrap_or(0),
    )
}

const ALI: &str = "09120000001";

/// Head office and tills A and B that both know member `mobile` with 500,000 credit
/// (earned at A); then head office goes down, so the tills are apart.
fn apart_with_credit(backend: &'static str, mobile: &str) -> (Hq, Shop, Shop) {
    let mut hq = Hq::start(backend);
    let a = till(&hq, "A");
    let b = till(&hq, "B");
    a.enrol("Ali", mobile, None);
    sale(&a, &["--mobile", mobile], "10000000", None); // 500,000 credit
    sync(&a);
    sync(&b);
    hq.kill();
    (hq, a, b)
}

#[test]
fn two_branches_spending_one_balance_apart_is_an_overdraft_recovered_from_later_cashback() {
    for backend in backends() {
        let (mut hq, a, b) = apart_with_credit(backend, ALI);
        let ali = ALI;
        // Both branches, apart, spend 400,000 of the same 500,000; each sale earns cashback.
        let earned_a = sale(&a, &["--mobile", ali], "1000000", Some("400000"))["credit_earned"]
            .as_i64()
            .expect("earned");
        let earned_b = sale(&b, &["--mobile", ali], "1000000", Some("400000"))["credit_earned"]
            .as_i64()
            .expect("earned");
        assert!(earned_a > 0 && earned_b > 0);
        hq.up();
        for s in [&a, &b, &a, &b] {
            sync(s);
        }
        // 300,000 was spent twice. Head office took the two sales' cashback towards it at
        // once; the rest is owed, shown at head office, in the report and on both tills.
        let owed = 300_000 - earned_a - earned_b;
        let m = hq.json(&["member", "show", "--mobile", ali]);
        assert_eq!(m["overdraft"], owed, "{backend}: {m}");
        assert_eq!(m["balance"]["credit"], 0, "{backend}: {m}");
        let list = hq.json(&["report", "overdrafts"]);
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
        assert_eq!(list[0]["overdraft"], owed, "{list}");
        assert_eq!(hq.count("SELECT COUNT(*) FROM owing"), 1, "{backend}");
        for s in [&a, &b] {
            assert_eq!(standing(s, ali), (0, owed), "{backend}");
            let st = s.json(&["sync", "status"]);
            assert_eq!(st["owed_credit"], owed, "{backend}: {st}");
            assert_eq!(st["owing_members"], 1, "{backend}: {st}");
            assert!(s.ok(&["check"]).contains("sound"), "{backend}");
        }
        let text = a.ok(&["member", "show", "--mobile", ali]);
        assert!(text.contains("owes"), "{text}");
        // Head office says it too, in the manager's language.
        let fa = hq.cli(&["--lang", "fa", "member", "show", "--mobile", ali]);
        assert!(fa.contains("بدهی از خرج دوباره در دو شعبه"), "{fa}");
        let en = hq.cli(&["report", "overdrafts"]);
        assert!(en.contains("rials") && en.contains("Ali"), "{en}");
        let bad = hq.run(&["--lang", "fa", "member", "show", "--mobile", "12345"]);
        assert!(!bad.status.success());
        let msg = String::from_utf8_lossy(&bad.stderr);
        assert!(msg.contains("شماره‌ی موبایل نیست"), "{msg}");
        // A member who owes cannot spend what they owe.
        let (code, _, _) = a.fails(&spend(ali, "1000"));
        assert_eq!(code, "redeem_over_balance", "{backend}");

        // The next cashback, earned at B, pays the debt. Before B syncs, B already keeps
        // what is owed back from spending; head office then recovers it for good.
        let earned = sale(&b, &["--mobile", ali], "10000000", None)["credit_earned"]
            .as_i64()
            .expect("earned");
        assert!(earned > owed, "the test needs cashback above the debt");
        assert_eq!(standing(&b, ali), (earned - owed, owed), "{backend}");
        for s in [&b, &a, &b] {
            sync(s);
        }
        let m = hq.json(&["member", "show", "--mobile", ali]);
        assert_eq!(m["overdraft"], 0, "{backend}: {m}");
        assert_eq!(m["balance"]["credit"], earned - owed, "{backend}: {m}");
        assert_eq!(hq.json(&["report", "overdrafts"]), serde_json::json!([]));
        assert_eq!(hq.count("SELECT COUNT(*) FROM owing"), 0, "{backend}");
        for s in [&a, &b] {
            assert_eq!(standing(s, ali), (earned - owed, 0), "{backend}");
            assert_eq!(s.json(&["sync", "status"])["owed_credit"], 0);
            assert!(s.ok(&["check"]).contains("sound"), "{backend}");
            assert_eq!(s.json(&["sync", "status"])["pending"], 0);
        }
        // Recovered once: head office's ledger holds one repayment per recovery, and the
        // repayments add up to exactly what was spent twice.
        let repaid = hq.count(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger WHERE note = 'overdraft repaid'",
        );
        assert_eq!(repaid, 300_000, "{backend}");
        let taken = hq.count(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger WHERE note = 'overdraft recovery'",
        );
        assert_eq!(taken, -300_000, "{backend}");
        // Settlement (A and B have different owners): A's lot paid for both redemptions,
        // 800,000, 400,000 of it at B; B's cashback that repaid the lot counts as spent at
        // A. So A owes B 400,000 less what B-earned cashback repaid (earned_b and the debt
        // left after it), i.e. 100,000 + earned_a.
        let rep = hq.json(&[
            "report",
            "settlement",
            "--from",
            "2026-01-01",
            "--to",
            "2027-12-31",
        ]);
        let owes = rep["owes"].as_array().expect("owes");
        assert_eq!(owes.len(), 1, "{backend}: {rep}");
        assert_eq!(owes[0]["debtor"], "A", "{rep}");
        assert_eq!(owes[0]["creditor"], "B", "{rep}");
        assert_eq!(owes[0]["amount"], 100_000 + earned_a, "{backend}: {rep}");
        assert_eq!(owes[0]["gross"]["A->B"], 400_000, "{rep}");
        assert_eq!(owes[0]["gross"]["B->A"], 300_000 - earned_a, "{rep}");
        // And it can be spent, on either till.
        sale(&a, &["--mobile", ali], "1000000", Some("10000"));
    }
}

#[test]
fn a_sale_voided_at_its_branch_gives_back_all_it_spent_everywhere() {
    for backend in backends() {
        let (mut hq, a, b) = apart_with_credit(backend, ALI);
        let ali = ALI;
        // Apart, each spends 400,000 of the same 500,000, paying the whole sale in credit
        // (no cashback on what credit paid).
        sale(&a, &["--mobile", ali], "400000", Some("400000"));
        let at_b = sale(&b, &["--mobile", ali], "400000", Some("400000"))["sale_id"]
            .as_str()
            .expect("id")
            .to_string();
        hq.up();
        for s in [&a, &b, &a, &b] {
            sync(s);
        }
        assert_eq!(
            hq.json(&["member", "show", "--mobile", ali])["overdraft"],
            300_000
        );
        assert_eq!(standing(&a, ali), (0, 300_000), "{backend}");
        // The customer brings B's goods back to A: A may not void B's sale (head office
        // would refuse it too); B does. On A, B's redemption had found only 100,000 in
        // the lot; the void gives back all 400,000 of it there too.
        let (code, _, _) = a.fails(&["sale", "void", &at_b, "--reason", "returned at A"]);
        assert_eq!(code, "void_other_branch", "{backend}");
        b.ok(&["sale", "void", &at_b, "--reason", "returned"]);
        for s in [&a, &b, &a, &b] {
            sync(s);
        }
        let m = hq.json(&["member", "show", "--mobile", ali]);
        assert_eq!(m["overdraft"], 0, "{backend}: {m}");
        assert_eq!(m["balance"]["credit"], 100_000, "{backend}: {m}");
        for s in [&a, &b] {
            assert_eq!(standing(s, ali), (100_000, 0), "{backend}");
            assert!(s.ok(&["check"]).contains("sound"), "{backend}");
        }
    }
}

#[test]
fn head_office_leaves_expired_credit_out_and_a_merge_keeps_each_lots_expiry() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let b = till(&hq, "B");
        for s in [&a, &b] {
            let cfg = s.dir.path().join("shop.toml");
            std::fs::write(
                &cfg,
                "[earn]\ncredit_percent = 5\ncredit_expire_days = 30\n",
            )
            .expect("write");
            s.ok(&["config", "import", cfg.to_str().expect("path")]);
        }
        let keep = a.enrol("Ali", "09120000001", None);
        // Cashback earned long ago has expired, though no till has written it off yet.
        a.json_at(
            "2026-01-10T10:00:00+03:30",
            &["sale", "--mobile", "09120000001", "--amount", "10000000"],
        )
        .expect("old sale");
        let fresh = sale(&a, &["--mobile", "09120000001"], "2000000", None)["credit_earned"]
            .as_i64()
            .expect("earned");
        // The same person enrolled at B while apart, with cashback of their own.
        let from = b.enrol("Ali", "09120000001", None);
        let at_b = sale(&b, &["--mobile", "09120000001"], "4000000", None)["credit_earned"]
            .as_i64()
            .expect("earned");
        for s in [&a, &b, &a] {
            sync(s);
        }
        let shown = hq.json(&["member", "show", "--mobile", "09120000001"]);
        let of = |id: &str| {
            shown["members"]
                .as_array()
                .expect("two members")
                .iter()
                .find(|m| m["id"] == id)
                .map(|m| m["balance"]["credit"].as_i64().expect("credit"))
                .expect("member")
        };
        assert_eq!(
            of(&keep),
            fresh,
            "{backend}: the expired 500,000 is not counted"
        );
        assert_eq!(of(&from), at_b, "{backend}");

        hq.cli(&["member", "merge", "--keep", &keep, "--from", &from]);
        for s in [&a, &b, &a, &b] {
            sync(s);
        }
        let m = hq.json(&["member", "show", "--mobile", "09120000001"]);
        assert_eq!(m["balance"]["credit"], fresh + at_b, "{backend}: {m}");
        // B's cashback moved as a lot of its own that still expires when it did and is
        // still earned at B (for settlement).
        let moved = hq.count(
            "SELECT COUNT(*) FROM ledger WHERE note LIKE 'merged from %' AND account = 'credit' AND expires_at IS NOT NULL AND amount > 0 AND branch = 'B'",
        );
        assert_eq!(moved, 1, "{backend}");
        for s in [&a, &b] {
            assert_eq!(credit(s, "09120000001"), fresh + at_b, "{backend}");
            let c = db(s);
            let expiring: i64 = c
                .query_row(
                    "SELECT COUNT(*) FROM lots WHERE member_id = ?1 AND account = 'credit'
                     AND remaining > 0 AND expires_at IS NOT NULL",
                    [&keep],
                    |r| r.get(0),
                )
                .expect("lots");
            assert_eq!(expiring, 2, "{backend}: A's fresh lot and B's moved lot");
            assert!(s.ok(&["check"]).contains("sound"), "{backend}");
        }
        // Months on, all of it has expired on the till.
        let later = a
            .json_at(
                "2027-03-01T10:00:00+03:30",
                &["member", "show", "--mobile", "09120000001"],
            )
            .expect("show");
        assert_eq!(later["balance"]["credit"], 0, "{later}");
    }
}
