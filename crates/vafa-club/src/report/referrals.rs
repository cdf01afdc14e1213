//! `vafa report referrals`: who brought whom, and what the members they brought spent.
//!
//! A referrer counts the members they brought who **enrolled inside the window**; their
//! `referred_spend` is what those members spent (their baskets) on the window's days.
//! Referrers are sorted by members brought, then spend, highest first, then by id; a member
//! who brought nobody in the window is not listed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Rials, Window};

/// A member someone brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referred {
    pub id: String,
    pub referrer: String,
    pub enrolled: NaiveDate,
    /// Their baskets on the window's days.
    pub spend: Rials,
}

/// CONTRACT `referrals.referrers[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referrer {
    pub id: String,
    pub referred: u64,
    pub referred_spend: Rials,
}

/// CONTRACT `referrals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referrals {
    pub referrers: Vec<Referrer>,
    /// Members brought in the window, by anyone.
    pub referred: u64,
}

/// The referrals of `referred` over `window` (see the module docs).
pub fn referrals(referred: &[Referred], window: &Window) -> Referrals {
    let mut by: BTreeMap<&str, (u64, Rials)> = BTreeMap::new();
    let mut total = 0;
    for r in referred.iter().filter(|r| window.contains(r.enrolled)) {
        let e = by.entry(r.referrer.as_str()).or_default();
        e.0 += 1;
        e.1 = e.1.saturating_add(r.spend);
        total += 1;
    }
    let mut referrers: Vec<Referrer> = by
        .into_iter()
        .map(|(id, (n, spend))| Referrer {
            id: id.to_string(),
            referred: n,
            referred_spend: spend,
        })
        .collect();
    referrers.sort_by(|a, b| {
        b.referred
            .cmp(&a.referred)
            .then(b.referred_spend.cmp(&a.referred_spend))
            .then_with(|| a.id.cmp(&b.id))
    });
    Referrals {
        referrers,
        referred: total,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_data::*;
    use super::*;

    fn r(id: &str, by: &str, enrolled: u32, spend: Rials) -> Referred {
        Referred {
            id: id.into(),
            referrer: by.into(),
            enrolled: d(enrolled),
            spend,
        }
    }

    #[test]
    fn counts_those_brought_in_the_window() {
        // Window 10–20. a brought x (day 10, 500) and y (day 20, 100); b brought z (day 15,
        // 900) and w before the window (day 9: not counted); c brought v after it (day 21).
        let list = [
            r("x", "a", 10, 500),
            r("y", "a", 20, 100),
            r("z", "b", 15, 900),
            r("w", "b", 9, 5_000),
            r("v", "c", 21, 5_000),
        ];
        let got = referrals(&list, &window(10, 20));
        assert_eq!(got.referred, 3);
        assert_eq!(
            got.referrers,
            vec![
                Referrer {
                    id: "a".into(),
                    referred: 2,
                    referred_spend: 600
                },
                Referrer {
                    id: "b".into(),
                    referred: 1,
                    referred_spend: 900
                },
            ]
        );
    }

    #[test]
    fn ties_by_spend_then_id_and_none_is_empty() {
        let list = [r("x", "b", 10, 1), r("y", "a", 10, 1), r("z", "c", 10, 2)];
        let ids: Vec<String> = referrals(&list, &window(1, 30))
            .referrers
            .into_iter()
            .map(|x| x.id)
            .collect();
        assert_eq!(ids, ["c", "a", "b"]);
        assert!(referrals(&[], &window(1, 30)).referrers.is_empty());
    }
}
