//! Named days for offers (`when.occasions`). The calendar is data: the fixed Jalali
//! holidays are built in; lunar holidays (fixed each year by moon sighting) and the shop's
//! own days come from an occasions file (`vafa occasions import`).
//!
//! ```toml
//! [[occasion]]
//! name = "eid-fitr"
//! date = "1405-01-01"    # one date, Jalali or Gregorian
//! days = 2               # optional: how many days from `date` (default 1)
//! [[occasion]]
//! name = "shop-birthday"
//! jalali = "07-15"       # every year on this Jalali month-day
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{parse_date, to_jalali};
use super::config::Fault;

/// Fixed Jalali holidays: (name, month, first day, last day).
pub const BUILT_IN: &[(&str, u8, u8, u8)] = &[
    ("nowruz", 1, 1, 4),
    ("republic-day", 1, 12, 12),
    ("sizdah-bedar", 1, 13, 13),
    ("khordad-14", 3, 14, 14),
    ("khordad-15", 3, 15, 15),
    ("yalda", 9, 30, 30),
    ("revolution-day", 11, 22, 22),
    ("oil-nationalisation", 12, 29, 29),
];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccasionFile {
    #[serde(default)]
    pub occasion: Vec<Occasion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Occasion {
    pub name: String,
    /// One date (Jalali or Gregorian), for holidays that move.
    pub date: Option<String>,
    #[serde(default = "one")]
    pub days: u32,
    /// `MM-DD` every Jalali year.
    pub jalali: Option<String>,
}

fn one() -> u32 {
    1
}

/// Parses and checks an occasions file; returns the offending name and reason on error.
pub fn parse_occasions(text: &str) -> Result<OccasionFile, (Option<usize>, Fault)> {
    let f: OccasionFile = toml::from_str(text).map_err(|e| {
        (
            e.span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1),
            Fault::Syntax(e.message().to_string()),
        )
    })?;
    for o in &f.occasion {
        if o.name.trim().is_empty() {
            return Err((None, Fault::OccasionName));
        }
        match (&o.date, &o.jalali) {
            (Some(d), None) => {
                parse_date(d).map_err(|_| {
                    let (name, value) = (o.name.clone(), d.clone());
                    (None, Fault::OccasionDate { name, value })
                })?;
            }
            (None, Some(md)) => {
                jalali_md(md).ok_or_else(|| {
                    let (name, value) = (o.name.clone(), md.clone());
                    (None, Fault::OccasionJalali { name, value })
                })?;
            }
            _ => return Err((None, Fault::OccasionDateOrJalali(o.name.clone()))),
        }
        if o.days == 0 || o.days > 31 {
            return Err((None, Fault::OccasionDays(o.name.clone())));
        }
    }
    Ok(f)
}

fn jalali_md(s: &str) -> Option<(u8, u8)> {
    let (m, d) = s.trim().split_once(['-', '/'])?;
    let (m, d): (u8, u8) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m, d))
}

/// The names of the occasions that fall on `day`.
pub fn occasions_on(day: NaiveDate, extra: &OccasionFile) -> Vec<String> {
    let (_, jm, jd) = to_jalali(day);
    let mut out: Vec<String> = BUILT_IN
        .iter()
        .filter(|(_, m, a, b)| *m == jm && (*a..=*b).contains(&jd))
        .map(|(n, ..)| n.to_string())
        .collect();
    for o in &extra.occasion {
        let hit = match (&o.date, &o.jalali) {
            (Some(d), _) => parse_date(d).is_ok_and(|g| {
                let offset = (day - g.date).num_days();
                (0..i64::from(o.days)).contains(&offset)
            }),
            (None, Some(md)) => jalali_md(md).is_some_and(|(m, d)| {
                (0..o.days).any(|k| {
                    let dd = day - chrono::Duration::days(i64::from(k));
                    let (_, m2, d2) = to_jalali(dd);
                    (m2, d2) == (m, d)
                })
            }),
            _ => false,
        };
        if hit && !out.contains(&o.name) {
            out.push(o.name.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn fixed_holidays() {
        let none = OccasionFile::default();
        assert_eq!(occasions_on(g(2026, 3, 21), &none), vec!["nowruz"]); // 1405/01/01
        assert_eq!(occasions_on(g(2026, 3, 24), &none), vec!["nowruz"]); // 1405/01/04
        assert!(occasions_on(g(2026, 3, 25), &none).is_empty()); // 1405/01/05
        assert_eq!(occasions_on(g(2026, 4, 2), &none), vec!["sizdah-bedar"]);
        assert_eq!(occasions_on(g(2026, 12, 21), &none), vec!["yalda"]); // 1405/09/30
    }

    #[test]
    fn lunar_and_shop_days_from_a_file() {
        let f = parse_occasions(
            "[[occasion]]\nname = \"eid-fitr\"\ndate = \"1405-01-01\"\ndays = 2\n[[occasion]]\nname = \"shop-birthday\"\njalali = \"07-15\"\n",
        )
        .expect("file");
        let on = occasions_on(g(2026, 3, 22), &f);
        assert!(on.contains(&"eid-fitr".to_string()) && on.contains(&"nowruz".to_string()));
        assert!(!occasions_on(g(2026, 3, 23), &f).contains(&"eid-fitr".to_string()));
        assert_eq!(occasions_on(g(2026, 10, 7), &f), vec!["shop-birthday"]); // 1405/07/15
        assert!(parse_occasions("[[occasion]]\nname = \"x\"\ndate = \"1404-12-30\"\n").is_err());
        assert!(parse_occasions("[[occasion]]\nname = \"x\"\n").is_err());
        assert!(
            parse_occasions("[[occasion]]\nname = \"x\"\njalali=\"01-01\"\ncolour = 1\n").is_err()
        );
    }
}
