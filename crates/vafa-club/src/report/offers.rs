//! `vafa report offers`: an offer's effect on visits and spend against a comparison group,
//! and the deterministic hold-out an offer may reserve.
//!
//! **Groups.** The storage layer gives, for each member eligible for the offer, whether they
//! received it and their visits and spend in two equal periods: `before` and `after` the
//! offer's start (for a user, their first use). Then:
//! 1. *users* are the members who received it, measured `after`;
//! 2. the *comparison* is the eligible members who did not receive it (among them the
//!    hold-out, when the offer keeps one), measured over the same `after` period —
//!    [`Comparison::EligibleNonUsers`];
//! 3. when every eligible member received it, the comparison is the users themselves
//!    `before` — [`Comparison::UsersBefore`].
//!
//! **Figures.** `visits_per_member` = visits / members, toward zero to 2 places;
//! `spend_per_member` = spend / members in rials, toward zero; `uplift_percent` = (users'
//! spend per member / comparison's − 1) × 100, computed exactly from the sums
//! (`(Su × Nc − Sc × Nu) × 100 / (Sc × Nu)`) and rounded toward zero to 2 places; `0.00`
//! when the comparison spent nothing or a group is empty. `too_small` is set when either group
//! has fewer than [`MIN_GROUP`] members: the figures are shown, but conclude nothing.
//!
//! **Hold-out** ([`holdout`]): the stream of [`crate::stream`] with the key
//! `"vafa-holdout-v1" ‖ 0x00 ‖ offer_id ‖ 0x00 ‖ member_id` (UTF-8) gives a bucket
//! `b` in 0..100 by rejection sampling (exactly 1/100 each: no modulo bias); the member is
//! held out when `b < share_percent`. So a 10 % hold-out reserves each member with
//! probability exactly 10/100, independently of other offers, and the same member stays in or
//! out of the same offer on every till.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Rials;
use crate::figures::{MEAN_PLACES, average_rials, ratio};
use crate::stream::Stream;

/// A group smaller than this concludes nothing (`too_small`).
pub const MIN_GROUP: u64 = 30;

/// Visits and spend over one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub visits: u64,
    pub spend: Rials,
}

/// One eligible member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eligible {
    pub received: bool,
    pub before: Period,
    pub after: Period,
}

/// How the comparison group was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    EligibleNonUsers,
    UsersBefore,
}

/// A group's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub members: u64,
    pub visits_per_member: Decimal,
    pub spend_per_member: Rials,
}

/// CONTRACT `offers.offers[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferRow {
    pub id: String,
    pub uses: u64,
    /// Members who received the offer.
    pub members: u64,
    pub reward_value: Rials,
    pub sales_with: u64,
    pub comparison_kind: Comparison,
    pub comparison: Group,
    pub users: Group,
    pub uplift_percent: Decimal,
    pub too_small: bool,
}

/// The counts the storage layer keeps for an offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferUse {
    pub id: String,
    pub uses: u64,
    pub reward_value: Rials,
    pub sales_with: u64,
}

/// The effect of an offer over its eligible members (see the module docs).
pub fn offer_effect(offer: &OfferUse, eligible: &[Eligible]) -> OfferRow {
    let users: Vec<Period> = eligible
        .iter()
        .filter(|e| e.received)
        .map(|e| e.after)
        .collect();
    let others: Vec<Period> = eligible
        .iter()
        .filter(|e| !e.received)
        .map(|e| e.after)
        .collect();
    let (kind, comparison) = if others.is_empty() {
        let before = eligible.iter().filter(|e| e.received).map(|e| e.before);
        (Comparison::UsersBefore, before.collect())
    } else {
        (Comparison::EligibleNonUsers, others)
    };
    let (nu, vu, su) = totals(&users);
    let (nc, vc, sc) = totals(&comparison);
    OfferRow {
        id: offer.id.clone(),
        uses: offer.uses,
        members: nu as u64,
        reward_value: offer.reward_value,
        sales_with: offer.sales_with,
        comparison_kind: kind,
        comparison: group(nc, vc, sc),
        users: group(nu, vu, su),
        // Zero when either group is empty or the comparison spent nothing (ratio's guard).
        // Saturating: exact while the products stay below 2^127, i.e. every shop there is.
        uplift_percent: ratio(
            su.saturating_mul(nc)
                .saturating_sub(sc.saturating_mul(nu))
                .saturating_mul(100),
            sc.saturating_mul(nu),
            MEAN_PLACES,
        ),
        too_small: (nu as u64) < MIN_GROUP || (nc as u64) < MIN_GROUP,
    }
}

/// Members, visits and spend of a group, as `i128` for exact products.
fn totals(g: &[Period]) -> (i128, i128, i128) {
    let visits = g.iter().map(|p| i128::from(p.visits)).sum();
    let spend = g.iter().map(|p| i128::from(p.spend)).sum();
    (g.len() as i128, visits, spend)
}

fn group(members: i128, visits: i128, spend: i128) -> Group {
    Group {
        members: members as u64,
        visits_per_member: ratio(visits, members, MEAN_PLACES),
        spend_per_member: average_rials(spend, members as u64),
    }
}

/// Whether `member_id` is held out of `offer_id` when the offer reserves `share_percent` %
/// of its eligible members (0 keeps nobody out, 100 or more keeps everyone out).
pub fn holdout(offer_id: &str, member_id: &str, share_percent: u8) -> bool {
    let mut key = b"vafa-holdout-v1\0".to_vec();
    key.extend_from_slice(offer_id.as_bytes());
    key.push(0);
    key.extend_from_slice(member_id.as_bytes());
    Stream::new(key).below(100) < u64::from(share_percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(received: bool, before: (u64, Rials), after: (u64, Rials)) -> Eligible {
        Eligible {
            received,
            before: Period {
                visits: before.0,
                spend: before.1,
            },
            after: Period {
                visits: after.0,
                spend: after.1,
            },
        }
    }

    fn offer() -> OfferUse {
        OfferUse {
            id: "yalda".into(),
            uses: 45,
            reward_value: 900_000,
            sales_with: 44,
        }
    }

    #[test]
    fn against_eligible_non_users_by_hand() {
        // 30 users, each 3 visits and 300,000 rials after → 3.00 visits, 300,000 per member.
        // 31 others: 30 with 2 visits and 200,000, one with 1 visit and 100,000:
        //   visits 61 / 31 = 1.9677… → 1.96; spend 6,100,000 / 31 = 196,774.19 → 196,774
        // uplift = (9,000,000 × 31 − 6,100,000 × 30) × 100 / (6,100,000 × 30)
        //        = (279,000,000 − 183,000,000) × 100 / 183,000,000 = 52.459… → 52.45
        let mut e: Vec<Eligible> = (0..30)
            .map(|_| member(true, (1, 1), (3, 300_000)))
            .collect();
        e.extend((0..30).map(|_| member(false, (9, 9), (2, 200_000))));
        e.push(member(false, (9, 9), (1, 100_000)));
        let r = offer_effect(&offer(), &e);
        assert_eq!(r.comparison_kind, Comparison::EligibleNonUsers);
        assert_eq!(
            (
                r.id.as_str(),
                r.uses,
                r.members,
                r.reward_value,
                r.sales_with
            ),
            ("yalda", 45, 30, 900_000, 44)
        );
        assert_eq!(
            r.users,
            Group {
                members: 30,
                visits_per_member: "3.00".parse().expect("dec"),
                spend_per_member: 300_000
            }
        );
        assert_eq!(r.comparison.members, 31);
        assert_eq!(r.comparison.visits_per_member.to_string(), "1.96");
        assert_eq!(r.comparison.spend_per_member, 196_774);
        assert_eq!(r.uplift_percent.to_string(), "52.45");
        // 30 and 31 members: both at least MIN_GROUP.
        assert!(!r.too_small);
    }

    #[test]
    fn against_the_users_before_by_hand() {
        // Everyone eligible received it: 40 users, before 2 visits / 120,000, after
        // 3 visits / 90,000. Comparison = the same 40 before.
        // uplift = (3,600,000 × 40 − 4,800,000 × 40) × 100 / (4,800,000 × 40) = −25.00
        let e: Vec<Eligible> = (0..40)
            .map(|_| member(true, (2, 120_000), (3, 90_000)))
            .collect();
        let r = offer_effect(&offer(), &e);
        assert_eq!(r.comparison_kind, Comparison::UsersBefore);
        assert_eq!(
            (r.comparison.members, r.comparison.spend_per_member),
            (40, 120_000)
        );
        assert_eq!(r.comparison.visits_per_member.to_string(), "2.00");
        assert_eq!((r.users.members, r.users.spend_per_member), (40, 90_000));
        assert_eq!(r.uplift_percent.to_string(), "-25.00");
        assert!(!r.too_small);
    }

    #[test]
    fn uplift_truncates_toward_zero_both_ways() {
        // Users: 30 members at 101 = 3,030. Comparison: 90 members, 60 at 100 and 30 at 101
        // = 9,030 (100.33 per member):
        // uplift = (3,030 × 90 − 9,030 × 30) × 100 / (9,030 × 30) = (272,700 − 270,900) ×
        //          100 / 270,900 = 0.6644… → 0.66
        let mut e: Vec<Eligible> = (0..30).map(|_| member(true, (0, 0), (1, 101))).collect();
        for _ in 0..30 {
            e.push(member(false, (0, 0), (1, 100)));
            e.push(member(false, (0, 0), (1, 100)));
            e.push(member(false, (0, 0), (1, 101)));
        }
        assert_eq!(
            offer_effect(&offer(), &e).uplift_percent.to_string(),
            "0.66"
        );
        // And below: users at 100, comparison 100.33 → (3,000 × 90 − 9,030 × 30) × 100 /
        // 270,900 = (270,000 − 270,900) × 100 / 270,900 = −0.3322… → −0.33
        for x in e.iter_mut().filter(|x| x.received) {
            x.after.spend = 100;
        }
        assert_eq!(
            offer_effect(&offer(), &e).uplift_percent.to_string(),
            "-0.33"
        );
    }

    #[test]
    fn small_groups_are_flagged_at_the_bound() {
        let make = |users: usize, others: usize| {
            let mut e: Vec<Eligible> = (0..users).map(|_| member(true, (1, 10), (1, 10))).collect();
            e.extend((0..others).map(|_| member(false, (1, 10), (1, 10))));
            offer_effect(&offer(), &e).too_small
        };
        assert!(!make(30, 30));
        assert!(make(29, 30));
        assert!(make(30, 29));
        // Comparison = users before: both groups are the same 29.
        assert!(make(29, 0));
        assert!(!make(30, 0));
    }

    #[test]
    fn empty_groups_give_zeros() {
        let r = offer_effect(&offer(), &[]);
        assert_eq!(r.comparison_kind, Comparison::UsersBefore);
        assert_eq!(
            (r.members, r.users.spend_per_member, r.comparison.members),
            (0, 0, 0)
        );
        assert_eq!(r.users.visits_per_member.to_string(), "0.00");
        assert_eq!(r.uplift_percent.to_string(), "0.00");
        assert!(r.too_small);
        // Nobody received it: users empty, uplift 0.
        let r = offer_effect(&offer(), &[member(false, (1, 5), (1, 5))]);
        assert_eq!(r.uplift_percent.to_string(), "0.00");
        assert_eq!(r.comparison.spend_per_member, 5);
        // The comparison spent nothing: uplift 0, never a division by zero.
        let r = offer_effect(
            &offer(),
            &[member(true, (0, 0), (1, 5)), member(false, (1, 0), (1, 0))],
        );
        assert_eq!(r.uplift_percent.to_string(), "0.00");
        assert_eq!(r.users.spend_per_member, 5);
    }

    #[test]
    fn holdout_is_deterministic_and_bounded() {
        assert!(!holdout("o", "m", 0));
        assert!(holdout("o", "m", 100));
        assert!(holdout("o", "m", 255));
        assert_eq!(holdout("o", "m", 37), holdout("o", "m", 37));
        // The bucket of ("o", "m"): held out exactly from the share above the bucket on.
        let bucket = (0..=100u8)
            .find(|&s| holdout("o", "m", s))
            .expect("100 holds everyone");
        assert!((1..=100).contains(&bucket));
        assert!(!holdout("o", "m", bucket - 1));
        // Recomputed by hand from the stream spec: key "vafa-holdout-v1\0o\0m".
        let b = Stream::new(b"vafa-holdout-v1\0o\0m".to_vec()).below(100);
        assert_eq!(u64::from(bucket), b + 1);
    }

    #[test]
    fn holdout_shares_are_close_to_asked() {
        // 10,000 members at 10 %: binomial sd = √(10,000 × 0.1 × 0.9) = 30; expect 1,000 ± 150
        // (5 sd). Fixed ids: the count is fixed, this never flakes.
        let n = (0..10_000)
            .filter(|i| holdout("nowruz", &format!("m{i}"), 10))
            .count();
        assert!((850..=1_150).contains(&n), "{n}");
        // Different offers hold out different members.
        let a: Vec<bool> = (0..200)
            .map(|i| holdout("a", &format!("m{i}"), 50))
            .collect();
        let b: Vec<bool> = (0..200)
            .map(|i| holdout("b", &format!("m{i}"), 50))
            .collect();
        assert_ne!(a, b);
        // The separator matters: ("o7", "x") and ("o", "7x") would both be "o7x" without it.
        let x: Vec<bool> = (0..64)
            .map(|i| holdout(&format!("o{i}"), "x", 50))
            .collect();
        let y: Vec<bool> = (0..64)
            .map(|i| holdout("o", &format!("{i}x"), 50))
            .collect();
        assert_ne!(x, y);
    }
}
