//! Why an offer was applied or not, as data: the conditions it met, the first condition or
//! limit it did not, or the offer it lost to, each with its figures. The sale stores this
//! (see `stored`); sentences are made from it at the edge, in the reader's language
//! (`vafa_text::offer`).

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::Period;
use crate::money::Rials;

/// The explanation of one offer on one sale.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Applied: what it was applied for (never empty; [`Met::EverySale`] when nothing
    /// was asked).
    Met(Vec<Met>),
    /// Not eligible: the first condition or limit that failed.
    Unmet(Unmet),
    /// Eligible, but another offer (`to`) was worth more.
    Lost { to: Arc<str> },
    /// Eligible, but `to` is exclusive, is worth more, and does not combine with it.
    NotCombined { to: Arc<str> },
    /// An exclusive offer worth less than the other offers together.
    LessThanTogether,
    /// A sentence stored by a vafa from before this data (shown as it was written).
    Text(Arc<str>),
}

/// A yearly day on the member's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Yearly {
    Birthday,
    Anniversary,
}

/// A condition an applied offer met, with the member's or the basket's figure.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Met {
    /// `min_visits`: the member's earlier visits.
    EarlierVisits {
        visits: i64,
    },
    /// `first_visits`: this is visit `visit`.
    FirstVisits {
        visit: i64,
    },
    /// `every_nth_visit`: this is visit `visit`.
    NthVisit {
        visit: i64,
    },
    /// `max_days_since_last_visit`: back after `days`.
    BackAfter {
        days: i64,
    },
    /// `min_amount` (above zero).
    BasketAtLeast {
        min: Rials,
    },
    /// `birthday_within_days` / `anniversary_within_days`: `days` away (0 = today).
    Near {
        day: Yearly,
        days: i64,
    },
    Tier {
        tier: String,
    },
    Groups {
        groups: Vec<String>,
    },
    /// `card_kinds`: the kind of card the member holds.
    CardKind {
        kind: String,
    },
    Categories {
        categories: Vec<String>,
    },
    Skus {
        skus: Vec<String>,
    },
    /// `hours`, in minutes after midnight.
    Hours {
        from: u32,
        to: u32,
    },
    Occasion {
        name: String,
    },
    Referred,
    /// The offer asks for nothing.
    EverySale,
}

/// The condition or limit an offer failed, with the figures that failed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unmet {
    /// Guests get no offers.
    Guest,
    /// `valid_from` is later.
    NotYet {
        from: NaiveDate,
    },
    /// `valid_to` has passed.
    Ended {
        on: NaiveDate,
    },
    /// `branches` does not list this branch.
    Branch,
    /// `min_visits`.
    FewVisits {
        min: u32,
        visits: i64,
    },
    /// `max_visits`.
    ManyVisits {
        max: u32,
    },
    /// `first_visits`.
    PastFirstVisits {
        first: u32,
    },
    /// `every_nth_visit`: this is visit `visit`.
    NotNthVisit {
        visit: i64,
        every: u32,
    },
    /// `first_visits`, `every_nth_visit`, `max_days_since_last_visit`: the member bought
    /// already today, and this sale is part of that visit.
    SameVisit,
    /// `max_days_since_last_visit`, for a member with no visit yet.
    NoEarlierVisit,
    /// `max_days_since_last_visit`.
    DaysSinceLastVisit {
        days: i64,
        max: u32,
    },
    /// `min_amount`.
    BasketUnder {
        min: Rials,
    },
    /// `max_amount`.
    BasketOver {
        max: Rials,
    },
    /// A yearly day the member's record does not have.
    NoDate {
        day: Yearly,
    },
    /// A yearly day not within `within` days (0: not today).
    NotNear {
        day: Yearly,
        within: u32,
    },
    Tiers {
        tiers: Vec<String>,
    },
    Groups {
        groups: Vec<String>,
    },
    /// `card_kinds`: the member holds none of these kinds of card.
    CardKinds {
        kinds: Vec<String>,
    },
    Categories {
        categories: Vec<String>,
    },
    Skus {
        skus: Vec<String>,
    },
    /// `weekdays`, as the offer gives them (`sat`, `sun`...).
    Weekdays {
        days: Vec<String>,
    },
    /// `hours`, in minutes after midnight (`to` may be below `from`: past midnight).
    OutsideHours {
        from: u32,
        to: u32,
    },
    Occasions {
        occasions: Vec<String>,
    },
    /// `referred = true`.
    NotReferred,
    /// `referred = false`.
    Referred,
    /// `limit.per_member` uses in `period` used up; the last on `on`.
    LimitUsed {
        per: u32,
        period: Period,
        on: Option<NaiveDate>,
    },
    /// `limit.total_uses` used up.
    AllUsesTaken {
        total: u64,
    },
    /// `limit.budget` has only `left` rials for a reward worth more.
    BudgetShort {
        left: Rials,
    },
}
