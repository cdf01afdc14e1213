//! The one formatter for what a person reads: digits (Persian digits in Persian), grouped
//! numbers (Persian separator «٬» U+066C, English ","), money in rials or toman with the
//! unit's word, days (Jalali in Persian, ISO in English) and times. Every front and every
//! sentence of this crate writes numbers through these functions; nothing else does.
//!
//! Toman are rials ÷ 10 and are shown exactly: an amount that is not a whole number of
//! toman keeps its last rial as one decimal place («۱٬۲۳۴٫۵ تومان», "1,234.5 toman"), so
//! that nothing is rounded away on the screen (the one rounding rule is
//! `vafa_core::money::round_down`, and the screen never applies a second one).

use chrono::{DateTime, NaiveDate, TimeZone, Timelike};

use vafa_core::calendar::format_jalali;
use vafa_core::digits::to_persian_digits;
use vafa_core::lang::Lang;
use vafa_core::money::{Rials, group_thousands};

/// How the shop shows money (`[shop] unit`): stored amounts are always rials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Rial,
    Toman,
}

impl Unit {
    /// The shop's stored unit (`"rial"` or `"toman"`); anything else is toman, as the
    /// window has always read it.
    pub fn of(stored: &str) -> Unit {
        if stored == "rial" {
            Unit::Rial
        } else {
            Unit::Toman
        }
    }

    /// The unit's word after an amount.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Unit::Rial, Lang::Fa) => "ریال",
            (Unit::Rial, Lang::En) => "rials",
            (Unit::Toman, Lang::Fa) => "تومان",
            (Unit::Toman, Lang::En) => "toman",
        }
    }
}

/// ASCII digits written in the language's digits (Persian ۰–۹ in Persian); every other
/// character is left as it is.
pub fn digits(s: &str, lang: Lang) -> String {
    match lang {
        Lang::Fa => to_persian_digits(s),
        Lang::En => s.to_string(),
    }
}

/// A count or a number written as it is, without grouping (a line number, a record's
/// sequence number, a version), in the language's digits.
pub fn plain(v: impl std::fmt::Display, lang: Lang) -> String {
    digits(&v.to_string(), lang)
}

/// The separator between groups of three digits.
fn separator(lang: Lang) -> char {
    match lang {
        Lang::Fa => '٬',
        Lang::En => ',',
    }
}

/// A whole number with thousands separators, in the language's digits.
pub fn num(v: i64, lang: Lang) -> String {
    digits(&group_thousands(v, separator(lang)), lang)
}

/// An amount of `rials` in `unit`, with the unit's word: «۶۰۰٬۰۰۰ تومان», "6,000,000 rials".
/// A toman amount that is not whole shows its last rial as a decimal (see the module).
pub fn money(rials: Rials, unit: Unit, lang: Lang) -> String {
    format!("{} {}", figure(rials, unit, lang), unit.word(lang))
}

/// An amount of `rials` in `unit` without the unit's word (a template that writes the
/// word itself: «{credit} تومان»).
pub fn figure(rials: Rials, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Rial => num(rials, lang),
        Unit::Toman => {
            let (whole, tenth) = (rials / 10, (rials % 10).unsigned_abs());
            let mut s = if whole == 0 && rials < 0 {
                format!("-{}", num(0, lang))
            } else {
                num(whole, lang)
            };
            if tenth != 0 {
                s.push(match lang {
                    Lang::Fa => '٫',
                    Lang::En => '.',
                });
                s.push_str(&plain(tenth, lang));
            }
            s
        }
    }
}

/// An amount in rials, with the word: how the command lines and the errors write money
/// (the contract's unit), whatever the window shows.
pub fn rials(v: Rials, lang: Lang) -> String {
    money(v, Unit::Rial, lang)
}

/// A day: Jalali with Persian digits in Persian, ISO in English.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fa => digits(&format_jalali(d), lang),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A day in the Jalali calendar in both languages (the offers' dates, which shops write in
/// Jalali): «۱۴۰۵/۰۹/۰۱», "1405/09/01".
pub fn jalali(d: NaiveDate, lang: Lang) -> String {
    digits(&format_jalali(d), lang)
}

/// A stored day (`2026-11-22`, or the start of an RFC 3339 time) shown as [`date`]; text
/// that is not a day is shown as it is.
pub fn show_day(stored: &str, lang: Lang) -> String {
    match stored
        .get(..10)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    {
        Some(d) => date(d, lang),
        None => digits(stored, lang),
    }
}

/// A stored time (RFC 3339) shown to the minute, in its own offset: the day as [`date`],
/// then `HH:MM`.
pub fn show_time(stored: &str, lang: Lang) -> String {
    let hm = stored.get(11..16).unwrap_or_default();
    format!("{} {}", show_day(stored, lang), digits(hm, lang))
}

/// A clock time: the day as [`date`], two spaces, `HH:MM` (the window's status bar).
pub fn clock<Tz: TimeZone>(t: &DateTime<Tz>, lang: Lang) -> String {
    let hm = format!("{:02}:{:02}", t.hour(), t.minute());
    format!("{}  {}", date(t.date_naive(), lang), digits(&hm, lang))
}

/// Minutes after midnight as `HH:MM` (24:00 for the end of a day).
pub fn hour_minute(minutes: u32, lang: Lang) -> String {
    digits(&format!("{:02}:{:02}", minutes / 60, minutes % 60), lang)
}

/// Items of a list joined with the language's comma.
pub fn list<S: AsRef<str>>(items: &[S], lang: Lang) -> String {
    let sep = match lang {
        Lang::Fa => "، ",
        Lang::En => ", ",
    };
    let mut out = String::new();
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vafa_core::money::MAX_AMOUNT;

    #[test]
    fn numbers_are_grouped_in_the_languages_digits() {
        assert_eq!(num(0, Lang::Fa), "۰");
        assert_eq!(num(0, Lang::En), "0");
        assert_eq!(num(999, Lang::En), "999");
        assert_eq!(num(1_000, Lang::En), "1,000");
        assert_eq!(num(1_000, Lang::Fa), "۱٬۰۰۰");
        assert_eq!(num(-1_234_567, Lang::En), "-1,234,567");
        assert_eq!(num(-1_234_567, Lang::Fa), "-۱٬۲۳۴٬۵۶۷");
        assert_eq!(num(i64::MIN, Lang::En), "-9,223,372,036,854,775,808");
        assert_eq!(num(i64::MAX, Lang::En), "9,223,372,036,854,775,807");
        assert_eq!(plain(1405, Lang::Fa), "۱۴۰۵");
        assert_eq!(plain(1405, Lang::En), "1405");
        assert_eq!(digits("09121234567", Lang::Fa), "۰۹۱۲۱۲۳۴۵۶۷");
    }

    #[test]
    fn money_in_rials_and_toman_with_the_units_word() {
        assert_eq!(money(6_000_000, Unit::Toman, Lang::Fa), "۶۰۰٬۰۰۰ تومان");
        assert_eq!(money(6_000_000, Unit::Toman, Lang::En), "600,000 toman");
        assert_eq!(money(6_000_000, Unit::Rial, Lang::Fa), "۶٬۰۰۰٬۰۰۰ ریال");
        assert_eq!(money(6_000_000, Unit::Rial, Lang::En), "6,000,000 rials");
        assert_eq!(rials(0, Lang::En), "0 rials");
        assert_eq!(money(0, Unit::Toman, Lang::Fa), "۰ تومان");
        assert_eq!(rials(-250_000, Lang::Fa), "-۲۵۰٬۰۰۰ ریال");
        assert_eq!(money(-250_000, Unit::Toman, Lang::En), "-25,000 toman");
        assert_eq!(rials(MAX_AMOUNT, Lang::En), "1,000,000,000,000,000 rials");
        assert_eq!(
            money(MAX_AMOUNT, Unit::Toman, Lang::Fa),
            "۱۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ تومان"
        );
    }

    #[test]
    fn a_rial_amount_that_is_not_whole_toman_keeps_its_last_rial() {
        assert_eq!(money(12_345, Unit::Toman, Lang::En), "1,234.5 toman");
        assert_eq!(money(12_345, Unit::Toman, Lang::Fa), "۱٬۲۳۴٫۵ تومان");
        assert_eq!(money(5, Unit::Toman, Lang::En), "0.5 toman");
        assert_eq!(money(-5, Unit::Toman, Lang::En), "-0.5 toman");
        assert_eq!(money(-12_345, Unit::Toman, Lang::En), "-1,234.5 toman");
        assert_eq!(money(12_340, Unit::Toman, Lang::En), "1,234 toman");
    }

    #[test]
    fn days_are_jalali_in_persian_and_iso_in_english() {
        assert_eq!(
            show_day("2026-11-22T10:00:00+03:30", Lang::Fa),
            "۱۴۰۵/۰۹/۰۱"
        );
        assert_eq!(show_day("2026-11-22", Lang::En), "2026-11-22");
        assert_eq!(show_day("—", Lang::En), "—");
        assert_eq!(
            show_time("2026-11-22T10:05:00+03:30", Lang::Fa),
            "۱۴۰۵/۰۹/۰۱ ۱۰:۰۵"
        );
        assert_eq!(
            show_time("2026-11-22T10:05:00+03:30", Lang::En),
            "2026-11-22 10:05"
        );
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).expect("day");
        assert_eq!(jalali(d, Lang::En), "1405/09/01");
        let t = DateTime::parse_from_rfc3339("2026-11-22T09:07:00+03:30").expect("time");
        assert_eq!(clock(&t, Lang::Fa), "۱۴۰۵/۰۹/۰۱  ۰۹:۰۷");
        assert_eq!(clock(&t, Lang::En), "2026-11-22  09:07");
        assert_eq!(hour_minute(14 * 60, Lang::Fa), "۱۴:۰۰");
        assert_eq!(list(&["a", "b"], Lang::Fa), "a، b");
    }
}
