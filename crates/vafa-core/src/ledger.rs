//! Ledger arithmetic. Credit and points are append-only entries; a positive entry opens a
//! *lot*, a negative entry draws on one lot. Spending takes lots nearest-expiry first
//! (lots that never expire last), oldest first among equals.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Account {
    Credit,
    Points,
}

impl Account {
    pub fn as_str(self) -> &'static str {
        match self {
            Account::Credit => "credit",
            Account::Points => "points",
        }
    }
    pub fn parse(s: &str) -> Option<Account> {
        match s {
            "credit" => Some(Account::Credit),
            "points" => Some(Account::Points),
            _ => None,
        }
    }
}

/// Why an entry was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// Cashback or points earned on a sale.
    Earn,
    /// Credit or points spent on a sale.
    Redeem,
    /// A reversal written by a void.
    Void,
    /// What was left of a lot when it expired.
    Expire,
    /// A manual adjustment or an imported opening balance.
    Adjust,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Earn => "earn",
            EntryKind::Redeem => "redeem",
            EntryKind::Void => "void",
            EntryKind::Expire => "expire",
            EntryKind::Adjust => "adjust",
        }
    }
    pub fn parse(s: &str) -> Option<EntryKind> {
        [
            EntryKind::Earn,
            EntryKind::Redeem,
            EntryKind::Void,
            EntryKind::Expire,
            EntryKind::Adjust,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A lot with something left in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lot {
    pub id: String,
    pub remaining: i64,
    pub expires_at: Option<DateTime<Utc>>,
    /// Append order, for "oldest first" among lots with the same expiry.
    pub seq: i64,
}

/// Where a lot comes in spending order: nearest expiry first, never-expiring last, oldest
/// (lowest `seq`) first among equals.
/// Plain integers, so that sorting a hundred thousand lots is quick even unoptimised.
pub fn spending_key(expires_at: Option<DateTime<Utc>>, seq: i64) -> (i128, i64) {
    let at = expires_at.map_or(i128::MAX, |e| {
        i128::from(e.timestamp()) * 1_000_000_000 + i128::from(e.timestamp_subsec_nanos())
    });
    (at, seq)
}

/// Orders lots in spending order (`spending_key`).
pub fn spending_order(lots: &mut [Lot]) {
    lots.sort_by_key(|l| spending_key(l.expires_at, l.seq));
}

/// Splits `amount` across `lots` (live at the moment of spending) in spending order.
/// Returns (lot id, amount drawn) pairs, or the shortfall if the lots hold too little.
pub fn allocate(lots: &[Lot], amount: i64) -> Result<Vec<(String, i64)>, i64> {
    let mut ordered: Vec<Lot> = lots.iter().filter(|l| l.remaining > 0).cloned().collect();
    spending_order(&mut ordered);
    let mut left = amount;
    let mut out = Vec::new();
    for lot in ordered {
        if left <= 0 {
            break;
        }
        let take = left.min(lot.remaining);
        out.push((lot.id, take));
        left -= take;
    }
    if left > 0 { Err(left) } else { Ok(out) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn lot(id: &str, remaining: i64, exp: Option<i64>, seq: i64) -> Lot {
        Lot {
            id: id.into(),
            remaining,
            expires_at: exp.and_then(|d| Utc.timestamp_opt(d * 86_400, 0).single()),
            seq,
        }
    }

    #[test]
    fn nearest_expiry_first_permanent_last() {
        let lots = [
            lot("forever", 100, None, 1),
            lot("late", 100, Some(30), 2),
            lot("soon", 50, Some(10), 3),
        ];
        assert_eq!(
            allocate(&lots, 180),
            Ok(vec![
                ("soon".into(), 50),
                ("late".into(), 100),
                ("forever".into(), 30)
            ])
        );
    }

    #[test]
    fn oldest_first_among_equals() {
        let lots = [lot("b", 10, None, 2), lot("a", 10, None, 1)];
        assert_eq!(
            allocate(&lots, 15),
            Ok(vec![("a".into(), 10), ("b".into(), 5)])
        );
    }

    #[test]
    fn shortfall_is_reported() {
        assert_eq!(allocate(&[lot("a", 10, None, 1)], 25), Err(15));
        assert_eq!(allocate(&[], 0), Ok(vec![]));
    }

    #[test]
    fn accounts_and_kinds_read_back_what_they_write() {
        for a in [Account::Credit, Account::Points] {
            assert_eq!(Account::parse(a.as_str()), Some(a));
        }
        assert_eq!(Account::Credit.as_str(), "credit");
        assert_eq!(Account::Points.as_str(), "points");
        assert_eq!(Account::parse("gift"), None);
        let kinds = [
            EntryKind::Earn,
            EntryKind::Redeem,
            EntryKind::Void,
            EntryKind::Expire,
            EntryKind::Adjust,
        ];
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, ["earn", "redeem", "void", "expire", "adjust"]);
        for k in kinds {
            assert_eq!(EntryKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EntryKind::parse("refund"), None);
    }

    #[test]
    fn expiry_order_counts_fractions_of_a_second() {
        let at = |s: i64, ns: u32| Utc.timestamp_opt(s, ns).single();
        let lots = |a, b| {
            [
                Lot {
                    id: "b".into(),
                    remaining: 10,
                    expires_at: b,
                    seq: 1,
                },
                Lot {
                    id: "a".into(),
                    remaining: 10,
                    expires_at: a,
                    seq: 2,
                },
            ]
        };
        // a expires at 1.999999999 s, b at 2 s: a first although it is younger.
        assert_eq!(
            allocate(&lots(at(1, 999_999_999), at(2, 0)), 5),
            Ok(vec![("a".into(), 5)])
        );
        // Within one second: 1 ns earlier is earlier.
        assert_eq!(
            allocate(&lots(at(7, 1), at(7, 2)), 5),
            Ok(vec![("a".into(), 5)])
        );
    }
}
