//! Property tests of the ledger's rules, once, on plain data: a member's lots on a till as
//! entries of every kind arrive (this till's sales, voids and expiries, other branches'
//! draws and expiries, head office's recoveries), and head office's recovery plan.
//! `tests/store/ledger_props.rs` runs sales and voids through the real store as well.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use crate::ledger::{Account, EntryKind, Lot, allocate, spending_key};
use crate::lot::{LotState, OnLot, overdrawn, settle, take_back_earning};
use crate::overdraft::{LotSums, may_spend, plan, standing};
use crate::protocol::NOTE_REPAID;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .expect("a valid time")
}

/// Something that happens to a member's credit on one till.
#[derive(Debug, Clone)]
enum Op {
    /// This till's sale earns a lot (expiring after `days`, or never).
    Earn { amount: i64, days: Option<i64> },
    /// This till's sale spends up to `amount` of what the member may spend.
    Redeem { amount: i64 },
    /// Another branch's draw on a lot, of any size (they were apart).
    Foreign { lot: usize, amount: i64 },
    /// An expiry of a lot: this till's (what is left here) or another branch's (what was
    /// left there: any amount).
    Expire { lot: usize, foreign: Option<i64> },
    /// A void or an adjustment giving to a lot.
    Give { lot: usize, amount: i64, void: bool },
    /// Head office's repayment of an overdrawn lot.
    Repay { lot: usize, amount: i64 },
    /// Time passes.
    Wait { days: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1..50_000i64, proptest::option::of(1..60i64)).prop_map(|(amount, days)| Op::Earn { amount, days }),
        3 => (1..80_000i64).prop_map(|amount| Op::Redeem { amount }),
        3 => (0..8usize, 1..80_000i64).prop_map(|(lot, amount)| Op::Foreign { lot, amount }),
        1 => (0..8usize, proptest::option::of(1..80_000i64)).prop_map(|(lot, foreign)| Op::Expire { lot, foreign }),
        2 => (0..8usize, 1..80_000i64, any::<bool>()).prop_map(|(lot, amount, void)| Op::Give { lot, amount, void }),
        1 => (0..8usize, 1..80_000i64).prop_map(|(lot, amount)| Op::Repay { lot, amount }),
        1 => (1..30i64).prop_map(|days| Op::Wait { days }),
    ]
}

/// One lot as the till holds it, and every entry written on it (what head office sums).
#[derive(Debug, Clone)]
struct ModelLot {
    state: LotState,
    expires_at: Option<DateTime<Utc>>,
    seq: i64,
    opening: i64,
    /// (amount as written, kind) of every entry on the lot after its opening.
    written: Vec<(i64, EntryKind)>,
    /// What its entries did here, summed.
    applied: i64,
    /// Head office's repayments that went to the member's unplaced debt instead.
    to_unplaced: i64,
}

#[derive(Debug, Default)]
struct Till {
    lots: Vec<ModelLot>,
    /// The member's debt that no lot holds (kept from before shortfalls were placed).
    unplaced: i64,
    /// The member's balance cache: every entry's effect here.
    balance: i64,
}

impl Till {
    fn held(&self, now: DateTime<Utc>) -> i64 {
        self.lots
            .iter()
            .filter(|l| l.expires_at.is_none_or(|e| e > now))
            .map(|l| l.state.remaining)
            .sum()
    }

    fn owed(&self) -> i64 {
        self.unplaced + self.lots.iter().map(|l| l.state.owed).sum::<i64>()
    }

    /// Applies one entry to lot `i` and checks what it did.
    fn on_lot(&mut self, i: usize, amount: i64, kind: EntryKind, note: Option<&str>) {
        let lot = &mut self.lots[i];
        let before = lot.state;
        let s = settle(before, self.unplaced, OnLot::new(amount, kind, note));
        if kind == EntryKind::Expire {
            // An expiry takes only what is left, and is never a debt.
            assert_eq!(s.applied, -before.remaining.min(-amount));
            assert_eq!((s.owed, s.unheld, s.unplaced), (0, 0, 0));
        } else {
            // Every rial of the entry is counted once: held by the lot, owed or repaid
            // on it, or repaying the unplaced debt.
            assert_eq!(s.applied + s.unheld - s.unplaced, amount);
        }
        assert!(s.unplaced <= 0 && -s.unplaced <= self.unplaced);
        lot.state = s.lot;
        lot.written.push((amount, kind));
        lot.applied += s.applied;
        lot.to_unplaced -= s.unplaced;
        self.unplaced += s.unplaced;
        self.balance += s.applied;
    }

    fn check(&self, now: DateTime<Utc>) {
        let mut lots_sum = 0;
        for l in &self.lots {
            // Never below zero on a till.
            assert!(l.state.remaining >= 0, "{l:?}");
            // The cache is its entries' sum.
            assert_eq!(l.state.remaining, l.opening + l.applied, "{l:?}");
            // Its net is what head office sums: every entry as written but expiries.
            let written: i64 = l
                .written
                .iter()
                .filter(|(_, k)| *k != EntryKind::Expire)
                .map(|(a, _)| a)
                .sum();
            assert_eq!(l.state.net(), l.opening + written - l.to_unplaced, "{l:?}");
            // Till and head office agree on what is owed on it.
            assert_eq!(l.state.owed, overdrawn(l.state.net()), "{l:?}");
            // Repayment before refill: a lot that owes holds nothing.
            assert!(l.state.owed == 0 || l.state.remaining == 0, "{l:?}");
            lots_sum += l.state.remaining;
        }
        // The member's balance equals the sum of their entries.
        assert_eq!(self.balance, lots_sum);
        let held = self.held(now);
        let spend = may_spend(held, self.owed());
        assert!((0..=held).contains(&spend));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn a_tills_lots_stay_sound_whatever_arrives(
        unplaced in 0..20_000i64,
        ops in proptest::collection::vec(op(), 1..60),
    ) {
        let mut till = Till { unplaced, ..Till::default() };
        let mut now = t0();
        for op in ops {
            match op {
                Op::Earn { amount, days } => {
                    till.lots.push(ModelLot {
                        state: LotState::opened(amount),
                        expires_at: days.map(|d| now + Duration::days(d)),
                        seq: till.lots.len() as i64,
                        opening: amount,
                        written: Vec::new(),
                        applied: 0,
                        to_unplaced: 0,
                    });
                    till.balance += amount;
                }
                Op::Redeem { amount } => {
                    // What the till lets the member spend: their live lots less what they
                    // owe; drawn nearest expiry first.
                    let spendable = may_spend(till.held(now), till.owed());
                    let amount = amount.min(spendable);
                    let live: Vec<Lot> = till
                        .lots
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.expires_at.is_none_or(|e| e > now))
                        .map(|(i, l)| Lot {
                            id: i.to_string(),
                            remaining: l.state.remaining,
                            expires_at: l.expires_at,
                            seq: l.seq,
                        })
                        .collect();
                    let draws = allocate(&live, amount).expect("what may be spent is there");
                    prop_assert_eq!(draws.iter().map(|d| d.1).sum::<i64>(), amount.max(0));
                    for (id, take) in draws {
                        prop_assert!(take > 0);
                        let i: usize = id.parse().expect("index");
                        till.on_lot(i, -take, EntryKind::Redeem, None);
                        // A draw the till allocated never needs more than the lot holds.
                        prop_assert_eq!(till.lots[i].state.owed, 0);
                    }
                }
                Op::Foreign { lot, amount } if lot < till.lots.len() => {
                    till.on_lot(lot, -amount, EntryKind::Redeem, None);
                }
                Op::Expire { lot, foreign } if lot < till.lots.len() => {
                    let amount = foreign.unwrap_or(till.lots[lot].state.remaining);
                    if amount > 0 {
                        till.on_lot(lot, -amount, EntryKind::Expire, None);
                    }
                }
                Op::Give { lot, amount, void } if lot < till.lots.len() => {
                    let kind = if void { EntryKind::Void } else { EntryKind::Adjust };
                    till.on_lot(lot, amount, kind, None);
                }
                Op::Repay { lot, amount } if lot < till.lots.len() => {
                    till.on_lot(lot, amount, EntryKind::Adjust, Some(NOTE_REPAID));
                }
                Op::Wait { days } => now += Duration::days(days),
                _ => {}
            }
            till.check(now);
        }
    }

    /// An expiry takes what is left after every other entry, whichever arrives first: what
    /// a lot owes at the end does not depend on where its expiry came, nor on its amount.
    #[test]
    fn an_expiry_never_changes_what_is_owed_wherever_it_arrives(
        opening in 1..50_000i64,
        entries in proptest::collection::vec((-80_000..80_000i64, any::<bool>()), 0..12),
        expiry in 1..100_000i64,
        at in any::<proptest::sample::Index>(),
    ) {
        let kind = |a: i64, void: bool| match (a < 0, void) {
            (true, _) => EntryKind::Redeem,
            (false, true) => EntryKind::Void,
            (false, false) => EntryKind::Adjust,
        };
        let run = |expire_at: Option<usize>| {
            let mut s = LotState::opened(opening);
            for (i, &(a, void)) in entries.iter().enumerate() {
                if expire_at == Some(i) {
                    s = settle(s, 0, OnLot::new(-expiry, EntryKind::Expire, None)).lot;
                }
                s = settle(s, 0, OnLot::new(a, kind(a, void), None)).lot;
            }
            if expire_at == Some(entries.len()) {
                s = settle(s, 0, OnLot::new(-expiry, EntryKind::Expire, None)).lot;
            }
            s
        };
        let without = run(None);
        let with = run(Some(at.index(entries.len() + 1)));
        prop_assert_eq!(with.owed, without.owed);
        let hq = opening + entries.iter().map(|e| e.0).sum::<i64>();
        prop_assert_eq!(with.owed, overdrawn(hq));
        prop_assert!(with.remaining <= without.remaining);
    }

    /// A void takes back what is left of its earning, and is refused once any was spent.
    #[test]
    fn a_void_never_takes_a_balance_below_zero(
        amount in 1..100_000i64,
        spent in 0..100_000i64,
        expired in 0..100_000i64,
    ) {
        let spent = spent.min(amount);
        let expired = expired.min(amount - spent);
        let lot = LotState { remaining: amount - spent - expired, expired, ..LotState::default() };
        match take_back_earning(amount, lot) {
            Ok(delta) => {
                prop_assert_eq!(spent, 0);
                prop_assert_eq!(lot.remaining + delta, 0);
            }
            Err(s) => prop_assert_eq!(s, spent),
        }
    }

    #[test]
    fn head_office_recovers_what_it_can_once_nearest_expiry_first(
        lots in proptest::collection::vec(
            (any::<bool>(), -60_000..60_000i64, 0..5_000i64, proptest::option::of(-20..200i64)),
            0..40,
        ),
    ) {
        let now = t0();
        let lots: Vec<LotSums> = lots
            .into_iter()
            .map(|(points, sum, expired, days)| LotSums {
                account: if points { Account::Points } else { Account::Credit },
                sum,
                expired: if sum < 0 { expired } else { 0 },
                expires_at: days.map(|d| now + Duration::days(d)),
            })
            .collect();
        let p = plan(&lots, now);
        prop_assert_eq!(&p.recoveries, &reference_plan(&lots, now));
        let before = standing(&lots, now);
        let mut after = lots.clone();
        let mut last_key = None;
        for r in &p.recoveries {
            prop_assert!(r.amount > 0);
            prop_assert!(lots[r.from].live(now) && lots[r.to].net() < 0);
            prop_assert_eq!(lots[r.from].account, r.account);
            prop_assert_eq!(lots[r.to].account, r.account);
            // Nearest expiry first, per account.
            let key = (r.account == Account::Points, spending_key(lots[r.from].expires_at, r.from as i64));
            prop_assert!(last_key.as_ref().is_none_or(|k| k <= &key));
            last_key = Some(key);
            after[r.from].sum -= r.amount;
            after[r.to].sum += r.amount;
        }
        for (a, l) in after.iter().zip(&lots) {
            if l.live(now) {
                // Nothing drawn beyond what a lot holds.
                prop_assert!((0..=l.sum).contains(&a.sum));
            } else if l.net() < 0 {
                // Nothing repaid beyond what it owes.
                prop_assert!((l.net()..=0).contains(&a.net()));
            } else {
                prop_assert_eq!(a, l);
            }
        }
        let s = standing(&after, now);
        prop_assert_eq!(p.repaid, before.owed_credit + before.owed_points - s.owed_credit - s.owed_points);
        // Either everything owed is repaid, or everything live was taken.
        prop_assert!(s.owed_credit == 0 || s.credit == 0);
        prop_assert!(s.owed_points == 0 || s.points == 0);
        prop_assert_eq!(p.still_owing(), s.owed_credit + s.owed_points > 0);
        prop_assert_eq!(p.owed, before.owed_credit + before.owed_points);
    }
}

/// Head office's plan as it was first written (quadratic): allocate what is owed over the
/// live lots, then pair each draw with the oldest debt.
fn reference_plan(all: &[LotSums], now: DateTime<Utc>) -> Vec<crate::overdraft::Recovery> {
    let mut out = Vec::new();
    for account in [Account::Credit, Account::Points] {
        let mine: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].account == account)
            .collect();
        let debts: Vec<usize> = mine.iter().copied().filter(|&i| all[i].net() < 0).collect();
        let live: Vec<usize> = mine.iter().copied().filter(|&i| all[i].live(now)).collect();
        let owed: i64 = debts.iter().map(|&i| -all[i].net()).sum();
        let held: i64 = live.iter().map(|&i| all[i].sum).sum();
        let take = owed.min(held);
        if take <= 0 {
            continue;
        }
        let pool: Vec<Lot> = live
            .iter()
            .map(|&i| Lot {
                id: i.to_string(),
                remaining: all[i].sum,
                expires_at: all[i].expires_at,
                seq: i as i64,
            })
            .collect();
        let Ok(draws) = allocate(&pool, take) else {
            continue;
        };
        let mut debts = debts.into_iter().map(|d| (d, -all[d].net())).peekable();
        for (lot, mut amount) in draws {
            let from: usize = lot.parse().expect("index");
            while amount > 0 {
                let Some((to, owed)) = debts.peek_mut() else {
                    break;
                };
                let piece = amount.min(*owed);
                out.push(crate::overdraft::Recovery {
                    account,
                    from,
                    to: *to,
                    amount: piece,
                });
                amount -= piece;
                *owed -= piece;
                if *owed == 0 {
                    debts.next();
                }
            }
        }
    }
    out
}
