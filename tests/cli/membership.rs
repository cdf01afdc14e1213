//! `[membership] min_purchase` (SPEC R2) through the binary: a guest sale that reached it
//! is counted for the member who joined with it, once (`vafa sale attach`), on the audit
//! trail; what head office gets is the guest sale's void and the member's sale.

use crate::common;
use common::Shop;

fn rules(s: &Shop, min: i64) {
    let cfg = s.dir.path().join("membership.toml");
    std::fs::write(&cfg, format!("[membership]\nmin_purchase = {min}\n")).expect("write");
    s.ok(&["config", "import", cfg.to_str().expect("path")]);
}

#[test]
fn a_guest_sale_that_reached_the_minimum_counts_for_the_new_member_once() {
    let s = Shop::new();
    rules(&s, 5_000_000);
    let small = s.json(&["sale", "--guest", "--amount", "4,999,999"]);
    let big = s.json(&["sale", "--guest", "--amount", "6,000,000"]);
    let small_id = small["sale_id"].as_str().expect("id").to_string();
    let big_id = big["sale_id"].as_str().expect("id").to_string();
    let id = s.enrol("Sara", "09121234567", Some("C1"));

    // Under the minimum: refused, nothing written.
    let before = s.counts();
    let (code, msg, _) = s.fails(&["sale", "attach", &small_id, "--member", &id]);
    assert_eq!(code, "not_attachable");
    assert!(msg.contains("5,000,000"), "{msg}");
    assert_eq!(s.counts(), before);

    // Reached: the member's sale, with its visit, spend and cashback.
    let r = s.json(&["sale", "attach", &big_id, "--member", &id]);
    assert_eq!(r["member_id"], id.as_str());
    assert_eq!(r["gross"], 6_000_000);
    assert_eq!(r["paid"], 6_000_000);
    assert_eq!(r["credit_earned"], 300_000);
    assert_eq!(r["at"], big["at"], "the sale keeps its time");
    let counted = r["sale_id"].as_str().expect("id").to_string();
    assert_ne!(counted, big_id);
    let m = s.json(&["member", "show", "--id", &id]);
    assert_eq!(m["visits"], 1);
    assert_eq!(m["balance"]["credit"], 300_000);

    // Again: the same result, nothing credited twice; another member: refused.
    let again = s.json(&["sale", "attach", &big_id, "--member", &id]);
    assert_eq!(again["sale_id"], counted.as_str());
    let m = s.json(&["member", "show", "--id", &id]);
    assert_eq!(m["visits"], 1);
    assert_eq!(m["balance"]["credit"], 300_000);
    let other = s.enrol("Reza", "09121234568", None);
    let (code, _, _) = s.fails(&["sale", "attach", &big_id, "--member", &other]);
    assert_eq!(code, "not_attachable");
    // The member's sale is a member's: it is not a guest sale to count again.
    let (code, _, _) = s.fails(&["sale", "attach", &counted, "--member", &other]);
    assert_eq!(code, "not_attachable");

    // The guest sale is voided (no longer a guest sale in the figures), and the act is on
    // the audit trail.
    let conn = rusqlite::Connection::open(s.dir.path().join("vafa.db")).expect("open");
    let voided: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sale_voids WHERE sale_id = ?1",
            [&big_id],
            |r| r.get(0),
        )
        .expect("voids");
    assert_eq!(voided, 1);
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action = 'attach_guest_sale' AND subject = ?1",
            [&big_id],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1);
    // What goes to head office: the void of the guest sale, then the member's sale.
    let seq = |kind: &str, id: &str| -> i64 {
        conn.query_row(
            "SELECT seq FROM outbox WHERE kind = ?1 AND (record_id = ?2 OR payload LIKE ?3)",
            rusqlite::params![kind, id, format!("%\"sale_id\":\"{id}\"%")],
            |r| r.get(0),
        )
        .expect("outbox")
    };
    assert!(seq("void", &big_id) < seq("sale", &counted));
}

#[test]
fn voluntary_membership_counts_nothing_before_joining() {
    let s = Shop::new();
    let sale = s.json(&["sale", "--guest", "--amount", "9,000,000"]);
    let id = s.enrol("Sara", "09121234567", None);
    let (code, _, _) = s.fails(&[
        "sale",
        "attach",
        sale["sale_id"].as_str().expect("id"),
        "--member",
        &id,
    ]);
    assert_eq!(code, "not_attachable");
}
