//! The arithmetic of `vafa report …` (CONTRACT "Reports and analysis"): plain functions over
//! plain records that the storage layer fills. Money is `i64` rials; rates, shares and means
//! are `Decimal`s rounded by the one rule of [`crate::figures`]; sums of money saturate at
//! `i64::MAX` (9.2 × 10^18 rials) instead of overflowing.
//!
//! Days are whole calendar days in the shop's time zone; a [`Window`] includes both ends.
//! A *visit* is a member's sale that was not voided ([`Visit`]); two sales on one day are
//! two visits, but gaps and returns are counted between distinct visit days.

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub mod liability;
pub mod offer_groups;
pub mod offers;
pub mod products;
pub mod referrals;
pub mod rfm;
pub mod silver;
pub mod summary;
pub mod tiers;
pub mod visits;

/// An amount in rials.
pub type Rials = i64;

/// A report's date window: `from` to `to`, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    from: NaiveDate,
    to: NaiveDate,
}

/// Why a window was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    /// `from` is after `to`.
    Reversed { from: NaiveDate, to: NaiveDate },
}

impl Window {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, WindowError> {
        if from > to {
            Err(WindowError::Reversed { from, to })
        } else {
            Ok(Window { from, to })
        }
    }
    pub fn from(&self) -> NaiveDate {
        self.from
    }
    pub fn to(&self) -> NaiveDate {
        self.to
    }
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// One member's visit: a sale to a member that was not voided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub member: String,
    pub day: NaiveDate,
    /// The basket's amount in rials (before credit or gift cards paid part of it).
    pub amount: Rials,
}

/// Each member's visits inside `window`, by member id, each list sorted by day.
pub(crate) fn by_member<'a>(
    visits: &'a [Visit],
    window: &Window,
) -> BTreeMap<&'a str, Vec<(NaiveDate, Rials)>> {
    let mut out: BTreeMap<&str, Vec<(NaiveDate, Rials)>> = BTreeMap::new();
    for v in visits.iter().filter(|v| window.contains(v.day)) {
        out.entry(v.member.as_str())
            .or_default()
            .push((v.day, v.amount));
    }
    for days in out.values_mut() {
        days.sort_unstable();
    }
    out
}

/// The gaps in days between consecutive distinct days of a sorted list of visits.
pub(crate) fn gaps(visits: &[(NaiveDate, Rials)]) -> Vec<i64> {
    let mut days: Vec<NaiveDate> = visits.iter().map(|v| v.0).collect();
    days.dedup();
    days.windows(2).map(|w| (w[1] - w[0]).num_days()).collect()
}

/// Days from `earlier` to `later` (negative if `later` is before).
pub(crate) fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    (later - earlier).num_days()
}

/// Serializes a day as ISO `2026-11-22`.
pub(crate) fn iso_day<S: serde::Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&day.format("%Y-%m-%d"))
}

#[cfg(test)]
pub(crate) mod test_data {
    use super::*;

    pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    /// Day `n` of 2026 (1 = 1 January).
    pub fn d(n: u32) -> NaiveDate {
        NaiveDate::from_yo_opt(2026, n).expect("test day")
    }

    pub fn visit(member: &str, n: u32, amount: Rials) -> Visit {
        Visit {
            member: member.to_string(),
            day: d(n),
            amount,
        }
    }

    pub fn window(from: u32, to: u32) -> Window {
        Window::new(d(from), d(to)).expect("test window")
    }
}

#[cfg(test)]
mod tests {
    use super::test_data::*;
    use super::*;

    #[test]
    fn windows_include_both_ends_and_refuse_reversal() {
        let w = window(10, 20);
        assert!(!w.contains(d(9)));
        assert!(w.contains(d(10)));
        assert!(w.contains(d(20)));
        assert!(!w.contains(d(21)));
        assert_eq!((w.from(), w.to()), (d(10), d(20)));
        assert!(Window::new(d(5), d(5)).is_ok());
        assert_eq!(
            Window::new(d(6), d(5)),
            Err(WindowError::Reversed {
                from: d(6),
                to: d(5)
            })
        );
    }

    #[test]
    fn groups_visits_by_member_in_the_window() {
        let v = [
            visit("b", 12, 3),
            visit("a", 15, 2),
            visit("a", 11, 1),
            visit("a", 9, 9),
            visit("a", 21, 9),
        ];
        let g = by_member(&v, &window(10, 20));
        assert_eq!(g.len(), 2);
        assert_eq!(g["a"], vec![(d(11), 1), (d(15), 2)]);
        assert_eq!(g["b"], vec![(d(12), 3)]);
    }

    #[test]
    fn gaps_are_between_distinct_days() {
        // days 1, 1, 4, 10 → gaps 3, 6
        let v = [(d(1), 0), (d(1), 0), (d(4), 0), (d(10), 0)];
        assert_eq!(gaps(&v), vec![3, 6]);
        assert!(gaps(&v[..2]).is_empty());
        assert_eq!(days_between(d(3), d(1)), -2);
        assert_eq!(day(2026, 1, 3), d(3));
    }
}
