//! The words of the offer form in the window (each condition, reward and limit of an
//! offer as CONTRACT.md's "Offers" lists them) and an offer's rules in words for the
//! offer list: names in the reader's language, never the file's ids.

use vafa_core::lang::Lang;
use vafa_core::offer::Offer;

use crate::format::{Unit, digits, money, num};
use crate::names;

/// Each field of the form: its key in the offer file (`section.key`) and its label.
pub const FIELDS: &[(&str, &str, &str)] = &[
    (
        "id",
        "شناسه (لاتین، بدون فاصله)",
        "Id (latin letters, no spaces)",
    ),
    ("name.fa", "نام فارسی", "Persian name"),
    ("name.en", "نام انگلیسی", "English name"),
    ("valid_from", "از تاریخ", "From"),
    ("valid_to", "تا تاریخ", "To"),
    (
        "when.min_visits",
        "دست‌کم این تعداد خرید پیشین",
        "At least this many visits before",
    ),
    (
        "when.max_visits",
        "حداکثر این تعداد خرید پیشین",
        "At most this many visits before",
    ),
    (
        "when.max_days_since_last_visit",
        "حداکثر روز از خرید قبلی",
        "At most days since the last visit",
    ),
    (
        "when.min_amount",
        "دست‌کم مبلغ خرید",
        "At least this purchase",
    ),
    (
        "when.max_amount",
        "حداکثر مبلغ خرید",
        "At most this purchase",
    ),
    (
        "when.birthday_within_days",
        "تا این چند روز از تولد",
        "Within days of the birthday",
    ),
    (
        "when.anniversary_within_days",
        "تا این چند روز از سالگرد",
        "Within days of the anniversary",
    ),
    ("when.tiers", "فقط برای سطح", "Only for the tier"),
    ("when.groups", "فقط برای گروه", "Only for the group"),
    (
        "when.categories",
        "دسته‌ای از این‌ها در سبد",
        "One of these categories in the basket",
    ),
    (
        "when.skus",
        "کالایی از این‌ها در سبد",
        "One of these items in the basket",
    ),
    ("when.weekdays", "روزهای هفته", "Weekdays"),
    ("when.hours", "ساعت‌ها (۱۴:۰۰-۱۷:۰۰)", "Hours (14:00-17:00)"),
    ("when.occasions", "مناسبت‌ها", "Occasions"),
    (
        "when.first_visits",
        "در این چند خرید نخست",
        "Within the first visits",
    ),
    ("when.every_nth_visit", "هر چندمین خرید", "Every nth visit"),
    ("when.branches", "فقط در شعبه", "Only at the branch"),
    (
        "when.referred",
        "فقط معرفی‌شده‌ها",
        "Only members introduced by another",
    ),
    (
        "reward.extra_credit_percent",
        "اعتبار اضافه (درصد)",
        "Extra credit (percent)",
    ),
    (
        "reward.extra_credit",
        "اعتبار اضافه (مبلغ)",
        "Extra credit (amount)",
    ),
    (
        "reward.discount_percent",
        "تخفیف (درصد)",
        "Discount (percent)",
    ),
    ("reward.discount", "تخفیف (مبلغ)", "Discount (amount)"),
    ("reward.points", "امتیاز اضافه", "Extra points"),
    (
        "reward.points_multiplier",
        "ضریب امتیاز",
        "Points multiplier",
    ),
    (
        "reward.free_item",
        "ارزان‌ترین کالای هم‌خوان رایگان",
        "The cheapest matching item free",
    ),
    (
        "reward.scope",
        "فقط روی کالاهای هم‌خوان",
        "On the matching items only",
    ),
    (
        "reward.expires_days",
        "انقضای پاداش (روز)",
        "The reward expires after (days)",
    ),
    (
        "reward.referrer_credit",
        "اعتبار برای معرف",
        "Credit for the referrer",
    ),
    (
        "limit.per_member",
        "حداکثر برای هر عضو",
        "At most per member",
    ),
    (
        "limit.period",
        "در هر (روز، هفته، ماه، سال)",
        "Per (day, week, month, year)",
    ),
    ("limit.total_uses", "حداکثر کل دفعات", "At most uses in all"),
    ("limit.budget", "بودجه", "Budget"),
];

/// Why the offer form cannot be saved, naming the form's field (an offers-file error
/// quotes a line of the file and its key, which the form never shows).
pub fn refused(e: &vafa_core::error::Error, lang: Lang) -> String {
    use crate::Say;
    let vafa_core::error::Error::OfferFile { field, reason, .. } = e else {
        return e.say(lang);
    };
    let reason = crate::offer::fault(reason, lang);
    let name = FIELDS
        .iter()
        .find(|(k, _, _)| k == field || k.rsplit('.').next() == Some(field.as_str()))
        .map(|(_, fa, en)| lang.pick(fa, en));
    match (name, lang) {
        (Some(n), Lang::Fa) => format!("«{n}»: {reason}"),
        (Some(n), Lang::En) => format!("{n}: {reason}"),
        (None, _) => reason,
    }
}

/// A field's label in `lang` (the key itself if it is not a field).
pub fn label(key: &str, lang: Lang) -> &str {
    FIELDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, fa, en)| lang.pick(fa, en))
        .unwrap_or(key)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    NewOffer,
    Conditions,
    Reward,
    Limits,
    Save,
    Cancel,
    TryIt,
    Valid,
    NotANumber,
    Yes,
    ForEveryone,
}

pub fn word(lang: Lang, w: Word) -> &'static str {
    use Word::*;
    match w {
        NewOffer => lang.pick("پیشنهاد تازه", "New offer"),
        Conditions => lang.pick(
            "شرط‌ها (هر شرط خالی یعنی بی‌شرط)",
            "Conditions (an empty one is no condition)",
        ),
        Reward => lang.pick("پاداش (یکی یا بیشتر)", "Reward (one or more)"),
        Limits => lang.pick("سقف‌ها و بودجه", "Limits and budget"),
        Save => lang.pick("ذخیرهٔ پیشنهاد", "Save the offer"),
        Cancel => lang.pick("انصراف", "Cancel"),
        TryIt => lang.pick("آزمودن روی یک عضو", "Try on a member"),
        Valid => lang.pick("پیشنهاد درست است.", "The offer is valid."),
        NotANumber => lang.pick("عدد نیست", "is not a number"),
        Yes => lang.pick("بله", "yes"),
        ForEveryone => lang.pick("برای همه", "For everyone"),
    }
}

/// How a list's ids are said (a tier's, a category's... name).
type Namer = fn(&str, Lang) -> String;

/// An offer's rules in words, one line each (the list of offers): each condition, reward
/// and limit given, with categories, tiers, weekdays and occasions by their names.
pub fn rules(o: &Offer, unit: Unit, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = |key: &str, value: String| out.push(format!("{}: {value}", label(key, lang)));
    let n = |v: u32| num(i64::from(v), lang);
    let list = |ids: &[String], name: fn(&str, Lang) -> String| {
        ids.iter()
            .map(|i| name(i, lang))
            .collect::<Vec<_>>()
            .join(lang.pick("، ", ", "))
    };
    let plain = |id: &str, _: Lang| id.to_string();
    let w = &o.when;
    let counts = [
        ("when.min_visits", w.min_visits),
        ("when.max_visits", w.max_visits.filter(|v| *v > 0)),
        (
            "when.max_days_since_last_visit",
            w.max_days_since_last_visit,
        ),
        ("when.birthday_within_days", w.birthday_within_days),
        ("when.anniversary_within_days", w.anniversary_within_days),
        ("when.first_visits", w.first_visits),
        ("when.every_nth_visit", w.every_nth_visit),
    ];
    for (k, v) in counts {
        if let Some(v) = v {
            line(k, n(v));
        }
    }
    if let Some(v) = w.min_amount {
        line("when.min_amount", money(v, unit, lang));
    }
    if let Some(v) = w.max_amount.filter(|v| *v > 0) {
        line("when.max_amount", money(v, unit, lang));
    }
    let lists: [(&str, &[String], Namer); 7] = [
        ("when.tiers", &w.tiers, names::tier),
        ("when.groups", &w.groups, plain),
        ("when.categories", &w.categories, names::category),
        ("when.skus", &w.skus, plain),
        ("when.weekdays", &w.weekdays, names::weekday),
        ("when.occasions", &w.occasions, names::occasion),
        ("when.branches", &w.branches, plain),
    ];
    for (k, ids, name) in lists {
        if !ids.is_empty() {
            line(k, list(ids, name));
        }
    }
    if let Some(h) = &w.hours {
        line("when.hours", digits(h, lang));
    }
    if w.referred == Some(true) {
        line("when.referred", word(lang, Word::Yes).to_string());
    }
    let r = &o.reward;
    let pct = |d: &dyn std::fmt::Display| format!("{}٪", digits(&d.to_string(), lang));
    if let Some(v) = &r.extra_credit_percent {
        line("reward.extra_credit_percent", pct(v));
    }
    if let Some(v) = r.extra_credit {
        line("reward.extra_credit", money(v, unit, lang));
    }
    if let Some(v) = &r.discount_percent {
        line("reward.discount_percent", pct(v));
    }
    if let Some(v) = r.discount {
        line("reward.discount", money(v, unit, lang));
    }
    if let Some(v) = r.points {
        line("reward.points", num(v, lang));
    }
    if let Some(v) = &r.points_multiplier {
        line("reward.points_multiplier", digits(&v.to_string(), lang));
    }
    if r.free_item {
        line("reward.free_item", word(lang, Word::Yes).to_string());
    }
    if let Some(v) = r.expires_days {
        line("reward.expires_days", n(v));
    }
    if let Some(v) = r.referrer_credit {
        line("reward.referrer_credit", money(v, unit, lang));
    }
    if let Some(v) = o.limit.per_member {
        line("limit.per_member", n(v));
    }
    if let Some(v) = o.limit.total_uses {
        line("limit.total_uses", num(v.min(i64::MAX as u64) as i64, lang));
    }
    if let Some(v) = o.limit.budget {
        line("limit.budget", money(v, unit, lang));
    }
    if out.is_empty() {
        out.push(word(lang, Word::ForEveryone).to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_forms_field_not_the_files_line_or_key() {
        let e = vafa_core::error::Error::OfferFile {
            offer: "my-offer".into(),
            line: Some(7),
            field: "id".into(),
            reason: vafa_core::offer::OfferFault::BadId,
        };
        for lang in [Lang::Fa, Lang::En] {
            let said = refused(&e, lang);
            assert!(said.contains(label("id", lang)), "{said}");
            assert_ne!(label("id", lang), "id");
            for quoted in ["my-offer", "«id»", "(id)", "line", "سطر", "7", "۷"] {
                assert!(!said.contains(quoted), "{quoted} in {said}");
            }
        }
        let e = vafa_core::error::Error::OfferFile {
            offer: "x".into(),
            line: Some(3),
            field: "discount_percent".into(),
            reason: vafa_core::offer::OfferFault::BadId,
        };
        let said = refused(&e, Lang::En);
        assert!(
            said.starts_with(label("reward.discount_percent", Lang::En)),
            "{said}"
        );
    }

    #[test]
    fn every_label_in_both_languages_and_rules_without_ids() {
        for (k, fa, en) in FIELDS {
            let fa = fa.replace(['(', ')', '-', ':'], "");
            assert!(!fa.chars().any(|c| c.is_ascii_alphabetic()), "{k}: {fa}");
            assert!(en.is_ascii(), "{k}");
        }
        let o = vafa_core::offer::parse_offers(
            "[[offer]]\nid = 'c'\n[offer.when]\ncategories = ['coffee']\ntiers = ['silver']\nmin_amount = 500000\n[offer.reward]\nextra_credit_percent = 20\n[offer.limit]\nbudget = 1000000\n",
        )
        .expect("offer")
        .remove(0)
        .offer;
        let fa = rules(&o, Unit::Toman, Lang::Fa).join(" / ");
        assert!(fa.contains("قهوه") && fa.contains("نقره‌ای"), "{fa}");
        assert!(!fa.contains("coffee") && !fa.contains("silver"), "{fa}");
        let en = rules(&o, Unit::Toman, Lang::En).join(" / ");
        assert!(en.contains("coffee"), "{en}");
        assert!(en.contains("20"), "{en}");
    }
}
