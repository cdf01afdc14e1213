//! What the shop's own things are called, in the reader's language: offers by their
//! `name = {fa, en}`, and the tiers, categories, occasions and weekdays vafa knows the
//! words for. Where there is no name, the id is shown as the shop wrote it.

use std::collections::HashMap;

use vafa_core::lang::Lang;
use vafa_core::offer::model::Name;

/// Offers' names by id (every offer the shop has, enabled or not: a stored sale may name
/// one that has since been switched off).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferNames(HashMap<String, Name>);

impl OfferNames {
    /// From (id, name) pairs; an offer without a name is shown by its id.
    pub fn new<I: IntoIterator<Item = (String, Option<Name>)>>(offers: I) -> OfferNames {
        OfferNames(
            offers
                .into_iter()
                .filter_map(|(id, name)| Some((id, name?)))
                .collect(),
        )
    }

    /// These names and one more (an offer not saved yet).
    pub fn with(mut self, id: &str, name: Option<Name>) -> OfferNames {
        if let Some(n) = name {
            self.0.insert(id.to_string(), n);
        }
        self
    }

    /// The offer's name in `lang` (the other language's when it has only that), or its id.
    pub fn get<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        match self.0.get(id).map(|n| n.get(lang)) {
            Some(name) if !name.is_empty() => name,
            _ => id,
        }
    }
}

/// A word vafa knows in both languages, looked up by the id a shop writes (`silver`).
fn known(
    table: &[(&str, &'static str, &'static str)],
    id: &str,
    lang: Lang,
) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, _, _)| k.eq_ignore_ascii_case(id.trim()))
        .map(|(_, fa, en)| lang.pick(fa, en))
}

/// The tiers of the example configuration and the demo shop.
const TIERS: &[(&str, &str, &str)] = &[
    ("bronze", "برنز", "bronze"),
    ("silver", "نقره‌ای", "silver"),
    ("gold", "طلایی", "gold"),
    ("vip", "ویژه", "vip"),
];

/// The demo shop's categories and other common ones.
const CATEGORIES: &[(&str, &str, &str)] = &[
    ("coffee", "قهوه", "coffee"),
    ("tea", "چای", "tea"),
    ("bakery", "نان و شیرینی", "bakery"),
    ("dairy", "لبنیات", "dairy"),
    ("snacks", "تنقلات", "snacks"),
    ("gifts", "هدیه", "gifts"),
    ("drinks", "نوشیدنی", "drinks"),
];

/// The built-in occasions (`vafa_core::occasions::BUILT_IN`) and the common lunar ones.
const OCCASIONS: &[(&str, &str, &str)] = &[
    ("nowruz", "نوروز", "nowruz"),
    ("republic-day", "روز جمهوری اسلامی", "republic-day"),
    ("sizdah-bedar", "سیزده‌به‌در", "sizdah-bedar"),
    ("khordad-14", "۱۴ خرداد", "khordad-14"),
    ("khordad-15", "۱۵ خرداد", "khordad-15"),
    ("yalda", "شب یلدا", "yalda"),
    ("revolution-day", "۲۲ بهمن", "revolution-day"),
    (
        "oil-nationalisation",
        "روز ملی شدن صنعت نفت",
        "oil-nationalisation",
    ),
    ("eid-fitr", "عید فطر", "eid-fitr"),
    ("eid-qurban", "عید قربان", "eid-qurban"),
];

/// Offer files' weekdays (`vafa_core::offer::model::WEEKDAYS`).
const WEEKDAYS: &[(&str, &str, &str)] = &[
    ("sat", "شنبه", "Saturday"),
    ("sun", "یکشنبه", "Sunday"),
    ("mon", "دوشنبه", "Monday"),
    ("tue", "سه‌شنبه", "Tuesday"),
    ("wed", "چهارشنبه", "Wednesday"),
    ("thu", "پنجشنبه", "Thursday"),
    ("fri", "جمعه", "Friday"),
];

/// A tier (`silver`) in `lang`.
pub fn tier(id: &str, lang: Lang) -> String {
    known(TIERS, id, lang).unwrap_or(id).to_string()
}

/// An item category (`coffee`) in `lang`.
pub fn category(id: &str, lang: Lang) -> String {
    known(CATEGORIES, id, lang).unwrap_or(id).to_string()
}

/// An occasion (`nowruz`) in `lang`.
pub fn occasion(id: &str, lang: Lang) -> String {
    known(OCCASIONS, id, lang).unwrap_or(id).to_string()
}

const CARD_KINDS: &[(&str, &str, &str)] = &[
    ("member", "عضویت", "member"),
    ("gift", "هدیه", "gift"),
    ("discount", "تخفیف", "discount"),
    ("gold", "طلایی", "gold"),
    ("silver", "نقره‌ای", "silver"),
    ("vip", "ویژه", "vip"),
];

/// A kind of card (`member`, `gift`, `discount`, a design such as `vip`) in `lang`.
pub fn card_kind(id: &str, lang: Lang) -> String {
    known(CARD_KINDS, id, lang).unwrap_or(id).to_string()
}

/// A weekday as offer files write it (`sat`) in `lang`.
pub fn weekday(id: &str, lang: Lang) -> String {
    known(WEEKDAYS, id, lang).unwrap_or(id).to_string()
}

#[cfg(test)]
#[test]
fn weekdays_are_named_in_both_languages_never_by_their_id() {
    for (id, _, _) in WEEKDAYS {
        for lang in [Lang::Fa, Lang::En] {
            assert_ne!(weekday(id, lang), *id, "{id} in {lang:?}");
        }
    }
    assert_eq!(weekday("sat", Lang::En), "Saturday");
    assert_eq!(weekday("fri", Lang::Fa), "جمعه");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_where_they_exist_and_ids_where_they_do_not() {
        let names = OfferNames::new([
            (
                "birthday".to_string(),
                Some(Name::Both {
                    fa: "هدیهٔ تولد".into(),
                    en: "Birthday bonus".into(),
                }),
            ),
            (
                "only-fa".to_string(),
                Some(Name::Both {
                    fa: "فقط فارسی".into(),
                    en: String::new(),
                }),
            ),
            ("plain".to_string(), None),
        ]);
        assert_eq!(names.get("birthday", Lang::Fa), "هدیهٔ تولد");
        assert_eq!(names.get("birthday", Lang::En), "Birthday bonus");
        assert_eq!(names.get("only-fa", Lang::En), "فقط فارسی");
        assert_eq!(names.get("plain", Lang::Fa), "plain");
        assert_eq!(names.get("gone", Lang::Fa), "gone");
        assert_eq!(tier("Silver", Lang::Fa), "نقره‌ای");
        assert_eq!(tier("platinum", Lang::Fa), "platinum");
        assert_eq!(category("coffee", Lang::Fa), "قهوه");
        assert_eq!(category("coffee", Lang::En), "coffee");
        assert_eq!(occasion("yalda", Lang::Fa), "شب یلدا");
        assert_eq!(weekday("fri", Lang::Fa), "جمعه");
    }

    #[test]
    fn every_built_in_occasion_and_weekday_has_a_persian_name() {
        for (id, ..) in vafa_core::occasions::BUILT_IN {
            assert_ne!(occasion(id, Lang::Fa), *id, "{id}");
        }
        for id in vafa_core::offer::model::WEEKDAYS {
            assert_ne!(weekday(id, Lang::Fa), id, "{id}");
        }
    }
}
