//! The words of gift cards and card kinds: why a gift-card act was refused, and what the
//! offers say of a card's kind. Exhaustive `match`es: nothing without both languages compiles.

use vafa_core::gift::{BlockReason, GiftError, GiftStatus};
use vafa_core::lang::Lang;

use crate::format::{date, list, rials};
use crate::names::card_kind;

/// What a refused gift-card act says, in `lang`.
pub fn gift_error(e: &GiftError, lang: Lang) -> String {
    let fa = lang == Lang::Fa;
    match e {
        GiftError::UnknownGift { card } => {
            if fa {
                format!("کارت هدیهٔ «{card}» پیدا نشد.")
            } else {
                format!("No gift card \"{card}\".")
            }
        }
        GiftError::CardInUse { card } => {
            if fa {
                format!(
                    "شمارهٔ «{card}» از قبل کارت است (کارت یک عضو یا کارت هدیهٔ دیگر)؛ کارت دیگری بدهید."
                )
            } else {
                format!(
                    "\"{card}\" is already a card (a member's or another gift card); use another card."
                )
            }
        }
        GiftError::Blocked { card, reason } => {
            let reason = block_reason(reason, lang);
            if fa {
                format!("کارت هدیهٔ «{card}» مسدود است ({reason})؛ نه خرج می‌شود نه شارژ.")
            } else {
                format!(
                    "Gift card \"{card}\" is blocked ({reason}): it can be neither spent nor loaded."
                )
            }
        }
        GiftError::Expired { card, on } => {
            if fa {
                format!(
                    "اعتبار کارت هدیهٔ «{card}» در {} به پایان رسید؛ مانده‌اش دیگر خرج نمی‌شود.",
                    date(*on, lang)
                )
            } else {
                format!(
                    "Gift card \"{card}\" expired after {}: what it held can no longer be spent.",
                    date(*on, lang)
                )
            }
        }
        GiftError::Empty { card } => {
            if fa {
                format!("کارت هدیهٔ «{card}» خالی است.")
            } else {
                format!("Gift card \"{card}\" is empty.")
            }
        }
        GiftError::OverBalance { card, balance } => {
            if fa {
                format!(
                    "کارت هدیهٔ «{card}» فقط {} دارد؛ بیش از آن خرج نمی‌شود.",
                    rials(*balance, lang)
                )
            } else {
                format!(
                    "Gift card \"{card}\" holds only {}: no more can be spent from it.",
                    rials(*balance, lang)
                )
            }
        }
        GiftError::OverDue { card, due } => {
            if fa {
                format!(
                    "از این خرید فقط {} مانده که با کارت هدیهٔ «{card}» پرداخت شود.",
                    rials(*due, lang)
                )
            } else {
                format!(
                    "Only {} of this sale is left to pay with gift card \"{card}\".",
                    rials(*due, lang)
                )
            }
        }
        GiftError::BadAmount { amount } => {
            if fa {
                format!(
                    "مبلغ کارت هدیه باید بیش از صفر و در سقف مبلغ‌ها باشد (داده‌شده: {}).",
                    rials(*amount, lang)
                )
            } else {
                format!(
                    "A gift card's amount must be above zero and within the largest amount (given: {}).",
                    rials(*amount, lang)
                )
            }
        }
        GiftError::ExpiryInPast { on } => {
            if fa {
                format!("تاریخ انقضای {} گذشته است.", date(*on, lang))
            } else {
                format!("The expiry date {} is in the past.", date(*on, lang))
            }
        }
    }
}

/// Why a gift card is blocked, in `lang`: the staff's words quoted as given, or the card
/// that replaced it.
pub fn block_reason(r: &BlockReason, lang: Lang) -> String {
    match (r, lang) {
        (BlockReason::Given(words), Lang::Fa) => format!("«{words}»"),
        (BlockReason::Given(words), Lang::En) => format!("\"{words}\""),
        (BlockReason::Replaced { by }, Lang::Fa) => format!("با کارت «{by}» جایگزین شد"),
        (BlockReason::Replaced { by }, Lang::En) => format!("replaced by card \"{by}\""),
    }
}

/// A gift card's status in `lang`.
pub fn status(s: GiftStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (GiftStatus::Active, Lang::Fa) => "فعال",
        (GiftStatus::Active, Lang::En) => "active",
        (GiftStatus::Blocked, Lang::Fa) => "مسدود",
        (GiftStatus::Blocked, Lang::En) => "blocked",
        (GiftStatus::Expired, Lang::Fa) => "منقضی",
        (GiftStatus::Expired, Lang::En) => "expired",
        (GiftStatus::Empty, Lang::Fa) => "خالی",
        (GiftStatus::Empty, Lang::En) => "empty",
    }
}

/// An offer's `card_kinds` met: the member holds a card of `kind`.
pub fn holds_card(kind: &str, lang: Lang) -> String {
    match lang {
        Lang::Fa => format!("دارندهٔ کارت {}", card_kind(kind, lang)),
        Lang::En => format!("holds a {} card", card_kind(kind, lang)),
    }
}

/// An offer's `card_kinds` not met.
pub fn only_for_cards(kinds: &[String], lang: Lang) -> String {
    let shown: Vec<String> = kinds.iter().map(|k| card_kind(k, lang)).collect();
    match lang {
        Lang::Fa => format!("فقط برای دارندگان کارت {}", list(&shown, lang)),
        Lang::En => format!("only for holders of a {} card", list(&shown, lang)),
    }
}

/// An offers file's `card_kinds` entry that is not a kind.
pub fn bad_card_kind(k: &str, lang: Lang) -> String {
    match lang {
        Lang::Fa => format!(
            "«{k}» نوع کارت نیست؛ «member»، «gift»، «discount» یا نام یک طرح (حروف و رقم لاتین، «-» یا «_»)"
        ),
        Lang::En => format!(
            "\"{k}\" is not a card kind: member, gift, discount or a design name (letters, digits, - or _)"
        ),
    }
}

/// The words `vafa gift` and `vafa sale` print for gift cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    GiftCard,
    Balance,
    Status,
    Expires,
    Never,
    Member,
    ReplacedBy,
    PaidWithGift,
    PaidInMoney,
    GiftGivenBack,
    /// `vafa gift expire`: the total written off.
    WrittenOff,
}

pub fn word(lang: Lang, w: Word) -> &'static str {
    use Lang::{En, Fa};
    match (w, lang) {
        (Word::GiftCard, Fa) => "کارت هدیه",
        (Word::GiftCard, En) => "Gift card",
        (Word::Balance, Fa) => "موجودی",
        (Word::Balance, En) => "balance",
        (Word::Status, Fa) => "وضعیت",
        (Word::Status, En) => "status",
        (Word::Expires, Fa) => "اعتبار تا",
        (Word::Expires, En) => "expires",
        (Word::Never, Fa) => "همیشه",
        (Word::Never, En) => "never",
        (Word::Member, Fa) => "عضو",
        (Word::Member, En) => "member",
        (Word::ReplacedBy, Fa) => "جایگزین با",
        (Word::ReplacedBy, En) => "replaced by",
        (Word::PaidWithGift, Fa) => "پرداخت با کارت هدیه",
        (Word::PaidWithGift, En) => "paid with gift card",
        (Word::PaidInMoney, Fa) => "پرداخت نقدی",
        (Word::PaidInMoney, En) => "paid in money",
        (Word::GiftGivenBack, Fa) => "برگشت به کارت هدیه",
        (Word::GiftGivenBack, En) => "given back to the gift card",
        (Word::WrittenOff, Fa) => "مانده‌های منقضی‌شده (ثبت شد، پاک نمی‌شود)",
        (Word::WrittenOff, En) => "expired balances written off (kept, never deleted)",
    }
}

/// A history entry's kind in `lang`.
pub fn entry_kind(k: &str, lang: Lang) -> &str {
    use Lang::{En, Fa};
    match (k, lang) {
        ("load", Fa) => "شارژ",
        ("redeem", Fa) => "خرید",
        ("void", Fa) => "ابطال",
        ("expire", Fa) => "انقضا",
        ("transfer", Fa) => "انتقال",
        (other, Fa | En) => other,
    }
}
