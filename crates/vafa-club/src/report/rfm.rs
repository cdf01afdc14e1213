//! `vafa report rfm`: recency, frequency and monetary quintile scores, and segments.
//!
//! **Scores.** Over the `n` members scored, a member whose value is at least as good as
//! `c` members' values (themselves included) scores `⌈5c / n⌉`. So the scores run 1–5, the
//! best value scores 5, and equal values share the *higher* score (every member of a tie
//! counts the whole tie). Better is: fewer days since the last visit, more visits, more spend.
//!
//! **Segments**, tried in this order, the first that fits wins:
//! 1. `champions`: r ≥ 4 and f ≥ 4
//! 2. `at_risk`: r ≤ 2 and f ≥ 3
//! 3. `loyal`: f ≥ 4
//! 4. `lost`: r = 1 and f ≤ 2
//! 5. `new`: f = 1 and r ≥ 4
//! 6. `others`
//!
//! Only two rules overlap: `champions` and `at_risk` each take a part of `loyal`'s f ≥ 4.
//! Champions come first or none would ever be named; `at_risk` comes before `loyal` because a
//! frequent member who has not come recently is the one to win back, and calling them loyal
//! would hide them. `loyal` is therefore f ≥ 4 with r = 3. (With ties sharing the higher
//! score, `new` needs members with one visit to be at most a fifth of those scored.)

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Rials, Visit, Window, by_member, days_between};

/// One member's activity in the window (the storage layer may keep it as an aggregate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: String,
    pub last_visit: NaiveDate,
    pub visits: u64,
    /// The sum of the member's baskets in rials.
    pub spend: Rials,
}

/// Each member's activity from their visits inside `window`, by member id.
pub fn activity(visits: &[Visit], window: &Window) -> Vec<Activity> {
    by_member(visits, window)
        .into_iter()
        .map(|(id, v)| Activity {
            id: id.to_string(),
            last_visit: v[v.len() - 1].0,
            visits: v.len() as u64,
            spend: v.iter().fold(0i64, |s, x| s.saturating_add(x.1)),
        })
        .collect()
}

/// Quintile scores of `values` (higher is better), in the input order; see the module docs.
pub fn quintile_scores(values: &[i128]) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| values[i]);
    let mut scores = vec![0u8; n];
    let mut start = 0;
    while start < n {
        let mut end = start;
        while end < n && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // `end` members have a value at most this one's: ⌈5 × end / n⌉, in 1..=5.
        let score = (5 * end).div_ceil(n) as u8;
        for &i in &order[start..end] {
            scores[i] = score;
        }
        start = end;
    }
    scores
}

/// An RFM segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Champions,
    AtRisk,
    Loyal,
    Lost,
    New,
    Others,
}

impl Segment {
    /// Every segment, in the order the rules are tried.
    pub const ALL: [Segment; 6] = [
        Segment::Champions,
        Segment::AtRisk,
        Segment::Loyal,
        Segment::Lost,
        Segment::New,
        Segment::Others,
    ];

    /// The contract's name.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::AtRisk => "at_risk",
            Segment::Loyal => "loyal",
            Segment::Lost => "lost",
            Segment::New => "new",
            Segment::Others => "others",
        }
    }

    /// The segment of recency score `r` and frequency score `f`: the first rule that fits.
    pub fn of(r: u8, f: u8) -> Segment {
        if r >= 4 && f >= 4 {
            Segment::Champions
        } else if r <= 2 && f >= 3 {
            Segment::AtRisk
        } else if f >= 4 {
            Segment::Loyal
        } else if r == 1 && f <= 2 {
            Segment::Lost
        } else if f == 1 && r >= 4 {
            Segment::New
        } else {
            Segment::Others
        }
    }
}

/// One scored member (CONTRACT `rfm.members`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scored {
    pub id: String,
    pub recency_days: i64,
    pub frequency: u64,
    pub monetary: Rials,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: Segment,
}

/// CONTRACT `rfm`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rfm {
    /// By member id.
    pub members: Vec<Scored>,
    /// Every segment's name with its count, zeros included.
    pub segments: BTreeMap<&'static str, u64>,
}

/// Scores the members of `activity` as of `as_of` (the window's last day). A last visit
/// after `as_of` counts as 0 days ago.
pub fn rfm(activity: &[Activity], as_of: NaiveDate) -> Rfm {
    let mut rows: Vec<&Activity> = activity.iter().collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    let recency: Vec<i64> = rows
        .iter()
        .map(|a| days_between(a.last_visit, as_of).max(0))
        .collect();
    let r = quintile_scores(&recency.iter().map(|&d| -i128::from(d)).collect::<Vec<_>>());
    let f = quintile_scores(
        &rows
            .iter()
            .map(|a| i128::from(a.visits))
            .collect::<Vec<_>>(),
    );
    let m = quintile_scores(&rows.iter().map(|a| i128::from(a.spend)).collect::<Vec<_>>());
    let mut segments: BTreeMap<&'static str, u64> =
        Segment::ALL.iter().map(|s| (s.name(), 0)).collect();
    let members: Vec<Scored> = rows
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let segment = Segment::of(r[i], f[i]);
            *segments.entry(segment.name()).or_default() += 1;
            Scored {
                id: a.id.clone(),
                recency_days: recency[i],
                frequency: a.visits,
                monetary: a.spend,
                r: r[i],
                f: f[i],
                m: m[i],
                segment,
            }
        })
        .collect();
    Rfm { members, segments }
}

#[cfg(test)]
mod tests {
    use super::super::test_data::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quintiles_by_hand() {
        // n = 5 distinct: c = 1..5 → ⌈5c/5⌉ = c.
        assert_eq!(quintile_scores(&[50, 10, 40, 20, 30]), vec![5, 1, 4, 2, 3]);
        // n = 10 distinct: c = 1..10 → ⌈c/2⌉ = 1 1 2 2 3 3 4 4 5 5.
        let v: Vec<i128> = (1..=10).collect();
        assert_eq!(quintile_scores(&v), vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        // n = 3: c = 1, 2, 3 → ⌈5/3⌉ = 2, ⌈10/3⌉ = 4, 5.
        assert_eq!(quintile_scores(&[7, 8, 9]), vec![2, 4, 5]);
        // Ties share the higher score: [1, 2, 2, 2, 3] → c = 1, 4, 4, 4, 5 → 1, 4, 4, 4, 5.
        assert_eq!(quintile_scores(&[1, 2, 2, 2, 3]), vec![1, 4, 4, 4, 5]);
        // All equal: everyone has c = n → 5; one member alone: 5.
        assert_eq!(quintile_scores(&[3, 3, 3]), vec![5, 5, 5]);
        assert_eq!(quintile_scores(&[-4]), vec![5]);
        assert!(quintile_scores(&[]).is_empty());
        // n = 6: c = 1..6 → ⌈5c/6⌉ = 1 2 3 4 5 5.
        assert_eq!(quintile_scores(&[6, 5, 4, 3, 2, 1]), vec![5, 5, 4, 3, 2, 1]);
    }

    #[test]
    fn segments_at_every_bound_and_overlap() {
        use Segment::*;
        // Each rule at its bounds.
        assert_eq!(Segment::of(4, 4), Champions);
        assert_eq!(Segment::of(5, 5), Champions);
        assert_eq!(Segment::of(3, 4), Loyal); // r 3: not a champion, not at risk
        assert_eq!(Segment::of(4, 3), Others);
        assert_eq!(Segment::of(2, 3), AtRisk);
        assert_eq!(Segment::of(3, 3), Others);
        assert_eq!(Segment::of(2, 2), Others);
        assert_eq!(Segment::of(1, 2), Lost);
        assert_eq!(Segment::of(1, 1), Lost);
        assert_eq!(Segment::of(2, 1), Others);
        assert_eq!(Segment::of(1, 3), AtRisk);
        assert_eq!(Segment::of(4, 1), New);
        assert_eq!(Segment::of(5, 1), New);
        assert_eq!(Segment::of(3, 1), Others);
        assert_eq!(Segment::of(4, 2), Others);
        // The overlaps: at_risk before loyal (r ≤ 2, f ≥ 4).
        assert_eq!(Segment::of(2, 4), AtRisk);
        assert_eq!(Segment::of(1, 5), AtRisk);
        // Every (r, f) gets exactly the first rule of the documented list that fits.
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                let rules: [(Segment, bool); 5] = [
                    (Champions, r >= 4 && f >= 4),
                    (AtRisk, r <= 2 && f >= 3),
                    (Loyal, f >= 4),
                    (Lost, r == 1 && f <= 2),
                    (New, f == 1 && r >= 4),
                ];
                let first = rules.iter().find(|x| x.1).map_or(Others, |x| x.0);
                assert_eq!(Segment::of(r, f), first, "r {r} f {f}");
            }
        }
        let names: Vec<&str> = Segment::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(
            names,
            ["champions", "at_risk", "loyal", "lost", "new", "others"]
        );
    }

    #[test]
    fn rfm_by_hand() {
        // Window 1–100, as of day 100. Five members:
        //   id  visits (day: amount)         recency frequency monetary
        //   a   95: 100, 100: 100             0       2         200
        //   b   10: 500                       90      1         500
        //   c   50, 60, 70, 80: 50 each       20      4         200
        //   d   99: 1,000                     1       1         1,000
        //   e   30: 10, 40: 10, 50: 10        50      3         30
        // recency (better = fewer days): a 0, d 1, c 20, e 50, b 90 → a 5, d 4, c 3, e 2, b 1
        // frequency: b 1, d 1 (tie: c = 2 → ⌈10/5⌉ = 2), a 2 (c = 3 → 3), e 3 (4), c 4 (5)
        // monetary: e 30 (1), a 200 and c 200 (tie, c = 3 → 3), b 500 (4), d 1,000 (5)
        // segments: a r5 f3 → others; b r1 f2 → lost; c r3 f5 → loyal;
        //           d r4 f2 → others; e r2 f4 → at_risk
        let mut v = vec![
            visit("a", 95, 100),
            visit("a", 100, 100),
            visit("b", 10, 500),
        ];
        for n in [50, 60, 70, 80] {
            v.push(visit("c", n, 50));
        }
        v.push(visit("d", 99, 1_000));
        for n in [30, 40, 50] {
            v.push(visit("e", n, 10));
        }
        v.push(visit("z", 101, 10)); // after the window: not scored
        let w = window(1, 100);
        let out = rfm(&activity(&v, &w), w.to());
        type Row<'a> = (&'a str, i64, u64, i64, u8, u8, u8, Segment);
        let got: Vec<Row> = out
            .members
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.recency_days,
                    s.frequency,
                    s.monetary,
                    s.r,
                    s.f,
                    s.m,
                    s.segment,
                )
            })
            .collect();
        use Segment::*;
        assert_eq!(
            got,
            vec![
                ("a", 0, 2, 200, 5, 3, 3, Others),
                ("b", 90, 1, 500, 1, 2, 4, Lost),
                ("c", 20, 4, 200, 3, 5, 3, Loyal),
                ("d", 1, 1, 1_000, 4, 2, 5, Others),
                ("e", 50, 3, 30, 2, 4, 1, AtRisk),
            ]
        );
        let seg: Vec<(&str, u64)> = out.segments.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(
            seg,
            vec![
                ("at_risk", 1),
                ("champions", 0),
                ("lost", 1),
                ("loyal", 1),
                ("new", 0),
                ("others", 2)
            ]
        );
    }

    #[test]
    fn rfm_of_nobody_and_of_a_future_visit() {
        let out = rfm(&[], NaiveDate::MIN);
        assert!(out.members.is_empty());
        assert_eq!(out.segments.values().sum::<u64>(), 0);
        assert_eq!(out.segments.len(), 6);
        let a = Activity {
            id: "a".into(),
            last_visit: d(10),
            visits: 1,
            spend: 5,
        };
        // Alone: 5 on every score; a visit after as_of is 0 days ago.
        let out = rfm(&[a], d(9));
        assert_eq!(out.members[0].recency_days, 0);
        assert_eq!(
            (out.members[0].r, out.members[0].f, out.members[0].m),
            (5, 5, 5)
        );
        assert_eq!(out.members[0].segment, Segment::Champions);
    }

    #[test]
    fn activity_sums_saturate() {
        let v = [visit("a", 1, i64::MAX), visit("a", 2, 1)];
        let a = activity(&v, &window(1, 2));
        assert_eq!(
            (a[0].spend, a[0].visits, a[0].last_visit),
            (i64::MAX, 2, d(2))
        );
    }

    proptest! {
        #[test]
        fn scores_are_the_quintile_definition(values in proptest::collection::vec(-5i128..5, 0..40)) {
            let n = values.len();
            let s = quintile_scores(&values);
            prop_assert_eq!(s.len(), n);
            for i in 0..n {
                let c = values.iter().filter(|&&v| v <= values[i]).count();
                prop_assert_eq!(usize::from(s[i]), (5 * c).div_ceil(n));
                prop_assert!((1..=5).contains(&s[i]));
                for j in 0..n {
                    if values[i] == values[j] {
                        prop_assert_eq!(s[i], s[j]);
                    }
                    if values[i] < values[j] {
                        prop_assert!(s[i] <= s[j]);
                    }
                }
            }
            if let Some(best) = values.iter().max() {
                let i = values.iter().position(|v| v == best).unwrap_or(0);
                prop_assert_eq!(s[i], 5);
            }
        }
    }
}
