//! The words of the till's totals card, of the customer-facing display (the second window
//! the customer reads across the counter) and of the enrolment form's date checks, as an
//! exhaustive `match` over [`Lang`].

use vafa_core::lang::Lang;
use vafa_core::money::Rials;
use vafa_core::sale::CreditFrom;

use crate::names::OfferNames;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum D {
    /// What the cashier takes in cash or by card: the amount less discount and credit.
    CashToCollect,
    /// The customer display's window title.
    DisplayTitle,
    /// The customer display, idle.
    DisplayWelcome,
    DisplayHint,
    /// The customer display while the cashier types the amount.
    DisplayHello,
    ToPay,
    YouEarn,
    YouEarned,
    YourCredit,
    ThankYou,
    /// Settings: the second window for the customer.
    CustomerDisplay,
    CustomerDisplayHint,
    Open,
    CloseIt,
    /// Enrolment: the mobile typed is a member's already; open that member.
    OpenMember,
    /// A blocked card: whose it is, what to do, and the button that opens its owner.
    CardOf,
    BlockedWhatToDo,
    OpenOwner,
    /// Members: blocking a card asks first.
    BlockAsk,
    BlockAskHint,
    BlockYes,
    BlockNo,
    /// A date field: 30 Esfand (29 February) of a common year.
    NotLeapYear,
    /// Where a sale's credit came from: the shop's (or tier's) percent...
    EarnedCashback,
    /// ...and an offer's extra credit, before the offer's name.
    EarnedFromOffer,
}

pub fn dt(lang: Lang, d: D) -> &'static str {
    use Lang::{En, Fa};
    match (d, lang) {
        (D::CashToCollect, Fa) => "دریافتی از مشتری",
        (D::CashToCollect, En) => "Cash to collect",
        (D::DisplayTitle, Fa) => "وفا — نمایشگر مشتری",
        (D::DisplayTitle, En) => "vafa — customer display",
        (D::DisplayWelcome, Fa) => "خوش آمدید",
        (D::DisplayWelcome, En) => "Welcome",
        (D::DisplayHint, Fa) => "کارت باشگاه یا شمارهٔ موبایل خود را به صندوقدار بدهید",
        (D::DisplayHint, En) => "Give the cashier your club card or mobile number",
        (D::DisplayHello, Fa) => "سلام",
        (D::DisplayHello, En) => "Hello",
        (D::ToPay, Fa) => "مبلغ پرداختی",
        (D::ToPay, En) => "To pay",
        (D::YouEarn, Fa) => "اعتباری که می‌گیرید",
        (D::YouEarn, En) => "You earn",
        (D::YouEarned, Fa) => "اعتبار گرفتید",
        (D::YouEarned, En) => "You earned",
        (D::YourCredit, Fa) => "اعتبار شما",
        (D::YourCredit, En) => "Your credit",
        (D::ThankYou, Fa) => "سپاس از خرید شما",
        (D::ThankYou, En) => "Thank you",
        (D::CustomerDisplay, Fa) => "نمایشگر مشتری",
        (D::CustomerDisplay, En) => "Customer display",
        (D::CustomerDisplayHint, Fa) => {
            "پنجره‌ای دوم برای نمایشگری رو به مشتری: مبلغ، اعتبار و آنچه عضو به دست آورد (F11)"
        }
        (D::CustomerDisplayHint, En) => {
            "A second window for a screen facing the customer: the total, credit and what the member earned (F11)"
        }
        (D::Open, Fa) => "باز کردن",
        (D::Open, En) => "Open",
        (D::CloseIt, Fa) => "بستن",
        (D::CloseIt, En) => "Close",
        (D::OpenMember, Fa) => "نمایش این عضو",
        (D::OpenMember, En) => "Open this member",
        (D::CardOf, Fa) => "کارتِ",
        (D::CardOf, En) => "Card of",
        (D::BlockedWhatToDo, Fa) => {
            "با این کارت خریدی ثبت نمی‌شود. عضو را باز کنید و کارت تازه‌ای جایگزین کنید، یا خرید را با موبایل او ثبت کنید."
        }
        (D::BlockedWhatToDo, En) => {
            "No sale is recorded on this card. Open the member and replace the card with a new one, or sell by their mobile number."
        }
        (D::OpenOwner, Fa) => "باز کردن عضو (Enter)",
        (D::OpenOwner, En) => "Open the member (Enter)",
        (D::BlockAsk, Fa) => "این کارت مسدود شود؟",
        (D::BlockAsk, En) => "Block this card?",
        (D::BlockAskHint, Fa) => {
            "با کارت مسدود خریدی ثبت نمی‌شود؛ اعتبار عضو می‌ماند و با کارت تازه یا موبایل خرج می‌شود."
        }
        (D::BlockAskHint, En) => {
            "A blocked card records no sale; the member keeps their credit, spent with a new card or by mobile."
        }
        (D::BlockYes, Fa) => "مسدود کن (Enter)",
        (D::BlockYes, En) => "Block (Enter)",
        (D::BlockNo, Fa) => "انصراف (Esc)",
        (D::BlockNo, En) => "Cancel (Esc)",
        (D::NotLeapYear, Fa) => "آن سال کبیسه نیست؛ اسفندش ۲۹ روز دارد",
        (D::NotLeapYear, En) => "That year is not a leap year (Esfand has 29 days, February 28)",
        (D::EarnedCashback, Fa) => "اعتبار هدیهٔ خرید",
        (D::EarnedCashback, En) => "Cashback",
        (D::EarnedFromOffer, Fa) => "از پیشنهاد",
        (D::EarnedFromOffer, En) => "From the offer",
    }
}

/// The parts of a sale's earned credit, each with its words, when an offer added to the
/// cashback (credit from the cashback alone needs no breakdown): the cashback, then each
/// offer by its name in the shop's language.
pub fn credit_parts(from: &CreditFrom, names: &OfferNames, lang: Lang) -> Vec<(String, Rials)> {
    if from.offers.is_empty() {
        return Vec::new();
    }
    let mut parts = Vec::with_capacity(from.offers.len() + 1);
    if from.cashback > 0 {
        parts.push((dt(lang, D::EarnedCashback).to_string(), from.cashback));
    }
    for o in &from.offers {
        let name = names.get(&o.id, lang);
        parts.push((
            format!("{} {}", dt(lang, D::EarnedFromOffer), name),
            o.credit,
        ));
    }
    parts
}

/// The name the window gives a keyboard-wedge reader (its reads have no reader name).
pub fn keyboard(lang: Lang) -> &'static str {
    match lang {
        Lang::Fa => "صفحه‌کلید",
        Lang::En => "keyboard",
    }
}

/// A card's kind as a reader reports it (`magstripe`, `barcode`...), in words.
pub fn card_kind(lang: Lang, kind: &str) -> &'static str {
    use Lang::{En, Fa};
    match (kind, lang) {
        ("magstripe", Fa) => "کارت نواری",
        ("magstripe", En) => "magnetic stripe",
        ("barcode", Fa) => "بارکد",
        ("barcode", En) => "barcode",
        ("em4100", Fa) => "کارت بی‌تماس ۱۲۵ کیلوهرتز",
        ("em4100", En) => "125 kHz contactless card",
        ("mifare", Fa) => "کارت بی‌تماس مایفر",
        ("mifare", En) => "MIFARE contactless card",
        (_, Fa) => "شمارهٔ تایپ‌شده",
        (_, En) => "typed number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_display_words_have_no_latin_letters() {
        for d in [
            D::CashToCollect,
            D::DisplayWelcome,
            D::DisplayHint,
            D::ToPay,
            D::YouEarn,
            D::YouEarned,
            D::YourCredit,
            D::ThankYou,
            D::CustomerDisplay,
            D::BlockAsk,
            D::BlockAskHint,
            D::NotLeapYear,
            D::CardOf,
            D::BlockedWhatToDo,
            D::OpenMember,
            D::EarnedCashback,
            D::EarnedFromOffer,
        ] {
            assert!(
                !dt(Lang::Fa, d).chars().any(|c| c.is_ascii_alphabetic()),
                "{d:?}"
            );
        }
        for k in ["magstripe", "barcode", "em4100", "mifare", "text"] {
            assert!(
                !card_kind(Lang::Fa, k)
                    .chars()
                    .any(|c| c.is_ascii_alphabetic()),
                "{k}"
            );
        }
    }

    #[test]
    fn credit_parts_name_the_cashback_and_each_offer_only_when_an_offer_added_credit() {
        use vafa_core::offer::model::Name;
        use vafa_core::sale::OfferCredit;
        let names = OfferNames::new([(
            "coffee".to_string(),
            Some(Name::Both {
                fa: "قهوهٔ دوم".into(),
                en: "Second coffee".into(),
            }),
        )]);
        let alone = CreditFrom {
            cashback: 25_000,
            offers: vec![],
        };
        assert!(credit_parts(&alone, &names, Lang::En).is_empty());
        let both = CreditFrom {
            cashback: 25_000,
            offers: vec![OfferCredit {
                id: "coffee".into(),
                credit: 30_000,
            }],
        };
        assert_eq!(
            credit_parts(&both, &names, Lang::En),
            [
                ("Cashback".to_string(), 25_000),
                ("From the offer Second coffee".to_string(), 30_000)
            ]
        );
        let fa = credit_parts(&both, &names, Lang::Fa);
        assert_eq!(fa[1], ("از پیشنهاد قهوهٔ دوم".to_string(), 30_000));
        let offer_only = CreditFrom {
            cashback: 0,
            ..both
        };
        assert_eq!(credit_parts(&offer_only, &names, Lang::En).len(), 1);
    }
}
