//! How the command lines (the till's and head office's) write numbers, money and days.
//! The window's helpers are in `i18n`; making them one is for later.

use vafa_core::digits::to_persian_digits;
use vafa_core::lang::Lang;

/// A whole number with thousands separators, in the language's digits.
pub fn num(v: i64, lang: Lang) -> String {
    crate::i18n::num(lang, v)
}

/// An amount in rials, with the unit's name.
pub fn rials(v: i64, lang: Lang) -> String {
    format!("{} {}", num(v, lang), lang.pick("ریال", "rials"))
}

/// A stored day or time shown as a day: Jalali in Persian, ISO in English.
pub fn show_day(t: &str, l: Lang) -> String {
    let day = t.get(..10).unwrap_or(t);
    match (l, chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")) {
        (Lang::Fa, Ok(d)) => to_persian_digits(&vafa_core::calendar::format_jalali(d)),
        _ => day.to_string(),
    }
}

/// A stored time shown to the minute: Jalali with Persian digits in Persian.
pub fn show_time(t: &str, l: Lang) -> String {
    let hm = t.get(11..16).unwrap_or_default();
    match l {
        Lang::Fa => format!("{} {}", show_day(t, l), to_persian_digits(hm)),
        Lang::En => format!("{} {hm}", show_day(t, l)),
    }
}
