//! `vafa report return-rate`, `vafa report visits`, and the lapsing regulars of `vafa suggest`.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Rials, Visit, Window, by_member, days_between, gaps, iso_day};
use crate::figures::{MEAN_PLACES, RATE_PLACES, average_rials, half, ratio, twice_median};

/// CONTRACT `return-rate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnRate {
    pub within_days: u32,
    /// Members with a visit in the window on or before its last day − `within_days`.
    pub members: u64,
    /// Of them, those with a later visit at most `within_days` days after one such visit.
    pub returned: u64,
    /// returned / members rounded toward zero to 4 places; `0.0000` with no members.
    pub rate: Decimal,
}

/// The return rate over `window`. A member counts if they visited on a day `e` with
/// `from ≤ e ≤ to − within_days` (so every such visit had its whole `within_days` to be
/// followed inside the window); they returned if they visited again on a *later* day
/// `e < r ≤ e + within_days` (a second sale the same day is not a return). `within_days`
/// = 0 therefore returns nobody. The rate follows [`crate::figures`]: toward zero, so
/// `1.0000` only when every member returned.
pub fn return_rate(visits: &[Visit], window: &Window, within_days: u32) -> ReturnRate {
    let (mut members, mut returned) = (0u64, 0u64);
    // `None` when the window ends before the calendar's first day + within_days; as
    // `None` orders below every `Some(day)`, nobody counts then.
    let cutoff = window.to().checked_sub_days(Days::new(within_days.into()));
    for days in by_member(visits, window).values() {
        if Some(days[0].0) > cutoff {
            continue;
        }
        members += 1;
        let mut distinct: Vec<NaiveDate> = days.iter().map(|v| v.0).collect();
        distinct.dedup();
        if distinct
            .windows(2)
            .any(|w| Some(w[0]) <= cutoff && days_between(w[0], w[1]) <= i64::from(within_days))
        {
            returned += 1;
        }
    }
    ReturnRate {
        within_days,
        members,
        returned,
        rate: ratio(returned.into(), members.into(), RATE_PLACES),
    }
}

/// How many members made a given number of visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub visits: u64,
    pub members: u64,
}

/// `vafa report visits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisitStats {
    /// Members with a visit in the window.
    pub members: u64,
    pub visits: u64,
    /// Members per number of visits, ascending, only numbers that occur.
    pub histogram: Vec<Bucket>,
    /// Gaps between consecutive distinct visit days of each member.
    pub gaps: u64,
    /// Median gap in days (one place: the mean of the two middle gaps may end in .5).
    pub gap_median_days: Decimal,
    /// Mean gap in days, toward zero to 2 places.
    pub gap_mean_days: Decimal,
    /// Mean basket, rials, toward zero.
    pub amount_per_visit: Rials,
    /// Median basket, rials, toward zero (the mean of the two middle ones may end in .5).
    pub amount_median: Rials,
}

/// Visit frequency, gaps and amount per visit over `window`.
pub fn visit_stats(visits: &[Visit], window: &Window) -> VisitStats {
    let groups = by_member(visits, window);
    let mut histogram: Vec<Bucket> = Vec::new();
    let mut counts: Vec<u64> = groups.values().map(|v| v.len() as u64).collect();
    counts.sort_unstable();
    for c in counts {
        match histogram.last_mut() {
            Some(b) if b.visits == c => b.members += 1,
            _ => histogram.push(Bucket {
                visits: c,
                members: 1,
            }),
        }
    }
    let mut all_gaps: Vec<i64> = groups.values().flat_map(|v| gaps(v)).collect();
    all_gaps.sort_unstable();
    let mut amounts: Vec<i64> = groups.values().flatten().map(|v| v.1).collect();
    amounts.sort_unstable();
    let gap_sum: i128 = all_gaps.iter().map(|&g| i128::from(g)).sum();
    let amount_sum: i128 = amounts.iter().map(|&a| i128::from(a)).sum();
    VisitStats {
        members: groups.len() as u64,
        visits: amounts.len() as u64,
        histogram,
        gaps: all_gaps.len() as u64,
        gap_median_days: half(twice_median(&all_gaps)),
        gap_mean_days: ratio(gap_sum, all_gaps.len() as i128, MEAN_PLACES),
        amount_per_visit: average_rials(amount_sum, amounts.len() as u64),
        amount_median: average_rials(twice_median(&amounts), 2),
    }
}

/// Lapsing needs at least this many distinct visit days (three gaps to take a median of).
pub const LAPSING_MIN_VISITS: usize = 4;

/// A member lapses when the days since their last visit exceed this many times their own
/// median gap.
pub const LAPSING_FACTOR: i64 = 2;

/// A regular who has stopped coming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lapsing {
    pub member: String,
    /// Distinct visit days in the window.
    pub visits: u64,
    pub median_gap_days: Decimal,
    pub days_since: i64,
    #[serde(serialize_with = "iso_day")]
    pub last_visit: NaiveDate,
}

/// Lapsing regulars as of the window's last day: members with at least
/// [`LAPSING_MIN_VISITS`] distinct visit days in the window whose days since the last one
/// exceed [`LAPSING_FACTOR`] × their own median gap (strictly: exactly twice the usual gap is
/// not yet lapsing). Longest absence first, then by member id.
pub fn lapsing(visits: &[Visit], window: &Window) -> Vec<Lapsing> {
    let mut out = Vec::new();
    for (member, days) in by_member(visits, window) {
        let g = {
            let mut g = gaps(&days);
            g.sort_unstable();
            g
        };
        if g.len() + 1 < LAPSING_MIN_VISITS {
            continue;
        }
        let last = days[days.len() - 1].0;
        let since = days_between(last, window.to());
        let twice = twice_median(&g);
        // since > k × median  ⇔  2 × since > k × (2 × median), exactly in integers.
        if 2 * i128::from(since) > i128::from(LAPSING_FACTOR) * twice {
            out.push(Lapsing {
                member: member.to_string(),
                visits: g.len() as u64 + 1,
                median_gap_days: half(twice),
                days_since: since,
                last_visit: last,
            });
        }
    }
    out.sort_by(|a, b| {
        b.days_since
            .cmp(&a.days_since)
            .then_with(|| a.member.cmp(&b.member))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_data::*;
    use super::*;
    use chrono::Datelike;

    #[test]
    fn return_rate_by_hand() {
        // Window days 1–100, within 30: a visit counts if on day 1–70.
        // a: 10, 35        → counts, returns (gap 25 ≤ 30)
        // b: 10, 41        → counts, not returned (gap 31)
        // c: 70, 100       → counts (70 ≤ 70), returns (gap 30 ≤ 30: the bound itself)
        // d: 71, 80        → does not count (first visit 71 > 70)
        // e: 5, 5          → counts; the same day twice is not a return
        // f: 60, 75, 76    → counts; 60→75 is 15: returns
        // g: 20, 75, 80    → counts; 20→75 is 55, 75→80 starts after 70: not returned
        // members 6 (a b c e f g), returned 3 (a c f): 3 / 6 = 0.5000
        let v = [
            visit("a", 10, 1),
            visit("a", 35, 1),
            visit("b", 10, 1),
            visit("b", 41, 1),
            visit("c", 70, 1),
            visit("c", 100, 1),
            visit("d", 71, 1),
            visit("d", 80, 1),
            visit("e", 5, 1),
            visit("e", 5, 1),
            visit("f", 60, 1),
            visit("f", 75, 1),
            visit("f", 76, 1),
            visit("g", 20, 1),
            visit("g", 75, 1),
            visit("g", 80, 1),
        ];
        let r = return_rate(&v, &window(1, 100), 30);
        assert_eq!((r.within_days, r.members, r.returned), (30, 6, 3));
        assert_eq!(r.rate.to_string(), "0.5000");
    }

    #[test]
    fn return_rate_rounds_toward_zero() {
        // Three members, two return: 2 / 3 = 0.6666… → "0.6666".
        let v = [
            visit("a", 1, 1),
            visit("a", 2, 1),
            visit("b", 1, 1),
            visit("b", 3, 1),
            visit("c", 1, 1),
        ];
        let r = return_rate(&v, &window(1, 50), 10);
        assert_eq!(r.rate.to_string(), "0.6666");
    }

    #[test]
    fn return_rate_edges() {
        let v = [visit("a", 1, 1), visit("a", 2, 1)];
        // No members: "0.0000".
        assert_eq!(
            return_rate(&[], &window(1, 100), 30).rate.to_string(),
            "0.0000"
        );
        // A window shorter than within_days: nobody can count.
        let r = return_rate(&v, &window(1, 20), 30);
        assert_eq!((r.members, r.rate.to_string()), (0, "0.0000".to_string()));
        // within 0: the member counts and cannot return.
        let r = return_rate(&v, &window(1, 20), 0);
        assert_eq!((r.members, r.returned), (1, 0));
        // within 1: day 1 counts, day 2 is the return: 1.0000.
        let r = return_rate(&v, &window(1, 2), 1);
        assert_eq!((r.members, r.returned), (1, 1));
        assert_eq!(r.rate.to_string(), "1.0000");
        // Visits before the window are not there: `a` seen only on day 2 in 2–30.
        let r = return_rate(&v, &window(2, 30), 5);
        assert_eq!((r.members, r.returned), (1, 0));
        // A within longer than the calendar allows gives no members, no panic.
        let far = Window::new(NaiveDate::MIN, NaiveDate::MIN).expect("one day");
        assert_eq!(return_rate(&v, &far, 1).members, 0);
    }

    #[test]
    fn visit_stats_by_hand() {
        // Window days 1–100.
        // a: day 1 (100), day 4 (200), day 10 (300) → 3 visits, gaps 3, 6
        // b: day 2 (1,000), day 2 (50)             → 2 visits, no gap (one day)
        // c: day 50 (150)                           → 1 visit
        // histogram: 1 visit: 1 member, 2: 1, 3: 1
        // gaps [3, 6]: median (3 + 6) / 2 = 4.5, mean 4.50
        // amounts 100 200 300 1,000 50 150: sum 1,800 / 6 = 300;
        //   sorted 50 100 150 200 300 1,000: median (150 + 200) / 2 = 175
        let v = [
            visit("a", 1, 100),
            visit("a", 4, 200),
            visit("a", 10, 300),
            visit("b", 2, 1_000),
            visit("b", 2, 50),
            visit("c", 50, 150),
            visit("c", 101, 9_999),
        ];
        let s = visit_stats(&v, &window(1, 100));
        assert_eq!((s.members, s.visits, s.gaps), (3, 6, 2));
        let h: Vec<(u64, u64)> = s.histogram.iter().map(|b| (b.visits, b.members)).collect();
        assert_eq!(h, vec![(1, 1), (2, 1), (3, 1)]);
        assert_eq!(s.gap_median_days.to_string(), "4.5");
        assert_eq!(s.gap_mean_days.to_string(), "4.50");
        assert_eq!((s.amount_per_visit, s.amount_median), (300, 175));
    }

    #[test]
    fn visit_stats_share_buckets_and_truncate() {
        // a: 1, 2, 4 (gaps 1, 2); b: 1, 2, 3 (gaps 1, 1); c: 10 (no gap).
        // histogram 1: 1, 3: 2. gaps [1, 1, 1, 2]: median 1.0, mean 5 / 4 = 1.25
        // amounts 10, 10, 11, 10, 10, 10, 7 = 68 / 7 = 9.71 → 9; median 10
        let v = [
            visit("a", 1, 10),
            visit("a", 2, 10),
            visit("a", 4, 11),
            visit("b", 1, 10),
            visit("b", 2, 10),
            visit("b", 3, 10),
            visit("c", 10, 7),
        ];
        let s = visit_stats(&v, &window(1, 100));
        let h: Vec<(u64, u64)> = s.histogram.iter().map(|b| (b.visits, b.members)).collect();
        assert_eq!(h, vec![(1, 1), (3, 2)]);
        assert_eq!(s.gap_median_days.to_string(), "1.0");
        assert_eq!(s.gap_mean_days.to_string(), "1.25");
        assert_eq!((s.amount_per_visit, s.amount_median), (9, 10));
    }

    #[test]
    fn an_empty_shop_has_zero_visit_figures() {
        let s = visit_stats(&[], &window(1, 100));
        assert_eq!((s.members, s.visits, s.gaps), (0, 0, 0));
        assert!(s.histogram.is_empty());
        assert_eq!(s.gap_median_days.to_string(), "0.0");
        assert_eq!(s.gap_mean_days.to_string(), "0.00");
        assert_eq!((s.amount_per_visit, s.amount_median), (0, 0));
    }

    fn every(member: &str, first: u32, step: u32, n: u32) -> Vec<Visit> {
        (0..n).map(|i| visit(member, first + i * step, 1)).collect()
    }

    #[test]
    fn lapsing_regulars_by_hand() {
        // Window 1–100, as of day 100.
        // a: 4 visits every 10 days: 1, 11, 21, 31; median gap 10; since 69 > 20 → lapsing
        // b: 4 visits every 10 days ending 80: since 20 = 2 × 10, not more → not lapsing
        // c: 4 visits every 10 days ending 79: since 21 > 20 → lapsing
        // d: 3 visits (1, 2, 3): too few however long ago
        // e: days 10, 12, 14, 15, 20 (gaps 2, 2, 1, 5 → sorted 1 2 2 5, median 2),
        //    since 80 > 4 → lapsing, median 2.0
        // f: days 60, 61, 63, 66 (gaps 1, 2, 3: median 2), since 34 > 4 → lapsing
        let mut v = every("a", 1, 10, 4);
        v.extend(every("b", 50, 10, 4));
        v.extend(every("c", 49, 10, 4));
        v.extend(every("d", 1, 1, 3));
        for n in [10, 12, 14, 15, 20] {
            v.push(visit("e", n, 1));
        }
        for n in [60, 61, 63, 66] {
            v.push(visit("f", n, 1));
        }
        let l = lapsing(&v, &window(1, 100));
        let got: Vec<(&str, i64, String, u64)> = l
            .iter()
            .map(|x| {
                (
                    x.member.as_str(),
                    x.days_since,
                    x.median_gap_days.to_string(),
                    x.visits,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("e", 80, "2.0".to_string(), 5),
                ("a", 69, "10.0".to_string(), 4),
                ("f", 34, "2.0".to_string(), 4),
                ("c", 21, "10.0".to_string(), 4),
            ]
        );
        assert_eq!(l[1].last_visit, d(31));
    }

    #[test]
    fn lapsing_uses_a_half_day_median_exactly() {
        // Days 1, 2, 4, 7, 11: gaps 1 2 3 4, median 2.5; lapsing when since > 5.
        // As of day 16: since 5 → not lapsing; day 17: since 6 → lapsing.
        let v: Vec<Visit> = [1, 2, 4, 7, 11].iter().map(|&n| visit("a", n, 1)).collect();
        assert!(lapsing(&v, &window(1, 16)).is_empty());
        let l = lapsing(&v, &window(1, 17));
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].median_gap_days.to_string(), "2.5");
        // Equal absences are ordered by member id.
        let mut w = v.clone();
        w.extend([1, 2, 4, 7, 11].iter().map(|&n| visit("0", n, 1)));
        let ids: Vec<String> = lapsing(&w, &window(1, 17))
            .into_iter()
            .map(|x| x.member)
            .collect();
        assert_eq!(ids, vec!["0", "a"]);
    }

    proptest::proptest! {
        #[test]
        fn return_rate_is_the_contract_definition(
            days in proptest::collection::vec((0u8..6, 1u32..60), 0..40),
            from in 1u32..20,
            len in 0u32..40,
            within in 0u32..15,
        ) {
            let v: Vec<Visit> = days.iter().map(|&(m, n)| visit(&m.to_string(), n, 1)).collect();
            let w = window(from, from + len);
            let r = return_rate(&v, &w, within);
            // By the contract, naively: members with a visit in the window on or before its
            // last day − within; returned if another visit in the window follows one of those
            // on a later day at most `within` days after.
            let inside: Vec<&Visit> = v.iter().filter(|x| w.contains(x.day)).collect();
            let last = i64::from(from + len) - i64::from(within);
            let (mut members, mut returned) = (0u64, 0u64);
            for m in 0u8..6 {
                let mine: Vec<i64> = inside
                    .iter()
                    .filter(|x| x.member == m.to_string())
                    .map(|x| i64::from(x.day.ordinal()))
                    .collect();
                let counted: Vec<i64> = mine.iter().copied().filter(|&e| e <= last).collect();
                if counted.is_empty() {
                    continue;
                }
                members += 1;
                if counted.iter().any(|&e| mine.iter().any(|&x| e < x && x <= e + i64::from(within))) {
                    returned += 1;
                }
            }
            proptest::prop_assert_eq!((r.members, r.returned), (members, returned));
            proptest::prop_assert_eq!(r.rate, ratio(returned.into(), members.into(), RATE_PLACES));
        }
    }
}
