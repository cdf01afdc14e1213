//! The "silver" members (SPEC R8): regulars who buy small baskets — the ones a club keeps
//! coming by rewarding frequency rather than spend.
//!
//! Over the members with a visit in the window:
//! - **regular**: at least [`SILVER_MIN_DAYS`] distinct visit days in the window, and a
//!   median gap between consecutive visit days of at most [`SILVER_MAX_MEDIAN_GAP`] days
//!   (they come about monthly or more often);
//! - **small basket**: the member's own median basket is strictly below the shop's median
//!   basket (the median over every member visit in the window). Medians of an even count are
//!   the mean of the two middle values, compared exactly (as twice the median).
//!
//! `share` = silver members / active members, toward zero to 4 places ("0.0000" for none).

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Rials, Visit, Window, by_member, gaps};
use crate::figures::{RATE_PLACES, average_rials, ratio, twice_median};

/// A regular visits on at least this many distinct days in the window.
pub const SILVER_MIN_DAYS: usize = 4;

/// …with a median gap between visit days of at most this many days.
pub const SILVER_MAX_MEDIAN_GAP: i64 = 30;

/// The silver share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Silver {
    pub active_members: u64,
    pub regulars: u64,
    pub silver: u64,
    pub share: Decimal,
    /// The shop's median basket in rials, toward zero.
    pub shop_median_basket: Rials,
    /// The silver members' ids, sorted.
    pub members: Vec<String>,
}

/// The silver members of `window`.
pub fn silver(visits: &[Visit], window: &Window) -> Silver {
    let groups = by_member(visits, window);
    let mut all: Vec<i64> = groups.values().flatten().map(|v| v.1).collect();
    all.sort_unstable();
    let shop_twice = twice_median(&all);
    let mut regulars = 0u64;
    let mut members = Vec::new();
    for (id, v) in &groups {
        let mut g = gaps(v);
        g.sort_unstable();
        // `g.len() + 1` distinct days; the median gap is compared as twice its value.
        let regular = g.len() + 1 >= SILVER_MIN_DAYS
            && twice_median(&g) <= 2 * i128::from(SILVER_MAX_MEDIAN_GAP);
        if !regular {
            continue;
        }
        regulars += 1;
        let mut own: Vec<i64> = v.iter().map(|x| x.1).collect();
        own.sort_unstable();
        if twice_median(&own) < shop_twice {
            members.push(id.to_string());
        }
    }
    let active = groups.len() as u64;
    Silver {
        active_members: active,
        regulars,
        silver: members.len() as u64,
        share: ratio(members.len() as i128, active.into(), RATE_PLACES),
        shop_median_basket: average_rials(shop_twice, 2),
        members,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_data::*;
    use super::*;

    fn days(member: &str, list: &[(u32, Rials)]) -> Vec<Visit> {
        list.iter().map(|&(n, a)| visit(member, n, a)).collect()
    }

    #[test]
    fn silver_by_hand() {
        // Window 1–365.
        // a: days 1, 31, 61, 91 (gaps 30 30 30: median 30 ≤ 30), baskets 90 → regular
        // b: days 1, 32, 63, 94 (gaps 31: median 31 > 30) → not regular
        // c: days 1, 2, 3 → three days: not regular
        // d: days 1, 2, 3, 4, baskets 1,000 each → regular, big basket
        // e: days 1, 2, 3, 3 (a second sale on day 3) → three distinct days: not regular
        // f: day 200 basket 500 → not regular
        // All 20 baskets sorted: 4 × 90, 11 × 100, 500, 4 × 1,000; the 10th and 11th are
        // 100 and 100 → shop median 100. a: 90 < 100 → silver; d: 1,000 → not.
        let mut v = days("a", &[(1, 90), (31, 90), (61, 90), (91, 90)]);
        v.extend(days("b", &[(1, 100), (32, 100), (63, 100), (94, 100)]));
        v.extend(days("c", &[(1, 100), (2, 100), (3, 100)]));
        v.extend(days("d", &[(1, 1_000), (2, 1_000), (3, 1_000), (4, 1_000)]));
        v.extend(days("e", &[(1, 100), (2, 100), (3, 100), (3, 100)]));
        v.extend(days("f", &[(200, 500)]));
        let s = silver(&v, &window(1, 365));
        // active 6; regulars a, d; silver a: 1 / 6 = 0.1666
        assert_eq!((s.active_members, s.regulars, s.silver), (6, 2, 1));
        assert_eq!(s.members, vec!["a"]);
        assert_eq!(s.share.to_string(), "0.1666");
        assert_eq!(s.shop_median_basket, 100);
    }

    #[test]
    fn medians_compare_exactly() {
        // Shop baskets: a 10, 20, 30, 41 and b 30, 30, 30, 30 → sorted
        // 10 20 30 30 30 30 30 41: median (30 + 30) / 2 = 30.
        // a's median (20 + 30) / 2 = 25 < 30: silver. b's 30 is not below: not silver.
        let mut v = days("a", &[(1, 10), (2, 20), (3, 30), (4, 41)]);
        v.extend(days("b", &[(1, 30), (2, 30), (3, 30), (4, 30)]));
        let s = silver(&v, &window(1, 10));
        assert_eq!(s.members, vec!["a"]);
        assert_eq!(s.share.to_string(), "0.5000");
        // Shop median of an even count that ends in .5 is shown toward zero:
        // baskets 1, 2 → 1.5 → 1.
        let v = days("a", &[(1, 1), (2, 2)]);
        assert_eq!(silver(&v, &window(1, 10)).shop_median_basket, 1);
    }

    #[test]
    fn a_half_day_median_gap_at_the_bound() {
        // Gaps 30, 31 (days 1, 31, 62) need a fourth day: days 1, 31, 62, 93 gaps 30 31 31 →
        // median 31: not regular. Days 1, 31, 61, 92, 123 → gaps 30 30 31 31 → median 30.5:
        // not regular (30.5 > 30). Days 1, 31, 61, 91, 122 → gaps 30 30 30 31 → median 30.
        let small = |list: &[u32]| {
            let mut v: Vec<Visit> = list.iter().map(|&n| visit("a", n, 1)).collect();
            v.push(visit("big", 1, 1_000));
            v.push(visit("big", 2, 1_000));
            silver(&v, &window(1, 365)).regulars
        };
        assert_eq!(small(&[1, 31, 62, 93]), 0);
        assert_eq!(small(&[1, 31, 61, 92, 123]), 0);
        assert_eq!(small(&[1, 31, 61, 91, 122]), 1);
    }

    #[test]
    fn an_empty_shop_has_no_silver() {
        let s = silver(&[], &window(1, 365));
        assert_eq!((s.active_members, s.regulars, s.silver), (0, 0, 0));
        assert_eq!(s.share.to_string(), "0.0000");
        assert_eq!(s.shop_median_basket, 0);
    }
}
