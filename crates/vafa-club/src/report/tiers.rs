//! Members close to the next tier (`vafa suggest`): a tier is reached by points earned in the
//! shop's rolling tier window; a member is *close* when their points are below the next
//! tier's threshold but at least [`NEAR_TIER_PERCENT`] % of it.

use serde::Serialize;

/// How close (in % of the next tier's `min_points`) a member must be to be suggested.
pub const NEAR_TIER_PERCENT: i64 = 80;

/// A member short of the next tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NearTier {
    pub member: String,
    /// Points earned in the tier window.
    pub points: i64,
    /// Points still missing: the next tier's `min_points` − `points` (at least 1).
    pub short: i64,
}

/// The members close to each tier, grouped by tier: `(tier, min_points, members)` in the
/// order of `tiers` sorted by threshold, members with the fewest points missing first (then
/// by id). A member's next tier is the lowest whose threshold is above their points; tiers
/// with a threshold of 0 or less are reached by everyone and never suggested. `points` are
/// (member, points in the window); `tiers` are (name, min_points).
pub fn near_next_tier(
    points: &[(String, i64)],
    tiers: &[(String, i64)],
) -> Vec<(String, i64, Vec<NearTier>)> {
    let mut sorted: Vec<&(String, i64)> = tiers.iter().filter(|(_, m)| *m > 0).collect();
    sorted.sort_by_key(|(name, m)| (*m, name.clone()));
    let mut out: Vec<(String, i64, Vec<NearTier>)> = sorted
        .iter()
        .map(|(name, m)| (name.clone(), *m, Vec::new()))
        .collect();
    for (member, p) in points {
        let Some(i) = out.iter().position(|(_, m, _)| *m > *p) else {
            continue;
        };
        let min = out[i].1;
        // p ≥ min × share / 100, exactly in integers.
        if i128::from(*p) * 100 >= i128::from(min) * i128::from(NEAR_TIER_PERCENT) {
            out[i].2.push(NearTier {
                member: member.clone(),
                points: *p,
                short: min - p,
            });
        }
    }
    for (_, _, members) in &mut out {
        members.sort_by(|a, b| (a.short, &a.member).cmp(&(b.short, &b.member)));
    }
    out.retain(|(_, _, m)| !m.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[(&str, i64)]) -> Vec<(String, i64)> {
        v.iter().map(|(a, b)| (a.to_string(), *b)).collect()
    }

    #[test]
    fn close_means_at_least_eighty_percent_of_the_next_threshold() {
        let tiers = pts(&[("gold", 500), ("silver", 100), ("free", 0)]);
        let points = pts(&[
            ("a", 79),  // below 80 % of silver
            ("b", 80),  // exactly 80 %: close to silver, 20 short
            ("c", 99),  // 1 short of silver
            ("d", 100), // silver reached; 400 is below 80 % of gold
            ("e", 399),
            ("f", 400), // exactly 80 % of gold
            ("g", 499),
            ("h", 500), // gold: nothing above
            ("i", 9000),
        ]);
        let got = near_next_tier(&points, &tiers);
        let near = |m: &str, p: i64, s: i64| NearTier {
            member: m.into(),
            points: p,
            short: s,
        };
        assert_eq!(
            got,
            vec![
                (
                    "silver".into(),
                    100,
                    vec![near("c", 99, 1), near("b", 80, 20)]
                ),
                (
                    "gold".into(),
                    500,
                    vec![near("g", 499, 1), near("f", 400, 100)]
                ),
            ]
        );
    }

    #[test]
    fn ties_by_member_and_nothing_without_tiers() {
        let tiers = pts(&[("silver", 10)]);
        let got = near_next_tier(&pts(&[("z", 9), ("a", 9), ("m", 8)]), &tiers);
        let ids: Vec<&str> = got[0].2.iter().map(|n| n.member.as_str()).collect();
        assert_eq!(ids, ["a", "z", "m"]);
        assert!(near_next_tier(&pts(&[("a", 9)]), &[]).is_empty());
        assert!(near_next_tier(&[], &tiers).is_empty());
        // A negative balance is never close.
        assert!(near_next_tier(&pts(&[("a", -9)]), &tiers).is_empty());
    }
}
