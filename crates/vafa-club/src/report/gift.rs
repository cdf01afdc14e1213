//! The gift-card part of `vafa report liability`: what was issued, redeemed and expired
//! each month, and the balances outstanding aged by their card's last use. Plain functions
//! over the gift ledger's entries, so that the till and head office count alike.
//!
//! A month is the calendar month of an entry's local day (`YYYY-MM`). `issued` is what was
//! loaded (a card's issue and every load); `redeemed` what sales took, less what voids gave
//! back that month; `expired` what `expire` entries wrote off (breakage, kept). Transfers
//! (a replacement) move value between cards and count nowhere.
//!
//! Aging: each card that holds value and has not expired as of the day counts in the band
//! of the days since its last use (its last load, sale or void; a transfer is not a use,
//! so a replaced card's value ages from the old card's last use). Bands: 0–30, 31–90,
//! 91–180, 181–365 days and over 365 (`to_days` `None`). Sums saturate.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::Rials;

/// Why a gift entry was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    Load,
    Redeem,
    Void,
    Expire,
    Transfer,
}

impl MoveKind {
    /// The stored kind; `None` for one this version does not know.
    pub fn parse(s: &str) -> Option<MoveKind> {
        Some(match s {
            "load" => MoveKind::Load,
            "redeem" => MoveKind::Redeem,
            "void" => MoveKind::Void,
            "expire" => MoveKind::Expire,
            "transfer" => MoveKind::Transfer,
            _ => return None,
        })
    }
}

/// One gift ledger entry: its local day, kind and signed amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub day: NaiveDate,
    pub kind: MoveKind,
    pub amount: Rials,
}

/// One month of gift cards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Month {
    /// `YYYY-MM` (the Gregorian month of the local day).
    pub month: String,
    pub issued: Rials,
    pub redeemed: Rials,
    pub expired: Rials,
}

/// A card that holds value: what, its last use, its last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub balance: Rials,
    pub last_use: NaiveDate,
    pub expires: Option<NaiveDate>,
}

/// The cards outstanding whose last use was `from_days` to `to_days` days ago.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Aging {
    pub from_days: i64,
    /// `None`: and longer.
    pub to_days: Option<i64>,
    pub cards: i64,
    pub balance: Rials,
}

/// The gift-card detail of the liability report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GiftLiability {
    /// Oldest month first; only months with entries.
    pub months: Vec<Month>,
    pub aging: Vec<Aging>,
    /// Every expired balance written off so far.
    pub breakage: Rials,
}

const BANDS: [(i64, Option<i64>); 5] = [
    (0, Some(30)),
    (31, Some(90)),
    (91, Some(180)),
    (181, Some(365)),
    (366, None),
];

/// Issued, redeemed and expired per month.
pub fn months(moves: &[Move]) -> Vec<Month> {
    let mut out: std::collections::BTreeMap<(i32, u32), Month> = Default::default();
    for m in moves {
        let e = out.entry((m.day.year(), m.day.month())).or_default();
        match m.kind {
            MoveKind::Load => e.issued = e.issued.saturating_add(m.amount),
            // A redemption is negative, its void the same amount back.
            MoveKind::Redeem | MoveKind::Void => e.redeemed = e.redeemed.saturating_sub(m.amount),
            MoveKind::Expire => e.expired = e.expired.saturating_sub(m.amount),
            MoveKind::Transfer => {}
        }
    }
    out.into_iter()
        .map(|((y, mo), m)| Month {
            month: format!("{y:04}-{mo:02}"),
            ..m
        })
        .collect()
}

/// The balances outstanding as of `as_of`, by the days since each card's last use.
pub fn aging(cards: &[Holding], as_of: NaiveDate) -> Vec<Aging> {
    let mut out: Vec<Aging> = BANDS
        .iter()
        .map(|&(from_days, to_days)| Aging {
            from_days,
            to_days,
            cards: 0,
            balance: 0,
        })
        .collect();
    for c in cards {
        if c.balance <= 0 || c.expires.is_some_and(|e| e < as_of) {
            continue;
        }
        let days = (as_of - c.last_use).num_days().max(0);
        if let Some(b) = out
            .iter_mut()
            .find(|b| days >= b.from_days && b.to_days.is_none_or(|t| days <= t))
        {
            b.cards += 1;
            b.balance = b.balance.saturating_add(c.balance);
        }
    }
    out
}

/// The whole gift detail: months, aging and the breakage written off.
pub fn gift_liability(moves: &[Move], cards: &[Holding], as_of: NaiveDate) -> GiftLiability {
    let months = months(moves);
    let breakage = months
        .iter()
        .fold(0i64, |acc, m| acc.saturating_add(m.expired));
    GiftLiability {
        months,
        aging: aging(cards, as_of),
        breakage,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_data::*;
    use super::*;

    fn mv(day: NaiveDate, kind: MoveKind, amount: Rials) -> Move {
        Move { day, kind, amount }
    }

    #[test]
    fn kinds_parse() {
        for (s, k) in [
            ("load", MoveKind::Load),
            ("redeem", MoveKind::Redeem),
            ("void", MoveKind::Void),
            ("expire", MoveKind::Expire),
            ("transfer", MoveKind::Transfer),
        ] {
            assert_eq!(MoveKind::parse(s), Some(k));
        }
        assert_eq!(MoveKind::parse("gift"), None);
    }

    #[test]
    fn months_by_hand() {
        use MoveKind::*;
        // November: issued 1,000,000 + 200,000; redeemed 300,000 − 100,000 (a void);
        // a transfer pair counts nowhere. December: 700,000 expired; January: a load.
        let moves = [
            mv(day(2026, 11, 1), Load, 1_000_000),
            mv(day(2026, 11, 30), Load, 200_000),
            mv(day(2026, 11, 2), Redeem, -300_000),
            mv(day(2026, 11, 3), Void, 100_000),
            mv(day(2026, 11, 4), Transfer, -50_000),
            mv(day(2026, 11, 4), Transfer, 50_000),
            mv(day(2026, 12, 1), Expire, -700_000),
            mv(day(2027, 1, 1), Load, 5),
        ];
        let g = gift_liability(&moves, &[], day(2027, 1, 2));
        let want = |month: &str, issued, redeemed, expired| Month {
            month: month.into(),
            issued,
            redeemed,
            expired,
        };
        assert_eq!(
            g.months,
            [
                want("2026-11", 1_200_000, 200_000, 0),
                want("2026-12", 0, 0, 700_000),
                want("2027-01", 5, 0, 0),
            ]
        );
        assert_eq!(g.breakage, 700_000);
        assert!(months(&[]).is_empty());
    }

    #[test]
    fn aging_bands_by_last_use_at_their_edges() {
        let as_of = day(2026, 12, 31);
        let held = |balance, ago: i64, expires: Option<NaiveDate>| Holding {
            balance,
            last_use: as_of - chrono::Duration::days(ago),
            expires,
        };
        let cards = [
            held(1, 0, None),
            held(2, 30, None),
            held(4, 31, None),
            held(8, 90, None),
            held(16, 91, None),
            held(32, 180, None),
            held(64, 181, None),
            held(128, 365, None),
            held(256, 366, None),
            held(512, 2_000, Some(as_of)),
            // Expired yesterday, empty, negative: owed nothing.
            held(1_024, 5, Some(as_of - chrono::Duration::days(1))),
            held(0, 5, None),
            held(-3, 5, None),
            // A last use after the day counts as today.
            held(2_048, -3, None),
        ];
        let got: Vec<(i64, Option<i64>, i64, Rials)> = aging(&cards, as_of)
            .into_iter()
            .map(|a| (a.from_days, a.to_days, a.cards, a.balance))
            .collect();
        assert_eq!(
            got,
            [
                (0, Some(30), 3, 1 + 2 + 2_048),
                (31, Some(90), 2, 4 + 8),
                (91, Some(180), 2, 16 + 32),
                (181, Some(365), 2, 64 + 128),
                (366, None, 2, 256 + 512),
            ]
        );
    }

    #[test]
    fn sums_saturate() {
        let moves = [
            mv(day(2026, 1, 1), MoveKind::Load, i64::MAX),
            mv(day(2026, 1, 2), MoveKind::Load, 1),
        ];
        assert_eq!(months(&moves)[0].issued, i64::MAX);
        let h = |balance| Holding {
            balance,
            last_use: day(2026, 1, 1),
            expires: None,
        };
        assert_eq!(
            aging(&[h(i64::MAX), h(1)], day(2026, 1, 1))[0].balance,
            i64::MAX
        );
    }
}
