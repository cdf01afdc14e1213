//! Every condition and limit of the offer engine at its bound and one past it, so that a
//! rule broken anywhere fails a test that names it (issue 22: the mutants that no test
//! caught). One offer per case, on the `Case` of the parent module.

use chrono::NaiveDate;

use super::{Case, line, t};
use crate::calendar::{CalendarKind, GivenDate};
use crate::config::Policy;
use crate::offer::engine::{Usage, days_from_yearly, period_key};
use crate::offer::model::Period;
use crate::offer::why::{Met, Unmet, Why};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("day")
}

/// One offer with `rules` under `[offer.when]` (or any section it opens) and a reward.
fn one(rules: &str) -> Case {
    Case::new(
        &format!(
            "[[offer]]\nid = \"o\"\n[offer.when]\n{rules}\n[offer.reward]\nextra_credit = 1000\n"
        ),
        Policy::Best,
    )
}

fn why(c: &Case) -> Why {
    line(&c.decide(), "o").why.clone()
}

fn eligible(c: &Case) -> bool {
    line(&c.decide(), "o").eligible
}

#[test]
fn valid_from_and_to_include_their_own_days() {
    // The case's sale is on 2026-11-22.
    let c = Case::new(
        "[[offer]]\nid = \"o\"\nvalid_from = \"2026-11-22\"\nvalid_to = \"2026-11-22\"\n[offer.reward]\nextra_credit = 1000\n",
        Policy::Best,
    );
    assert!(eligible(&c), "{:?}", why(&c));
    let c = Case::new(
        "[[offer]]\nid = \"o\"\nvalid_from = \"2026-11-23\"\n[offer.reward]\nextra_credit = 1000\n",
        Policy::Best,
    );
    assert_eq!(
        why(&c),
        Why::Unmet(Unmet::NotYet {
            from: day(2026, 11, 23)
        })
    );
    let c = Case::new(
        "[[offer]]\nid = \"o\"\nvalid_to = \"2026-11-21\"\n[offer.reward]\nextra_credit = 1000\n",
        Policy::Best,
    );
    assert_eq!(
        why(&c),
        Why::Unmet(Unmet::Ended {
            on: day(2026, 11, 21)
        })
    );
}

#[test]
fn min_visits_is_met_at_its_bound() {
    let mut c = one("min_visits = 3");
    c.member.visits_before = 3;
    assert!(eligible(&c));
    c.member.visits_before = 2;
    assert_eq!(why(&c), Why::Unmet(Unmet::FewVisits { min: 3, visits: 2 }));
}

#[test]
fn max_visits_is_met_at_its_bound_and_zero_means_none() {
    let mut c = one("max_visits = 3");
    c.member.visits_before = 3;
    assert!(eligible(&c));
    c.member.visits_before = 4;
    assert_eq!(why(&c), Why::Unmet(Unmet::ManyVisits { max: 3 }));
    let mut c = one("max_visits = 0");
    c.member.visits_before = 1000;
    assert!(eligible(&c), "max_visits = 0 is no limit");
}

#[test]
fn basket_bounds_include_the_amount_itself() {
    let mut c = one("min_amount = 1000000");
    c.gross = 1_000_000;
    assert!(eligible(&c));
    c.gross = 999_999;
    assert_eq!(why(&c), Why::Unmet(Unmet::BasketUnder { min: 1_000_000 }));
    let mut c = one("max_amount = 1000000");
    c.gross = 1_000_000;
    assert!(eligible(&c));
    c.gross = 1_000_001;
    assert_eq!(why(&c), Why::Unmet(Unmet::BasketOver { max: 1_000_000 }));
    let mut c = one("max_amount = 0");
    c.gross = 900_000_000;
    assert!(eligible(&c), "max_amount = 0 is no limit");
}

#[test]
fn tiers_need_the_members_tier() {
    let mut c = one("tiers = [\"gold\"]");
    c.member.tier = Some("silver".into());
    assert_eq!(
        why(&c),
        Why::Unmet(Unmet::Tiers {
            tiers: vec!["gold".into()]
        })
    );
    c.member.tier = None;
    assert!(!eligible(&c), "a member without a tier is in none");
    c.member.tier = Some("GOLD".into());
    assert!(eligible(&c), "case aside");
}

#[test]
fn groups_need_one_of_the_members_groups() {
    let mut c = one("groups = [\"staff\"]");
    c.member.groups = vec!["family".into()];
    assert_eq!(
        why(&c),
        Why::Unmet(Unmet::Groups {
            groups: vec!["staff".into()]
        })
    );
    c.member.groups = vec!["family".into(), "Staff".into()];
    assert!(eligible(&c));
}

#[test]
fn weekdays_are_the_sales_local_day() {
    // 2026-11-22 is a Sunday; 2026-11-21 a Saturday.
    let mut c = one("weekdays = [\"sat\"]");
    assert_eq!(
        why(&c),
        Why::Unmet(Unmet::Weekdays {
            days: vec!["sat".into()]
        })
    );
    c.at = t("2026-11-21T23:59:00+03:30");
    assert!(eligible(&c));
    // Midnight starts Sunday in the shop's own offset: a Saturday offer has ended.
    c.at = t("2026-11-22T00:00:00+03:30");
    assert!(!eligible(&c));
}

#[test]
fn total_uses_stop_at_the_limit() {
    let mut c = Case::new(
        "[[offer]]\nid = \"o\"\n[offer.reward]\nextra_credit = 1000\n[offer.limit]\ntotal_uses = 5\n",
        Policy::Best,
    );
    let mut u = Usage {
        total_uses: 4,
        ..Usage::default()
    };
    c.usage.insert("o".into(), u.clone());
    assert!(eligible(&c), "the fifth use");
    u.total_uses = 5;
    c.usage.insert("o".into(), u);
    assert_eq!(why(&c), Why::Unmet(Unmet::AllUsesTaken { total: 5 }));
}

#[test]
fn a_week_starts_on_saturday() {
    let sat = day(2026, 11, 21);
    for (d, back) in [(21, 0), (22, 1), (26, 5), (27, 6)] {
        assert_eq!(
            period_key(Period::Week, day(2026, 11, d)),
            sat.to_string(),
            "{d} Nov is {back} days on"
        );
    }
    assert_eq!(
        period_key(Period::Week, day(2026, 11, 28)),
        "2026-11-28",
        "the next Saturday"
    );
    assert_eq!(
        period_key(Period::Week, day(2026, 11, 20)),
        "2026-11-14",
        "the Friday before"
    );
    assert_eq!(period_key(Period::Day, day(2026, 11, 20)), "2026-11-20");
    assert_eq!(period_key(Period::Ever, day(2026, 11, 20)), "ever");
}

#[test]
fn months_and_years_are_jalali() {
    // 2026-03-20 is 29 Esfand 1404; 2026-03-21 is 1 Farvardin 1405.
    assert_eq!(period_key(Period::Month, day(2026, 3, 20)), "1404-12");
    assert_eq!(period_key(Period::Month, day(2026, 3, 21)), "1405-01");
    assert_eq!(period_key(Period::Year, day(2026, 3, 20)), "1404");
    assert_eq!(period_key(Period::Year, day(2026, 3, 21)), "1405");
    // 1 Dey 1405 is 2026-12-22.
    assert_eq!(period_key(Period::Month, day(2026, 12, 21)), "1405-09");
    assert_eq!(period_key(Period::Month, day(2026, 12, 22)), "1405-10");
}

fn greg(y: i32, m: u32, d: u32) -> GivenDate {
    GivenDate {
        date: day(y, m, d),
        calendar: CalendarKind::Gregorian,
    }
}

fn jalali(y: i32, m: u32, d: u32) -> GivenDate {
    GivenDate {
        date: day(y, m, d),
        calendar: CalendarKind::Jalali,
    }
}

#[test]
fn yearly_days_are_near_across_the_gregorian_new_year() {
    assert_eq!(
        days_from_yearly(day(2026, 12, 30), greg(1990, 1, 2)),
        3,
        "next year's"
    );
    assert_eq!(
        days_from_yearly(day(2027, 1, 2), greg(1990, 12, 30)),
        3,
        "last year's"
    );
    assert_eq!(days_from_yearly(day(2026, 7, 2), greg(1990, 1, 1)), 182);
    assert_eq!(days_from_yearly(day(2026, 6, 15), greg(1990, 6, 15)), 0);
}

#[test]
fn the_29th_of_february_is_the_28th_in_a_common_year() {
    assert_eq!(days_from_yearly(day(2027, 2, 28), greg(2000, 2, 29)), 0);
    assert_eq!(days_from_yearly(day(2027, 3, 1), greg(2000, 2, 29)), 1);
    assert_eq!(
        days_from_yearly(day(2028, 2, 29), greg(2000, 2, 29)),
        0,
        "a leap year"
    );
    assert_eq!(days_from_yearly(day(2028, 2, 28), greg(2000, 2, 29)), 1);
}

#[test]
fn yearly_days_are_near_across_nowruz_in_jalali() {
    // Born 1 Farvardin 1369 (1990-03-21): on 28 Esfand 1404 (2026-03-19) it is 2 days off.
    assert_eq!(days_from_yearly(day(2026, 3, 19), jalali(1990, 3, 21)), 2);
    // Born 29 Esfand 1368 (1990-03-20): on 1 Farvardin 1405 (2026-03-21) it was yesterday.
    assert_eq!(days_from_yearly(day(2026, 3, 21), jalali(1990, 3, 20)), 1);
}

#[test]
fn the_30th_of_esfand_is_the_29th_in_a_common_jalali_year() {
    // 30 Esfand 1403 (a leap year) is 2025-03-20. 1404 is common: its last day,
    // 29 Esfand, is 2026-03-20.
    assert_eq!(days_from_yearly(day(2026, 3, 20), jalali(2025, 3, 20)), 0);
    assert_eq!(days_from_yearly(day(2026, 3, 21), jalali(2025, 3, 20)), 1);
}

#[test]
fn first_visits_are_the_first_n_and_not_one_more() {
    let mut c = one("first_visits = 2");
    for before in [0, 1] {
        c.member.visits_before = before;
        assert!(eligible(&c), "visit {}", before + 1);
    }
    c.member.visits_before = 2;
    assert_eq!(why(&c), Why::Unmet(Unmet::PastFirstVisits { first: 2 }));
    c.member.visits_before = 0;
    c.member.same_visit = true;
    assert_eq!(
        why(&c),
        Why::Unmet(Unmet::SameVisit),
        "a second sale of the first visit"
    );
}

#[test]
fn an_applied_offer_says_which_visit_it_met() {
    let mut c = one("first_visits = 3");
    c.member.visits_before = 1;
    assert_eq!(why(&c), Why::Met(vec![Met::FirstVisits { visit: 2 }]));
}

#[test]
fn back_within_exactly_the_days_allowed() {
    let mut c = one("max_days_since_last_visit = 15");
    c.member.last_visit = Some(day(2026, 11, 7)); // 15 days before 2026-11-22
    assert_eq!(why(&c), Why::Met(vec![Met::BackAfter { days: 15 }]));
    c.member.last_visit = Some(day(2026, 11, 6));
    assert_eq!(
        why(&c),
        Why::Unmet(Unmet::DaysSinceLastVisit { days: 16, max: 15 })
    );
}

#[test]
fn a_basket_minimum_is_said_only_when_there_is_one() {
    let c = one("min_amount = 1000000");
    assert_eq!(
        why(&c),
        Why::Met(vec![Met::BasketAtLeast { min: 1_000_000 }])
    );
    let c = one("min_amount = 0");
    assert!(
        !matches!(&why(&c), Why::Met(m) if m.iter().any(|x| matches!(x, Met::BasketAtLeast { .. }))),
        "{:?}",
        why(&c)
    );
    assert!(eligible(&c));
}

#[test]
fn skus_need_one_of_them_in_the_basket() {
    let mut c = one("skus = [\"1001\"]");
    c.items = vec![super::item("2002", 1, 1_000_000, "x")];
    c.gross = 1_000_000;
    assert_eq!(
        why(&c),
        Why::Unmet(Unmet::Skus {
            skus: vec!["1001".into()]
        })
    );
    c.items.push(super::item("1001", 1, 10_000, "x"));
    c.gross = 1_010_000; // the basket's total is its items'
    assert_eq!(
        why(&c),
        Why::Met(vec![Met::Skus {
            skus: vec!["1001".into()]
        }])
    );
}

#[test]
fn hours_count_minutes() {
    let mut c = one("hours = \"14:00-17:00\"");
    c.at = t("2026-11-22T14:30:00+03:30");
    assert!(eligible(&c), "14:30");
    c.at = t("2026-11-22T13:59:00+03:30");
    assert!(!eligible(&c), "13:59");
    c.at = t("2026-11-22T16:59:00+03:30");
    assert!(eligible(&c), "16:59");
}

#[test]
fn referred_true_false_and_absent() {
    let mut c = one("referred = true");
    c.member.referred = true;
    assert_eq!(why(&c), Why::Met(vec![Met::Referred]));
    c.member.referred = false;
    assert_eq!(why(&c), Why::Unmet(Unmet::NotReferred));
    let mut c = one("referred = false");
    c.member.referred = true;
    assert_eq!(why(&c), Why::Unmet(Unmet::Referred));
    c.member.referred = false;
    assert!(eligible(&c));
}

#[test]
fn a_budget_may_be_spent_to_its_last_rial() {
    let mut c = Case::new(
        "[[offer]]\nid = \"o\"\n[offer.reward]\nextra_credit = 1000\n[offer.limit]\nbudget = 5000\n",
        Policy::Best,
    );
    let u = |used| Usage {
        budget_used: used,
        ..Usage::default()
    };
    c.usage.insert("o".into(), u(4000));
    assert!(eligible(&c), "1,000 left for a 1,000 reward");
    c.usage.insert("o".into(), u(4001));
    assert_eq!(why(&c), Why::Unmet(Unmet::BudgetShort { left: 999 }));
}
