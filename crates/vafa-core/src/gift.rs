//! Gift cards and card kinds (CONTRACT "Gift cards and discount cards"), pure.
//!
//! A gift card is stored value on a card, not on a member: its account in the append-only
//! ledger is keyed by the card's number. Its balance is the sum of its entries; loading
//! adds, spending and expiry take away, a void writes the exact reverse, and replacing a
//! lost card moves what it holds to the new card in a pair of entries. Nothing is deleted:
//! what an expiry takes stays in the ledger as breakage.

use chrono::NaiveDate;

use crate::money::{MAX_AMOUNT, Rials};

/// What kind of card a card is: set when it is issued.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CardKind {
    /// A member's card (the default).
    Member,
    /// Stored value, not a member's.
    Gift,
    /// A member's card whose offer gives a standing discount.
    Discount,
    /// A member's card of a design (`vip`, `gold`...).
    Design(String),
}

/// The longest design name.
pub const MAX_KIND_LEN: usize = 32;

impl CardKind {
    pub fn as_str(&self) -> &str {
        match self {
            CardKind::Member => "member",
            CardKind::Gift => "gift",
            CardKind::Discount => "discount",
            CardKind::Design(d) => d,
        }
    }

    /// A kind as given (case aside): `member`, `gift`, `discount`, or a design name of
    /// 1 to [`MAX_KIND_LEN`] ASCII letters, digits, `-` or `_`. `None` otherwise.
    pub fn parse(s: &str) -> Option<CardKind> {
        let s = s.trim().to_ascii_lowercase();
        let ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        match s.as_str() {
            "member" => Some(CardKind::Member),
            "gift" => Some(CardKind::Gift),
            "discount" => Some(CardKind::Discount),
            _ if !s.is_empty() && s.len() <= MAX_KIND_LEN && s.chars().all(ok) => {
                Some(CardKind::Design(s))
            }
            _ => None,
        }
    }

    /// Whether a card of this kind holds stored value (and belongs to no member).
    pub fn is_gift(&self) -> bool {
        *self == CardKind::Gift
    }

    /// Whether this kind is one of `kinds` (an offer's `card_kinds`; case aside).
    pub fn is_in(&self, kinds: &[String]) -> bool {
        kinds
            .iter()
            .any(|k| k.trim().eq_ignore_ascii_case(self.as_str()))
    }
}

/// A gift card's state, as `vafa gift show` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GiftStatus {
    Active,
    Blocked,
    Expired,
    Empty,
}

impl GiftStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GiftStatus::Active => "active",
            GiftStatus::Blocked => "blocked",
            GiftStatus::Expired => "expired",
            GiftStatus::Empty => "empty",
        }
    }
}

/// A gift card's state on the shop's day `today`: blocked before expired before empty. It
/// may be spent through its last day `expires` and has expired the day after.
pub fn status(
    blocked: bool,
    expires: Option<NaiveDate>,
    balance: Rials,
    today: NaiveDate,
) -> GiftStatus {
    if blocked {
        GiftStatus::Blocked
    } else if expires.is_some_and(|e| today > e) {
        GiftStatus::Expired
    } else if balance <= 0 {
        GiftStatus::Empty
    } else {
        GiftStatus::Active
    }
}

/// Why a gift entry was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GiftEntryKind {
    /// Value sold onto the card (its issue or a later load).
    Load,
    /// Value spent on a sale.
    Redeem,
    /// The reverse of a sale's redemption, written by its void.
    Void,
    /// What was left when the card expired (breakage).
    Expire,
    /// Moved to or from a replacement card.
    Transfer,
}

impl GiftEntryKind {
    pub const ALL: [GiftEntryKind; 5] = [
        GiftEntryKind::Load,
        GiftEntryKind::Redeem,
        GiftEntryKind::Void,
        GiftEntryKind::Expire,
        GiftEntryKind::Transfer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GiftEntryKind::Load => "load",
            GiftEntryKind::Redeem => "redeem",
            GiftEntryKind::Void => "void",
            GiftEntryKind::Expire => "expire",
            GiftEntryKind::Transfer => "transfer",
        }
    }

    pub fn parse(s: &str) -> Option<GiftEntryKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether an entry of this kind may carry `amount`: loads add, redemptions and
    /// expiries take away, voids and transfers go either way; never zero.
    pub fn allows(self, amount: Rials) -> bool {
        match self {
            GiftEntryKind::Load => amount > 0,
            GiftEntryKind::Redeem | GiftEntryKind::Expire => amount < 0,
            GiftEntryKind::Void | GiftEntryKind::Transfer => amount != 0,
        }
    }
}

/// Why a gift card is blocked, as data (the words are vafa-text's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockReason {
    /// What the staff gave at `gift block --reason`: their own words, shown as they are.
    Given(String),
    /// Replaced by card `by` (its balance went there).
    Replaced { by: String },
}

impl BlockReason {
    /// The reason a stored card says it is blocked: the staff's words when there are any,
    /// else the card that replaced it; `None` while it is neither.
    pub fn of(reason: Option<&str>, replaced_by: Option<&str>) -> Option<BlockReason> {
        match (reason, replaced_by) {
            (Some(r), _) => Some(BlockReason::Given(r.to_string())),
            (None, Some(by)) => Some(BlockReason::Replaced { by: by.to_string() }),
            (None, None) => None,
        }
    }
}

/// Why a gift card act was refused, as data (the words are vafa-text's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GiftError {
    UnknownGift {
        card: String,
    },
    /// The number is already a member's card (or a gift card, on issue).
    CardInUse {
        card: String,
    },
    Blocked {
        card: String,
        reason: BlockReason,
    },
    Expired {
        card: String,
        on: NaiveDate,
    },
    Empty {
        card: String,
    },
    /// Asked to spend more than the card holds.
    OverBalance {
        card: String,
        balance: Rials,
    },
    /// Asked to spend more than the sale leaves to pay.
    OverDue {
        card: String,
        due: Rials,
    },
    /// A load or a spend of zero or less, or one that would take the card past the
    /// largest amount.
    BadAmount {
        amount: Rials,
    },
    /// An expiry date before today.
    ExpiryInPast {
        on: NaiveDate,
    },
}

impl GiftError {
    pub fn code(&self) -> &'static str {
        match self {
            GiftError::UnknownGift { .. } => "unknown_gift",
            GiftError::CardInUse { .. } => "gift_card_in_use",
            GiftError::Blocked { .. } => "gift_blocked",
            GiftError::Expired { .. } => "gift_expired",
            GiftError::Empty { .. } => "gift_empty",
            GiftError::OverBalance { .. } => "gift_over_balance",
            GiftError::OverDue { .. } => "gift_over_due",
            GiftError::BadAmount { .. } => "gift_bad_amount",
            GiftError::ExpiryInPast { .. } => "gift_expiry_in_past",
        }
    }
}

/// A gift card as its stored row and entries sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftCard {
    pub card: String,
    pub balance: Rials,
    /// Why it was blocked; `None` while not blocked.
    pub blocked: Option<BlockReason>,
    /// The last day it may be spent.
    pub expires: Option<NaiveDate>,
}

impl GiftCard {
    pub fn status(&self, today: NaiveDate) -> GiftStatus {
        status(self.blocked.is_some(), self.expires, self.balance, today)
    }

    /// Refuses a blocked or expired card (either may not be loaded nor spent).
    fn usable(&self, today: NaiveDate) -> Result<(), GiftError> {
        let card = self.card.clone();
        if let Some(reason) = &self.blocked {
            return Err(GiftError::Blocked {
                card,
                reason: reason.clone(),
            });
        }
        match self.status(today) {
            GiftStatus::Expired => Err(GiftError::Expired {
                card,
                on: self.expires.unwrap_or(today),
            }),
            GiftStatus::Blocked | GiftStatus::Empty | GiftStatus::Active => Ok(()),
        }
    }

    /// What an `expire` entry takes off the card on `today`: all it holds once its last
    /// day has passed (blocked or not: it is breakage either way); `None` while it has not
    /// expired or holds nothing.
    pub fn breakage(&self, today: NaiveDate) -> Option<Rials> {
        let expired = self.expires.is_some_and(|e| today > e);
        (expired && self.balance > 0).then_some(self.balance)
    }

    /// Whether `amount` may be loaded onto the card on `today`: an unblocked, unexpired
    /// card, an amount above zero, and a balance that stays within the largest amount.
    pub fn load(&self, amount: Rials, today: NaiveDate) -> Result<(), GiftError> {
        self.usable(today)?;
        if amount <= 0 || self.balance.saturating_add(amount) > MAX_AMOUNT {
            return Err(GiftError::BadAmount { amount });
        }
        Ok(())
    }

    /// How much a sale that leaves `due` rials to pay takes from the card on `today`:
    /// `asked` rials, or (`None`) all it holds up to `due`. Refused when the card is
    /// blocked, expired or empty, or asked for more than it holds or than is due.
    pub fn spend(
        &self,
        asked: Option<Rials>,
        due: Rials,
        today: NaiveDate,
    ) -> Result<Rials, GiftError> {
        self.usable(today)?;
        let card = self.card.clone();
        if self.balance <= 0 {
            return Err(GiftError::Empty { card });
        }
        match asked {
            None => Ok(self.balance.min(due.max(0))),
            Some(a) if a <= 0 => Err(GiftError::BadAmount { amount: a }),
            Some(a) if a > self.balance => Err(GiftError::OverBalance {
                card,
                balance: self.balance,
            }),
            Some(a) if a > due => Err(GiftError::OverDue { card, due }),
            Some(a) => Ok(a),
        }
    }
}

/// Whether a card may be issued with `amount` rials, its last day `expires`, on `today`:
/// an amount above zero and within the largest amount, a last day not before today.
pub fn check_issue(
    amount: Rials,
    expires: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), GiftError> {
    if !(1..=MAX_AMOUNT).contains(&amount) {
        return Err(GiftError::BadAmount { amount });
    }
    match expires {
        Some(on) if on < today => Err(GiftError::ExpiryInPast { on }),
        _ => Ok(()),
    }
}

/// Parses `NUMBER[:RIALS]` (`vafa sale --gift`): the card as given and the amount asked,
/// `None` for all it holds. The amount is parsed by [`crate::money::parse_rials`].
pub fn parse_gift_arg(s: &str) -> Result<(String, Option<Rials>), crate::money::AmountError> {
    match s.rsplit_once(':') {
        Some((card, rials)) => Ok((
            card.trim().to_string(),
            Some(crate::money::parse_rials(rials)?),
        )),
        None => Ok((s.trim().to_string(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn at(d: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid") + chrono::Duration::days(d)
    }

    fn card(balance: Rials, blocked: Option<&str>, expires: Option<i64>) -> GiftCard {
        GiftCard {
            card: "G1".into(),
            balance,
            blocked: blocked.map(|r| BlockReason::Given(r.into())),
            expires: expires.map(at),
        }
    }

    #[test]
    fn kinds_parse_and_print() {
        assert_eq!(CardKind::parse("member"), Some(CardKind::Member));
        assert_eq!(CardKind::parse(" Gift "), Some(CardKind::Gift));
        assert_eq!(CardKind::parse("DISCOUNT"), Some(CardKind::Discount));
        assert_eq!(CardKind::parse("VIP"), Some(CardKind::Design("vip".into())));
        assert_eq!(
            CardKind::parse("gold_2-b"),
            Some(CardKind::Design("gold_2-b".into()))
        );
        let long = "a".repeat(MAX_KIND_LEN);
        assert_eq!(CardKind::parse(&long), Some(CardKind::Design(long.clone())));
        assert_eq!(CardKind::parse(&format!("{long}a")), None);
        assert_eq!(CardKind::parse(""), None);
        assert_eq!(CardKind::parse("  "), None);
        assert_eq!(CardKind::parse("v ip"), None);
        assert_eq!(CardKind::parse("طلایی"), None);
        assert_eq!(CardKind::parse("a.b"), None);
        for k in [
            CardKind::Member,
            CardKind::Gift,
            CardKind::Discount,
            CardKind::Design("vip".into()),
        ] {
            assert_eq!(CardKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(CardKind::Member.as_str(), "member");
        assert_eq!(CardKind::Gift.as_str(), "gift");
        assert_eq!(CardKind::Discount.as_str(), "discount");
        assert_eq!(CardKind::Design("gold".into()).as_str(), "gold");
    }

    #[test]
    fn only_gift_cards_hold_value() {
        assert!(CardKind::Gift.is_gift());
        assert!(!CardKind::Member.is_gift());
        assert!(!CardKind::Discount.is_gift());
        assert!(!CardKind::Design("gift2".into()).is_gift());
    }

    #[test]
    fn kind_in_an_offers_list() {
        let list = vec!["Discount".to_string(), " vip".to_string()];
        assert!(CardKind::Discount.is_in(&list));
        assert!(CardKind::Design("vip".into()).is_in(&list));
        assert!(!CardKind::Member.is_in(&list));
        assert!(!CardKind::Design("gold".into()).is_in(&list));
        assert!(!CardKind::Member.is_in(&[]));
    }

    #[test]
    fn status_blocked_before_expired_before_empty() {
        let now = at(0);
        assert_eq!(status(false, None, 1, now), GiftStatus::Active);
        assert_eq!(status(false, None, 0, now), GiftStatus::Empty);
        assert_eq!(status(false, None, -1, now), GiftStatus::Empty);
        assert_eq!(status(true, Some(at(-5)), 0, now), GiftStatus::Blocked);
        assert_eq!(status(false, Some(at(-5)), 0, now), GiftStatus::Expired);
        // Spent through its last day; expired the day after.
        assert_eq!(status(false, Some(at(0)), 10, now), GiftStatus::Active);
        assert_eq!(status(false, Some(at(-1)), 10, now), GiftStatus::Expired);
        let names: Vec<&str> = [
            GiftStatus::Active,
            GiftStatus::Blocked,
            GiftStatus::Expired,
            GiftStatus::Empty,
        ]
        .iter()
        .map(|s| s.as_str())
        .collect();
        assert_eq!(names, ["active", "blocked", "expired", "empty"]);
    }

    #[test]
    fn entry_kinds_read_back_and_carry_their_signs() {
        let names: Vec<&str> = GiftEntryKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, ["load", "redeem", "void", "expire", "transfer"]);
        for k in GiftEntryKind::ALL {
            assert_eq!(GiftEntryKind::parse(k.as_str()), Some(k));
            assert!(!k.allows(0), "{k:?} of zero");
        }
        assert_eq!(GiftEntryKind::parse("earn"), None);
        assert!(GiftEntryKind::Load.allows(1));
        assert!(!GiftEntryKind::Load.allows(-1));
        for k in [GiftEntryKind::Redeem, GiftEntryKind::Expire] {
            assert!(k.allows(-1));
            assert!(!k.allows(1));
        }
        for k in [GiftEntryKind::Void, GiftEntryKind::Transfer] {
            assert!(k.allows(-1));
            assert!(k.allows(1));
        }
    }

    #[test]
    fn spend_part_or_whole() {
        let now = at(0);
        let c = card(1_000, None, Some(100));
        // All it holds, up to what is due.
        assert_eq!(c.spend(None, 5_000, now), Ok(1_000));
        assert_eq!(c.spend(None, 400, now), Ok(400));
        assert_eq!(c.spend(None, 1_000, now), Ok(1_000));
        assert_eq!(c.spend(None, 0, now), Ok(0));
        assert_eq!(c.spend(None, -3, now), Ok(0));
        // A part, up to the balance and to what is due.
        assert_eq!(c.spend(Some(1), 5_000, now), Ok(1));
        assert_eq!(c.spend(Some(1_000), 1_000, now), Ok(1_000));
        assert_eq!(
            c.spend(Some(1_001), 5_000, now),
            Err(GiftError::OverBalance {
                card: "G1".into(),
                balance: 1_000
            })
        );
        assert_eq!(
            c.spend(Some(600), 599, now),
            Err(GiftError::OverDue {
                card: "G1".into(),
                due: 599
            })
        );
        assert_eq!(
            c.spend(Some(0), 5_000, now),
            Err(GiftError::BadAmount { amount: 0 })
        );
        assert_eq!(
            c.spend(Some(-1), 5_000, now),
            Err(GiftError::BadAmount { amount: -1 })
        );
    }

    #[test]
    fn blocked_expired_and_empty_cards_spend_nothing() {
        let now = at(0);
        assert_eq!(
            card(1_000, Some("lost"), None).spend(None, 10, now),
            Err(GiftError::Blocked {
                card: "G1".into(),
                reason: BlockReason::Given("lost".into())
            })
        );
        assert_eq!(
            card(1_000, None, Some(-1)).spend(None, 10, now),
            Err(GiftError::Expired {
                card: "G1".into(),
                on: at(-1)
            })
        );
        assert_eq!(card(1_000, None, Some(0)).spend(None, 10, now), Ok(10));
        assert_eq!(
            card(0, None, None).spend(None, 10, now),
            Err(GiftError::Empty { card: "G1".into() })
        );
        assert_eq!(
            card(0, None, None).spend(Some(1), 10, now),
            Err(GiftError::Empty { card: "G1".into() })
        );
    }

    #[test]
    fn load_edges() {
        let now = at(0);
        assert_eq!(card(0, None, None).load(1, now), Ok(()));
        assert_eq!(card(5, None, Some(0)).load(1, now), Ok(()));
        assert_eq!(
            card(0, None, None).load(0, now),
            Err(GiftError::BadAmount { amount: 0 })
        );
        assert_eq!(
            card(0, None, None).load(-1, now),
            Err(GiftError::BadAmount { amount: -1 })
        );
        assert_eq!(card(0, None, None).load(MAX_AMOUNT, now), Ok(()));
        assert_eq!(
            card(1, None, None).load(MAX_AMOUNT, now),
            Err(GiftError::BadAmount { amount: MAX_AMOUNT })
        );
        assert_eq!(card(1, None, None).load(MAX_AMOUNT - 1, now), Ok(()));
        assert!(matches!(
            card(0, Some("stolen"), None).load(100, now),
            Err(GiftError::Blocked { .. })
        ));
        assert!(matches!(
            card(0, None, Some(-1)).load(100, now),
            Err(GiftError::Expired { .. })
        ));
    }

    #[test]
    fn a_block_reason_is_the_staff_words_else_the_replacement() {
        let given = || Some(BlockReason::Given("lost".into()));
        assert_eq!(BlockReason::of(Some("lost"), None), given());
        assert_eq!(BlockReason::of(Some("lost"), Some("G2")), given());
        assert_eq!(
            BlockReason::of(None, Some("G2")),
            Some(BlockReason::Replaced { by: "G2".into() })
        );
        assert_eq!(BlockReason::of(None, None), None);
        let replaced = card(5, None, None);
        let replaced = GiftCard {
            blocked: BlockReason::of(None, Some("G2")),
            ..replaced
        };
        assert_eq!(
            replaced.load(1, at(0)),
            Err(GiftError::Blocked {
                card: "G1".into(),
                reason: BlockReason::Replaced { by: "G2".into() }
            })
        );
    }

    #[test]
    fn breakage_is_what_an_expired_card_holds_from_the_day_after_its_last() {
        // Its last day (day 0) it is spent, not written off; the day after, all of it.
        assert_eq!(card(700, None, Some(0)).breakage(at(0)), None);
        assert_eq!(card(700, None, Some(0)).breakage(at(1)), Some(700));
        assert_eq!(card(700, None, Some(-30)).breakage(at(0)), Some(700));
        // Blocked or not; nothing held, nothing written; no expiry, never.
        assert_eq!(card(700, Some("lost"), Some(-1)).breakage(at(0)), Some(700));
        assert_eq!(card(0, None, Some(-1)).breakage(at(0)), None);
        assert_eq!(card(-5, None, Some(-1)).breakage(at(0)), None);
        assert_eq!(card(1, None, Some(-1)).breakage(at(0)), Some(1));
        assert_eq!(card(700, None, None).breakage(at(400)), None);
    }

    #[test]
    fn codes_are_stable() {
        let c = || "G".to_string();
        let codes: Vec<&str> = [
            GiftError::UnknownGift { card: c() },
            GiftError::CardInUse { card: c() },
            GiftError::Blocked {
                card: c(),
                reason: BlockReason::Given(String::new()),
            },
            GiftError::Expired {
                card: c(),
                on: at(0),
            },
            GiftError::Empty { card: c() },
            GiftError::OverBalance {
                card: c(),
                balance: 0,
            },
            GiftError::OverDue { card: c(), due: 0 },
            GiftError::BadAmount { amount: 0 },
            GiftError::ExpiryInPast { on: at(0) },
        ]
        .iter()
        .map(GiftError::code)
        .collect();
        assert_eq!(
            codes,
            [
                "unknown_gift",
                "gift_card_in_use",
                "gift_blocked",
                "gift_expired",
                "gift_empty",
                "gift_over_balance",
                "gift_over_due",
                "gift_bad_amount",
                "gift_expiry_in_past"
            ]
        );
    }

    #[test]
    fn issue_edges() {
        let now = at(0);
        assert_eq!(check_issue(1, None, now), Ok(()));
        assert_eq!(check_issue(MAX_AMOUNT, Some(at(0)), now), Ok(()));
        assert_eq!(
            check_issue(MAX_AMOUNT + 1, None, now),
            Err(GiftError::BadAmount {
                amount: MAX_AMOUNT + 1
            })
        );
        assert_eq!(
            check_issue(0, None, now),
            Err(GiftError::BadAmount { amount: 0 })
        );
        assert_eq!(
            check_issue(5, Some(at(-1)), now),
            Err(GiftError::ExpiryInPast { on: at(-1) })
        );
    }

    #[test]
    fn a_gift_refusal_is_an_error_with_its_code() {
        let e: crate::error::Error = GiftError::Empty { card: "G".into() }.into();
        assert_eq!(e.code(), "gift_empty");
        assert_eq!(
            e,
            crate::error::Error::Gift(GiftError::Empty { card: "G".into() })
        );
    }

    #[test]
    fn gift_argument() {
        assert_eq!(parse_gift_arg("G-100"), Ok(("G-100".into(), None)));
        assert_eq!(
            parse_gift_arg(" G-100:250000"),
            Ok(("G-100".into(), Some(250_000)))
        );
        assert_eq!(parse_gift_arg("G:۲۵۰۰۰۰"), Ok(("G".into(), Some(250_000))));
        assert!(parse_gift_arg("G:abc").is_err());
    }
}
