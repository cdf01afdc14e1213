//! Dates: ISO Gregorian and Jalali (Solar Hijri) input, Jalali display, the shop's clock.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use icu_calendar::{Date, Iso, cal::Persian};

use super::digits::normalize_digits;

/// Which calendar a person gave a date in. A birthday given in Jalali is celebrated on its
/// Jalali month and day; one given in Gregorian on its Gregorian month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CalendarKind {
    Gregorian,
    Jalali,
}

impl CalendarKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CalendarKind::Gregorian => "gregorian",
            CalendarKind::Jalali => "jalali",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "gregorian" => Some(CalendarKind::Gregorian),
            "jalali" => Some(CalendarKind::Jalali),
            _ => None,
        }
    }
}

/// A day as a person gave it: the Gregorian day it falls on, and the calendar it was given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GivenDate {
    pub date: NaiveDate,
    pub calendar: CalendarKind,
}

/// Why a date was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form YYYY-MM-DD or YYYY/MM/DD.
    Format,
    /// The day does not exist (31 Mehr, 30 February...).
    NoSuchDay,
    /// 30 Esfand or 29 February in a year that is not a leap year.
    NotLeapYear,
    /// A birth date after today.
    InFuture,
    /// A birth date of someone younger than [`MIN_MEMBER_AGE`].
    TooYoung,
}

/// A member is at least this many years old: a club that sends offers by SMS speaks to
/// people who hold their own mobile, and a birth date a year ago is a slip of the year.
pub const MIN_MEMBER_AGE: u32 = 12;

/// Whether someone born on `birth` is old enough to be a member on `today`.
pub fn old_enough(birth: NaiveDate, today: NaiveDate) -> Result<(), DateError> {
    if birth > today {
        return Err(DateError::InFuture);
    }
    match today.years_since(birth) {
        Some(age) if age >= MIN_MEMBER_AGE => Ok(()),
        _ => Err(DateError::TooYoung),
    }
}

/// Parses `2026-11-22`, `1405-09-01` or `1405/09/01` (years 1300–1499 are Jalali), in any
/// digits.
pub fn parse_date(text: &str) -> Result<GivenDate, DateError> {
    let s = normalize_digits(text.trim());
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || !(1..=2).contains(&parts[1].len())
        || !(1..=2).contains(&parts[2].len())
        || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(DateError::Format);
    }
    let y: i32 = parts[0].parse().map_err(|_| DateError::Format)?;
    let m: u8 = parts[1].parse().map_err(|_| DateError::Format)?;
    let d: u8 = parts[2].parse().map_err(|_| DateError::Format)?;
    if (1300..=1499).contains(&y) {
        let date = jalali_to_gregorian(y, m, d).ok_or(if (m, d) == (12, 30) {
            DateError::NotLeapYear
        } else {
            DateError::NoSuchDay
        })?;
        Ok(GivenDate {
            date,
            calendar: CalendarKind::Jalali,
        })
    } else if (1800..=2200).contains(&y) {
        let date = NaiveDate::from_ymd_opt(y, m.into(), d.into()).ok_or(if (m, d) == (2, 29) {
            DateError::NotLeapYear
        } else {
            DateError::NoSuchDay
        })?;
        Ok(GivenDate {
            date,
            calendar: CalendarKind::Gregorian,
        })
    } else {
        Err(DateError::Format)
    }
}

/// The Gregorian day of Jalali `y/m/d`, or `None` if there is no such day.
pub fn jalali_to_gregorian(y: i32, m: u8, d: u8) -> Option<NaiveDate> {
    // The calendar refuses a month or day that is not there (30 Esfand of a common year too).
    let p = Date::try_new_persian(y, m, d).ok()?;
    let iso = p.to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        iso.era_year().year,
        iso.month().ordinal.into(),
        iso.day_of_month().0.into(),
    )
}

/// Number of days in Jalali month `m` of year `y` (Esfand has 30 in leap years).
pub fn jalali_month_days(y: i32, m: u8) -> Option<u8> {
    match m {
        1..=6 => Some(31),
        7..=11 => Some(30),
        12 => {
            let first = Date::try_new_persian(y, 12, 1).ok()?;
            Some(first.days_in_month())
        }
        _ => None,
    }
}

/// Jalali (year, month, day) of a Gregorian day.
pub fn to_jalali(date: NaiveDate) -> (i32, u8, u8) {
    // The ISO date is always valid: it comes from a NaiveDate.
    match Date::try_new_iso(date.year(), date.month() as u8, date.day() as u8) {
        Ok(iso) => {
            let p: Date<Persian> = iso.to_calendar(Persian);
            (p.era_year().year, p.month().ordinal, p.day_of_month().0)
        }
        Err(_) => (0, 0, 0),
    }
}

/// `1405/09/01`.
pub fn format_jalali(date: NaiveDate) -> String {
    let (y, m, d) = to_jalali(date);
    format!("{y:04}/{m:02}/{d:02}")
}

/// Iran's offset from UTC (no daylight saving since 2022): +03:30.
pub const IRAN_OFFSET: FixedOffset = match FixedOffset::east_opt(3 * 3600 + 1800) {
    Some(o) => o,
    None => panic!("+03:30 is a valid offset"),
};

/// Parses an RFC 3339 time such as `2026-11-22T10:15:00+03:30`.
pub fn parse_time(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(normalize_digits(text.trim()).as_str()).ok()
}

/// Parses a `[+-]HH:MM` offset.
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let s = text.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    #[test]
    fn known_jalali_days() {
        assert_eq!(jalali_to_gregorian(1405, 9, 1), Some(g(2026, 11, 22)));
        assert_eq!(jalali_to_gregorian(1403, 1, 1), Some(g(2024, 3, 20)));
        assert_eq!(jalali_to_gregorian(1404, 1, 1), Some(g(2025, 3, 21)));
        assert_eq!(jalali_to_gregorian(1405, 1, 1), Some(g(2026, 3, 21)));
        assert_eq!(jalali_to_gregorian(1403, 12, 30), Some(g(2025, 3, 20)));
        assert_eq!(jalali_to_gregorian(1403, 9, 30), Some(g(2024, 12, 20))); // Yalda
        assert_eq!(to_jalali(g(2026, 11, 22)), (1405, 9, 1));
        assert_eq!(format_jalali(g(2026, 3, 21)), "1405/01/01");
    }

    #[test]
    fn esfand_30_only_in_leap_years() {
        assert_eq!(jalali_month_days(1403, 12), Some(30));
        assert_eq!(jalali_month_days(1404, 12), Some(29));
        assert_eq!(jalali_to_gregorian(1404, 12, 30), None);
        assert_eq!(parse_date("1404/12/30"), Err(DateError::NotLeapYear));
        assert!(parse_date("1403/12/30").is_ok());
        assert_eq!(parse_date("2025-02-29"), Err(DateError::NotLeapYear));
    }

    #[test]
    fn a_member_is_at_least_twelve() {
        let today = g(2026, 11, 22);
        assert_eq!(old_enough(g(2025, 11, 22), today), Err(DateError::TooYoung));
        assert_eq!(old_enough(g(2014, 11, 23), today), Err(DateError::TooYoung));
        assert_eq!(old_enough(g(2014, 11, 22), today), Ok(()));
        assert_eq!(old_enough(g(2026, 11, 23), today), Err(DateError::InFuture));
    }

    #[test]
    fn parses_every_spelling() {
        let j = parse_date("1405-09-01").expect("jalali");
        assert_eq!(j.date, g(2026, 11, 22));
        assert_eq!(j.calendar, CalendarKind::Jalali);
        assert_eq!(
            parse_date("۱۴۰۵/۰۹/۰۱").map(|d| d.date),
            Ok(g(2026, 11, 22))
        );
        let gr = parse_date("2026-11-22").expect("gregorian");
        assert_eq!(gr.calendar, CalendarKind::Gregorian);
        assert_eq!(parse_date("2026-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2024-02-29").map(|d| d.date), Ok(g(2024, 2, 29)));
        assert_eq!(parse_date("1405-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("1405-07-31"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("22/11/2026"), Err(DateError::Format));
        assert_eq!(parse_date("yesterday"), Err(DateError::Format));
        assert_eq!(parse_date("0900-01-01"), Err(DateError::Format));
    }

    #[test]
    fn round_trips_jalali_for_decades() {
        let mut d = g(1990, 1, 1);
        while d < g(2040, 1, 1) {
            let (y, m, dd) = to_jalali(d);
            assert_eq!(jalali_to_gregorian(y, m, dd), Some(d));
            d = d.succ_opt().expect("next day");
        }
    }

    #[test]
    fn calendar_kinds_are_kept_by_their_names() {
        for k in [CalendarKind::Gregorian, CalendarKind::Jalali] {
            assert_eq!(CalendarKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(CalendarKind::Jalali.as_str(), "jalali");
        assert_eq!(CalendarKind::Gregorian.as_str(), "gregorian");
        assert_eq!(CalendarKind::parse("persian"), None);
    }

    #[test]
    fn born_today_is_too_young_not_in_the_future() {
        let today = g(2026, 11, 22);
        assert_eq!(old_enough(today, today), Err(DateError::TooYoung));
    }

    #[test]
    fn a_date_has_four_digits_of_year_and_one_or_two_of_month_and_day() {
        for bad in [
            "01405-09-01",
            "1405-009-01",
            "1405-09-001",
            "1405-+9-01",
            "1405-09",
        ] {
            assert_eq!(parse_date(bad), Err(DateError::Format), "{bad}");
        }
        assert_eq!(parse_date("1405-9-1").map(|d| d.date), Ok(g(2026, 11, 22)));
    }

    #[test]
    fn no_jalali_day_outside_its_month() {
        for (m, d) in [(0, 1), (13, 1), (1, 0), (1, 32), (7, 31), (12, 31)] {
            assert_eq!(jalali_to_gregorian(1403, m, d), None, "1403/{m}/{d}");
        }
        assert_eq!(jalali_to_gregorian(1403, 1, 31), Some(g(2024, 4, 19)));
        assert_eq!(jalali_to_gregorian(1403, 7, 30), Some(g(2024, 10, 21)));
    }

    #[test]
    fn times_are_rfc3339_in_any_digits() {
        let t = parse_time("2026-11-22T10:15:00+03:30").expect("a time");
        assert_eq!(t.offset(), &IRAN_OFFSET);
        assert_eq!(t.to_rfc3339(), "2026-11-22T10:15:00+03:30");
        assert_eq!(parse_time("۲۰۲۶-۱۱-۲۲T10:15:00+03:30"), Some(t));
        assert_eq!(parse_time("2026-11-22 10:15"), None);
    }

    #[test]
    fn an_offset_is_at_most_fourteen_hours_and_its_minutes_under_sixty() {
        assert_eq!(
            parse_offset("+14:00").map(|o| o.local_minus_utc()),
            Some(50_400)
        );
        assert_eq!(parse_offset("+15:00"), None);
        assert_eq!(parse_offset("+03:60"), None);
        assert_eq!(
            parse_offset("+03:59").map(|o| o.local_minus_utc()),
            Some(14_340)
        );
    }

    #[test]
    fn offsets() {
        assert_eq!(IRAN_OFFSET.local_minus_utc(), 12600);
        assert_eq!(parse_offset("+03:30"), Some(IRAN_OFFSET));
        assert_eq!(
            parse_offset("-05:00").map(|o| o.local_minus_utc()),
            Some(-18000)
        );
        assert_eq!(parse_offset("3:30"), None);
    }
}
