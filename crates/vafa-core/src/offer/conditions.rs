//! An offer's conditions and limits as a table of small functions, one per condition, each
//! saying of one offer on one sale: not asked or met (and, when the engine asks for it, what
//! was met) or unmet (and why, with the figures). A new condition is one function and one
//! entry in [`CONDITIONS`].

use chrono::{Datelike, Timelike};

use super::engine::{Context, MemberFacts, PerSale, Usage, period_index};
use super::model::{ValidOffer, WEEKDAYS};
use super::why::{Met, Unmet, Yearly};
use crate::gift::CardKind;
use crate::money::Rials;
use crate::sale::Item;

/// One offer, one sale: what every condition reads.
pub(super) struct Check<'a> {
    pub o: &'a ValidOffer,
    pub ctx: &'a Context<'a>,
    pub ps: &'a PerSale,
    pub m: &'a MemberFacts,
    /// The offer's use so far (unused when it has no limit).
    pub usage: &'a Usage,
    /// What the offer would give on this sale (for the budget).
    pub value: Rials,
    /// Whether to say what was met (only for the offers that are applied).
    pub describe: bool,
}

/// Not asked or met (`Ok`, with what was met when describing), or not met (`Err`).
pub(super) type Outcome = Result<Option<Met>, Unmet>;

/// One condition or limit.
pub(super) type Condition = fn(&Check<'_>) -> Outcome;

/// Every condition, then every limit, in the order they are checked: an offer's reason is
/// the first that fails, and an applied offer's is what each one met, in this order.
pub(super) const CONDITIONS: &[Condition] = &[
    valid_from,
    valid_to,
    branches,
    min_visits,
    max_visits,
    first_visits,
    every_nth_visit,
    days_since_last_visit,
    min_amount,
    max_amount,
    birthday,
    anniversary,
    tiers,
    groups,
    card_kinds,
    categories,
    skus,
    weekdays,
    hours,
    occasions,
    referred,
    per_member,
    total_uses,
    budget,
];

impl Check<'_> {
    fn met(&self, what: impl FnOnce() -> Met) -> Outcome {
        Ok(self.describe.then(what))
    }
}

/// Whether an item is in one of `cats` (case aside).
pub(super) fn matches_category(i: &Item, cats: &[String]) -> bool {
    i.category
        .as_ref()
        .is_some_and(|c| cats.iter().any(|x| x.eq_ignore_ascii_case(c)))
}

fn valid_from(c: &Check<'_>) -> Outcome {
    match c.o.from {
        Some(f) if c.ps.today < f.date => Err(Unmet::NotYet { from: f.date }),
        _ => Ok(None),
    }
}

fn valid_to(c: &Check<'_>) -> Outcome {
    match c.o.to {
        Some(t) if c.ps.today > t.date => Err(Unmet::Ended { on: t.date }),
        _ => Ok(None),
    }
}

fn branches(c: &Check<'_>) -> Outcome {
    let b = &c.o.offer.when.branches;
    if b.is_empty() || b.iter().any(|b| b.eq_ignore_ascii_case(c.ctx.branch)) {
        Ok(None)
    } else {
        Err(Unmet::Branch)
    }
}

fn min_visits(c: &Check<'_>) -> Outcome {
    let Some(min) = c.o.offer.when.min_visits else {
        return Ok(None);
    };
    let visits = c.m.visits_before;
    if visits < i64::from(min) {
        return Err(Unmet::FewVisits { min, visits });
    }
    c.met(|| Met::EarlierVisits { visits })
}

fn max_visits(c: &Check<'_>) -> Outcome {
    match c.o.offer.when.max_visits.filter(|&x| x > 0) {
        Some(max) if c.m.visits_before > i64::from(max) => Err(Unmet::ManyVisits { max }),
        _ => Ok(None),
    }
}

fn first_visits(c: &Check<'_>) -> Outcome {
    let Some(first) = c.o.offer.when.first_visits else {
        return Ok(None);
    };
    same_visit(c)?;
    if c.m.visits_before >= i64::from(first) {
        return Err(Unmet::PastFirstVisits { first });
    }
    c.met(|| Met::FirstVisits {
        visit: c.m.visits_before + 1,
    })
}

fn every_nth_visit(c: &Check<'_>) -> Outcome {
    let Some(every) = c.o.offer.when.every_nth_visit else {
        return Ok(None);
    };
    same_visit(c)?;
    let visit = c.m.visits_before + 1;
    if visit % i64::from(every) != 0 {
        return Err(Unmet::NotNthVisit { visit, every });
    }
    c.met(|| Met::NthVisit { visit })
}

/// A condition on a visit is met once a visit, by its first sale: a second sale the same
/// day (a split bill) is the same visit.
fn same_visit(c: &Check<'_>) -> Result<(), Unmet> {
    if c.m.same_visit {
        Err(Unmet::SameVisit)
    } else {
        Ok(())
    }
}

fn days_since_last_visit(c: &Check<'_>) -> Outcome {
    let Some(max) = c.o.offer.when.max_days_since_last_visit else {
        return Ok(None);
    };
    same_visit(c)?;
    let Some(last) = c.m.last_visit else {
        return Err(Unmet::NoEarlierVisit);
    };
    let days = (c.ps.today - last).num_days();
    if days > i64::from(max) {
        return Err(Unmet::DaysSinceLastVisit { days, max });
    }
    c.met(|| Met::BackAfter { days })
}

fn min_amount(c: &Check<'_>) -> Outcome {
    let Some(min) = c.o.offer.when.min_amount else {
        return Ok(None);
    };
    if c.ctx.gross < min {
        return Err(Unmet::BasketUnder { min });
    }
    if min > 0 {
        c.met(|| Met::BasketAtLeast { min })
    } else {
        Ok(None)
    }
}

fn max_amount(c: &Check<'_>) -> Outcome {
    match c.o.offer.when.max_amount.filter(|&x| x > 0) {
        Some(max) if c.ctx.gross > max => Err(Unmet::BasketOver { max }),
        _ => Ok(None),
    }
}

/// A yearly day within `within` days, `away` being how far the member's is (if known).
fn yearly(c: &Check<'_>, day: Yearly, within: Option<u32>, away: Option<i64>) -> Outcome {
    let Some(within) = within else {
        return Ok(None);
    };
    let Some(days) = away else {
        return Err(Unmet::NoDate { day });
    };
    if days > i64::from(within) {
        return Err(Unmet::NotNear { day, within });
    }
    c.met(|| Met::Near { day, days })
}

fn birthday(c: &Check<'_>) -> Outcome {
    let w = c.o.offer.when.birthday_within_days;
    yearly(c, Yearly::Birthday, w, c.ps.birthday)
}

fn anniversary(c: &Check<'_>) -> Outcome {
    let w = c.o.offer.when.anniversary_within_days;
    yearly(c, Yearly::Anniversary, w, c.ps.anniversary)
}

fn tiers(c: &Check<'_>) -> Outcome {
    let tiers = &c.o.offer.when.tiers;
    if tiers.is_empty() {
        return Ok(None);
    }
    match &c.m.tier {
        Some(t) if tiers.iter().any(|x| x.eq_ignore_ascii_case(t)) => {
            c.met(|| Met::Tier { tier: t.clone() })
        }
        _ => Err(Unmet::Tiers {
            tiers: tiers.clone(),
        }),
    }
}

fn card_kinds(c: &Check<'_>) -> Outcome {
    let kinds = &c.o.offer.when.card_kinds;
    if kinds.is_empty() {
        return Ok(None);
    }
    let member = [CardKind::Member];
    let held = if c.m.card_kinds.is_empty() {
        &member[..]
    } else {
        &c.m.card_kinds[..]
    };
    match held.iter().find(|k| k.is_in(kinds)) {
        Some(k) => c.met(|| Met::CardKind {
            kind: k.as_str().to_string(),
        }),
        None => Err(Unmet::CardKinds {
            kinds: kinds.clone(),
        }),
    }
}

fn groups(c: &Check<'_>) -> Outcome {
    let groups = &c.o.offer.when.groups;
    if groups.is_empty() {
        return Ok(None);
    }
    if !groups
        .iter()
        .any(|g| c.m.groups.iter().any(|x| x.eq_ignore_ascii_case(g)))
    {
        return Err(Unmet::Groups {
            groups: groups.clone(),
        });
    }
    c.met(|| Met::Groups {
        groups: groups.clone(),
    })
}

fn categories(c: &Check<'_>) -> Outcome {
    let cats = &c.o.offer.when.categories;
    if cats.is_empty() {
        return Ok(None);
    }
    if !c.ctx.items.iter().any(|i| matches_category(i, cats)) {
        return Err(Unmet::Categories {
            categories: cats.clone(),
        });
    }
    c.met(|| Met::Categories {
        categories: cats.clone(),
    })
}

fn skus(c: &Check<'_>) -> Outcome {
    let skus = &c.o.offer.when.skus;
    if skus.is_empty() {
        return Ok(None);
    }
    if !c.ctx.items.iter().any(|i| skus.contains(&i.sku)) {
        return Err(Unmet::Skus { skus: skus.clone() });
    }
    c.met(|| Met::Skus { skus: skus.clone() })
}

fn weekdays(c: &Check<'_>) -> Outcome {
    let days = &c.o.offer.when.weekdays;
    if days.is_empty() {
        return Ok(None);
    }
    let today = WEEKDAYS[c.ctx.at.weekday().num_days_from_monday() as usize];
    if days.iter().any(|d| d.eq_ignore_ascii_case(today)) {
        Ok(None)
    } else {
        Err(Unmet::Weekdays { days: days.clone() })
    }
}

fn hours(c: &Check<'_>) -> Outcome {
    let Some(h) = c.o.hours else {
        return Ok(None);
    };
    let (from, to) = (h.start, h.end);
    if !h.contains(c.ctx.at.hour() * 60 + c.ctx.at.minute()) {
        return Err(Unmet::OutsideHours { from, to });
    }
    c.met(|| Met::Hours { from, to })
}

fn occasions(c: &Check<'_>) -> Outcome {
    let wanted = &c.o.offer.when.occasions;
    if wanted.is_empty() {
        return Ok(None);
    }
    match wanted.iter().find(|o| c.ctx.occasions.contains(o)) {
        Some(name) => c.met(|| Met::Occasion { name: name.clone() }),
        None => Err(Unmet::Occasions {
            occasions: wanted.clone(),
        }),
    }
}

fn referred(c: &Check<'_>) -> Outcome {
    match c.o.offer.when.referred {
        None => Ok(None),
        Some(true) if c.m.referred => c.met(|| Met::Referred),
        Some(true) => Err(Unmet::NotReferred),
        Some(false) if c.m.referred => Err(Unmet::Referred),
        Some(false) => Ok(None),
    }
}

fn per_member(c: &Check<'_>) -> Outcome {
    let lim = &c.o.offer.limit;
    let Some(per) = lim.per_member else {
        return Ok(None);
    };
    let key = &c.ps.period_keys[period_index(lim.period)];
    let used = if c.usage.member_period.as_deref() == Some(key.as_str()) {
        c.usage.member_count
    } else {
        0
    };
    if used >= per {
        return Err(Unmet::LimitUsed {
            per,
            period: lim.period,
            on: c.usage.member_last_day,
        });
    }
    Ok(None)
}

fn total_uses(c: &Check<'_>) -> Outcome {
    match c.o.offer.limit.total_uses {
        Some(total) if c.usage.total_uses >= total => Err(Unmet::AllUsesTaken { total }),
        _ => Ok(None),
    }
}

fn budget(c: &Check<'_>) -> Outcome {
    let Some(budget) = c.o.offer.limit.budget else {
        return Ok(None);
    };
    let left = (budget - c.usage.budget_used).max(0);
    if c.value > left {
        return Err(Unmet::BudgetShort { left });
    }
    Ok(None)
}
