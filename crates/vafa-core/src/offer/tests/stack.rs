//! Which offers are applied and what every other line says (issue 22): the best offer
//! under `policy = "best"`, and under `"stack"` the best of each group together against
//! an exclusive offer alone, ties going to the combination.

use super::{Case, line};
use crate::config::Policy;
use crate::offer::why::Why;

fn credit(id: &str, extra: &str, amount: u32) -> String {
    format!("[[offer]]\nid = \"{id}\"\n{extra}\n[offer.reward]\nextra_credit = {amount}\n")
}

#[test]
fn the_best_offer_is_applied_and_the_others_lost_to_it() {
    let offers = credit("a", "", 10_000) + &credit("b", "", 30_000) + &credit("c", "", 20_000);
    let d = Case::new(&offers, Policy::Best).decide();
    assert!(line(&d, "b").chosen);
    assert_eq!(line(&d, "b").value, 30_000);
    assert!(matches!(line(&d, "b").why, Why::Met(_)));
    for id in ["a", "c"] {
        assert!(!line(&d, id).chosen && line(&d, id).eligible, "{id}");
        assert_eq!(line(&d, id).why, Why::Lost { to: "b".into() }, "{id}");
    }
    assert_eq!(d.applied.len(), 1);
    assert_eq!(d.amounts.credit_earned, 50_000 + 30_000);
}

#[test]
fn a_stack_takes_the_best_of_each_group_and_a_tie_goes_to_the_stack() {
    let offers = credit("a", "stack_group = \"g\"", 10_000)
        + &credit("b", "stack_group = \"g\"", 20_000)
        + &credit("c", "", 5_000)
        + &credit("x", "exclusive = true", 25_000);
    let d = Case::new(&offers, Policy::Stack).decide();
    // b + c = 25,000, as much as x alone: the stack.
    assert!(
        line(&d, "b").chosen && line(&d, "c").chosen,
        "{:?}",
        d.lines
    );
    assert_eq!(line(&d, "a").why, Why::Lost { to: "b".into() });
    assert_eq!(line(&d, "x").why, Why::LessThanTogether);
    assert!(!line(&d, "x").chosen);
    assert_eq!(d.amounts.credit_earned, 50_000 + 25_000);
    assert_eq!((line(&d, "b").value, line(&d, "c").value), (20_000, 5_000));
}

#[test]
fn an_exclusive_offer_alone_beats_a_smaller_stack() {
    let offers = credit("a", "stack_group = \"g\"", 10_000)
        + &credit("b", "stack_group = \"g\"", 20_000)
        + &credit("c", "", 5_000)
        + &credit("x", "exclusive = true", 25_001);
    let d = Case::new(&offers, Policy::Stack).decide();
    assert!(line(&d, "x").chosen);
    assert_eq!(d.applied.len(), 1);
    // What the stack would have held is not combined with it; a, which lost in its
    // group, lost to x.
    assert_eq!(line(&d, "b").why, Why::NotCombined { to: "x".into() });
    assert_eq!(line(&d, "c").why, Why::NotCombined { to: "x".into() });
    assert_eq!(line(&d, "a").why, Why::Lost { to: "x".into() });
}

#[test]
fn a_stack_the_cap_trims_to_one_offers_worth_is_still_the_stack() {
    // Under a 7 % cap (70,000, 50,000 of it the base) a stack of two gives no more than
    // the larger alone.
    let offers = credit("a", "", 20_000) + &credit("b", "", 15_000);
    let mut c = Case::new(&offers, Policy::Stack);
    c.config.offers.max_reward_percent = 7.into();
    let d = c.decide();
    assert_eq!(d.amounts.credit_earned, 70_000);
    assert!(line(&d, "a").chosen);
    // Together they are capped to what a gives alone: a tie, which goes to the stack.
    assert!(line(&d, "b").chosen, "{:?}", d.lines);
    let offers = credit("a", "exclusive = true", 20_000) + &credit("b", "exclusive = true", 15_000);
    let d = Case::new(&offers, Policy::Stack).decide();
    assert!(
        line(&d, "a").chosen && !line(&d, "b").chosen,
        "only exclusive offers"
    );
    assert_eq!(line(&d, "b").why, Why::Lost { to: "a".into() });
}
