use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use vafa_core::offer::model::Name;

fn names() -> OfferNames {
    OfferNames::new([
        (
            "birthday".to_string(),
            Some(Name::Both {
                fa: "هدیهٔ تولد".into(),
                en: "Birthday bonus".into(),
            }),
        ),
        ("big-basket".to_string(), None),
    ])
}

fn say(why: &Why, lang: Lang) -> String {
    reason(
        why,
        Reader {
            names: &names(),
            unit: Unit::Rial,
            lang,
        },
    )
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("day")
}

/// One of every condition met, with names vafa knows.
fn every_met() -> Vec<Met> {
    let all = vec![
        Met::EarlierVisits { visits: 12 },
        Met::FirstVisits { visit: 1 },
        Met::NthVisit { visit: 5 },
        Met::BackAfter { days: 9 },
        Met::BasketAtLeast { min: 5_000_000 },
        Met::Near {
            day: Yearly::Birthday,
            days: 0,
        },
        Met::Near {
            day: Yearly::Anniversary,
            days: 3,
        },
        Met::Tier {
            tier: "silver".into(),
        },
        Met::Groups {
            groups: vec!["staff".into()],
        },
        Met::CardKind {
            kind: "discount".into(),
        },
        Met::Categories {
            categories: vec!["coffee".into()],
        },
        Met::Skus {
            skus: vec!["1001".into()],
        },
        Met::Hours {
            from: 14 * 60,
            to: 17 * 60,
        },
        Met::Occasion {
            name: "yalda".into(),
        },
        Met::Referred,
        Met::EverySale,
    ];
    // A condition added to `Met` fails to compile here until it is listed above.
    for m in &all {
        match m {
            Met::EarlierVisits { .. }
            | Met::FirstVisits { .. }
            | Met::NthVisit { .. }
            | Met::BackAfter { .. }
            | Met::BasketAtLeast { .. }
            | Met::Near { .. }
            | Met::Tier { .. }
            | Met::Groups { .. }
            | Met::CardKind { .. }
            | Met::Categories { .. }
            | Met::Skus { .. }
            | Met::Hours { .. }
            | Met::Occasion { .. }
            | Met::Referred
            | Met::EverySale => {}
        }
    }
    all
}

/// One of every unmet condition and limit.
fn every_unmet() -> Vec<Unmet> {
    let all = vec![
        Unmet::Guest,
        Unmet::NotYet { from: day() },
        Unmet::Ended { on: day() },
        Unmet::Branch,
        Unmet::FewVisits { min: 10, visits: 3 },
        Unmet::ManyVisits { max: 2 },
        Unmet::PastFirstVisits { first: 1 },
        Unmet::NotNthVisit { visit: 6, every: 5 },
        Unmet::NoEarlierVisit,
        Unmet::SameVisit,
        Unmet::DaysSinceLastVisit { days: 16, max: 15 },
        Unmet::BasketUnder { min: 5_000_000 },
        Unmet::BasketOver { max: 9_000_000 },
        Unmet::NoDate {
            day: Yearly::Anniversary,
        },
        Unmet::NotNear {
            day: Yearly::Birthday,
            within: 0,
        },
        Unmet::NotNear {
            day: Yearly::Birthday,
            within: 7,
        },
        Unmet::Tiers {
            tiers: vec!["silver".into(), "gold".into()],
        },
        Unmet::Groups {
            groups: vec!["staff".into()],
        },
        Unmet::CardKinds {
            kinds: vec!["discount".into(), "vip".into()],
        },
        Unmet::Categories {
            categories: vec!["coffee".into()],
        },
        Unmet::Skus {
            skus: vec!["1001".into()],
        },
        Unmet::Weekdays {
            days: vec!["sat".into(), "sun".into()],
        },
        Unmet::OutsideHours {
            from: 14 * 60,
            to: 17 * 60,
        },
        Unmet::Occasions {
            occasions: vec!["nowruz".into(), "yalda".into()],
        },
        Unmet::NotReferred,
        Unmet::Referred,
        Unmet::LimitUsed {
            per: 1,
            period: Period::Month,
            on: Some(day()),
        },
        Unmet::AllUsesTaken { total: 1_000 },
        Unmet::BudgetShort { left: 50_000 },
    ];
    for u in &all {
        match u {
            Unmet::Guest
            | Unmet::NotYet { .. }
            | Unmet::Ended { .. }
            | Unmet::Branch
            | Unmet::FewVisits { .. }
            | Unmet::ManyVisits { .. }
            | Unmet::PastFirstVisits { .. }
            | Unmet::NotNthVisit { .. }
            | Unmet::NoEarlierVisit
            | Unmet::SameVisit
            | Unmet::DaysSinceLastVisit { .. }
            | Unmet::BasketUnder { .. }
            | Unmet::BasketOver { .. }
            | Unmet::NoDate { .. }
            | Unmet::NotNear { .. }
            | Unmet::Tiers { .. }
            | Unmet::Groups { .. }
            | Unmet::CardKinds { .. }
            | Unmet::Categories { .. }
            | Unmet::Skus { .. }
            | Unmet::Weekdays { .. }
            | Unmet::OutsideHours { .. }
            | Unmet::Occasions { .. }
            | Unmet::NotReferred
            | Unmet::Referred
            | Unmet::LimitUsed { .. }
            | Unmet::AllUsesTaken { .. }
            | Unmet::BudgetShort { .. } => {}
        }
    }
    all
}

fn every_why() -> Vec<Why> {
    let mut all: Vec<Why> = every_met().into_iter().map(|m| Why::Met(vec![m])).collect();
    all.extend(every_unmet().into_iter().map(Why::Unmet));
    all.extend([
        Why::Lost {
            to: "birthday".into(),
        },
        Why::NotCombined {
            to: "birthday".into(),
        },
        Why::LessThanTogether,
    ]);
    all
}

/// Text that came from data the shop typed (group names, SKUs) and has no name.
const SHOP_IDS: &[&str] = &["staff", "1001"];

#[test]
fn persian_reasons_carry_no_latin_letters_or_digits_where_names_exist() {
    for why in every_why() {
        let mut s = say(&why, Lang::Fa);
        for id in SHOP_IDS {
            s = s.replace(id, "");
        }
        assert!(
            !s.chars().any(|c| c.is_ascii_alphanumeric()),
            "{why:?} → {s}"
        );
        assert!(!s.is_empty(), "{why:?}");
    }
}

#[test]
fn english_reasons_carry_no_persian() {
    for why in every_why() {
        let s = say(&why, Lang::En);
        assert!(
            !s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "{why:?} → {s}"
        );
    }
}

#[test]
fn english_reasons_read_as_they_always_have() {
    let cases: Vec<(Why, &str)> = vec![
        (
            Why::Met(vec![Met::Near {
                day: Yearly::Birthday,
                days: 0,
            }]),
            "birthday today",
        ),
        (
            Why::Lost {
                to: "birthday".into(),
            },
            "worth less than Birthday bonus",
        ),
        (
            Why::Lost {
                to: "big-basket".into(),
            },
            "worth less than big-basket",
        ),
        (
            Why::Unmet(Unmet::NotNear {
                day: Yearly::Birthday,
                within: 0,
            }),
            "not the birthday today",
        ),
        (
            Why::Met(vec![Met::BackAfter { days: 9 }]),
            "back after 9 days",
        ),
        (
            Why::Unmet(Unmet::DaysSinceLastVisit { days: 16, max: 15 }),
            "back after 16 days (within 15 needed)",
        ),
        (Why::Unmet(Unmet::NoEarlierVisit), "no earlier visit"),
        (
            Why::Unmet(Unmet::NotNthVisit { visit: 6, every: 5 }),
            "this is visit 6; every 5th visit",
        ),
        (
            Why::Unmet(Unmet::NotNthVisit { visit: 3, every: 2 }),
            "this is visit 3; every 2nd visit",
        ),
        (
            Why::Unmet(Unmet::OutsideHours {
                from: 14 * 60,
                to: 17 * 60,
            }),
            "outside 14:00-17:00",
        ),
        (
            Why::Unmet(Unmet::Categories {
                categories: vec!["coffee".into()],
            }),
            "no coffee in the basket",
        ),
        (
            Why::Unmet(Unmet::LimitUsed {
                per: 1,
                period: Period::Month,
                on: Some(day()),
            }),
            "limit of 1 per month used on 1405/09/01",
        ),
        (
            Why::Unmet(Unmet::BudgetShort { left: 50_000 }),
            "budget left 50,000 rials, not enough",
        ),
        (
            Why::Unmet(Unmet::PastFirstVisits { first: 1 }),
            "only on the first 1 visits",
        ),
        (
            Why::Unmet(Unmet::Occasions {
                occasions: vec!["shop-day".into(), "yalda".into()],
            }),
            "not shop-day, yalda today",
        ),
        (Why::Unmet(Unmet::Guest), "guest; offers are for members"),
        (
            Why::Met(vec![
                Met::EarlierVisits { visits: 12 },
                Met::Tier {
                    tier: "silver".into(),
                },
            ]),
            "12 earlier visits, silver member",
        ),
        (Why::Text(Arc::from("as stored")), "as stored"),
    ];
    for (why, text) in cases {
        assert_eq!(say(&why, Lang::En), text, "{why:?}");
    }
}

#[test]
fn persian_reasons_use_names_and_persian_digits() {
    assert_eq!(
        say(
            &Why::Unmet(Unmet::Categories {
                categories: vec!["coffee".into()]
            }),
            Lang::Fa
        ),
        "قهوه در سبد نیست"
    );
    assert_eq!(
        say(
            &Why::Unmet(Unmet::Tiers {
                tiers: vec!["silver".into()]
            }),
            Lang::Fa
        ),
        "فقط برای سطح نقره‌ای"
    );
    assert_eq!(
        say(
            &Why::Lost {
                to: "birthday".into()
            },
            Lang::Fa
        ),
        "ارزش کمتر از «هدیهٔ تولد»"
    );
    assert_eq!(
        say(
            &Why::Unmet(Unmet::OutsideHours {
                from: 14 * 60,
                to: 17 * 60
            }),
            Lang::Fa
        ),
        "خارج از ساعت ۱۴:۰۰-۱۷:۰۰"
    );
    assert_eq!(
        say(&Why::Unmet(Unmet::BudgetShort { left: 50_000 }), Lang::Fa),
        "بودجه کافی نیست (۵۰٬۰۰۰ ریال مانده)"
    );
    // In the window's unit.
    let toman = reason(
        &Why::Unmet(Unmet::BasketUnder { min: 5_000_000 }),
        Reader {
            names: &names(),
            unit: Unit::Toman,
            lang: Lang::Fa,
        },
    );
    assert_eq!(toman, "خرید کمتر از ۵۰۰٬۰۰۰ تومان");
}
