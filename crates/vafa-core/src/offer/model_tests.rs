//! Every check of an offer at its bound and one past it (issue 22): the field named and
//! the reason, and each kind of reward enough on its own.

use super::*;
use crate::offer::fault::OfferFault as F;

/// `body` is what follows `[[offer]]\nid = "o"\n` (its own sections included).
fn check(body: &str) -> Result<(), (String, F)> {
    parse_offers(&format!("[[offer]]\nid = \"o\"\n{body}\n"))
        .map(|_| ())
        .map_err(|e| (e.field, e.reason))
}

fn when(rules: &str) -> Result<(), (String, F)> {
    check(&format!(
        "[offer.when]\n{rules}\n[offer.reward]\npoints = 1"
    ))
}

fn reward(body: &str) -> Result<(), (String, F)> {
    check(&format!("[offer.reward]\n{body}"))
}

fn err(field: &str, reason: F) -> Result<(), (String, F)> {
    Err((field.to_string(), reason))
}

#[test]
fn an_id_is_1_to_64_letters_digits_dashes_or_underscores() {
    let id = |id: &str| {
        parse_offers(&format!(
            "[[offer]]\nid = \"{id}\"\n[offer.reward]\npoints = 1\n"
        ))
        .map(|o| o.len())
        .map_err(|e| (e.field, e.reason))
    };
    assert_eq!(id("Tea-time_2"), Ok(1));
    assert_eq!(id(&"a".repeat(64)), Ok(1));
    for bad in ["", "a b", "a.b", "چای", &"a".repeat(65)] {
        assert_eq!(id(bad), Err(("id".to_string(), F::BadId)), "{bad:?}");
    }
    let twice = "[[offer]]\nid = \"o\"\n[offer.reward]\npoints = 1\n[[offer]]\nid = \"o\"\n[offer.reward]\npoints = 2\n";
    let e = parse_offers(twice).expect_err("twice");
    assert_eq!(
        (e.field.as_str(), e.reason, e.line),
        ("id", F::DuplicateId, Some(6))
    );
}

#[test]
fn percents_are_0_to_100_and_amounts_0_to_the_largest() {
    for p in ["0", "100", "12.5"] {
        assert_eq!(
            reward(&format!("extra_credit_percent = {p}")),
            Ok(()),
            "{p}"
        );
        assert_eq!(reward(&format!("discount_percent = {p}")), Ok(()), "{p}");
    }
    assert_eq!(
        reward("discount_percent = 100.01"),
        err(
            "reward.discount_percent",
            F::NotPercent("100.01".parse().expect("decimal"))
        )
    );
    let max = crate::money::MAX_AMOUNT;
    for (field, section) in [("extra_credit", "reward"), ("discount", "reward")] {
        assert_eq!(reward(&format!("{field} = {max}")), Ok(()));
        assert_eq!(reward(&format!("{field} = 0")), Ok(()));
        assert_eq!(
            reward(&format!("{field} = {}", max + 1)),
            err(&format!("{section}.{field}"), F::NotAmount(max + 1))
        );
        assert_eq!(
            reward(&format!("{field} = -1")),
            err(&format!("{section}.{field}"), F::NotAmount(-1))
        );
    }
    assert_eq!(when(&format!("min_amount = {max}")), Ok(()));
    assert_eq!(
        when("min_amount = -1"),
        err("when.min_amount", F::NotAmount(-1))
    );
    assert_eq!(
        when(&format!("max_amount = {}", max + 1)),
        err("when.max_amount", F::NotAmount(max + 1))
    );
    assert_eq!(
        check("[offer.reward]\npoints = 1\n[offer.limit]\nbudget = -1"),
        err("limit.budget", F::NotAmount(-1))
    );
    assert_eq!(
        check("[offer.reward]\npoints = 1\n[offer.limit]\nbudget = 0"),
        Ok(())
    );
}

#[test]
fn dates_ranges_and_visits_are_in_order() {
    assert_eq!(
        check("valid_from = \"2026-01-02\"\nvalid_to = \"2026-01-02\"\n[offer.reward]\npoints = 1"),
        Ok(())
    );
    assert_eq!(
        check("valid_from = \"2026-01-02\"\nvalid_to = \"2026-01-01\"\n[offer.reward]\npoints = 1"),
        err("valid_to", F::ToBeforeFrom)
    );
    assert_eq!(
        check("valid_from = \"soon\"\n[offer.reward]\npoints = 1"),
        err("valid_from", F::NotDate("soon".into()))
    );
    assert_eq!(
        check("valid_from = \"2026-02-30\"\n[offer.reward]\npoints = 1"),
        err("valid_from", F::NoSuchDay("2026-02-30".into()))
    );
    assert_eq!(when("min_amount = 100\nmax_amount = 100"), Ok(()));
    assert_eq!(when("min_amount = 100\nmax_amount = 0"), Ok(()), "0: none");
    assert_eq!(
        when("min_amount = 100\nmax_amount = 99"),
        err("when.max_amount", F::MaxAmountBelowMin)
    );
    assert_eq!(when("min_visits = 3\nmax_visits = 3"), Ok(()));
    assert_eq!(when("min_visits = 3\nmax_visits = 0"), Ok(()), "0: none");
    assert_eq!(
        when("min_visits = 3\nmax_visits = 2"),
        err("when.max_visits", F::MaxVisitsBelowMin)
    );
    for (rule, field) in [
        ("every_nth_visit", "when.every_nth_visit"),
        ("first_visits", "when.first_visits"),
    ] {
        assert_eq!(when(&format!("{rule} = 1")), Ok(()));
        assert_eq!(when(&format!("{rule} = 0")), err(field, F::AtLeastOne));
    }
    for (rule, field) in [
        ("birthday_within_days", "when.birthday_within_days"),
        ("anniversary_within_days", "when.anniversary_within_days"),
    ] {
        assert_eq!(when(&format!("{rule} = 180")), Ok(()));
        assert_eq!(when(&format!("{rule} = 181")), err(field, F::Over180Days));
    }
    assert_eq!(when("weekdays = [\"Sat\", \"fri\"]"), Ok(()));
    assert_eq!(
        when("weekdays = [\"sat\", \"sab\"]"),
        err("when.weekdays", F::BadWeekday("sab".into()))
    );
}

#[test]
fn hours_are_hh_mm_to_hh_mm_and_may_wrap_midnight() {
    let h = Hours::parse;
    assert_eq!(
        h("9:00-17:30"),
        Some(Hours {
            start: 540,
            end: 1_050
        })
    );
    assert_eq!(
        h(" 22:00 - 02:00 "),
        Some(Hours {
            start: 1_320,
            end: 120
        })
    );
    assert_eq!(
        h("10:00-24:00"),
        Some(Hours {
            start: 600,
            end: 1_440
        })
    );
    assert_eq!(
        h("23:59-00:00"),
        Some(Hours {
            start: 1_439,
            end: 0
        })
    );
    for bad in [
        "24:00-01:00",
        "10:00-10:00",
        "10:60-11:00",
        "10:60-12:00",
        "10:00-24:30",
        "10:00-25:00",
        "001:00-02:00",
        "24:01-01:00",
        "25:00-26:00",
        "100:00-01:00",
        "10:0-11:00",
        ":00-10:00",
        "10:00",
        "ten-eleven",
    ] {
        assert_eq!(h(bad), None, "{bad}");
    }
    let day = Hours {
        start: 540,
        end: 1_050,
    };
    assert!(day.contains(540) && day.contains(1_049));
    assert!(!day.contains(539) && !day.contains(1_050));
    let night = Hours {
        start: 1_320,
        end: 120,
    };
    assert!(night.contains(1_320) && night.contains(0) && night.contains(119));
    assert!(!night.contains(120) && !night.contains(1_319));
    assert_eq!(
        when("hours = \"10:00-10:00\""),
        err("when.hours", F::BadHours("10:00-10:00".into()))
    );
}

#[test]
fn points_and_the_multiplier_in_range() {
    assert_eq!(reward("points = 0"), Ok(()));
    assert_eq!(reward("points = 1000000000"), Ok(()));
    for bad in ["-1", "1000000001"] {
        assert_eq!(
            reward(&format!("points = {bad}")),
            err("reward.points", F::NegativePoints)
        );
    }
    for m in ["0", "1.5", "100"] {
        assert_eq!(reward(&format!("points_multiplier = {m}")), Ok(()), "{m}");
    }
    for bad in ["-0.1", "100.1"] {
        assert_eq!(
            reward(&format!("points_multiplier = {bad}")),
            err("reward.points_multiplier", F::MultiplierRange)
        );
    }
}

#[test]
fn each_reward_alone_gives_something_and_items_need_a_basket_rule() {
    for body in [
        "extra_credit_percent = 1",
        "extra_credit = 1",
        "discount_percent = 1",
        "discount = 1",
        "points = 1",
        "points_multiplier = 2",
    ] {
        assert_eq!(reward(body), Ok(()), "{body}");
    }
    assert_eq!(
        check("[offer.when]\ncategories = [\"tea\"]\n[offer.reward]\nfree_item = true"),
        Ok(())
    );
    assert_eq!(
        check("[offer.when]\nskus = [\"1\"]\n[offer.reward]\nfree_item = true"),
        Ok(())
    );
    assert_eq!(
        check("[offer.when]\nreferred = true\n[offer.reward]\nreferrer_credit = 1"),
        Ok(())
    );
    assert_eq!(reward("expires_days = 3"), err("reward", F::GivesNothing));
    assert_eq!(
        reward("free_item = true"),
        err("reward.free_item", F::NeedsItems)
    );
    assert_eq!(
        reward("discount_percent = 5\nscope = \"items\""),
        err("reward.scope", F::NeedsItems)
    );
    assert_eq!(
        check(
            "[offer.when]\nskus = [\"1\"]\n[offer.reward]\ndiscount_percent = 5\nscope = \"items\""
        ),
        Ok(())
    );
    assert_eq!(
        reward("referrer_credit = 1"),
        err("reward.referrer_credit", F::NeedsReferred)
    );
    assert_eq!(
        check("[offer.when]\nreferred = false\n[offer.reward]\nreferrer_credit = 1"),
        err("reward.referrer_credit", F::NeedsReferred)
    );
}

#[test]
fn limits_are_at_least_one() {
    let limit = |l: &str| check(&format!("[offer.reward]\npoints = 1\n[offer.limit]\n{l}"));
    assert_eq!(limit("per_member = 1\ntotal_uses = 1"), Ok(()));
    assert_eq!(limit("per_member = 0"), err("limit", F::ZeroLimit));
    assert_eq!(limit("total_uses = 0"), err("limit", F::ZeroLimit));
}

#[test]
fn a_fault_names_its_offer_and_line() {
    let text = "[[offer]]\nid = \"a\"\n[offer.reward]\npoints = 1\n[[offer]]\nid = \"b\"\n[offer.limit]\nper_member = 0\n[offer.reward]\npoints = 1\n";
    let e = parse_offers(text).expect_err("zero");
    assert_eq!(
        (e.offer.as_str(), e.line),
        ("b", Some(7)),
        "the [offer.limit] header"
    );
    let text = "[[offer]]\nid = \"a\"\n[offer.reward]\npoints = 1\n[[offer]]\nid = \"b\"\n[offer.reward]\nfree_item = true\n";
    let e = parse_offers(text).expect_err("items");
    assert_eq!((e.offer.as_str(), e.line), ("b", Some(8)));
    let text =
        "[[offer]]\nid = \"b\"\nvalid_from = \"2026-01-01\"\n[offer.reward]\nexpires_days = 1\n";
    let e = parse_offers(text).expect_err("nothing");
    assert_eq!(e.line, Some(4), "the [offer.reward] header");
    // No reward at all, neither a key nor a header: the offer's own `[[offer]]` line.
    let text = "[[offer]]\nid = \"a\"\n[offer.reward]\npoints = 1\n[[offer]]\nid = \"b\"\n";
    let e = parse_offers(text).expect_err("no reward");
    assert_eq!(
        (e.offer.as_str(), e.field.as_str(), e.line),
        ("b", "reward", Some(5))
    );
    // A syntax error: the key on its line, and the offer above it.
    let text = "[[offer]]\nid = \"a\"\n[offer.reward]\npoints = 1\n[[offer]]\nid = \"b\"\npriority = \"high\"\n";
    let e = parse_offers(text).expect_err("syntax");
    assert_eq!(
        (e.offer.as_str(), e.line, e.field.as_str()),
        ("b", Some(7), "priority")
    );
    let e = parse_offers("[[offer]]\nid = \"a\"\n[offer.reward\n").expect_err("header");
    assert_eq!((e.line, e.field.as_str()), (Some(3), ""));
    // A broken header with an `=` in it names no key either.
    let e = parse_offers("[[offer]]\nid = \"a\"\n[offer.reward = 1]\n").expect_err("header");
    assert_eq!((e.line, e.field.as_str()), (Some(3), ""));
}

#[test]
fn a_name_is_in_the_language_asked_or_else_in_the_other() {
    let name = |text: &str| {
        parse_offers(&format!(
            "[[offer]]\nid = \"o\"\nname = {text}\n[offer.reward]\npoints = 1\n"
        ))
        .expect("offer")[0]
            .offer
            .name
            .clone()
            .expect("name")
    };
    let both = name("{ fa = \"چای\", en = \"Tea\" }");
    assert_eq!((both.get(Lang::Fa), both.get(Lang::En)), ("چای", "Tea"));
    let fa_only = name("{ fa = \"چای\" }");
    assert_eq!(
        (fa_only.get(Lang::Fa), fa_only.get(Lang::En)),
        ("چای", "چای")
    );
    let en_only = name("{ en = \"Tea\" }");
    assert_eq!(
        (en_only.get(Lang::Fa), en_only.get(Lang::En)),
        ("Tea", "Tea")
    );
    let one = name("\"Tea\"");
    assert_eq!((one.get(Lang::Fa), one.get(Lang::En)), ("Tea", "Tea"));
}
