//! The cap at each of its steps and every reward on its own (issue 22): `trim` on rewards
//! made by hand (credit, then points, then the multiplier, then the discount, from the
//! last offer up), `cap` until it holds and its last resort, `reward_of` for each kind of
//! reward, and `combine` for a stack.

use rust_decimal::Decimal;

use super::super::{Applied, benefit, cap, combine, reward_of, trim};
use super::{Case, item};
use crate::config::Policy;
use crate::money::Rials;
use crate::sale::Rewards;

/// A case with one plain offer; `pv` rials a point, credit paid in thousands.
fn case(pv: i64) -> Case {
    let mut c = Case::new(
        "[[offer]]\nid = \"o\"\n[offer.reward]\nextra_credit = 1000\n",
        Policy::Best,
    );
    c.config.earn.point_value = pv;
    c
}

fn credit(c: Rials) -> Applied {
    Applied {
        extra_credit: c,
        value: c,
        ..Applied::default()
    }
}

fn discount(d: Rials) -> Applied {
    Applied {
        discount: d,
        value: d,
        ..Applied::default()
    }
}

fn trimmed(pv: i64, limit: Rials, mut applied: Vec<Applied>) -> Vec<Applied> {
    case(pv).with(|ctx| trim(ctx, limit, &mut applied));
    applied
}

fn values(a: &[Applied]) -> Vec<Rials> {
    a.iter().map(|a| a.value).collect()
}

#[test]
fn trim_leaves_rewards_within_the_limit_alone() {
    // 1,500 is no multiple of `round_to`: nothing is rounded when nothing is over.
    assert_eq!(trimmed(0, 1_500, vec![credit(1_500)]), vec![credit(1_500)]);
    assert_eq!(trimmed(0, 9_000, vec![credit(1_500)]), vec![credit(1_500)]);
    // The last offer covers all that is over: the first is left as it was.
    let a = trimmed(0, 1_500, vec![credit(1_500), credit(3_000)]);
    assert_eq!(a, vec![credit(1_500), credit(0)]);
}

#[test]
fn trim_cuts_credit_to_a_multiple_of_round_to() {
    // 2,500 over of 5,000: 2,500 would be left, rounded down to 2,000.
    let a = trimmed(0, 2_500, vec![credit(5_000)]);
    assert_eq!(a, vec![credit(2_000)]);
}

#[test]
fn trim_cuts_whole_points_enough_to_cover_what_is_over() {
    let points = |p: i64| Applied {
        extra_points: p,
        value: p * 300,
        ..Applied::default()
    };
    // 900 over at 300 a point: exactly three points.
    assert_eq!(trimmed(300, 2_100, vec![points(10)]), vec![points(7)]);
    // 1,000 over: four points (3.33 rounded up).
    assert_eq!(trimmed(300, 2_000, vec![points(10)]), vec![points(6)]);
    // More over than the points are worth: all of them, and nothing else to cut.
    assert_eq!(trimmed(300, 0, vec![points(2)]), vec![points(0)]);
}

#[test]
fn trim_cuts_no_points_once_the_credit_covers_it() {
    // 1,100 over: the credit is cut by 2,000 (to a multiple of 1,000), 900 more than
    // needed, so the point stays.
    let a = Applied {
        extra_credit: 5_000,
        extra_points: 1,
        value: 5_300,
        ..Applied::default()
    };
    let out = trimmed(300, 4_200, vec![a]);
    assert_eq!(
        (out[0].extra_credit, out[0].extra_points, out[0].value),
        (3_000, 1, 3_300)
    );
}

#[test]
fn trim_counts_the_points_it_cuts_so_the_discount_stays() {
    // 900 over at 300 a point: three points cover it, and the discount is not touched.
    let a = Applied {
        extra_points: 10,
        discount: 5_000,
        value: 8_000,
        ..Applied::default()
    };
    let out = trimmed(300, 7_100, vec![a]);
    assert_eq!(
        out,
        vec![Applied {
            extra_points: 7,
            discount: 5_000,
            value: 7_100,
            ..Applied::default()
        }]
    );
}

#[test]
fn trim_drops_the_multiplier_before_the_discount() {
    let a = Applied {
        discount: 10_000,
        multiplier: Some(Decimal::from(2)),
        multiplier_points: 5,
        value: 10_500,
        ..Applied::default()
    };
    // 700 over: the multiplier's 5 points (500 rials) go, then 200 of the discount.
    let out = trimmed(100, 9_800, vec![a.clone()]);
    assert_eq!(
        out,
        vec![Applied {
            discount: 9_800,
            value: 9_800,
            ..Applied::default()
        }]
    );
    // 400 over: the multiplier's 500 cover it; the discount stays whole.
    let out = trimmed(100, 10_100, vec![a]);
    assert_eq!((out[0].multiplier, out[0].discount), (None, 10_000));
    assert_eq!(out[0].value, 10_000);
}

#[test]
fn trim_keeps_the_multiplier_when_the_credit_covers_it() {
    let a = Applied {
        extra_credit: 2_000,
        multiplier: Some(Decimal::from(2)),
        multiplier_points: 5,
        value: 2_500,
        ..Applied::default()
    };
    let out = trimmed(100, 500, vec![a]);
    assert_eq!(out[0].extra_credit, 0);
    assert_eq!(
        (out[0].multiplier, out[0].multiplier_points, out[0].value),
        (Some(Decimal::from(2)), 5, 500)
    );
}

#[test]
fn trim_works_from_the_last_offer_up_and_counts_every_cut() {
    // 4,500 over: the last offer's credit (2,000), then 2,500 of the discount; the first
    // offer is not touched.
    let a = trimmed(
        0,
        1_500,
        vec![credit(1_000), discount(3_000), credit(2_000)],
    );
    assert_eq!(a, vec![credit(1_000), discount(500), credit(0)]);
    // 1,000 left over after the last offer comes off the one before it.
    let a = trimmed(0, 2_000, vec![discount(3_000), credit(2_000)]);
    assert_eq!(values(&a), vec![2_000, 0]);
}

#[test]
fn trim_cuts_no_points_when_points_are_worth_nothing() {
    let a = Applied {
        discount: 1_000,
        extra_points: 10,
        value: 1_000,
        ..Applied::default()
    };
    let out = trimmed(0, 500, vec![a]);
    assert_eq!(
        (out[0].extra_points, out[0].discount, out[0].value),
        (10, 500, 500)
    );
}

#[test]
fn the_cap_measures_again_until_the_base_on_what_is_paid_fits() {
    // A 50 % base: every rial of discount taken back is paid, and earns half of it again,
    // so four rounds of trimming are not enough and the last resort holds: the room the
    // base leaves with no discount at all (600,000 − 500,000).
    let mut c = case(0);
    c.base = Decimal::from(50);
    let mut a = vec![discount(500_000)];
    let whole = 600_000;
    c.with(|ctx| {
        cap(ctx, whole, &mut a);
        assert!(benefit(ctx, &a) <= whole);
    });
    assert_eq!(a, vec![discount(100_000)]);
    // A 10 % cap under a 50 % base: the base is over it alone, the offer gives nothing.
    let mut a = vec![discount(500_000)];
    c.with(|ctx| cap(ctx, 100_000, &mut a));
    assert_eq!(a, vec![discount(0)]);
}

#[test]
fn the_cap_takes_stacked_multipliers_away_last() {
    // The first offer's multiplier survives the rounds (the second's discount is cut
    // instead: 400,000 → 320,000 → 256,000 → 206,000 → 166,000, each time a little
    // over); in the last resort it goes, with the points it was counted for, and what is
    // left fits the room the base leaves (800,000 − 600,000).
    let mut c = case(1_000);
    c.base = Decimal::from(50);
    let mut a = vec![
        Applied {
            multiplier: Some(Decimal::from(3)),
            multiplier_points: 200,
            value: 200_000,
            ..Applied::default()
        },
        discount(400_000),
    ];
    let whole = 800_000;
    c.with(|ctx| {
        cap(ctx, whole, &mut a);
        assert!(benefit(ctx, &a) <= whole, "{a:?}");
    });
    assert_eq!(a[0].multiplier, None);
    assert_eq!((a[0].multiplier_points, a[0].value), (0, 0));
    assert_eq!(a[1], discount(166_000));
}

#[test]
fn combine_adds_rewards_and_multiplies_multipliers() {
    let a = Applied {
        discount: 1,
        extra_credit: 10,
        extra_points: 100,
        multiplier: Some(Decimal::from(2)),
        ..Applied::default()
    };
    let b = Applied {
        discount: 2,
        extra_credit: 20,
        extra_points: 200,
        multiplier: Some(Decimal::from(3)),
        ..Applied::default()
    };
    let none = Applied::default();
    assert_eq!(
        combine(&[a.clone(), b.clone()]),
        Rewards {
            discount: 3,
            extra_credit: 30,
            extra_points: 300,
            points_multiplier: Some(Decimal::from(6)),
        }
    );
    assert_eq!(
        combine(&[none.clone(), b.clone()]).points_multiplier,
        Some(Decimal::from(3))
    );
    assert_eq!(
        combine(&[a, none]).points_multiplier,
        Some(Decimal::from(2))
    );
    assert_eq!(combine(&[]), Rewards::default());
}

/// What `offer` (a `[offer.reward]` body, with `when` rules before it) gives on the
/// case's basket, alone and uncapped.
fn reward(c: &mut Case, when: &str, body: &str) -> Applied {
    c.offers = crate::offer::model::parse_offers(&format!(
        "[[offer]]\nid = \"o\"\n[offer.when]\n{when}\n[offer.reward]\n{body}\n"
    ))
    .expect("offer");
    let totals: Vec<Rials> = c.items.iter().map(|i| i.total().expect("total")).collect();
    c.with(|ctx| reward_of(&ctx.offers[0], ctx, &totals))
}

/// A basket of tea (two lines) and a cup: 600,000 + 100,000 + 300,000.
fn basket(pv: i64) -> Case {
    let mut c = case(pv);
    c.items = vec![
        item("t1", 2, 300_000, "tea"),
        item("t2", 1, 100_000, "TEA"),
        item("cup", 1, 300_000, "cups"),
    ];
    c.gross = 1_000_000;
    c
}

#[test]
fn a_percent_discount_is_of_the_basket_or_of_its_items() {
    let mut c = basket(0);
    let a = reward(&mut c, "categories = [\"tea\"]", "discount_percent = 10");
    assert_eq!((a.discount, a.value), (100_000, 100_000));
    let a = reward(
        &mut c,
        "categories = [\"tea\"]",
        "discount_percent = 10\nscope = \"items\"",
    );
    assert_eq!((a.discount, a.value), (70_000, 70_000), "10 % of the tea");
    let a = reward(
        &mut c,
        "skus = [\"cup\"]",
        "discount_percent = 10\nscope = \"items\"",
    );
    assert_eq!(a.discount, 30_000, "10 % of the cup");
    // A percent and a fixed discount add up, never past the basket.
    let a = reward(&mut c, "", "discount_percent = 10\ndiscount = 5000");
    assert_eq!(a.discount, 105_000);
    let a = reward(&mut c, "", "discount_percent = 90\ndiscount = 500000");
    assert_eq!(a.discount, 1_000_000);
}

#[test]
fn a_free_item_is_the_cheapest_matching_one() {
    let mut c = basket(0);
    let a = reward(&mut c, "categories = [\"tea\"]", "free_item = true");
    assert_eq!((a.discount, a.value), (100_000, 100_000));
    let a = reward(
        &mut c,
        "categories = [\"tea\"]",
        "free_item = true\ndiscount = 1000",
    );
    assert_eq!(a.discount, 101_000);
    let a = reward(&mut c, "skus = [\"t1\", \"cup\"]", "free_item = true");
    assert_eq!(a.discount, 300_000, "either, at 300,000");
    let a = reward(&mut c, "skus = [\"none\"]", "free_item = true");
    assert_eq!(a.discount, 0, "nothing matches");
}

#[test]
fn extra_credit_is_a_share_of_what_is_paid() {
    let mut c = basket(0);
    let a = reward(&mut c, "", "extra_credit_percent = 10");
    assert_eq!((a.extra_credit, a.value), (100_000, 100_000));
    // Of what is paid after the offer's own discount.
    let a = reward(
        &mut c,
        "",
        "extra_credit_percent = 10\ndiscount = 500000\nextra_credit = 2000",
    );
    assert_eq!((a.discount, a.extra_credit), (500_000, 52_000));
    assert_eq!(a.value, 552_000);
    // Items: of the tea, or of what is paid if that is less.
    let a = reward(
        &mut c,
        "categories = [\"tea\"]",
        "extra_credit_percent = 10\nscope = \"items\"",
    );
    assert_eq!(a.extra_credit, 70_000);
    let a = reward(
        &mut c,
        "categories = [\"tea\"]",
        "extra_credit_percent = 10\nscope = \"items\"\ndiscount = 600000",
    );
    assert_eq!(a.extra_credit, 40_000, "10 % of the 400,000 paid");
}

#[test]
fn points_and_the_multiplier_are_worth_their_value() {
    // 1,000,000 paid at a point per 10,000: 100 base points.
    let mut c = basket(500);
    let a = reward(&mut c, "", "points = 7");
    assert_eq!(
        (a.extra_points, a.multiplier_points, a.value),
        (7, 0, 3_500)
    );
    let a = reward(&mut c, "", "points_multiplier = 3");
    assert_eq!((a.multiplier_points, a.value), (200, 100_000));
    assert_eq!(a.multiplier, Some(Decimal::from(3)));
    let a = reward(&mut c, "", "points_multiplier = 1.5\npoints = 2");
    assert_eq!((a.multiplier_points, a.value), (50, 26_000));
    // A multiplier under one adds nothing (and takes nothing from the offer's worth).
    let a = reward(&mut c, "", "points_multiplier = 0.5\nextra_credit = 1000");
    assert_eq!((a.multiplier_points, a.value), (0, 1_000));
    // The multiplier is on what is paid after the discount: 50 base points.
    let a = reward(&mut c, "", "points_multiplier = 2\ndiscount = 500000");
    assert_eq!((a.multiplier_points, a.value), (50, 525_000));
    let a = reward(
        &mut c,
        "referred = true",
        "referrer_credit = 9000\nexpires_days = 30\nextra_credit = 1000",
    );
    assert_eq!(
        (a.referrer_credit, a.expires_days, a.value),
        (9_000, Some(30), 1_000)
    );
    assert_eq!(&*a.offer_id, "o");
}
