//! Gift cards at a till connected to a real head office (SQLite and PostgreSQL): the
//! `[offline]` gift limits cap what gift cards pay out before head office acknowledges it,
//! per card and for the till, and start again once the till has synced.

use crate::common;
use crate::flows::{sync, till};
use common::hq::{Hq, backends};

#[test]
fn offline_gift_limits_cap_gift_spending_until_the_till_syncs() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let cfg = a.dir.path().join("shop.toml");
        std::fs::write(
            &cfg,
            "[offline]\nmax_gift_redeem_per_card = 300000\nmax_gift_redeem_total = 500000\n",
        )
        .expect("write");
        a.ok(&["config", "import", cfg.to_str().expect("path")]);
        for g in ["G1", "G2"] {
            a.json(&["gift", "issue", "--card", g, "--amount", "1000000"]);
        }
        let pay = |card: &str, rials: &str| {
            let gift = format!("{card}:{rials}");
            a.json_at(
                common::NOW,
                &["sale", "--guest", "--amount", "1000000", "--gift", &gift],
            )
        };
        assert_eq!(
            pay("G1", "300000").expect("within the card's limit")["gift_redeemed"],
            300_000
        );
        let before = a.counts();
        let e = pay("G1", "1").expect_err("the card's limit is used up");
        assert_eq!(e["error"]["code"], "offline_gift_card_limit", "{backend}");
        assert_eq!(before, a.counts(), "a refused sale writes nothing");
        pay("G2", "200000").expect("another card");
        let e = pay("G2", "1").expect_err("the till's limit is used up");
        assert_eq!(e["error"]["code"], "offline_gift_total_limit");
        // Credit spending is not held by gift spending (no member credit here: a guest
        // sale without a gift card goes through).
        a.json(&["sale", "--guest", "--amount", "1000"]);
        // Once head office has the sales, the limits start again.
        sync(&a);
        assert_eq!(
            pay("G1", "300000").expect("after the sync")["gift_redeemed"],
            300_000
        );
        assert_eq!(a.json(&["gift", "show", "G1"])["balance"], 400_000);
    }
}
