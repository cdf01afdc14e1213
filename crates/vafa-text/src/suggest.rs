//! The words of `vafa suggest` beyond win-back and cross-sell (those are in [`crate::report`]):
//! the reasoning of the tier, birthday and occasion suggestions, the names of the offers
//! `--write` drafts, and the comments of the offer file it writes.

use chrono::NaiveDate;
use vafa_core::lang::Lang;

use crate::format::{date, num, rials};
use crate::names::{category, occasion, tier};

fn count(n: usize, lang: Lang) -> String {
    num(i64::try_from(n).unwrap_or(i64::MAX), lang)
}

/// `n` members have at least 80 % of `tier`'s `min_points` and not yet all of them.
pub fn next_tier_reason(name: &str, min_points: i64, n: usize, lang: Lang) -> String {
    let (t, p, n) = (tier(name, lang), num(min_points, lang), count(n, lang));
    match lang {
        Lang::Fa => format!(
            "{n} عضو به سطح «{t}» ({p} امتیاز) نزدیک‌اند و دست کم ۸۰٪ آن را دارند: امتیاز دوبرابر تا برسند."
        ),
        Lang::En => format!(
            "{n} members are close to the \"{t}\" tier ({p} points), with 80 % of it or more: double points to get them there."
        ),
    }
}

/// `n` members have a birthday between `from` and `to`.
pub fn birthdays_reason(from: NaiveDate, to: NaiveDate, n: usize, lang: Lang) -> String {
    let (a, b, n) = (date(from, lang), date(to, lang), count(n, lang));
    match lang {
        Lang::Fa => format!("زادروز {n} عضو از {a} تا {b} است: هدیهٔ تولد."),
        Lang::En => format!("{n} members have a birthday from {a} to {b}: a birthday gift."),
    }
}

/// The occasion `name` runs from `from` to `to`; `n` members visited in the window.
pub fn occasion_reason(name: &str, from: NaiveDate, to: NaiveDate, n: usize, lang: Lang) -> String {
    let (o, a, b, n) = (
        occasion(name, lang),
        date(from, lang),
        date(to, lang),
        count(n, lang),
    );
    match lang {
        Lang::Fa => {
            format!("«{o}» از {a} تا {b} است؛ {n} عضو در این بازه آمده‌اند: پیشنهاد مناسبت.")
        }
        Lang::En => format!(
            "{o} runs from {a} to {b}; {n} members visited in this window: an offer for the occasion."
        ),
    }
}

/// What an offer drafted by `vafa suggest --write` is for (its name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drafted<'a> {
    WinBack,
    CrossSell { category: &'a str },
    NextTier { tier: &'a str },
    Birthdays,
    Occasion { name: &'a str },
}

/// The drafted offer's name in `lang`.
pub fn drafted_name(d: &Drafted<'_>, lang: Lang) -> String {
    match (d, lang) {
        (Drafted::WinBack, Lang::Fa) => "بازگشت مشتریان همیشگی".into(),
        (Drafted::WinBack, Lang::En) => "Welcome back".into(),
        (Drafted::CrossSell { category: c }, Lang::Fa) => {
            format!("هدیهٔ خرید «{}»", category(c, lang))
        }
        (Drafted::CrossSell { category: c }, Lang::En) => format!("Try {}", category(c, lang)),
        (Drafted::NextTier { tier: t }, Lang::Fa) => {
            format!("امتیاز دوبرابر تا سطح «{}»", tier(t, lang))
        }
        (Drafted::NextTier { tier: t }, Lang::En) => format!("Double points to {}", tier(t, lang)),
        (Drafted::Birthdays, Lang::Fa) => "هدیهٔ تولد".into(),
        (Drafted::Birthdays, Lang::En) => "Birthday gift".into(),
        (Drafted::Occasion { name }, Lang::Fa) => format!("هدیهٔ {}", occasion(name, lang)),
        (Drafted::Occasion { name }, Lang::En) => format!("{} gift", occasion(name, lang)),
    }
}

/// The first comment of a drafted offer file.
pub fn offer_file_head(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    let (a, b) = (date(from, lang), date(to, lang));
    match lang {
        Lang::Fa => format!(
            "پیشنهادهای باشگاه از رفتار اعضا ({a} تا {b}). هر پیشنهاد را بازبینی کنید، سپس این پرونده را در بخش پیشنهادها وارد کنید."
        ),
        Lang::En => format!(
            "Offers suggested from the members' behaviour ({a} to {b}). Review each, then import this file as the shop's offers."
        ),
    }
}

/// The comment under a drafted offer's reasoning: its budget and whom it is meant for.
pub fn offer_file_members(budget: i64, members: &[String], lang: Lang) -> String {
    let (b, n, list) = (
        rials(budget, lang),
        count(members.len(), lang),
        members.join(", "),
    );
    match lang {
        Lang::Fa => format!("بودجه: {b}. برای {n} عضو: {list}"),
        Lang::En => format!("Budget: {b}. For {n} members: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_drafted_name_in_both_languages() {
        let all = [
            Drafted::WinBack,
            Drafted::CrossSell { category: "drinks" },
            Drafted::NextTier { tier: "gold" },
            Drafted::Birthdays,
            Drafted::Occasion { name: "yalda" },
        ];
        for d in &all {
            let (fa, en) = (drafted_name(d, Lang::Fa), drafted_name(d, Lang::En));
            assert!(!fa.is_empty() && !en.is_empty() && fa != en, "{d:?}");
            assert!(!fa.chars().any(|c| c.is_ascii_alphabetic()), "{fa}");
        }
        assert_eq!(drafted_name(&all[4], Lang::Fa), "هدیهٔ شب یلدا");
        let day = NaiveDate::from_ymd_opt(2026, 12, 21).expect("day");
        assert!(occasion_reason("yalda", day, day, 3, Lang::Fa).contains("۱۴۰۵/۰۹/۳۰"));
        assert!(birthdays_reason(day, day, 2, Lang::En).contains("2 members"));
        assert!(next_tier_reason("gold", 500, 1, Lang::Fa).contains("۵۰۰"));
        assert!(offer_file_members(20_000, &["M1".into()], Lang::En).contains("20,000 rials"));
    }
}
