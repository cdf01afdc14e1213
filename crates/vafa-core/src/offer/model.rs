//! Offers as CONTRACT.md's "Offers" section defines them, parsed and validated.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fault::OfferFault;
use crate::calendar::{GivenDate, parse_date};
use crate::lang::Lang;
use crate::money::{MAX_AMOUNT, Rials};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferFile {
    #[serde(default)]
    pub offer: Vec<Offer>,
}

/// A name in both languages (a plain string is used for both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Name {
    Both {
        #[serde(default)]
        fa: String,
        #[serde(default)]
        en: String,
    },
    One(String),
}

impl Name {
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Name::One(s) => s,
            Name::Both { fa, en } => {
                let (want, other) = match lang {
                    Lang::Fa => (fa, en),
                    Lang::En => (en, fa),
                };
                if want.is_empty() { other } else { want }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    pub id: String,
    pub name: Option<Name>,
    #[serde(default)]
    pub priority: i64,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    #[serde(default)]
    pub stack_group: String,
    #[serde(default)]
    pub exclusive: bool,
    #[serde(default)]
    pub when: When,
    #[serde(default)]
    pub reward: Reward,
    #[serde(default)]
    pub limit: Limit,
}

/// Conditions: every one given must hold; absent means no constraint. `max_visits = 0`
/// and `max_amount = 0` also mean no constraint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    pub min_visits: Option<u32>,
    pub max_visits: Option<u32>,
    pub max_days_since_last_visit: Option<u32>,
    pub min_amount: Option<Rials>,
    pub max_amount: Option<Rials>,
    pub birthday_within_days: Option<u32>,
    pub anniversary_within_days: Option<u32>,
    #[serde(default)]
    pub tiers: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub skus: Vec<String>,
    #[serde(default)]
    pub weekdays: Vec<String>,
    pub hours: Option<String>,
    #[serde(default)]
    pub occasions: Vec<String>,
    pub first_visits: Option<u32>,
    pub every_nth_visit: Option<u32>,
    #[serde(default)]
    pub branches: Vec<String>,
    pub referred: Option<bool>,
    /// The kinds of card (`member`, `discount`, a design...) the member must hold.
    #[serde(default)]
    pub card_kinds: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    Basket,
    Items,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reward {
    pub extra_credit_percent: Option<Decimal>,
    pub extra_credit: Option<Rials>,
    pub discount_percent: Option<Decimal>,
    pub discount: Option<Rials>,
    pub points: Option<i64>,
    pub points_multiplier: Option<Decimal>,
    #[serde(default)]
    pub free_item: bool,
    #[serde(default)]
    pub scope: Scope,
    pub expires_days: Option<u32>,
    pub referrer_credit: Option<Rials>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
    #[default]
    Ever,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub per_member: Option<u32>,
    #[serde(default)]
    pub period: Period,
    pub total_uses: Option<u64>,
    pub budget: Option<Rials>,
}

/// An hour range in minutes after midnight: start inclusive, end exclusive; may wrap
/// past midnight ("22:00-02:00").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub start: u32,
    pub end: u32,
}

impl Hours {
    pub fn parse(s: &str) -> Option<Hours> {
        let (a, b) = s.trim().split_once('-')?;
        let hm = |t: &str| -> Option<u32> {
            let (h, m) = t.trim().split_once(':')?;
            // An empty hour is refused by its parse below.
            if h.len() > 2 || m.len() != 2 {
                return None;
            }
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            // 24:00 is allowed as an end of day.
            ((h < 24 && m < 60) || (h == 24 && m == 0)).then_some(h * 60 + m)
        };
        let (start, end) = (hm(a)?, hm(b)?);
        (start != end && start < 24 * 60).then_some(Hours { start, end })
    }
    pub fn contains(&self, minute: u32) -> bool {
        if self.start < self.end {
            (self.start..self.end).contains(&minute)
        } else {
            minute >= self.start || minute < self.end
        }
    }
}

pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One offer that failed validation, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferError {
    pub offer: String,
    pub line: Option<usize>,
    pub field: String,
    pub reason: OfferFault,
}

/// A validated offer with its dates parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidOffer {
    /// The offer's id, shared by every explanation line that names it.
    pub id: std::sync::Arc<str>,
    pub offer: Offer,
    pub from: Option<GivenDate>,
    pub to: Option<GivenDate>,
    pub hours: Option<Hours>,
}

/// Parses an offers file; every offer must be valid or none is taken.
pub fn parse_offers(text: &str) -> Result<Vec<ValidOffer>, OfferError> {
    let file: OfferFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        OfferError {
            offer: offer_at_line(text, line).unwrap_or_default(),
            line,
            field: line.and_then(|n| key_on_line(text, n)).unwrap_or_default(),
            reason: OfferFault::Syntax(e.message().to_string()),
        }
    })?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, o) in file.offer.into_iter().enumerate() {
        let v = validate(&o).map_err(|(field, reason)| OfferError {
            offer: o.id.clone(),
            line: field_line(text, i, &field),
            field,
            reason,
        })?;
        if !seen.insert(o.id.clone()) {
            return Err(OfferError {
                offer: o.id.clone(),
                line: field_line(text, i, "id"),
                field: "id".into(),
                reason: OfferFault::DuplicateId,
            });
        }
        out.push(v);
    }
    Ok(out)
}

type Fault = (String, OfferFault);

fn fault(field: &str, reason: OfferFault) -> Fault {
    (field.to_string(), reason)
}

/// Checks one offer's values.
pub fn validate(o: &Offer) -> Result<ValidOffer, Fault> {
    if o.id.is_empty()
        || o.id.len() > 64
        || !o
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(fault("id", OfferFault::BadId));
    }
    let pct = |field: &str, v: Option<Decimal>| -> Result<(), Fault> {
        match v {
            Some(p) if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED => {
                Err(fault(field, OfferFault::NotPercent(p)))
            }
            _ => Ok(()),
        }
    };
    let amount = |field: &str, v: Option<Rials>| -> Result<(), Fault> {
        match v {
            Some(a) if !(0..=MAX_AMOUNT).contains(&a) => {
                Err(fault(field, OfferFault::NotAmount(a)))
            }
            _ => Ok(()),
        }
    };
    let date = |field: &str, v: &Option<String>| -> Result<Option<GivenDate>, Fault> {
        v.as_deref()
            .map(|s| {
                parse_date(s).map_err(|e| {
                    fault(
                        field,
                        match e {
                            crate::calendar::DateError::Format => OfferFault::NotDate(s.into()),
                            crate::calendar::DateError::NoSuchDay
                            | crate::calendar::DateError::NotLeapYear
                            | crate::calendar::DateError::InFuture
                            | crate::calendar::DateError::TooYoung => {
                                OfferFault::NoSuchDay(s.into())
                            }
                        },
                    )
                })
            })
            .transpose()
    };
    let from = date("valid_from", &o.valid_from)?;
    let to = date("valid_to", &o.valid_to)?;
    if let (Some(f), Some(t)) = (from, to)
        && t.date < f.date
    {
        return Err(fault("valid_to", OfferFault::ToBeforeFrom));
    }
    let w = &o.when;
    amount("when.min_amount", w.min_amount)?;
    amount("when.max_amount", w.max_amount)?;
    if let (Some(a), Some(b)) = (w.min_amount, w.max_amount)
        && b > 0
        && b < a
    {
        return Err(fault("when.max_amount", OfferFault::MaxAmountBelowMin));
    }
    if let (Some(a), Some(b)) = (w.min_visits, w.max_visits)
        && b > 0
        && b < a
    {
        return Err(fault("when.max_visits", OfferFault::MaxVisitsBelowMin));
    }
    if w.every_nth_visit == Some(0) {
        return Err(fault("when.every_nth_visit", OfferFault::AtLeastOne));
    }
    if w.first_visits == Some(0) {
        return Err(fault("when.first_visits", OfferFault::AtLeastOne));
    }
    for d in &w.weekdays {
        if !WEEKDAYS.contains(&d.to_lowercase().as_str()) {
            return Err(fault("when.weekdays", OfferFault::BadWeekday(d.clone())));
        }
    }
    for k in &w.card_kinds {
        if crate::gift::CardKind::parse(k).is_none() {
            return Err(fault("when.card_kinds", OfferFault::BadCardKind(k.clone())));
        }
    }
    let hours = match &w.hours {
        Some(h) => Some(
            Hours::parse(h).ok_or_else(|| fault("when.hours", OfferFault::BadHours(h.clone())))?,
        ),
        None => None,
    };
    for (field, days) in [
        ("when.birthday_within_days", w.birthday_within_days),
        ("when.anniversary_within_days", w.anniversary_within_days),
    ] {
        if days.is_some_and(|d| d > 180) {
            return Err(fault(field, OfferFault::Over180Days));
        }
    }
    let r = &o.reward;
    pct("reward.extra_credit_percent", r.extra_credit_percent)?;
    pct("reward.discount_percent", r.discount_percent)?;
    amount("reward.extra_credit", r.extra_credit)?;
    amount("reward.discount", r.discount)?;
    amount("reward.referrer_credit", r.referrer_credit)?;
    if r.points.is_some_and(|p| !(0..=1_000_000_000).contains(&p)) {
        return Err(fault("reward.points", OfferFault::NegativePoints));
    }
    if let Some(m) = r.points_multiplier
        && (m < Decimal::ZERO || m > Decimal::from(100))
    {
        return Err(fault(
            "reward.points_multiplier",
            OfferFault::MultiplierRange,
        ));
    }
    let gives_something = r.extra_credit_percent.is_some()
        || r.extra_credit.is_some()
        || r.discount_percent.is_some()
        || r.discount.is_some()
        || r.points.is_some()
        || r.points_multiplier.is_some()
        || r.free_item
        || r.referrer_credit.is_some();
    if !gives_something {
        return Err(fault("reward", OfferFault::GivesNothing));
    }
    if (r.free_item || r.scope == Scope::Items) && w.categories.is_empty() && w.skus.is_empty() {
        return Err(fault(
            if r.free_item {
                "reward.free_item"
            } else {
                "reward.scope"
            },
            OfferFault::NeedsItems,
        ));
    }
    if r.referrer_credit.is_some() && w.referred != Some(true) {
        return Err(fault("reward.referrer_credit", OfferFault::NeedsReferred));
    }
    let l = &o.limit;
    if l.per_member == Some(0) || l.total_uses == Some(0) {
        return Err(fault("limit", OfferFault::ZeroLimit));
    }
    amount("limit.budget", l.budget)?;
    Ok(ValidOffer {
        id: o.id.as_str().into(),
        offer: o.clone(),
        from,
        to,
        hours,
    })
}

/// The line of `field` (e.g. `when.hours`) within the `index`-th `[[offer]]` of `text`.
fn field_line(text: &str, index: usize, field: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[offer]]"))
        .map(|(i, _)| i)
        .collect();
    let start = *starts.get(index)?;
    let end = starts.get(index + 1).copied().unwrap_or(lines.len());
    let key = field.rsplit('.').next().unwrap_or(field);
    (start..end)
        .find(|&i| {
            let t = lines[i].trim_start();
            t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .or_else(|| {
            // A whole table (`reward`, `limit`): its header.
            let header = format!("[offer.{key}]");
            (start..end).find(|&i| lines[i].trim() == header)
        })
        .map(|i| i + 1)
        .or(Some(start + 1))
}

/// The key set on line `n` (`colour = "red"` → `colour`).
fn key_on_line(text: &str, n: usize) -> Option<String> {
    let l = text.lines().nth(n.checked_sub(1)?)?;
    let (k, _) = l.split_once('=')?;
    let k = k.trim();
    // An empty key and no key are the same to the one caller (no field named).
    (!k.starts_with('[')).then(|| k.to_string())
}

/// The id of the offer that contains `line`, if one can be seen.
fn offer_at_line(text: &str, line: Option<usize>) -> Option<String> {
    let line = line?;
    text.lines()
        .take(line)
        .filter_map(|l| {
            let t = l.trim();
            t.strip_prefix("id")
                .and_then(|r| r.trim_start().strip_prefix('='))
                .map(|v| v.trim().trim_matches('"').to_string())
        })
        .last()
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
