//! The words of the membership rule (`[membership] min_purchase`, SPEC R2): the settings
//! line, the result screen's offer to enrol, and the reason on the guest sale's void.

use vafa_core::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// Settings: the field's label.
    MinPurchase,
    /// Settings: under the field.
    MinPurchaseHint,
    /// Settings: the button.
    SaveMinPurchase,
    /// The result of a guest sale that reached it.
    OfferEnrol,
    /// Its button.
    EnrolForSale,
    /// After enrolling: the sale is counted for the new member.
    Counted,
}

pub fn word(lang: Lang, w: Word) -> &'static str {
    use Word::*;
    match w {
        MinPurchase => lang.pick("حداقل خرید برای عضویت", "Purchase needed to join"),
        MinPurchaseHint => lang.pick(
            "۰ یعنی عضویت اختیاری است؛ وگرنه خرید مهمانی که به این مبلغ برسد پیشنهاد عضویت می‌گیرد و همان خرید به حساب عضو تازه می‌رود.",
            "0: membership is voluntary. Otherwise a guest sale of this much offers enrolment, and that sale counts for the new member.",
        ),
        SaveMinPurchase => lang.pick("ذخیرهٔ حداقل خرید", "Save the purchase needed"),
        OfferEnrol => lang.pick(
            "این خرید به حداقل خرید عضویت رسید: مشتری می‌تواند عضو شود و همین خرید به حسابش برود.",
            "This purchase reaches the amount to join: the customer can enrol and this sale counts for them.",
        ),
        EnrolForSale => lang.pick("عضویت با همین خرید (F9)", "Enrol with this sale (F9)"),
        Counted => lang.pick(
            "خرید پیش از عضویت به حساب عضو تازه رفت.",
            "The sale before joining now counts for the new member.",
        ),
    }
}

/// The reason on the void of a guest sale counted for a new member (stored, and shown on
/// void lists and at head office).
pub fn counted_for_member(lang: Lang) -> &'static str {
    lang.pick(
        "به حساب عضو تازه رفت (حداقل خرید عضویت)",
        "counted for the new member (membership minimum)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages() {
        use Word::*;
        for w in [
            MinPurchase,
            MinPurchaseHint,
            SaveMinPurchase,
            OfferEnrol,
            EnrolForSale,
            Counted,
        ] {
            let fa = word(Lang::Fa, w).replace("F9", "");
            assert!(!fa.chars().any(|c| c.is_ascii_alphabetic()), "{w:?}");
            assert!(word(Lang::En, w).is_ascii(), "{w:?}");
        }
        assert!(counted_for_member(Lang::En).is_ascii());
    }
}
