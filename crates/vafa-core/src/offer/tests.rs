use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::calendar::{CalendarKind, GivenDate};
use crate::config::{Policy, ShopConfig};
use crate::offer::model::Period;
use crate::offer::model::parse_offers;
use crate::offer::why::{Met, Unmet, Why, Yearly};
use crate::sale::{Item, Redeem};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("time")
}

fn config(policy: Policy) -> ShopConfig {
    let mut c = ShopConfig::from_toml(
        "[earn]\ncredit_percent = 5\nround_to = 1000\npoint_value = 0\npoints_per = 10000\n[[tier]]\nname = \"silver\"\nmin_points = 0\ncredit_percent = 5\n",
    )
    .expect("config");
    c.offers.policy = policy;
    c
}

fn item(sku: &str, qty: i64, price: i64, cat: &str) -> Item {
    Item {
        sku: sku.into(),
        qty: qty.into(),
        unit_price: price,
        category: Some(cat.into()),
    }
}

struct Case {
    offers: Vec<crate::offer::model::ValidOffer>,
    config: ShopConfig,
    member: MemberFacts,
    items: Vec<Item>,
    gross: i64,
    at: DateTime<FixedOffset>,
    usage: BTreeMap<String, Usage>,
    /// The member's base cashback percent.
    base: Decimal,
}

impl Case {
    fn new(offers: &str, policy: Policy) -> Case {
        Case {
            offers: parse_offers(offers).expect("offers"),
            config: config(policy),
            member: MemberFacts::default(),
            items: Vec::new(),
            gross: 1_000_000,
            at: t("2026-11-22T10:00:00+03:30"),
            usage: BTreeMap::new(),
            base: Decimal::from(5),
        }
    }
    fn decide(&self) -> Decision {
        self.with(|ctx| decide(ctx).expect("decision"))
    }
    /// Runs `f` on the engine's context for this case.
    fn with<R>(&self, f: impl FnOnce(&Context<'_>) -> R) -> R {
        let occ = crate::occasions::occasions_on(self.at.date_naive(), &Default::default());
        f(&Context {
            at: self.at,
            branch: "TEH01",
            member: Some(&self.member),
            gross: self.gross,
            items: &self.items,
            redeem: Redeem::Nothing,
            credit_available: Some(0),
            base_credit_percent: self.base,
            offers: &self.offers,
            usage: &self.usage,
            occasions: &occ,
            config: &self.config,
        })
    }
}

fn line<'a>(d: &'a Decision, id: &str) -> &'a OfferLine {
    d.lines.iter().find(|l| &*l.id == id).expect("line")
}

const SEED_002: &str = include_str!("../../../../tests/fixtures/offers_seed_002.toml");

#[test]
fn seed_002_five_offers_the_birthday_wins() {
    let mut c = Case::new(SEED_002, Policy::Best);
    c.member = MemberFacts {
        visits_before: 12,
        tier: Some("silver".into()),
        birth: Some(GivenDate {
            date: NaiveDate::from_ymd_opt(1990, 11, 22).expect("d"),
            calendar: CalendarKind::Gregorian,
        }),
        ..MemberFacts::default()
    };
    c.gross = 6_000_000;
    c.items = vec![item("1", 1, 5_000_000, "y"), item("2", 1, 1_000_000, "x")];
    let d = c.decide();
    assert!(d.lines.iter().all(|l| l.eligible), "{:?}", d.lines);
    assert_eq!(d.amounts.credit_earned, 1_500_000, "25% of 6,000,000");
    assert_eq!(d.amounts.discount, 0);
    let b = line(&d, "birthday");
    assert!(b.chosen);
    assert_eq!(b.value, 1_200_000);
    assert_eq!(
        b.why,
        Why::Met(vec![Met::Near {
            day: Yearly::Birthday,
            days: 0
        }])
    );
    assert_eq!(line(&d, "regular").value, 300_000);
    assert_eq!(line(&d, "big-basket").value, 600_000);
    assert_eq!(line(&d, "silver").value, 900_000);
    assert_eq!(line(&d, "category-x").value, 420_000);
    assert_eq!(
        line(&d, "silver").why,
        Why::Lost {
            to: "birthday".into()
        }
    );
    assert_eq!(d.lines.iter().filter(|l| l.chosen).count(), 1);
}

#[test]
fn jalali_birthdays_are_kept_in_jalali() {
    let mut c = Case::new(SEED_002, Policy::Best);
    // Born 1369/09/01 (1990-11-22): 1405/09/01 is 2026-11-22.
    c.member.birth = Some(GivenDate {
        date: NaiveDate::from_ymd_opt(1990, 11, 22).expect("d"),
        calendar: CalendarKind::Jalali,
    });
    assert!(line(&c.decide(), "birthday").eligible);
    // Born 1369/09/02: a day off in Jalali, so not today.
    c.member.birth = Some(GivenDate {
        date: NaiveDate::from_ymd_opt(1990, 11, 23).expect("d"),
        calendar: CalendarKind::Jalali,
    });
    assert_eq!(
        line(&c.decide(), "birthday").why,
        Why::Unmet(Unmet::NotNear {
            day: Yearly::Birthday,
            within: 0
        })
    );
}

#[test]
fn seed_000_back_within_15_days() {
    let mut c = Case::new(
        "[[offer]]\nid = \"come-back\"\n[offer.when]\nmax_days_since_last_visit = 15\n[offer.reward]\nextra_credit_percent = 10\n",
        Policy::Best,
    );
    c.member.last_visit = NaiveDate::from_ymd_opt(2026, 11, 13);
    let d = c.decide();
    assert!(line(&d, "come-back").chosen);
    assert_eq!(d.amounts.credit_earned, 150_000, "5% + 10% of 1,000,000");
    assert_eq!(
        line(&d, "come-back").why,
        Why::Met(vec![Met::BackAfter { days: 9 }])
    );
    c.member.last_visit = NaiveDate::from_ymd_opt(2026, 11, 6);
    let d = c.decide();
    assert!(!line(&d, "come-back").eligible);
    assert_eq!(
        line(&d, "come-back").why,
        Why::Unmet(Unmet::DaysSinceLastVisit { days: 16, max: 15 })
    );
    c.member.last_visit = None;
    assert_eq!(
        line(&c.decide(), "come-back").why,
        Why::Unmet(Unmet::NoEarlierVisit)
    );
}

const SEED_004: &str = r#"
[[offer]]
id = "fifth-coffee"
[offer.when]
every_nth_visit = 5
categories = ["coffee"]
[offer.reward]
free_item = true

[[offer]]
id = "happy-hour"
[offer.when]
hours = "14:00-17:00"
categories = ["coffee"]
[offer.reward]
discount_percent = 10
scope = "items"

[[offer]]
id = "coffee-points"
[offer.when]
categories = ["coffee"]
[offer.reward]
points_multiplier = 2
"#;

#[test]
fn seed_004_stamps_happy_hour_and_double_points() {
    let mut c = Case::new(SEED_004, Policy::Stack);
    c.config.earn.point_value = 100;
    c.items = vec![
        item("c1", 2, 450_000, "coffee"),
        item("c2", 1, 380_000, "coffee"),
        item("b1", 1, 220_000, "bakery"),
    ];
    c.gross = 1_500_000;
    c.member.visits_before = 4; // this is the 5th visit
    c.at = t("2026-11-22T15:30:00+03:30");
    let d = c.decide();
    assert!(d.lines.iter().all(|l| l.chosen), "{:?}", d.lines);
    assert_eq!(
        line(&d, "fifth-coffee").value,
        380_000,
        "the cheapest coffee is free"
    );
    assert_eq!(
        line(&d, "happy-hour").value,
        128_000,
        "10% of the coffee lines only (1,280,000)"
    );
    assert_eq!(d.amounts.discount, 508_000);
    assert_eq!(d.amounts.paid, 992_000);
    assert_eq!(d.amounts.points_earned, 198, "99 base points doubled");

    c.member.visits_before = 5;
    c.at = t("2026-11-22T17:00:00+03:30");
    let d = c.decide();
    assert_eq!(
        line(&d, "fifth-coffee").why,
        Why::Unmet(Unmet::NotNthVisit { visit: 6, every: 5 })
    );
    assert_eq!(
        line(&d, "happy-hour").why,
        Why::Unmet(Unmet::OutsideHours {
            from: 14 * 60,
            to: 17 * 60
        })
    );
    assert!(line(&d, "coffee-points").chosen);
    c.items = vec![item("b1", 1, 220_000, "bakery")];
    c.gross = 220_000;
    assert_eq!(
        line(&c.decide(), "coffee-points").why,
        Why::Unmet(Unmet::Categories {
            categories: vec!["coffee".into()]
        })
    );
}

#[test]
fn monthly_limit_and_budget() {
    let mut c = Case::new(
        "[[offer]]\nid = \"monthly\"\n[offer.reward]\nextra_credit = 100000\n[offer.limit]\nper_member = 1\nperiod = \"month\"\nbudget = 250000\n",
        Policy::Best,
    );
    let mut u = Usage {
        member_period: Some(period_key(
            crate::offer::model::Period::Month,
            NaiveDate::from_ymd_opt(2026, 11, 22).expect("d"),
        )),
        member_count: 1,
        member_last_day: NaiveDate::from_ymd_opt(2026, 11, 22),
        total_uses: 1,
        budget_used: 100_000,
    };
    c.usage.insert("monthly".into(), u.clone());
    assert_eq!(
        line(&c.decide(), "monthly").why,
        Why::Unmet(Unmet::LimitUsed {
            per: 1,
            period: Period::Month,
            on: NaiveDate::from_ymd_opt(2026, 11, 22)
        })
    );
    // Next Jalali month (Dey starts on 2026-12-22).
    c.at = t("2026-12-22T10:00:00+03:30");
    assert!(line(&c.decide(), "monthly").chosen);
    u.budget_used = 200_000;
    c.usage.insert("monthly".into(), u);
    assert_eq!(
        line(&c.decide(), "monthly").why,
        Why::Unmet(Unmet::BudgetShort { left: 50_000 })
    );
}

#[test]
fn ties_break_by_priority_then_id() {
    let offers = "[[offer]]\nid = \"b\"\n[offer.reward]\nextra_credit = 1000\n[[offer]]\nid = \"a\"\n[offer.reward]\nextra_credit = 1000\n";
    let c = Case::new(offers, Policy::Best);
    assert!(line(&c.decide(), "a").chosen);
    let c = Case::new(
        &offers.replacen("id = \"b\"", "id = \"b\"\npriority = 1", 1),
        Policy::Best,
    );
    assert!(line(&c.decide(), "b").chosen);
}

#[test]
fn the_cap_limits_what_offers_give() {
    let mut c = Case::new(
        "[[offer]]\nid = \"huge\"\n[offer.reward]\nextra_credit_percent = 90\n",
        Policy::Best,
    );
    c.config.offers.max_reward_percent = Decimal::from(30);
    let d = c.decide();
    // 30% of 1,000,000 is 300,000 for everything; the base 5% cashback takes 50,000 of it.
    assert_eq!(line(&d, "huge").value, 250_000);
    assert_eq!(d.amounts.credit_earned, 300_000);
}

#[test]
fn the_cap_is_on_every_reward_together_not_on_offers_alone() {
    // The contract's example: 40%, an offer of +60% credit, a 1,000,000 sale: the sale
    // earns 400,000 in all (it earned 450,000 when the base was added over the capped offer).
    let mut c = Case::new(
        "[[offer]]\nid = \"sixty\"\n[offer.reward]\nextra_credit_percent = 60\n",
        Policy::Best,
    );
    c.config.offers.max_reward_percent = Decimal::from(40);
    c.config.earn.point_value = 0;
    let d = c.decide();
    assert_eq!(c.gross, 1_000_000);
    assert_eq!(d.amounts.credit_earned, 400_000);
    assert_eq!(line(&d, "sixty").value, 350_000);
    // Points count towards the cap at their value.
    c.config.earn.point_value = 1_000;
    let d = c.decide();
    let total = d.amounts.discount + d.amounts.credit_earned + d.amounts.points_earned * 1_000;
    assert!(total <= 400_000, "{:?}", d.amounts);
    // A base rate above the cap leaves offers nothing, and the base is not cut.
    c.config.offers.max_reward_percent = Decimal::from(2);
    c.config.earn.point_value = 0;
    let d = c.decide();
    assert_eq!(line(&d, "sixty").value, 0);
    assert_eq!(d.amounts.credit_earned, 50_000);
}

#[test]
fn a_fixed_discount_needs_no_minimum_and_never_passes_the_basket() {
    let mut c = Case::new(
        "[[offer]]\nid = \"off\"\n[offer.reward]\ndiscount = 100000\n",
        Policy::Best,
    );
    c.config.offers.max_reward_percent = Decimal::from(100);
    c.config.earn.point_value = 0;
    let d = c.decide();
    assert_eq!(d.amounts.discount, 100_000, "{:?}", d.amounts);
    // On a 60,000 basket it is 60,000 off, never more (nothing is paid, so no cashback).
    c.items = vec![item("s", 1, 60_000, "tea")];
    c.gross = 60_000;
    let d = c.decide();
    assert_eq!(d.amounts.discount, 60_000, "{:?}", d.amounts);
    assert_eq!((d.amounts.paid, d.amounts.credit_earned), (0, 0));
}

#[test]
fn a_capped_credit_reward_stays_a_multiple_of_round_to() {
    // 40% of a 1,000-rial sale is 400 rials: credit is paid in thousands here, so the
    // holiday's 50,000 is cut to nothing rather than to an odd 400.
    let mut c = Case::new(
        "[[offer]]\nid = \"gift\"\n[offer.reward]\nextra_credit = 50000\n",
        Policy::Best,
    );
    c.config.offers.max_reward_percent = Decimal::from(40);
    c.gross = 1_000;
    let d = c.decide();
    assert_eq!(d.amounts.credit_earned % 1_000, 0, "{:?}", d.amounts);
    assert_eq!(line(&d, "gift").value, 0);
    // With room for some of it, what is left is rounded down too: 40% of 12,345 is 4,938.
    c.gross = 12_345;
    let d = c.decide();
    assert_eq!(line(&d, "gift").value, 4_000);
    assert_eq!(d.amounts.credit_earned % 1_000, 0, "{:?}", d.amounts);
}

#[test]
fn stack_groups_and_exclusive_offers() {
    let offers = r#"
[[offer]]
id = "a"
stack_group = "credit"
[offer.reward]
extra_credit = 10000
[[offer]]
id = "b"
stack_group = "credit"
[offer.reward]
extra_credit = 20000
[[offer]]
id = "c"
[offer.reward]
discount = 0
points = 1
[[offer]]
id = "x"
exclusive = true
[offer.reward]
extra_credit = 15000
"#;
    let mut c = Case::new(offers, Policy::Stack);
    c.config.earn.point_value = 100;
    let d = c.decide();
    assert!(line(&d, "b").chosen && line(&d, "c").chosen);
    assert!(!line(&d, "a").chosen && !line(&d, "x").chosen);
    assert_eq!(d.amounts.credit_earned, 50_000 + 20_000);
    c.offers = parse_offers(&offers.replace("extra_credit = 15000", "extra_credit = 90000"))
        .expect("offers");
    let d = c.decide();
    assert!(line(&d, "x").chosen && !line(&d, "b").chosen);
    assert_eq!(line(&d, "b").why, Why::NotCombined { to: "x".into() });
}

#[test]
fn guests_get_no_offers_and_say_so() {
    let c = Case::new(SEED_002, Policy::Best);
    let d = decide(&Context {
        at: c.at,
        branch: "TEH01",
        member: None,
        gross: c.gross,
        items: &[],
        redeem: Redeem::Nothing,
        credit_available: None,
        base_credit_percent: Decimal::from(5),
        offers: &c.offers,
        usage: &c.usage,
        occasions: &[],
        config: &c.config,
    })
    .expect("decision");
    assert!(
        d.lines
            .iter()
            .all(|l| !l.eligible && l.why == Why::Unmet(Unmet::Guest))
    );
}

#[test]
fn bad_offer_files_name_the_offer_line_and_field() {
    let cases = [
        (
            "[[offer]]\nid = \"a\"\ncolour = \"red\"\n[offer.reward]\npoints = 1\n",
            3,
            "colour",
        ),
        (
            "[[offer]]\nid = \"a\"\n[offer.reward]\ndiscount_percent = 120\n",
            4,
            "reward.discount_percent",
        ),
        (
            "[[offer]]\nid = \"a\"\n[offer.reward]\nextra_credit_percent = -1\n",
            4,
            "reward.extra_credit_percent",
        ),
        (
            "[[offer]]\nid = \"a\"\nvalid_from = \"1405-02-01\"\nvalid_to = \"1405-01-01\"\n[offer.reward]\npoints = 1\n",
            4,
            "valid_to",
        ),
        (
            "[[offer]]\nid = \"a\"\nvalid_to = \"1404-12-30\"\n[offer.reward]\npoints = 1\n",
            3,
            "valid_to",
        ),
        (
            "[[offer]]\nid = \"a\"\n[offer.when]\nhours = \"25:00-26:00\"\n[offer.reward]\npoints = 1\n",
            4,
            "when.hours",
        ),
        (
            "[[offer]]\nid = \"a\"\n[offer.when]\nmin_visits = \"ten\"\n[offer.reward]\npoints = 1\n",
            4,
            "min_visits",
        ),
        (
            "[[offer]]\nid = \"ok\"\n[offer.reward]\npoints = 1\n[[offer]]\nid = \"a\"\n[offer.when]\nweekdays = [\"funday\"]\n[offer.reward]\npoints = 1\n",
            8,
            "when.weekdays",
        ),
    ];
    for (text, line_no, field) in cases {
        let e = parse_offers(text).expect_err(text);
        assert_eq!(e.line, Some(line_no), "{text}: {e:?}");
        assert_eq!(e.field, field, "{text}: {e:?}");
        assert_eq!(e.offer, "a", "{e:?}");
    }
}

fn arb_offer(i: usize) -> impl Strategy<Value = String> {
    (0..6u8, 1..60u32, 0..3u8, proptest::option::of(0..3_000_000i64)).prop_map(move |(kind, pct, scope, min)| {
        let reward = match kind {
            0 => format!("extra_credit_percent = {pct}"),
            1 => format!("discount_percent = {pct}"),
            2 => format!("points = {}", pct * 10),
            3 => format!("points_multiplier = {}", 1 + pct % 3),
            4 => format!("extra_credit = {}", pct * 10_000),
            _ => "free_item = true".to_string(),
        };
        let cats = if kind == 5 || scope == 1 { "categories = [\"coffee\"]\n" } else { "" };
        let scope = if scope == 1 && kind != 5 { "scope = \"items\"\n" } else { "" };
        let min = min.map(|m| format!("min_amount = {m}\n")).unwrap_or_default();
        format!("[[offer]]\nid = \"o{i}\"\nstack_group = \"g{}\"\n[offer.when]\n{cats}{min}[offer.reward]\n{reward}\n{scope}", i % 3)
    })
}

proptest! {
    #[test]
    fn the_choice_is_never_worth_less_than_any_single_offer_nor_above_the_cap(
        offers in proptest::collection::vec(0..1usize, 1..8).prop_flat_map(|v| {
            (0..v.len()).map(arb_offer).collect::<Vec<_>>()
        }),
        lines in proptest::collection::vec((1..4i64, 10_000..900_000i64, any::<bool>()), 1..5),
        cap in 5..60u32,
        stack in any::<bool>(),
        point_value in 0..200i64,
    ) {
        let text = offers.join("\n");
        let mut c = Case::new(&text, if stack { Policy::Stack } else { Policy::Best });
        c.config.offers.max_reward_percent = Decimal::from(cap);
        c.config.earn.point_value = point_value;
        c.items = lines.iter().enumerate().map(|(k, (q, p, coffee))| item(&format!("s{k}"), *q, *p, if *coffee { "coffee" } else { "tea" })).collect();
        c.gross = c.items.iter().map(|i| i.total().expect("total")).sum();
        let d = c.decide();
        let pv = c.config.earn.point_value;
        let benefit = d.amounts.discount + d.amounts.credit_earned + d.amounts.points_earned * pv;
        let offers_value: i64 = d.applied.iter().map(|a| a.value).sum();
        let cap_value = crate::money::percent_of(c.gross, Decimal::from(cap), 1);
        prop_assert!(offers_value <= cap_value);
        // Every reward together stays within the cap, unless the base alone passes it.
        let mut base = Case::new("", Policy::Best);
        base.config = c.config.clone();
        base.items = c.items.clone();
        base.gross = c.gross;
        let b = base.decide().amounts;
        let base_value = b.credit_earned + b.points_earned * pv;
        prop_assert!(benefit <= cap_value.max(base_value), "{} > cap {} (base {})", benefit, cap_value, base_value);
        // Compare with each eligible offer applied alone (through the same engine).
        for o in c.offers.clone() {
            if !line(&d, &o.offer.id).eligible { continue; }
            let mut alone = Case::new(&text, Policy::Best);
            alone.offers = vec![o];
            alone.config = c.config.clone();
            alone.config.offers.policy = Policy::Best;
            alone.items = c.items.clone();
            alone.gross = c.gross;
            let a = alone.decide();
            let b = a.amounts.discount + a.amounts.credit_earned + a.amounts.points_earned * pv;
            prop_assert!(benefit >= b, "chosen {} < {} alone ({:?})", benefit, b, d.lines);
        }
        prop_assert!(Decimal::from_str("0").is_ok());
    }
}

/// The cap at each step, and each reward alone (issue 22).
#[path = "tests/cap.rs"]
mod cap;
/// Each condition and limit at its bound (issue 22).
#[path = "tests/edges.rs"]
mod edges;
/// The choice and every other line's reason (issue 22).
#[path = "tests/stack.rs"]
mod stack;

#[test]
fn card_kinds_give_a_standing_discount_to_the_cards_holder() {
    use crate::gift::CardKind;
    let offers = "[[offer]]\nid = \"disc\"\n[offer.when]\ncard_kinds = [\"Discount\", \"vip\"]\n[offer.reward]\ndiscount_percent = 10\n";
    let mut c = Case::new(offers, Policy::Best);
    // No card at all counts as a member's card: not a discount card.
    let l = line(&c.decide(), "disc").clone();
    assert!(!l.eligible);
    assert_eq!(
        l.why,
        Why::Unmet(Unmet::CardKinds {
            kinds: vec!["Discount".into(), "vip".into()]
        })
    );
    c.member.card_kinds = vec![CardKind::Member, CardKind::Design("gold".into())];
    assert!(!line(&c.decide(), "disc").eligible);
    c.member.card_kinds = vec![CardKind::Member, CardKind::Discount];
    let d = c.decide();
    let l = line(&d, "disc");
    assert!(l.eligible && l.chosen);
    assert_eq!(
        l.why,
        Why::Met(vec![Met::CardKind {
            kind: "discount".into()
        }])
    );
    assert_eq!(d.amounts.discount, 100_000);
    c.member.card_kinds = vec![CardKind::Design("vip".into())];
    assert!(line(&c.decide(), "disc").eligible);
    // An offer for members' cards is met by a member without a card.
    let mut m = Case::new(
        "[[offer]]\nid = \"m\"\n[offer.when]\ncard_kinds = [\"member\"]\n[offer.reward]\npoints = 5\n",
        Policy::Best,
    );
    assert!(line(&m.decide(), "m").eligible);
    m.member.card_kinds = vec![CardKind::Discount];
    assert!(!line(&m.decide(), "m").eligible);
    // A kind that is not one is refused with its field.
    let e = parse_offers(
        "[[offer]]\nid = \"x\"\n[offer.when]\ncard_kinds = [\"v ip\"]\n[offer.reward]\npoints = 1\n",
    )
    .expect_err("bad kind");
    assert_eq!(e.field, "when.card_kinds");
    assert_eq!(
        e.reason,
        crate::offer::OfferFault::BadCardKind("v ip".into())
    );
}
