//! The offer engine: a pure function from (member facts, basket, time, offers, usage
//! counters, configuration) to a decision — which offers are eligible, which are applied,
//! what each is worth, and why for every one, as data ([`Why`]; the sentences are
//! `vafa_text::offer`'s). The conditions themselves are the table in `conditions`.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::conditions::{CONDITIONS, Check, matches_category};
use super::model::{Period, Scope, ValidOffer};
use super::why::{Met, Unmet, Why};
use crate::calendar::{CalendarKind, GivenDate, jalali_month_days, jalali_to_gregorian, to_jalali};
use crate::config::{Policy, ShopConfig};
use crate::money::{Rials, percent_of, points_for};
use crate::sale::{Item, Redeem, Rewards, SaleAmounts, SaleError, SaleInput, compute};

/// What the engine knows of the member, all from running aggregates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberFacts {
    /// Visits before this sale's: days (the shop's local dates) with a purchase, before
    /// the sale's own day.
    pub visits_before: i64,
    /// The last of those days.
    pub last_visit: Option<NaiveDate>,
    /// The member bought already on the sale's day: this sale is part of that visit, not a
    /// new one (a split bill). Conditions on a visit (`first_visits`, `every_nth_visit`,
    /// `max_days_since_last_visit`) are met only by a visit's first sale.
    pub same_visit: bool,
    pub birth: Option<GivenDate>,
    pub anniversary: Option<GivenDate>,
    pub tier: Option<String>,
    pub groups: Vec<String>,
    pub referred: bool,
    /// The kinds of the member's cards: the card shown, or (found otherwise) their
    /// active cards. None at all counts as `member`.
    pub card_kinds: Vec<crate::gift::CardKind>,
}

/// How much of an offer has been used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// This member: the period key of their last use, how many uses in it, and its day.
    pub member_period: Option<String>,
    pub member_count: u32,
    pub member_last_day: Option<NaiveDate>,
    /// Everyone.
    pub total_uses: u64,
    pub budget_used: Rials,
}

pub struct Context<'a> {
    /// The sale's local time.
    pub at: DateTime<FixedOffset>,
    pub branch: &'a str,
    /// `None` for a guest: guests get no offers.
    pub member: Option<&'a MemberFacts>,
    pub gross: Rials,
    pub items: &'a [Item],
    pub redeem: Redeem,
    pub credit_available: Option<Rials>,
    pub base_credit_percent: Decimal,
    pub offers: &'a [ValidOffer],
    pub usage: &'a BTreeMap<String, Usage>,
    /// Occasion names of the sale's local day.
    pub occasions: &'a [String],
    pub config: &'a ShopConfig,
}

/// One line of the explanation (`offers` in `vafa sale --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferLine {
    pub id: Arc<str>,
    pub eligible: bool,
    pub chosen: bool,
    pub value: Rials,
    pub why: Why,
}

/// What one applied offer gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    pub offer_id: Arc<str>,
    pub discount: Rials,
    pub extra_credit: Rials,
    pub extra_points: i64,
    pub multiplier: Option<Decimal>,
    /// Points the multiplier adds on this basket alone.
    pub multiplier_points: i64,
    pub expires_days: Option<u32>,
    pub referrer_credit: Rials,
    /// Worth to the member in rials (discount + extra credit + extra points × point value).
    pub value: Rials,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub lines: Vec<OfferLine>,
    pub applied: Vec<Applied>,
    pub rewards: Rewards,
    pub amounts: SaleAmounts,
}

/// The period an offer's per-member limit counts in: local day, the week from Saturday,
/// the Jalali month or year, or ever.
pub fn period_key(period: Period, day: NaiveDate) -> String {
    let (jy, jm, _) = to_jalali(day);
    match period {
        Period::Day => day.to_string(),
        Period::Week => {
            let back = (day.weekday().num_days_from_monday() + 2) % 7; // Saturday = 0
            (day - chrono::Duration::days(i64::from(back))).to_string()
        }
        Period::Month => format!("{jy:04}-{jm:02}"),
        Period::Year => format!("{jy:04}"),
        Period::Ever => "ever".into(),
    }
}

/// Days between `today` and the nearest yearly return of `date` in its own calendar
/// (29 Feb → 28 Feb and 30 Esfand → 29 Esfand in common years).
pub fn days_from_yearly(today: NaiveDate, date: GivenDate) -> i64 {
    let candidates: Vec<NaiveDate> = match date.calendar {
        CalendarKind::Gregorian => (today.year() - 1..=today.year() + 1)
            .filter_map(|y| {
                NaiveDate::from_ymd_opt(y, date.date.month(), date.date.day())
                    .or_else(|| NaiveDate::from_ymd_opt(y, date.date.month(), date.date.day() - 1))
            })
            .collect(),
        CalendarKind::Jalali => {
            let (_, m, d) = to_jalali(date.date);
            let (ty, _, _) = to_jalali(today);
            (ty - 1..=ty + 1)
                .filter_map(|y| {
                    jalali_to_gregorian(y, m, d.min(jalali_month_days(y, m).unwrap_or(29)))
                })
                .collect()
        }
    };
    candidates
        .into_iter()
        .map(|c| (c - today).num_days().abs())
        .min()
        .unwrap_or(i64::MAX)
}

/// What is worked out once per sale rather than once per offer.
pub(super) struct PerSale {
    /// The sale's local day.
    pub today: NaiveDate,
    /// The limit-period key of today for each `Period`.
    pub period_keys: [String; 5],
    /// `max_reward_percent` of gross, in rials: what every reward together may reach.
    cap: Rials,
    /// Days to the member's birthday and anniversary (nearest yearly return).
    pub birthday: Option<i64>,
    pub anniversary: Option<i64>,
}

pub(super) fn period_index(p: Period) -> usize {
    match p {
        Period::Day => 0,
        Period::Week => 1,
        Period::Month => 2,
        Period::Year => 3,
        Period::Ever => 4,
    }
}

/// An offer that has not been used.
static UNUSED: Usage = Usage {
    member_period: None,
    member_count: 0,
    member_last_day: None,
    total_uses: 0,
    budget_used: 0,
};

/// Checks one offer's conditions and limits ([`CONDITIONS`], in order): Ok(what was met)
/// or Err(the first that was not). What was met is only gathered when `describe` is set
/// (for the offers that are applied).
fn check(
    o: &ValidOffer,
    ctx: &Context<'_>,
    ps: &PerSale,
    value: Rials,
    describe: bool,
) -> Result<Vec<Met>, Unmet> {
    let Some(m) = ctx.member else {
        return Err(Unmet::Guest);
    };
    let lim = &o.offer.limit;
    let limited = lim.per_member.is_some() || lim.total_uses.is_some() || lim.budget.is_some();
    let usage = if limited {
        ctx.usage.get(&o.offer.id).unwrap_or(&UNUSED)
    } else {
        &UNUSED
    };
    let c = Check {
        o,
        ctx,
        ps,
        m,
        usage,
        value,
        describe,
    };
    let mut met = Vec::new();
    for condition in CONDITIONS {
        if let Some(what) = condition(&c)? {
            met.push(what);
        }
    }
    if met.is_empty() && describe {
        met.push(Met::EverySale);
    }
    Ok(met)
}

/// What one offer gives on this basket, alone. `totals` are the lines' totals.
fn reward_of(o: &ValidOffer, ctx: &Context<'_>, totals: &[Rials]) -> Applied {
    let r = &o.offer.reward;
    let w = &o.offer.when;
    let round = ctx.config.earn.round_to;
    // The items an offer's `scope = "items"` or `free_item` is about.
    let (mut matched_total, mut cheapest): (Rials, Option<Rials>) = (0, None);
    for (i, t) in ctx.items.iter().zip(totals) {
        if matches_category(i, &w.categories) || w.skus.contains(&i.sku) {
            matched_total += t;
            cheapest = Some(cheapest.map_or(i.unit_price, |c: Rials| c.min(i.unit_price)));
        }
    }
    let scope_base = |basket: Rials| {
        if r.scope == Scope::Items {
            matched_total
        } else {
            basket
        }
    };
    let mut discount: Rials = 0;
    if let Some(p) = r.discount_percent {
        discount += percent_of(scope_base(ctx.gross), p, round);
    }
    if let Some(d) = r.discount {
        discount += d;
    }
    if r.free_item
        && let Some(cheapest) = cheapest
    {
        discount += cheapest;
    }
    discount = discount.min(ctx.gross);
    // Extra credit is a share of what is paid in money, as base cashback is.
    let needs_paid = r.extra_credit_percent.is_some() || r.points_multiplier.is_some();
    let paid = if needs_paid {
        paid_after(ctx, discount)
    } else {
        0
    };
    let mut extra_credit: Rials = 0;
    if let Some(p) = r.extra_credit_percent {
        let base = if r.scope == Scope::Items {
            matched_total.min(paid)
        } else {
            paid
        };
        extra_credit += percent_of(base, p, round);
    }
    if let Some(c) = r.extra_credit {
        extra_credit += c;
    }
    let extra_points = r.points.unwrap_or(0);
    let base_points = points_for(paid, ctx.config.earn.points_per);
    let multiplier_points = r
        .points_multiplier
        .map(|m| crate::money::round_down(Decimal::from(base_points) * m, 1) - base_points)
        .unwrap_or(0);
    let pv = ctx.config.earn.point_value;
    Applied {
        offer_id: o.id.clone(),
        discount,
        extra_credit,
        extra_points,
        multiplier: r.points_multiplier,
        multiplier_points: multiplier_points.max(0),
        expires_days: r.expires_days,
        referrer_credit: r.referrer_credit.unwrap_or(0),
        value: discount + extra_credit + (extra_points + multiplier_points.max(0)) * pv,
    }
}

fn paid_after(ctx: &Context<'_>, discount: Rials) -> Rials {
    amounts(
        ctx,
        &Rewards {
            discount,
            ..Rewards::default()
        },
    )
    .map(|a| a.paid)
    .unwrap_or(0)
}

/// The sale's figures with `rewards` applied. The basket's lines were checked once at the
/// start of [`decide`], so they are not summed again for every candidate.
fn amounts(ctx: &Context<'_>, rewards: &Rewards) -> Result<SaleAmounts, SaleError> {
    compute(&SaleInput {
        gross: ctx.gross,
        items: &[],
        redeem: ctx.redeem,
        credit_available: ctx.credit_available,
        credit_percent: ctx.base_credit_percent,
        rewards: rewards.clone(),
        earn: &ctx.config.earn,
    })
}

fn combine(applied: &[Applied]) -> Rewards {
    let mut r = Rewards::default();
    for a in applied {
        r.discount += a.discount;
        r.extra_credit += a.extra_credit;
        r.extra_points += a.extra_points;
        r.points_multiplier = match (r.points_multiplier, a.multiplier) {
            (Some(x), Some(y)) => Some(x * y),
            (x, y) => x.or(y),
        };
    }
    r
}

/// The member's benefit: discount + all credit earned + points × point value.
fn benefit(ctx: &Context<'_>, applied: &[Applied]) -> Rials {
    match amounts(ctx, &combine(applied)) {
        Ok(a) => a.discount + a.credit_earned + a.points_earned * ctx.config.earn.point_value,
        Err(_) => Rials::MIN,
    }
}

/// Trims the applied rewards so that with the shop's base cashback and points they stay
/// within `whole` (`max_reward_percent` of gross): no sale's rewards together pass it. The
/// total is measured on the whole sale (the base depends on what is paid, and stacked
/// multipliers multiply), trimmed, and measured again until it holds; if it still does not
/// after a few rounds, multipliers go and the room is the base's with no discount at all.
fn cap(ctx: &Context<'_>, whole: Rials, applied: &mut [Applied]) {
    let values = |applied: &[Applied]| applied.iter().map(|a| a.value).sum::<Rials>();
    for _ in 0..4 {
        // What the sale gives with these offers, base included (stacked multipliers
        // multiply, so this can be more than the offers' values say).
        let total = benefit(ctx, applied);
        if total <= whole {
            return;
        }
        trim(ctx, values(applied) - (total - whole), applied);
    }
    // Still over after a few rounds: no stacked multipliers, and the room left by the base
    // with no discount at all, which is never too much.
    for a in applied.iter_mut() {
        if a.multiplier.take().is_some() {
            a.value -= a.multiplier_points * ctx.config.earn.point_value;
            a.multiplier_points = 0;
        }
    }
    let limit = whole.saturating_sub(base_value(ctx)).max(0);
    trim(ctx, limit, applied);
}

/// The shop's base cashback and points, in rials, on this sale with no offer at all.
fn base_value(ctx: &Context<'_>) -> Rials {
    amounts(ctx, &Rewards::default())
        .map(|a| {
            a.credit_earned
                .saturating_add(a.points_earned.saturating_mul(ctx.config.earn.point_value))
        })
        .unwrap_or(0)
}

/// Trims the applied rewards so that their values together stay within `limit`: extra
/// credit first, then extra points, then discount, from the least valuable offer up.
fn trim(ctx: &Context<'_>, limit: Rials, applied: &mut [Applied]) {
    let pv = ctx.config.earn.point_value;
    // What is still to come off; each offer's cuts are taken from it as they are made.
    let mut over = applied.iter().map(|a| a.value).sum::<Rials>() - limit;
    for a in applied.iter_mut().rev() {
        if over <= 0 {
            break;
        }
        // What credit is left stays a multiple of the shop's `round_to`, like all cashback.
        let keep = crate::money::round_down(
            Decimal::from(a.extra_credit - over.min(a.extra_credit)),
            ctx.config.earn.round_to,
        );
        let cut = a.extra_credit - keep;
        a.extra_credit -= cut;
        a.value -= cut;
        over -= cut;
        if pv > 0 {
            // Whole points, enough to cover what is over (none once it is covered).
            let cut = ((over.max(0) + pv - 1) / pv).min(a.extra_points);
            a.extra_points -= cut;
            a.value -= cut * pv;
            over -= cut * pv;
        }
        if over > 0 && a.multiplier.is_some() {
            a.multiplier = None;
            a.value -= a.multiplier_points * pv;
            over -= a.multiplier_points * pv;
            a.multiplier_points = 0;
        }
        let cut = over.min(a.discount).max(0);
        a.discount -= cut;
        a.value -= cut;
        over -= cut;
    }
}

/// Decides which offers apply to this sale, and explains every active offer.
pub fn decide(ctx: &Context<'_>) -> Result<Decision, SaleError> {
    // The basket must add up (and any other refusal) before offers are considered.
    compute(&SaleInput {
        gross: ctx.gross,
        items: ctx.items,
        redeem: ctx.redeem,
        credit_available: ctx.credit_available,
        credit_percent: ctx.base_credit_percent,
        rewards: Rewards::default(),
        earn: &ctx.config.earn,
    })?;
    let totals: Vec<Rials> = ctx.items.iter().map(|i| i.total().unwrap_or(0)).collect();
    let today = ctx.at.date_naive();
    let ps = PerSale {
        today,
        period_keys: [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Year,
            Period::Ever,
        ]
        .map(|p| period_key(p, today)),
        cap: percent_of(ctx.gross, ctx.config.offers.max_reward_percent, 1),
        birthday: ctx
            .member
            .and_then(|m| m.birth)
            .map(|b| days_from_yearly(today, b)),
        anniversary: ctx
            .member
            .and_then(|m| m.anniversary)
            .map(|b| days_from_yearly(today, b)),
    };
    let mut lines: Vec<OfferLine> = Vec::with_capacity(ctx.offers.len());
    // (index into ctx.offers, which is also its line's index; reward alone; benefit alone)
    let mut eligible: Vec<(usize, Applied, Rials)> = Vec::new();
    for (i, o) in ctx.offers.iter().enumerate() {
        let mut a = reward_of(o, ctx, &totals);
        cap(ctx, ps.cap, std::slice::from_mut(&mut a));
        match check(o, ctx, &ps, a.value, false) {
            Ok(_) => {
                let b = benefit(ctx, std::slice::from_ref(&a));
                lines.push(OfferLine {
                    id: o.id.clone(),
                    eligible: true,
                    chosen: false,
                    value: a.value,
                    // Known below, once it is known whether it was chosen.
                    why: Why::Met(Vec::new()),
                });
                eligible.push((i, a, b));
            }
            Err(why) => lines.push(OfferLine {
                id: o.id.clone(),
                eligible: false,
                chosen: false,
                value: 0,
                why: Why::Unmet(why),
            }),
        }
    }
    // Which of two candidates ranks first: more benefit, then higher priority, then the
    // smaller id. Only maxima are needed, so nothing is sorted.
    let better = |x: usize, y: usize| -> bool {
        let (ox, oy) = (
            &ctx.offers[eligible[x].0].offer,
            &ctx.offers[eligible[y].0].offer,
        );
        eligible[x]
            .2
            .cmp(&eligible[y].2)
            .then(ox.priority.cmp(&oy.priority))
            .then(oy.id.cmp(&ox.id))
            .is_gt()
    };
    let best_of = |candidates: &mut dyn Iterator<Item = usize>| -> Option<usize> {
        candidates.fold(None, |acc, k| match acc {
            Some(b) if !better(k, b) => Some(b),
            _ => Some(k),
        })
    };
    let id = |k: usize| -> Arc<str> { ctx.offers[eligible[k].0].id.clone() };
    let group_of = |k: usize| -> &str {
        let o = &ctx.offers[eligible[k].0].offer;
        if o.stack_group.is_empty() {
            o.id.as_str()
        } else {
            o.stack_group.as_str()
        }
    };
    let exclusive = |k: usize| ctx.offers[eligible[k].0].offer.exclusive;
    // Positions in `eligible` of the offers applied, and why each other one was not.
    let mut chosen: Vec<usize> = Vec::new();
    let mut losers: Vec<Option<Why>> = vec![None; eligible.len()];
    match ctx.config.offers.policy {
        Policy::Best => {
            if let Some(best) = best_of(&mut (0..eligible.len())) {
                chosen.push(best);
                let why = Why::Lost { to: id(best) };
                for (k, loser) in losers.iter_mut().enumerate() {
                    if k != best {
                        *loser = Some(why.clone());
                    }
                }
            }
        }
        Policy::Stack => {
            // The best of each stack group together (an offer without a group is a group of
            // its own), unless one exclusive offer alone gives more.
            let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
            for k in (0..eligible.len()).filter(|&k| !exclusive(k)) {
                let best = groups.entry(group_of(k)).or_insert(k);
                if better(k, *best) {
                    *best = k;
                }
            }
            let combo: Vec<usize> = groups.values().copied().collect();
            for k in (0..eligible.len()).filter(|&k| !exclusive(k)) {
                let best = groups[group_of(k)];
                if best != k {
                    losers[k] = Some(Why::Lost { to: id(best) });
                }
            }
            // The combination as it would be paid out (capped), against the best single offer
            // alone: an exclusive offer, or one whose reward the cap would otherwise trim.
            let mut combo_applied: Vec<Applied> =
                combo.iter().map(|&k| eligible[k].1.clone()).collect();
            cap(ctx, ps.cap, &mut combo_applied);
            let combo_benefit = if combo.is_empty() {
                Rials::MIN
            } else {
                benefit(ctx, &combo_applied)
            };
            match best_of(&mut (0..eligible.len())) {
                Some(x) if eligible[x].2 > combo_benefit => {
                    chosen.push(x);
                    for k in (0..eligible.len()).filter(|&k| k != x) {
                        losers[k] = Some(if exclusive(x) && combo.contains(&k) {
                            Why::NotCombined { to: id(x) }
                        } else {
                            Why::Lost { to: id(x) }
                        });
                    }
                }
                _ => {
                    chosen.extend(combo);
                    for k in (0..eligible.len()).filter(|&k| exclusive(k)) {
                        losers[k] = Some(Why::LessThanTogether);
                    }
                }
            }
        }
    }
    let mut applied: Vec<Applied> = chosen.iter().map(|&k| eligible[k].1.clone()).collect();
    cap(ctx, ps.cap, &mut applied);
    for (k, (idx, _, _)) in eligible.iter().enumerate() {
        let line = &mut lines[*idx];
        // `applied` is in the order of `chosen`.
        if let Some(pos) = chosen.iter().position(|&c| c == k) {
            line.chosen = true;
            line.value = applied[pos].value;
        } else if let Some(why) = losers[k].take() {
            line.why = why;
        }
        if matches!(&line.why, Why::Met(met) if met.is_empty()) {
            line.why = match check(&ctx.offers[*idx], ctx, &ps, 0, true) {
                Ok(met) => Why::Met(met),
                Err(unmet) => Why::Unmet(unmet),
            };
        }
    }
    let rewards = combine(&applied);
    let amounts = amounts(ctx, &rewards)?;
    Ok(Decision {
        lines,
        applied,
        rewards,
        amounts,
    })
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
