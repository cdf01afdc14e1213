//! The `[offline]` rules: how much credit a till connected to head office may pay out
//! that head office has not acknowledged yet ("offline" = not yet synced). Earning is never
//! limited, and a till never connected to head office has no limits.

use chrono::Duration;

use crate::config::Offline;
use crate::money::Rials;

/// Which `[offline]` rule stopped credit spending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfflineWhy {
    /// `max_offline_hours` has passed since the last sync.
    TooLong { hours: u32 },
    /// `max_redeem_per_member` for today is used up.
    PerMember,
    /// `max_redeem_total` since the last sync is used up.
    Total,
    /// `max_gift_redeem_per_card` since the last sync is used up on this gift card.
    GiftPerCard,
    /// `max_gift_redeem_total` since the last sync is used up.
    GiftTotal,
}

impl OfflineWhy {
    pub fn code(self) -> &'static str {
        match self {
            OfflineWhy::TooLong { .. } => "offline_too_long",
            OfflineWhy::PerMember => "offline_member_limit",
            OfflineWhy::Total => "offline_total_limit",
            OfflineWhy::GiftPerCard => "offline_gift_card_limit",
            OfflineWhy::GiftTotal => "offline_gift_total_limit",
        }
    }
}

/// What the till has paid out in credit that head office has not acknowledged, before the
/// sale being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unsynced {
    /// By this member, today (the sale's day).
    pub member_today: Rials,
    /// By everyone, since the last successful sync.
    pub till: Rials,
}

/// A redemption the rules refused: which rule, and how much credit is still allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub why: OfflineWhy,
    pub allowed: Rials,
}

/// What the till has paid out from gift cards that head office has not acknowledged,
/// before the sale being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GiftUnsynced {
    /// From this card, since the last successful sync.
    pub card: Rials,
    /// From every gift card, since the last successful sync.
    pub till: Rials,
}

/// Whether a sale may redeem `asked` rials of credit. `limits` is `None` when the till
/// has no head office (no limits). `since_sync` is the time since the last successful
/// sync (or since connecting), `None` if unknown; `unsynced` what was paid out before.
pub fn check(
    limits: Option<&Offline>,
    since_sync: Option<Duration>,
    unsynced: Unsynced,
    asked: Rials,
) -> Result<(), Refused> {
    let rules = |l: &Offline| {
        [
            (
                unsynced.member_today,
                l.max_redeem_per_member,
                OfflineWhy::PerMember,
            ),
            (unsynced.till, l.max_redeem_total, OfflineWhy::Total),
        ]
    };
    limited(limits, since_sync, asked, rules)
}

/// Whether a sale may take `asked` rials from a gift card: as [`check`] for credit, with
/// the gift limits (`max_gift_redeem_per_card` on this card, `max_gift_redeem_total` on
/// the till, both since the last sync), so that a copied card cannot be emptied twice
/// while branches are apart.
pub fn check_gift(
    limits: Option<&Offline>,
    since_sync: Option<Duration>,
    unsynced: GiftUnsynced,
    asked: Rials,
) -> Result<(), Refused> {
    let rules = |l: &Offline| {
        [
            (
                unsynced.card,
                l.max_gift_redeem_per_card,
                OfflineWhy::GiftPerCard,
            ),
            (
                unsynced.till,
                l.max_gift_redeem_total,
                OfflineWhy::GiftTotal,
            ),
        ]
    };
    limited(limits, since_sync, asked, rules)
}

/// The rules common to credit and gift cards: none without head office, nothing asked is
/// never limited, too long since the last sync stops all, then each `(paid out before,
/// limit, rule)` in turn.
fn limited(
    limits: Option<&Offline>,
    since_sync: Option<Duration>,
    asked: Rials,
    rules: impl Fn(&Offline) -> [(Rials, Rials, OfflineWhy); 2],
) -> Result<(), Refused> {
    let Some(limits) = limits else {
        return Ok(());
    };
    if asked <= 0 {
        return Ok(());
    }
    if let Some(d) = since_sync
        && d.num_minutes() > i64::from(limits.max_offline_hours) * 60
    {
        return Err(Refused {
            why: OfflineWhy::TooLong {
                hours: limits.max_offline_hours,
            },
            allowed: 0,
        });
    }
    for (before, limit, why) in rules(limits) {
        if before.saturating_add(asked) > limit {
            return Err(Refused {
                why,
                allowed: limit.saturating_sub(before).max(0),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Offline {
        Offline {
            max_redeem_per_member: 500_000,
            max_redeem_total: 2_000_000,
            max_offline_hours: 72,
            max_gift_redeem_total: 3_000_000,
            max_gift_redeem_per_card: 1_000_000,
        }
    }

    fn gift(card: Rials, till: Rials) -> GiftUnsynced {
        GiftUnsynced { card, till }
    }

    #[test]
    fn gift_limits_per_card_then_total() {
        let l = limits();
        assert_eq!(check_gift(None, hours(10_000), gift(9, 9), 1), Ok(()));
        assert_eq!(check_gift(Some(&l), hours(1), gift(0, 0), 0), Ok(()));
        // The credit limits do not apply to gift cards: 600,000 is over the member's.
        assert_eq!(check_gift(Some(&l), hours(1), gift(0, 0), 600_000), Ok(()));
        assert_eq!(
            check_gift(Some(&l), hours(1), gift(400_000, 0), 600_000),
            Ok(())
        );
        assert_eq!(
            check_gift(Some(&l), hours(1), gift(400_001, 0), 600_000),
            Err(Refused {
                why: OfflineWhy::GiftPerCard,
                allowed: 599_999
            })
        );
        assert_eq!(
            check_gift(Some(&l), hours(1), gift(0, 2_400_000), 600_000),
            Ok(())
        );
        assert_eq!(
            check_gift(Some(&l), hours(1), gift(0, 2_400_001), 600_000),
            Err(Refused {
                why: OfflineWhy::GiftTotal,
                allowed: 599_999
            })
        );
        assert_eq!(
            check_gift(Some(&l), hours(1), gift(2_000_000, 4_000_000), 1),
            Err(Refused {
                why: OfflineWhy::GiftPerCard,
                allowed: 0
            })
        );
        assert_eq!(
            check_gift(Some(&l), hours(73), gift(0, 0), 1),
            Err(Refused {
                why: OfflineWhy::TooLong { hours: 72 },
                allowed: 0
            })
        );
        // Gift spending is not credit spending: the credit rules see none of it.
        assert_eq!(check(Some(&l), hours(1), spent(0, 0), 500_000), Ok(()));
    }

    fn spent(member_today: Rials, till: Rials) -> Unsynced {
        Unsynced { member_today, till }
    }

    fn hours(h: i64) -> Option<Duration> {
        Some(Duration::hours(h))
    }

    #[test]
    fn no_head_office_means_no_limits() {
        assert_eq!(
            check(None, hours(10_000), spent(9_000_000_000, 9_000_000_000), 1),
            Ok(())
        );
    }

    #[test]
    fn earning_and_nothing_redeemed_are_never_limited() {
        let l = limits();
        assert_eq!(check(Some(&l), hours(10_000), spent(0, 0), 0), Ok(()));
        assert_eq!(check(Some(&l), hours(10_000), spent(0, 0), -5), Ok(()));
    }

    #[test]
    fn per_member_limit_at_and_one_over() {
        let l = limits();
        // Equal to the limit: allowed.
        assert_eq!(check(Some(&l), hours(1), spent(0, 0), 500_000), Ok(()));
        assert_eq!(
            check(Some(&l), hours(1), spent(300_000, 300_000), 200_000),
            Ok(())
        );
        // One over: refused, with what is still allowed.
        assert_eq!(
            check(Some(&l), hours(1), spent(0, 0), 500_001),
            Err(Refused {
                why: OfflineWhy::PerMember,
                allowed: 500_000
            })
        );
        assert_eq!(
            check(Some(&l), hours(1), spent(300_000, 300_000), 200_001),
            Err(Refused {
                why: OfflineWhy::PerMember,
                allowed: 200_000
            })
        );
        // Already over (the limit was lowered): nothing more, never below zero.
        assert_eq!(
            check(Some(&l), hours(1), spent(600_000, 600_000), 1),
            Err(Refused {
                why: OfflineWhy::PerMember,
                allowed: 0
            })
        );
    }

    #[test]
    fn till_limit_at_and_one_over() {
        let l = limits();
        assert_eq!(
            check(Some(&l), hours(1), spent(0, 1_500_000), 500_000),
            Ok(())
        );
        assert_eq!(
            check(Some(&l), hours(1), spent(0, 1_500_001), 500_000),
            Err(Refused {
                why: OfflineWhy::Total,
                allowed: 499_999
            })
        );
        // The member's rule is checked first.
        assert_eq!(
            check(Some(&l), hours(1), spent(1, 2_000_000), 500_000),
            Err(Refused {
                why: OfflineWhy::PerMember,
                allowed: 499_999
            })
        );
        assert_eq!(
            check(Some(&l), hours(1), spent(0, 2_000_001), 1).map_err(|r| r.allowed),
            Err(0)
        );
    }

    #[test]
    fn exactly_max_offline_hours_still_spends_a_minute_more_does_not() {
        let l = limits();
        assert_eq!(check(Some(&l), hours(72), spent(0, 0), 1), Ok(()));
        // Seconds below a whole minute over are not counted.
        let just = Duration::hours(72) + Duration::seconds(59);
        assert_eq!(check(Some(&l), Some(just), spent(0, 0), 1), Ok(()));
        let over = Duration::hours(72) + Duration::minutes(1);
        assert_eq!(
            check(Some(&l), Some(over), spent(0, 0), 1),
            Err(Refused {
                why: OfflineWhy::TooLong { hours: 72 },
                allowed: 0
            })
        );
        // Even a sale within the amounts; and an unknown time since the last sync is not
        // held against the till.
        assert_eq!(check(Some(&l), None, spent(0, 0), 1), Ok(()));
        assert!(check(Some(&l), hours(73), spent(0, 0), 1).is_err());
        // A sync in the future (a clock set back) is no reason to refuse.
        assert_eq!(check(Some(&l), hours(-5), spent(0, 0), 1), Ok(()));
    }

    #[test]
    fn codes_are_the_contracts() {
        assert_eq!(OfflineWhy::TooLong { hours: 1 }.code(), "offline_too_long");
        assert_eq!(OfflineWhy::PerMember.code(), "offline_member_limit");
        assert_eq!(OfflineWhy::Total.code(), "offline_total_limit");
        assert_eq!(OfflineWhy::GiftPerCard.code(), "offline_gift_card_limit");
        assert_eq!(OfflineWhy::GiftTotal.code(), "offline_gift_total_limit");
    }
}
