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

/// Something that happens to gift cards on a till.
#[derive(Debug, Clone)]
enum GiftOp {
    Issue {
        amount: i64,
    },
    Load {
        card: usize,
        amount: i64,
    },
    /// A sale (by a member or a guest) paid partly from a card: all it holds, `amount`, or
    /// (`near`) what is left to pay less one, exactly or plus one (the edge of `over_due`).
    Spend {
        card: usize,
        member: Option<usize>,
        gross: i64,
        amount: Option<i64>,
        redeem: bool,
        near: Option<i64>,
    },
    Void {
        nth: usize,
    },
    Replace {
        card: usize,
    },
    Block {
        card: usize,
    },
    Wait {
        days: i64,
    },
}

fn gift_op() -> impl Strategy<Value = GiftOp> {
    prop_oneof![
        2 => (1_000..2_000_000i64).prop_map(|amount| GiftOp::Issue { amount }),
        1 => (0..6usize, 1_000..500_000i64).prop_map(|(card, amount)| GiftOp::Load { card, amount }),
        5 => (0..6usize, proptest::option::of(0..3usize), 1_000..2_000_000i64,
              proptest::option::of(1..1_500_000i64), any::<bool>(),
              proptest::option::weighted(0.3, -1..=1i64))
            .prop_map(|(card, member, gross, amount, redeem, near)| GiftOp::Spend { card, member, gross, amount, redeem, near }),
        2 => (0..50usize).prop_map(|nth| GiftOp::Void { nth }),
        1 => (0..6usize).prop_map(|card| GiftOp::Replace { card }),
        1 => (0..6usize).prop_map(|card| GiftOp::Block { card }),
        1 => (1..20i64).prop_map(|days| GiftOp::Wait { days }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    /// Gift accounts in the same ledger: every card's balance is what a model of loads,
    /// spending, voids and replacements says, never below zero, and the sum of its
    /// entries; a sale never takes more from a card than it holds or than is left to pay;
    /// a void gives back exactly what its sale took; member balances stay sound.
    #[test]
    fn gift_balances_follow_their_entries(ops in proptest::collection::vec(gift_op(), 1..40)) {
        use vafa_core::gift::{GiftError, GiftStatus};
        use vafa_service::GiftPay;
        use vafa_service::gift::GiftIssue;
        let dir = tempfile::tempdir().expect("dir");
        let (mut v, members) = shop(dir.path());
        // (card number, the model's balance, blocked)
        let mut cards: Vec<(String, i64, bool)> = Vec::new();
        // (sale id, card, what it took)
        let mut sales: Vec<(String, String, i64)> = Vec::new();
        // Which card replaced each card.
        let mut replaced: Vec<Option<usize>> = Vec::new();
        let mut next = 0;
        for op in ops {
            match op {
                GiftOp::Issue { amount } => {
                    next += 1;
                    let card = format!("G{next}");
                    let g = v.gift_issue(&GiftIssue { card: card.clone(), amount, expires: None, member: None })
                        .expect("issue");
                    prop_assert_eq!(g.balance, amount);
                    cards.push((card, amount, false));
                    replaced.push(None);
                }
                GiftOp::Load { card, amount } if !cards.is_empty() => {
                    let c = card % cards.len();
                    match v.gift_load(&cards[c].0, amount) {
                        Ok(g) => {
                            prop_assert!(!cards[c].2);
                            cards[c].1 += amount;
                            prop_assert_eq!(g.balance, cards[c].1);
                        }
                        Err(e) => {
                            prop_assert!(cards[c].2, "{}", e);
                            prop_assert_eq!(e.code(), "gift_blocked");
                        }
                    }
                }
                GiftOp::Spend { card, member, gross, amount, redeem, near } if !cards.is_empty() => {
                    let c = card % cards.len();
                    let who = member.map_or(Customer::Guest, |m| Customer::id(members[m].clone()));
                    let mut req = SaleRequest::new(who, gross);
                    if redeem && member.is_some() {
                        req.redeem = Redeem::All;
                    }
                    // What is left to pay after discount and credit (the same sale, without
                    // the card, not recorded): the most the card may take.
                    let mut quote = req.clone();
                    quote.dry_run = true;
                    let due = v.sell(&quote).map(|q| q.paid).ok();
                    let amount = match (near, due) {
                        (Some(off), Some(d)) if d + off > 0 => Some(d + off),
                        _ => amount,
                    };
                    req.gift = Some(GiftPay { card: cards[c].0.clone(), amount });
                    let held = cards[c].1;
                    match v.sell(&req) {
                        Ok(r) => {
                            prop_assert!(!cards[c].2);
                            prop_assert_eq!(r.gross, r.discount + r.credit_redeemed + r.paid);
                            prop_assert!(r.gift_redeemed <= r.paid && r.gift_redeemed <= held);
                            if let Some(a) = amount {
                                prop_assert_eq!(r.gift_redeemed, a);
                            } else {
                                prop_assert_eq!(r.gift_redeemed, held.min(r.paid));
                            }
                            prop_assert_eq!(Some(r.paid), due);
                            cards[c].1 -= r.gift_redeemed;
                            sales.push((r.sale_id.expect("id"), cards[c].0.clone(), r.gift_redeemed));
                        }
                        Err(e) => {
                            let code = e.code();
                            prop_assert!(
                                matches!(code, "gift_blocked" | "gift_empty" | "gift_over_balance"
                                    | "gift_over_due" | "redeem_over_balance" | "redeem_over_limit"),
                                "unexpected refusal {}", e
                            );
                            if code == "gift_over_balance" {
                                prop_assert!(amount.is_some_and(|a| a > held));
                            }
                            if code == "gift_empty" {
                                prop_assert_eq!(held, 0);
                            }
                            // More than is left to pay, and the refusal says how much is.
                            if let vafa_core::error::Error::Gift(GiftError::OverDue { due: said, .. }) = &e {
                                prop_assert_eq!(Some(*said), due);
                                prop_assert!(amount.is_some_and(|a| a > *said && a <= held));
                            }
                        }
                    }
                }
                GiftOp::Void { nth } if !sales.is_empty() => {
                    let (id, card, took) = sales[nth % sales.len()].clone();
                    match v.void_sale(&id, Some("test")) {
                        Ok(r) => {
                            prop_assert_eq!(r.gift_reversed, took);
                            // To the card, or to the card that replaced it.
                            let mut c = cards.iter().position(|x| x.0 == card).expect("card");
                            while let Some(n) = replaced[c] {
                                c = n;
                            }
                            cards[c].1 += took;
                        }
                        Err(e) => prop_assert!(
                            matches!(e.code(), "already_voided" | "void_spent"),
                            "unexpected refusal {}", e
                        ),
                    }
                }
                GiftOp::Replace { card } if !cards.is_empty() => {
                    let c = card % cards.len();
                    next += 1;
                    let new = format!("G{next}");
                    match v.gift_replace(&cards[c].0, &new) {
                        Ok(g) => {
                            // A card is replaced once: its value went to the new card.
                            prop_assert!(replaced[c].is_none(), "{} replaced twice", cards[c].0);
                            prop_assert_eq!(g.balance, cards[c].1);
                            let want = if cards[c].1 > 0 { GiftStatus::Active } else { GiftStatus::Empty };
                            prop_assert_eq!(g.status, want);
                            let moved = cards[c].1;
                            cards[c].1 = 0;
                            cards[c].2 = true;
                            replaced[c] = Some(cards.len());
                            cards.push((new, moved, false));
                            replaced.push(None);
                        }
                        Err(e) => {
                            prop_assert!(replaced[c].is_some(), "{}", e);
                            prop_assert_eq!(e.code(), "gift_blocked");
                        }
                    }
                }
                GiftOp::Block { card } if !cards.is_empty() => {
                    let c = card % cards.len();
                    match v.gift_block(&cards[c].0, "lost") {
                        Ok(_) => cards[c].2 = true,
                        Err(e) => {
                            prop_assert!(cards[c].2);
                            prop_assert_eq!(e.code(), "gift_blocked");
                        }
                    }
                }
                GiftOp::Wait { days } => {
                    let now = v.now_utc();
                    v.set_now(Some(now + Duration::days(days)));
                }
                _ => {}
            }
            for (card, balance, _) in &cards {
                let g = v.gift_show(card).expect("show");
                prop_assert!(g.balance >= 0);
                prop_assert_eq!(g.balance, *balance, "card {}", card);
                let sum: i64 = g.history.iter().map(|h| h.amount).sum();
                prop_assert_eq!(sum, g.balance);
            }
            assert_sound(&v, &members);
        }
    }
}
