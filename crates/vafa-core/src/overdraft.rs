//! Overdrafts as head office plans them: credit (or points) that two branches spent from
//! one lot while apart. Head office never refuses a finished sale, so such a lot's entries
//! other than expiries come to less than zero ([`crate::lot::overdrawn`]): the member owes
//! that much.
//!
//! Head office alone recovers it, so nothing is taken twice: from the member's live lots,
//! nearest expiry first, each piece paired with the oldest debt it repays ([`plan`]).
//! Storage reads each lot's sums and writes the planned entries; the rules are here.
//! One sort (of the lots that expire) and one pass per account: O(n log n) in the
//! member's lots.

use chrono::{DateTime, Utc};

use crate::ledger::{Account, spending_key};
use crate::lot::overdrawn;

/// One lot of a member at head office, as its entries sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LotSums {
    pub account: Account,
    /// What the lot holds: the sum of all its entries.
    pub sum: i64,
    /// What expiries took from it, as a positive number.
    pub expired: i64,
    pub expires_at: Option<DateTime<Utc>>,
}

impl LotSums {
    /// What its entries other than expiries come to: below zero, it is overdrawn.
    pub fn net(&self) -> i64 {
        self.sum.saturating_add(self.expired)
    }

    /// What is owed on it.
    pub fn owed(&self) -> i64 {
        overdrawn(self.net())
    }

    /// Whether it holds credit that may be spent (or recovered) at `now`. Expired credit
    /// counts towards no balance and never repays a debt.
    pub fn live(&self, now: DateTime<Utc>) -> bool {
        self.sum > 0 && self.expires_at.is_none_or(|e| e > now)
    }
}

/// A member's chain-wide standing: what their live lots hold and what they owe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    pub credit: i64,
    pub points: i64,
    pub owed_credit: i64,
    pub owed_points: i64,
}

/// The standing of a member whose lots are `lots`, at `now`.
pub fn standing(lots: &[LotSums], now: DateTime<Utc>) -> Standing {
    let mut s = Standing::default();
    for l in lots {
        let (held, owed) = match l.account {
            Account::Credit => (&mut s.credit, &mut s.owed_credit),
            Account::Points => (&mut s.points, &mut s.owed_points),
        };
        if l.net() < 0 {
            *owed = owed.saturating_add(l.owed());
        } else if l.live(now) {
            *held = held.saturating_add(l.sum);
        }
    }
    s
}

/// What a member may spend: what their live lots hold less what they owe, never below zero
/// (so that new cashback is not spent before head office takes it).
pub fn may_spend(held: i64, owed: i64) -> i64 {
    held.saturating_sub(owed).max(0)
}

/// One piece of a recovery: `amount` drawn from lot `from` repays lot `to` (indices into
/// the lots given to [`plan`]). Written as a pair of `adjust` entries, the draw spent at
/// the overdrawn lot's branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    pub account: Account,
    pub from: usize,
    pub to: usize,
    pub amount: i64,
}

/// What head office recovers from one member now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub recoveries: Vec<Recovery>,
    /// What the member owed before, in both accounts.
    pub owed: i64,
    /// What the recoveries repay.
    pub repaid: i64,
}

impl Plan {
    /// Whether the member still owes after it (head office keeps them on its list, to
    /// recover from their next earnings).
    pub fn still_owing(&self) -> bool {
        self.owed > self.repaid
    }
}

/// The recoveries for one member's lots (`lots` in the order they were opened): per
/// account, as much of what is owed as the live lots hold, drawn nearest-expiry first
/// (oldest first among equals) and repaid to the oldest debt first.
pub fn plan(lots: &[LotSums], now: DateTime<Utc>) -> Plan {
    let mut out = Plan::default();
    for account in [Account::Credit, Account::Points] {
        let (mut owed, mut held) = (0i64, 0i64);
        let mut debts = Vec::new();
        // Live lots that expire, and those that never do: already in spending order
        // (oldest first), as the lots come.
        let (mut expiring, mut forever) = (Vec::new(), Vec::new());
        for (i, l) in lots
            .iter()
            .enumerate()
            .filter(|(_, l)| l.account == account)
        {
            if l.net() < 0 {
                debts.push((i, l.owed()));
                owed = owed.saturating_add(l.owed());
            } else if l.live(now) {
                if l.expires_at.is_some() {
                    expiring.push(i);
                } else {
                    forever.push(i);
                }
                held = held.saturating_add(l.sum);
            }
        }
        out.owed = out.owed.saturating_add(owed);
        let mut left = owed.min(held);
        if left <= 0 {
            continue;
        }
        expiring.sort_by_cached_key(|&i| spending_key(lots[i].expires_at, i as i64));
        let mut debts = debts.into_iter();
        let mut debt = debts.next();
        for from in expiring.into_iter().chain(forever) {
            let mut draw = left.min(lots[from].sum);
            left -= draw;
            while draw > 0 {
                let Some((to, owing)) = debt.as_mut() else {
                    break;
                };
                let piece = draw.min(*owing);
                out.recoveries.push(Recovery {
                    account,
                    from,
                    to: *to,
                    amount: piece,
                });
                out.repaid += piece;
                draw -= piece;
                *owing -= piece;
                if *owing == 0 {
                    debt = debts.next();
                }
            }
            if left == 0 {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    fn now() -> DateTime<Utc> {
        at("2026-11-22T12:00:00Z")
    }

    fn lot(account: Account, sum: i64, exp: Option<&str>) -> LotSums {
        LotSums {
            account,
            sum,
            expired: 0,
            expires_at: exp.map(at),
        }
    }

    fn credit(sum: i64) -> LotSums {
        lot(Account::Credit, sum, None)
    }

    fn pieces(p: &Plan) -> Vec<(usize, usize, i64)> {
        p.recoveries
            .iter()
            .map(|r| (r.from, r.to, r.amount))
            .collect()
    }

    #[test]
    fn takes_what_is_live_nearest_expiry_first_and_repays_oldest_debt_first() {
        let lots = [
            credit(-50_000),
            credit(-40_000),
            lot(Account::Credit, 30_000, Some("2027-06-01T00:00:00Z")),
            lot(Account::Credit, 20_000, Some("2026-12-01T00:00:00Z")),
            lot(Account::Credit, 99_000, Some("2026-11-01T00:00:00Z")),
            lot(Account::Points, 10, None),
        ];
        let p = plan(&lots, now());
        assert_eq!(pieces(&p), vec![(3, 0, 20_000), (2, 0, 30_000)]);
        assert!(p.recoveries.iter().all(|r| r.account == Account::Credit));
        assert_eq!((p.owed, p.repaid), (90_000, 50_000));
        assert!(p.still_owing());
    }

    #[test]
    fn a_small_debt_takes_only_what_is_owed_and_a_draw_is_split_between_debts() {
        let p = plan(&[credit(-7_000), credit(50_000)], now());
        assert_eq!(pieces(&p), vec![(1, 0, 7_000)]);
        assert!(!p.still_owing());
        let two = plan(&[credit(-3_000), credit(-4_000), credit(50_000)], now());
        assert_eq!(pieces(&two), vec![(2, 0, 3_000), (2, 1, 4_000)]);
    }

    #[test]
    fn oldest_lot_first_among_equal_expiries_and_never_expiring_last() {
        let lots = [
            credit(5),
            credit(-8),
            credit(5),
            lot(Account::Credit, 1, Some("2027-01-01T00:00:00Z")),
        ];
        assert_eq!(
            pieces(&plan(&lots, now())),
            vec![(3, 1, 1), (0, 1, 5), (2, 1, 2)]
        );
    }

    #[test]
    fn each_account_pays_its_own_debts() {
        let lots = [
            lot(Account::Points, -3, None),
            credit(100),
            lot(Account::Points, 2, None),
        ];
        let p = plan(&lots, now());
        assert_eq!(pieces(&p), vec![(2, 0, 2)]);
        assert_eq!(p.recoveries[0].account, Account::Points);
        assert_eq!((p.owed, p.repaid), (3, 2));
    }

    #[test]
    fn an_expiry_is_never_a_debt_and_expired_credit_never_repays() {
        // +40 earned, -40 expired (arrived first), -40 redeemed before the expiry.
        let expired = LotSums {
            expired: 40,
            ..credit(-40)
        };
        assert_eq!(expired.net(), 0);
        assert!(
            plan(&[expired, credit(50_000)], now())
                .recoveries
                .is_empty()
        );
        let gone = lot(Account::Credit, 10, Some("2026-11-22T12:00:00Z"));
        assert!(!gone.live(now()), "expires at now: gone");
        assert!(lot(Account::Credit, 10, Some("2026-11-22T12:00:01Z")).live(now()));
        assert!(plan(&[credit(-5), gone], now()).recoveries.is_empty());
    }

    #[test]
    fn nothing_owed_or_nothing_held_writes_nothing() {
        assert_eq!(plan(&[credit(5)], now()), Plan::default());
        let p = plan(&[credit(-5), credit(0)], now());
        assert!(p.recoveries.is_empty() && p.still_owing());
    }

    #[test]
    fn standing_and_what_may_be_spent() {
        let lots = [
            credit(-7),
            credit(10),
            lot(Account::Credit, 99, Some("2026-01-01T00:00:00Z")),
            lot(Account::Points, 4, None),
            lot(Account::Points, -1, None),
        ];
        assert_eq!(
            standing(&lots, now()),
            Standing {
                credit: 10,
                points: 4,
                owed_credit: 7,
                owed_points: 1
            }
        );
        assert_eq!(may_spend(10, 7), 3);
        assert_eq!(may_spend(7, 7), 0);
        assert_eq!(may_spend(7, 10), 0);
    }

    #[test]
    fn a_hundred_thousand_lots_are_all_recovered_by_one_redemption_beyond_them() {
        // Issue 13's load: tens of thousands of one-rial lots, then one redemption of a
        // lot that is not there. (Its speed is not timed here: quadratic planning took
        // 17-38 s for 68,000, which the mutation run's timeout and CI's budget would show.)
        let n = 100_000;
        let mut lots: Vec<LotSums> = (0..n)
            .map(|i| lot(Account::Credit, 1, None).with_expiry(i))
            .collect();
        lots.push(credit(-(n as i64)));
        let p = plan(&lots, now());
        assert_eq!(p.recoveries.len(), n);
        assert_eq!(p.repaid, n as i64);
        assert!(!p.still_owing());
        assert_eq!(standing(&lots, now()).owed_credit, n as i64);
    }

    impl LotSums {
        /// Some lots expire (in a scrambled order), most never do.
        fn with_expiry(self, i: usize) -> LotSums {
            let days = (i * 7_919) % 1_000;
            LotSums {
                expires_at: i
                    .is_multiple_of(3)
                    .then(|| now() + chrono::Duration::days(1 + days as i64)),
                ..self
            }
        }
    }
}
