//! Property test of the ledger: for random sequences of sales, redemptions, voids and
//! expiries on a real database file, every balance equals the sum of its entries, no lot
//! or balance goes below zero, and what the till shows is what the lots hold.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use vafa_core::lang::Lang;
use vafa_core::phone::parse_mobile;
use vafa_core::sale::Redeem;
use vafa_service::{Customer, InitOptions, MemberInput, SaleRequest, Vafa};

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

/// A new shop in `dir`, branch B1, in English and rials.
fn new_shop(dir: &std::path::Path) -> Vafa {
    Vafa::init(
        dir,
        &InitOptions {
            shop: "P".into(),
            branch: "B1".into(),
            branch_name: None,
            lang: Lang::En,
            unit: "rial".into(),
        },
    )
    .expect("init")
}

fn shop(dir: &std::path::Path) -> (Vafa, Vec<String>) {
    let mut v = new_shop(dir);
    v.import_config(
        "[earn]\ncredit_percent = 10\npoints_per = 1000\nround_to = 1000\ncredit_expire_days = 15\npoints_expire_days = 25\nmax_redeem_percent = 80\n",
    )
    .expect("config");
    // The seed documents' offers, so that offer lots, limits and budgets are exercised too.
    v.import_offers(include_str!("../../packaging/examples/offers.toml"))
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
                mobile: parse_mobile(&format!("0912000000{i}")),
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
        let full = vafa_store::ledger::balances(v.conn(), m, v.now_utc()).expect("lots");
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
                    let mut req = SaleRequest::new(Customer::id(members[who].clone()), amount);
                    req.redeem = match (all, redeem) {
                        (true, _) => Redeem::All,
                        (false, Some(r)) => Redeem::Amount(r),
                        (false, None) => Redeem::Nothing,
                    };
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

/// Another branch's entry as head office sends it down.
fn foreign(v: &Vafa, n: i64, id: &str, member: &str, amount: i64, kind: &str, lot: &str) -> bool {
    let e = vafa_core::record::Entry {
        id: id.into(),
        member_id: member.into(),
        account: vafa_core::ledger::Account::Credit,
        amount,
        kind: vafa_core::ledger::EntryKind::parse(kind).expect("kind"),
        lot_id: Some(lot.into()),
        expires_at: None,
        sale_id: None,
        at: "2026-01-01T10:00:00+00:00".into(),
        branch: "X".into(),
        note: None,
    };
    let r = vafa_core::protocol::InRecord {
        cursor: n,
        kind: "entry".into(),
        record_id: id.into(),
        branch: Some("X".into()),
        payload: serde_json::to_value(&e).expect("json"),
    };
    match vafa_store::apply::apply(v.conn(), &r, "2026-01-01T10:00:00+00:00").expect("apply") {
        vafa_store::apply::Applied::Done => true,
        vafa_store::apply::Applied::AlreadyHere => false,
        other => panic!("{id}: {other:?}"),
    }
}

/// (spendable, owed) credit of a member, and their lot `lot`'s remaining.
fn standing(v: &Vafa, member: &str, lot: &str) -> (i64, i64, i64) {
    let view = v.member_view(member).expect("view");
    let left: i64 = v
        .conn()
        .query_row("SELECT remaining FROM lots WHERE lot_id = ?1", [lot], |r| {
            r.get(0)
        })
        .expect("lot");
    assert!(v.check().expect("check").is_empty(), "{:?}", v.check());
    (view.balance.credit, view.owed.credit, left)
}

#[test]
fn credit_another_branch_spent_twice_is_owed_on_its_lot_and_repaid_before_the_lot_refills() {
    let dir = tempfile::tempdir().expect("dir");
    let mut v = new_shop(dir.path());
    v.import_config("[earn]\ncredit_percent = 10\nround_to = 1000\n")
        .expect("config");
    let m = v
        .enrol(&MemberInput {
            first: Some("M".into()),
            last: Some("P".into()),
            mobile: parse_mobile("09120000001"),
            ..MemberInput::default()
        })
        .expect("enrol")
        .id;
    v.sell(&SaleRequest::new(Customer::id(m.clone()), 1000000))
        .expect("earn");
    let lot: String = v
        .conn()
        .query_row(
            "SELECT lot_id FROM lots WHERE member_id = ?1 AND account = 'credit'",
            [&m],
            |r| r.get(0),
        )
        .expect("lot");
    let mut req = SaleRequest::new(Customer::id(m.clone()), 200000);
    req.redeem = Redeem::Amount(50000);
    let spent = v.sell(&req).expect("redeem").sale_id.expect("id");
    // This till: 50,000 left in the lot, and 15,000 new cashback in another.
    assert_eq!(standing(&v, &m, &lot), (65_000, 0, 50_000));

    // Another branch spent 80,000 of the same lot while apart: 30,000 of it was not there.
    // The member owes it, and the new cashback cannot be spent while it is owed.
    assert!(foreign(&v, 1, "x1", &m, -80_000, "redeem", &lot));
    assert_eq!(standing(&v, &m, &lot), (0, 30_000, 0));
    assert!(
        !foreign(&v, 1, "x1", &m, -80_000, "redeem", &lot),
        "applied once"
    );
    // An expiry only takes what is left; it is not a debt.
    assert!(foreign(&v, 2, "x2", &m, -10, "expire", &lot));
    assert_eq!(standing(&v, &m, &lot), (0, 30_000, 0));

    // Voiding this till's sale gives its 50,000 back to the lot: 30,000 repays the debt,
    // 20,000 is the lot's again. Head office is told the whole 50,000.
    v.void_sale(&spent, Some("test")).expect("void");
    assert_eq!(standing(&v, &m, &lot), (20_000, 0, 20_000));
    let sent: String = v
        .conn()
        .query_row("SELECT payload FROM outbox WHERE kind = 'void'", [], |r| {
            r.get(0)
        })
        .expect("void record");
    let sent: serde_json::Value = serde_json::from_str(&sent).expect("json");
    let back: Vec<i64> = sent["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["lot_id"] == lot.as_str())
        .map(|e| e["amount"].as_i64().expect("amount"))
        .collect();
    assert_eq!(back, vec![50_000]);

    // Head office's recovery gives back to an overdrawn lot with an adjustment; wholly
    // absorbed by the debt it leaves no ledger row, yet it is applied once only.
    assert!(foreign(&v, 3, "x3", &m, -35_000, "redeem", &lot));
    assert_eq!(standing(&v, &m, &lot), (0, 15_000, 0));
    assert!(foreign(&v, 4, "x4", &m, 15_000, "adjust", &lot));
    assert_eq!(standing(&v, &m, &lot), (0, 0, 0));
    assert!(
        !foreign(&v, 4, "x4", &m, 15_000, "adjust", &lot),
        "applied once"
    );
    // With nothing owed, an adjustment adds to the lot.
    assert!(foreign(&v, 5, "x5", &m, 7_000, "adjust", &lot));
    assert_eq!(standing(&v, &m, &lot), (7_000, 0, 7_000));

    // An expiry takes what is left after every other entry, whichever arrives first: the
    // lot expires here, then another branch's redemption of those 7,000 (made before it
    // expired) arrives. It is no debt, and it counts once.
    assert!(foreign(&v, 6, "x6", &m, -7_000, "expire", &lot));
    assert_eq!(standing(&v, &m, &lot), (0, 0, 0));
    assert!(foreign(&v, 7, "x7", &m, -7_000, "redeem", &lot));
    assert_eq!(standing(&v, &m, &lot), (0, 0, 0));
    assert!(
        !foreign(&v, 7, "x7", &m, -7_000, "redeem", &lot),
        "applied once"
    );
    assert!(
        !foreign(&v, 6, "x6", &m, -7_000, "expire", &lot),
        "applied once"
    );
    // Beyond what the lot ever held, it is.
    assert!(foreign(&v, 8, "x8", &m, -1_000, "redeem", &lot));
    assert_eq!(standing(&v, &m, &lot), (0, 1_000, 0));
}
