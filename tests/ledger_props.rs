//! Property test of the ledger: for random sequences of sales, redemptions, voids and
//! expiries on a real database file, every balance equals the sum of its entries, no lot
//! or balance goes below zero, and what the till shows is what the lots hold.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use vafa::domain::lang::Lang;
use vafa::service::{Customer, InitOptions, MemberInput, SaleRequest, Vafa};

#[derive(Debug, Clone)]
enum Op {
    Sale {
        who: usize,
        amount: i64,
        redeem: Option<i64>,
        all: bool,
    },
    Void {
        nth: usize,
    },
    Wait {
        days: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..3usize, 1_000..3_000_000i64, proptest::option::of(1_000..400_000i64), any::<bool>())
            .prop_map(|(who, amount, redeem, all)| Op::Sale { who, amount, redeem, all: all && redeem.is_none() }),
        2 => (0..50usize).prop_map(|nth| Op::Void { nth }),
        1 => (1..20i64).prop_map(|days| Op::Wait { days }),
    ]
}

fn shop(dir: &std::path::Path) -> (Vafa, Vec<String>) {
    let mut v = Vafa::init(
        dir,
        &InitOptions {
            shop: "P".into(),
            branch: "B1".into(),
            branch_name: None,
            lang: Lang::En,
            unit: "rial".into(),
        },
    )
    .expect("init");
    v.import_config(
        "[earn]\ncredit_percent = 10\npoints_per = 1000\nround_to = 1000\ncredit_expire_days = 15\npoints_expire_days = 25\nmax_redeem_percent = 80\n",
    )
    .expect("config");
    // The seed documents' offers, so that offer lots, limits and budgets are exercised too.
    v.import_offers(include_str!("../packaging/examples/offers.toml"))
        .expect("offers");
    let start: DateTime<Utc> = Utc
        .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .expect("t");
    v.set_now(Some(start));
    let ids = (0..3)
        .map(|i| {
            v.enrol(&MemberInput {
                first: Some(format!("M{i}")),
                last: Some("P".into()),
                mobile: Some(format!("0912000000{i}")),
                ..MemberInput::default()
            })
            .expect("enrol")
            .id
        })
        .collect();
    (v, ids)
}

fn assert_sound(v: &Vafa, members: &[String]) {
    let problems = v.check().expect("check");
    assert!(problems.is_empty(), "{problems:?}");
    for m in members {
        let view = v.member_view(m).expect("view");
        assert!(view.balance.credit >= 0 && view.balance.points >= 0);
        let (sum_c, sum_p): (i64, i64) = v
            .conn()
            .query_row(
                "SELECT COALESCE(SUM(CASE WHEN account='credit' THEN amount END),0),
                        COALESCE(SUM(CASE WHEN account='points' THEN amount END),0)
                 FROM ledger WHERE member_id = ?1",
                [m],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("sums");
        // The swipe's shortcut (balance caches until the next expiry) always equals a
        // full pass over the member's live lots.
        let full = vafa::store::ledger::balances(v.conn(), m, v.now_utc()).expect("lots");
        assert_eq!(
            (view.balance.credit, view.balance.points),
            full,
            "member {m}"
        );
        // What the till shows never exceeds the ledger's sum (the rest is expired, waiting
        // to be written off at the next sale).
        assert!(view.balance.credit <= sum_c && view.balance.points <= sum_p);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn balances_always_equal_their_entries(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().expect("dir");
        let (mut v, members) = shop(dir.path());
        let mut sales: Vec<String> = Vec::new();
        for op in ops {
            match op {
                Op::Sale { who, amount, redeem, all } => {
                    let mut req = SaleRequest::new(Customer::Member(members[who].clone()), amount.to_string());
                    req.redeem = if all { Some("all".into()) } else { redeem.map(|r| r.to_string()) };
                    let before = v.member_view(&members[who]).expect("view").balance;
                    match v.sell(&req) {
                        Ok(r) => {
                            prop_assert_eq!(r.gross, r.discount + r.credit_redeemed + r.paid);
                            prop_assert!(r.credit_redeemed <= before.credit);
                            prop_assert!(r.credit_redeemed * 100 <= r.gross * 80);
                            prop_assert_eq!(r.credit_earned % 1000, 0);
                            sales.push(r.sale_id.expect("id"));
                        }
                        Err(e) => {
                            // Refusals are only ever about spending too much.
                            prop_assert!(
                                matches!(e.code(), "redeem_over_balance" | "redeem_over_limit"),
                                "unexpected refusal {}", e
                            );
                            prop_assert_eq!(v.member_view(&members[who]).expect("view").balance, before);
                        }
                    }
                }
                Op::Void { nth } => {
                    if !sales.is_empty() {
                        let id = sales[nth % sales.len()].clone();
                        match v.void_sale(&id, Some("test")) {
                            Ok(_) => {}
                            Err(e) => prop_assert!(
                                matches!(e.code(), "already_voided" | "void_spent"),
                                "unexpected refusal {}", e
                            ),
                        }
                    }
                }
                Op::Wait { days } => {
                    let now = v.now_utc();
                    v.set_now(Some(now + Duration::days(days)));
                }
            }
            assert_sound(&v, &members);
        }
    }
}
