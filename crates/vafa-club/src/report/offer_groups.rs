//! `report offers` over a window: each offer's users and its comparison group put
//! together from the visits, for the till and head office alike (the groups and figures
//! are [`super::offers`]).
//!
//! Eligible = every member with a visit in the window (and every user); every group is
//! measured over the same days, from the offer's first use in the window to its end
//! (`after`), and the as many days just before (`before`, the users' own comparison when
//! everyone eligible received it). Offers defined but not used in the window are listed
//! with zeros.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::offers::{Eligible, OfferRow, OfferUse, Period, offer_effect};
use super::{Rials, Visit, Window};

/// One offer's uses in a window: the counts, and each member's first day with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferUses {
    pub offer: OfferUse,
    /// (member id, the day of their first use in the window), by member id.
    pub first_use: Vec<(String, NaiveDate)>,
}

/// One member's uses of one offer in a window, as the storage layer sums them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberUses {
    pub offer: String,
    pub member: String,
    /// The day of their first use in the window.
    pub first: NaiveDate,
    pub uses: u64,
    pub value: Rials,
}

/// Each offer's uses from its members' rows, sorted by offer id then member id. `uses`
/// and `sales_with` are the same count: a sale applies an offer once.
pub fn group_uses(rows: impl IntoIterator<Item = MemberUses>) -> Vec<OfferUses> {
    let mut out: Vec<OfferUses> = Vec::new();
    for u in rows {
        if out.last().map(|o| o.offer.id.as_str()) != Some(u.offer.as_str()) {
            out.push(OfferUses {
                offer: OfferUse {
                    id: u.offer.clone(),
                    uses: 0,
                    reward_value: 0,
                    sales_with: 0,
                },
                first_use: Vec::new(),
            });
        }
        if let Some(o) = out.last_mut() {
            o.offer.uses += u.uses;
            o.offer.sales_with += u.uses;
            o.offer.reward_value = o.offer.reward_value.saturating_add(u.value);
            o.first_use.push((u.member, u.first));
        }
    }
    out
}

/// CONTRACT `offers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OffersReport {
    pub offers: Vec<OfferRow>,
}

fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

/// The days from `a` to `b`, both in (at least 1).
fn span(a: NaiveDate, b: NaiveDate) -> u64 {
    ((b - a).num_days() + 1).max(1) as u64
}

/// The first day whose visits [`offers_report`] needs: as many days before the window as
/// it has.
pub fn earliest_day(w: &Window) -> NaiveDate {
    days_before(w.from(), span(w.from(), w.to()))
}

/// The offers report of `used` (the window's uses, by offer id), over `visits` from
/// [`earliest_day`] to the window's end, listing every id of `defined` too.
pub fn offers_report(
    used: &[OfferUses],
    visits: &[Visit],
    w: &Window,
    defined: &[String],
) -> OffersReport {
    let mut by_member: BTreeMap<&str, Vec<(NaiveDate, Rials)>> = BTreeMap::new();
    for v in visits {
        by_member
            .entry(v.member.as_str())
            .or_default()
            .push((v.day, v.amount));
    }
    let active: BTreeSet<&str> = visits
        .iter()
        .filter(|v| w.contains(v.day))
        .map(|v| v.member.as_str())
        .collect();
    let period = |m: &str, a: NaiveDate, b: NaiveDate| {
        let mut p = Period::default();
        for (d, amount) in by_member.get(m).into_iter().flatten() {
            if a <= *d && *d <= b {
                p.visits += 1;
                p.spend = p.spend.saturating_add(*amount);
            }
        }
        p
    };
    let mut rows: Vec<OfferRow> = Vec::new();
    for o in used {
        let first: BTreeMap<&str, NaiveDate> =
            o.first_use.iter().map(|(m, d)| (m.as_str(), *d)).collect();
        let start = first.values().min().copied().unwrap_or(w.from());
        let n = span(start, w.to());
        let members: BTreeSet<&str> = active
            .iter()
            .copied()
            .chain(first.keys().copied())
            .collect();
        let eligible: Vec<Eligible> = members
            .into_iter()
            .map(|m| Eligible {
                received: first.contains_key(m),
                after: period(m, start, w.to()),
                before: period(m, days_before(start, n), days_before(start, 1)),
            })
            .collect();
        rows.push(offer_effect(&o.offer, &eligible));
    }
    for id in defined {
        if !rows.iter().any(|r| &r.id == id) {
            let unused = OfferUse {
                id: id.clone(),
                uses: 0,
                reward_value: 0,
                sales_with: 0,
            };
            rows.push(offer_effect(&unused, &[]));
        }
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    OffersReport { offers: rows }
}

#[cfg(test)]
mod tests {
    use super::super::test_data::*;
    use super::*;

    #[test]
    fn users_against_the_members_who_did_not_get_it_and_unused_offers_with_zeros() {
        // Window days 11-20; o1 first used by a on day 15: after = 15..20, before = 9..14.
        let v = [
            visit("a", 12, 100),
            visit("a", 15, 300),
            visit("a", 18, 300),
            visit("b", 16, 200),
            visit("c", 5, 999),
        ];
        let used = [OfferUses {
            offer: OfferUse {
                id: "o1".into(),
                uses: 2,
                reward_value: 50,
                sales_with: 2,
            },
            first_use: vec![("a".into(), d(15))],
        }];
        let w = window(11, 20);
        let rows = [
            ("o1", "a", 15, 2, 50),
            ("o2", "a", 12, 1, 7),
            ("o2", "b", 13, 2, 8),
        ];
        let grouped = group_uses(rows.map(|(o, m, day, uses, value)| MemberUses {
            offer: o.into(),
            member: m.into(),
            first: d(day),
            uses,
            value,
        }));
        assert_eq!(grouped[0], used[0]);
        assert_eq!(
            (
                grouped[1].offer.uses,
                grouped[1].offer.sales_with,
                grouped[1].offer.reward_value
            ),
            (3, 3, 15)
        );
        assert_eq!(
            grouped[1].first_use,
            vec![("a".to_string(), d(12)), ("b".to_string(), d(13))]
        );
        assert_eq!(earliest_day(&w), d(1));
        let r = offers_report(&used, &v, &w, &["o0".into(), "o1".into()]);
        let ids: Vec<&str> = r.offers.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["o0", "o1"]);
        let o1 = &r.offers[1];
        assert_eq!((o1.members, o1.uses, o1.reward_value), (1, 2, 50));
        assert_eq!((o1.users.members, o1.users.spend_per_member), (1, 600));
        // c visited only before the window: not eligible; b is the comparison.
        assert_eq!(
            (o1.comparison.members, o1.comparison.spend_per_member),
            (1, 200)
        );
        assert_eq!((r.offers[0].uses, r.offers[0].users.members), (0, 0));
    }
}
