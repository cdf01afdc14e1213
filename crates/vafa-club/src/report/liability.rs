//! `vafa report liability`: what the shop owes its members and card holders.
//!
//! From the ledger's open lots as of a day. A lot that expires on day `E` can still be
//! spent on `E`; as of day `D` it is
//! - outstanding when it has no expiry or `E ≥ D` (a lot with `E < D` is expired:
//!   breakage, counted nowhere here);
//! - expiring within `N` days when `D ≤ E < D + N` (within 30 days: today and the next 29).
//!
//! Only what remains on a lot (`remaining > 0`) is owed. Points are counted and valued at
//! `point_value` rials each; `expiring_30`/`expiring_90` are rials: credit, gift balances and
//! the value of points. Sums saturate at `i64::MAX`.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::Rials;

/// What a lot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotKind {
    /// Member credit, rials.
    Credit,
    /// Member points, a count.
    Points,
    /// A gift card's stored value, rials.
    Gift,
}

/// One open lot of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lot {
    pub kind: LotKind,
    /// Rials for credit and gift lots, points for point lots.
    pub remaining: i64,
    /// The last day it may be spent.
    pub expires: Option<NaiveDate>,
}

/// What expires within a number of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expiring {
    pub days: u32,
    pub credit: Rials,
    pub points: i64,
    pub points_value: Rials,
    pub gift_cards: Rials,
    /// credit + points_value + gift_cards.
    pub total: Rials,
}

/// CONTRACT `liability`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Liability {
    pub credit: Rials,
    pub points: i64,
    pub points_value: Rials,
    pub gift_cards: Rials,
    /// Rials (credit, gift balances and points at their value) expiring within 30 days.
    pub expiring_30: Rials,
    pub expiring_90: Rials,
    /// The same two bands in detail.
    pub expiring: [Expiring; 2],
    /// Gift cards per month and aged by last use (`super::gift`); `None` where the caller
    /// has no gift ledger to give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gift: Option<super::gift::GiftLiability>,
}

/// The liability of `lots` as of `as_of`, points valued at `point_value` rials each.
pub fn liability(lots: &[Lot], as_of: NaiveDate, point_value: Rials) -> Liability {
    let all = band(lots, as_of, None, point_value);
    let e30 = band(lots, as_of, Some(30), point_value);
    let e90 = band(lots, as_of, Some(90), point_value);
    Liability {
        credit: all.credit,
        points: all.points,
        points_value: all.points_value,
        gift_cards: all.gift_cards,
        expiring_30: e30.total,
        expiring_90: e90.total,
        expiring: [e30, e90],
        gift: None,
    }
}

/// The lots outstanding as of `as_of` (`within: None`) or expiring within `within` days.
fn band(lots: &[Lot], as_of: NaiveDate, within: Option<u32>, point_value: Rials) -> Expiring {
    let end = within.map(|n| as_of.checked_add_days(Days::new(n.into())));
    let mut e = Expiring {
        days: within.unwrap_or(0),
        credit: 0,
        points: 0,
        points_value: 0,
        gift_cards: 0,
        total: 0,
    };
    for lot in lots {
        let counts = match (lot.expires, end) {
            (Some(x), _) if x < as_of => false,
            (_, None) => true,
            (None, Some(_)) => false,
            // No day after the calendar's end: everything left expires within.
            (Some(x), Some(end)) => end.is_none_or(|end| x < end),
        };
        if !counts {
            continue;
        }
        let sum = match lot.kind {
            LotKind::Credit => &mut e.credit,
            LotKind::Points => &mut e.points,
            LotKind::Gift => &mut e.gift_cards,
        };
        // Only what remains on a lot is owed: a negative lot adds nothing.
        *sum = sum.saturating_add(lot.remaining.max(0));
    }
    e.points_value = e.points.saturating_mul(point_value.max(0));
    e.total = e
        .credit
        .saturating_add(e.points_value)
        .saturating_add(e.gift_cards);
    e
}

#[cfg(test)]
mod tests {
    use super::super::test_data::*;
    use super::*;

    fn lot(kind: LotKind, remaining: i64, expires: Option<u32>) -> Lot {
        Lot {
            kind,
            remaining,
            expires: expires.map(d),
        }
    }

    #[test]
    fn liability_by_hand() {
        use LotKind::*;
        // As of day 100, a point worth 100 rials.
        // credit: 50,000 (no expiry), 20,000 (expires day 100: today, still owed, within 30),
        //         10,000 (day 129: within 30), 7,000 (day 130: within 90, not 30),
        //         3,000 (day 189: within 90), 1,000 (day 190: beyond 90), 900 (day 99: expired),
        //         0 (empty lot), −500 (a negative lot owes nothing)
        // credit = 50,000 + 20,000 + 10,000 + 7,000 + 3,000 + 1,000 = 91,000
        // points: 300 (day 110), 200 (none) → 500 points, 50,000 rials; within 30: 300 → 30,000
        // gift: 40,000 (day 150), 5,000 (day 50: expired) → 40,000; within 90: 40,000
        // expiring_30 = 20,000 + 10,000 + 30,000 = 60,000
        // expiring_90 = 20,000 + 10,000 + 7,000 + 3,000 + 30,000 + 40,000 = 110,000
        let lots = [
            lot(Credit, 50_000, None),
            lot(Credit, 20_000, Some(100)),
            lot(Credit, 10_000, Some(129)),
            lot(Credit, 7_000, Some(130)),
            lot(Credit, 3_000, Some(189)),
            lot(Credit, 1_000, Some(190)),
            lot(Credit, 900, Some(99)),
            lot(Credit, 0, Some(110)),
            lot(Credit, -500, None),
            lot(Points, 300, Some(110)),
            lot(Points, 200, None),
            lot(Gift, 40_000, Some(150)),
            lot(Gift, 5_000, Some(50)),
        ];
        let l = liability(&lots, d(100), 100);
        assert_eq!(
            (l.credit, l.points, l.points_value, l.gift_cards),
            (91_000, 500, 50_000, 40_000)
        );
        assert_eq!((l.expiring_30, l.expiring_90), (60_000, 110_000));
        assert_eq!(
            l.expiring[0],
            Expiring {
                days: 30,
                credit: 30_000,
                points: 300,
                points_value: 30_000,
                gift_cards: 0,
                total: 60_000
            }
        );
        assert_eq!(
            (
                l.expiring[1].days,
                l.expiring[1].credit,
                l.expiring[1].gift_cards
            ),
            (90, 40_000, 40_000)
        );
    }

    #[test]
    fn empty_and_extreme() {
        let l = liability(&[], d(1), 100);
        assert_eq!(
            (l.credit, l.points, l.expiring_30, l.expiring_90),
            (0, 0, 0, 0)
        );
        // A negative point value is no value; values saturate.
        let lots = [
            lot(LotKind::Points, i64::MAX, None),
            lot(LotKind::Credit, i64::MAX, None),
            lot(LotKind::Credit, 1, None),
        ];
        let l = liability(&lots, d(1), -5);
        assert_eq!((l.points_value, l.credit), (0, i64::MAX));
        let l = liability(&lots, d(1), 2);
        assert_eq!(l.points_value, i64::MAX);
        // At the calendar's end there is no day 30 days later: what is left expires within.
        let end = NaiveDate::MAX;
        let lots = [Lot {
            kind: LotKind::Gift,
            remaining: 7,
            expires: Some(end),
        }];
        let l = liability(&lots, end, 1);
        assert_eq!((l.gift_cards, l.expiring_30), (7, 7));
    }
}
