//! `vafa suggest`: offers suggested from behaviour, each with its reasoning (as data), the
//! members it targets and a drafted offer (`--write`: [`Vafa::suggestion_file`]), for
//! managers and above. As of the window's last day ("today"):
//! - **win back** the lapsing regulars (`vafa_club::report::visits::lapsing`: at least 4
//!   visit days in the window and more than twice their own median gap since the last);
//! - **cross-sell** category `b` to members who buy `a` but never `b`, for each category rule
//!   `a ⇒ b` of the window's baskets with lift above 1 (at most [`CROSS_SELL_RULES`]);
//! - **next tier**: members with at least 80 % of the next tier's points in the shop's tier
//!   window (`vafa_club::report::tiers`), one suggestion per tier;
//! - **birthdays** in the coming week (today and the 6 days after, in the calendar each
//!   birthday is kept in);
//! - **occasions** starting within [`OCCASION_DAYS`] days: Yalda, Nowruz and the shop's own
//!   days of its occasions calendar, for the members who visited in the window.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use vafa_club::report::products::products;
use vafa_club::report::tiers::{NearTier, near_next_tier};
use vafa_club::report::visits::{Lapsing, lapsing};
use vafa_club::report::{Rials, Visit};
use vafa_core::calendar::{CalendarKind, GivenDate};
use vafa_core::error::Result;
use vafa_core::occasions::occasions_on;
use vafa_core::offer::engine::days_from_yearly;
use vafa_core::offer::model::Offer;
use vafa_core::staff::Action;
use vafa_store as store;

use super::Vafa;
use super::reports::{MIN_TOGETHER, Window};

/// The most cross-sell rules suggested (by lift).
pub const CROSS_SELL_RULES: usize = 3;

/// Birthdays "this week": today and this many days after.
pub const BIRTHDAY_DAYS: u64 = 6;

/// An occasion is suggested when it starts within this many days after today (or is on).
pub const OCCASION_DAYS: u64 = 14;

/// The built-in holidays worth an offer (the others are remembrance days).
pub const OCCASIONS: [&str; 2] = ["yalda", "nowruz"];

/// A birthday coming up: the member and the day it falls on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Birthday {
    pub member: String,
    pub day: NaiveDate,
    /// The calendar the birthday is kept in (not in the JSON).
    #[serde(skip)]
    pub calendar: CalendarKind,
}

/// Why a suggestion is made, with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Regulars who stopped coming, each with their usual gap and days since.
    WinBack { lapsing: Vec<Lapsing> },
    /// Who buys `a` also buys `b` (`confidence`, `lift`), and these members buy `a` only.
    CrossSell {
        a: String,
        b: String,
        confidence: Decimal,
        lift: Decimal,
    },
    /// Members close to `tier` (reached with `min_points` in the tier window), who are in
    /// the tier `below` it (if any).
    NextTier {
        tier: String,
        min_points: i64,
        below: Option<String>,
        close: Vec<NearTier>,
    },
    /// Birthdays from `from` to `to`.
    Birthdays {
        from: NaiveDate,
        to: NaiveDate,
        birthdays: Vec<Birthday>,
    },
    /// The occasion `name` runs from `from` to `to`; the members visited in the window.
    Occasion {
        name: String,
        from: NaiveDate,
        to: NaiveDate,
    },
}

/// One suggestion: why, whom it targets (member ids), and the offer it would be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    #[serde(flatten)]
    pub reason: Reason,
    pub members: Vec<String>,
    /// The drafted offer (`--write`), with its budget; not in the JSON.
    #[serde(skip)]
    pub offer: Offer,
}

/// `vafa suggest --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestions {
    pub suggestions: Vec<Suggestion>,
}

/// The members' average amount per visit in `visits` (all visits when none of them visited).
fn average_visit(visits: &[Visit], members: &[String]) -> Rials {
    let want: BTreeSet<&str> = members.iter().map(String::as_str).collect();
    let of = |all: bool| {
        let (sum, n) = visits
            .iter()
            .filter(|v| all || want.contains(v.member.as_str()))
            .fold((0i128, 0u64), |(s, n), v| (s + i128::from(v.amount), n + 1));
        (n > 0).then(|| vafa_club::figures::average_rials(sum, n))
    };
    of(false).or_else(|| of(true)).unwrap_or(0)
}

impl Vafa {
    /// The suggestions over `w` (see the module docs); none is made without members to target.
    pub fn suggest(&self, w: &Window) -> Result<Suggestions> {
        self.require(Action::Reports)?;
        let today = w.to();
        let visits = store::reports::visits(&self.conn, w.from(), w.to())?;
        let mut out: Vec<(Reason, Vec<String>)> = Vec::new();
        let lapsed = lapsing(&visits, w);
        if !lapsed.is_empty() {
            let members = lapsed.iter().map(|l| l.member.clone()).collect();
            out.push((Reason::WinBack { lapsing: lapsed }, members));
        }
        out.extend(self.cross_sell(w)?);
        out.extend(self.next_tier(today)?);
        out.extend(self.birthdays(today)?);
        let active: BTreeSet<&str> = visits.iter().map(|v| v.member.as_str()).collect();
        let active: Vec<String> = active.into_iter().map(str::to_string).collect();
        if !active.is_empty() {
            for (name, from, to) in self.occasions_ahead(today) {
                out.push((Reason::Occasion { name, from, to }, active.clone()));
            }
        }
        let point_value = self.rules.config.earn.point_value;
        let suggestions = out
            .into_iter()
            .enumerate()
            .map(|(i, (reason, members))| {
                let gift = super::suggest_offers::gift(average_visit(&visits, &members));
                let offer = super::suggest_offers::draft(
                    i + 1,
                    today,
                    &reason,
                    &members,
                    gift,
                    point_value,
                );
                Suggestion {
                    reason,
                    members,
                    offer,
                }
            })
            .collect();
        Ok(Suggestions { suggestions })
    }

    fn cross_sell(&self, w: &Window) -> Result<Vec<(Reason, Vec<String>)>> {
        let baskets = store::reports::baskets(&self.conn, w.from(), w.to())?;
        let rules = products(&baskets, MIN_TOGETHER).category_pairs;
        let mut bought: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (member, category) in store::reports::member_categories(&self.conn)? {
            bought.entry(member).or_default().insert(category);
        }
        let mut out = Vec::new();
        for rule in rules
            .into_iter()
            .filter(|r| r.lift > Decimal::ONE)
            .take(CROSS_SELL_RULES)
        {
            let members: Vec<String> = bought
                .iter()
                .filter(|(_, c)| c.contains(&rule.a) && !c.contains(&rule.b))
                .map(|(m, _)| m.clone())
                .collect();
            if !members.is_empty() {
                let reason = Reason::CrossSell {
                    a: rule.a,
                    b: rule.b,
                    confidence: rule.confidence,
                    lift: rule.lift,
                };
                out.push((reason, members));
            }
        }
        Ok(out)
    }

    /// Members close to the next tier, by points earned in the tier window ending `today`.
    fn next_tier(&self, today: NaiveDate) -> Result<Vec<(Reason, Vec<String>)>> {
        let config = &self.rules.config;
        if config.tier.is_empty() {
            return Ok(Vec::new());
        }
        let back = u64::from(config.tiers.window_days.max(1) - 1);
        let from = today.checked_sub_days(Days::new(back)).unwrap_or(today);
        let points = store::reports::points_earned(&self.conn, from, today)?;
        let tiers: Vec<(String, i64)> = config
            .tier
            .iter()
            .map(|t| (t.name.clone(), t.min_points))
            .collect();
        Ok(near_next_tier(&points, &tiers)
            .into_iter()
            .map(|(tier, min_points, close)| {
                let members = close.iter().map(|c| c.member.clone()).collect();
                let below = config.tier_for(min_points - 1).map(|t| t.name.clone());
                let reason = Reason::NextTier {
                    tier,
                    min_points,
                    below,
                    close,
                };
                (reason, members)
            })
            .collect())
    }

    /// Birthdays from `today` to [`BIRTHDAY_DAYS`] after, soonest first.
    fn birthdays(&self, today: NaiveDate) -> Result<Vec<(Reason, Vec<String>)>> {
        let found = self.birthdays_within(today, BIRTHDAY_DAYS)?;
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let to = today
            .checked_add_days(Days::new(BIRTHDAY_DAYS))
            .unwrap_or(today);
        let members = found.iter().map(|b| b.member.clone()).collect();
        let reason = Reason::Birthdays {
            from: today,
            to,
            birthdays: found,
        };
        Ok(vec![(reason, members)])
    }

    /// The members whose birthday falls from `today` to `days` after (in the calendar
    /// each birthday is kept in; 29 Feb and 30 Esfand on the day before in common years),
    /// soonest first, then by member.
    pub(crate) fn birthdays_within(&self, today: NaiveDate, days: u64) -> Result<Vec<Birthday>> {
        let mut found = Vec::new();
        for (member, date, calendar) in store::reports::birthdays(&self.conn)? {
            let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
                continue;
            };
            let calendar = calendar
                .as_deref()
                .and_then(CalendarKind::parse)
                .unwrap_or(CalendarKind::Gregorian);
            let given = GivenDate { date, calendar };
            let day = (0..=days)
                .filter_map(|k| today.checked_add_days(Days::new(k)))
                .find(|d| days_from_yearly(*d, given) == 0);
            if let Some(day) = day {
                found.push(Birthday {
                    member,
                    day,
                    calendar,
                });
            }
        }
        found.sort_by(|a, b| (a.day, &a.member).cmp(&(b.day, &b.member)));
        Ok(found)
    }

    /// The occasions worth an offer that are on from `today` to [`OCCASION_DAYS`] after:
    /// (name, first day, last day), by first day; the last day may lie past the horizon.
    fn occasions_ahead(&self, today: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
        let extra = &self.rules.occasions;
        let worth = |n: &str| OCCASIONS.contains(&n) || extra.occasion.iter().any(|o| o.name == n);
        let mut out: Vec<(String, NaiveDate, NaiveDate)> = Vec::new();
        for k in 0..=OCCASION_DAYS {
            let Some(day) = today.checked_add_days(Days::new(k)) else {
                break;
            };
            for name in occasions_on(day, extra).into_iter().filter(|n| worth(n)) {
                if out.iter().any(|(n, ..)| *n == name) {
                    continue;
                }
                // The occasion's last day: while it goes on (at most a month).
                let mut last = day;
                while let Some(next) = last.succ_opt() {
                    if (next - day).num_days() > 31 || !occasions_on(next, extra).contains(&name) {
                        break;
                    }
                    last = next;
                }
                out.push((name, day, last));
            }
        }
        out
    }
}
