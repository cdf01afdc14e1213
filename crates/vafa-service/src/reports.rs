//! `vafa report …` (CONTRACT "Reports and analysis"): each report is a use case over a
//! typed [`Window`], for managers and above (`Action::Reports`). The store reads the
//! till's running aggregates (`vafa_store::reports` says which tables each report reads),
//! `vafa_club::report` does the arithmetic; nothing here scans the ledger.
//!
//! A visit is a distinct (member, local day) with a sale that was not voided, whatever the
//! member's visit counter says: two sales on one day are one visit.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use vafa_club::report::rfm::{activity, rfm};
use vafa_club::report::{
    Rials, Visit, liability, offer_groups, products, referrals, summary, visits,
};
use vafa_core::error::{Error, Result};
use vafa_core::ids::parse_id;
use vafa_core::staff::Action;
use vafa_store as store;
use vafa_text::report::Suggestion;

pub use vafa_club::report::Window;
pub use vafa_club::report::liability::Liability;
pub use vafa_club::report::offer_groups::OffersReport;
pub use vafa_club::report::offers::{Comparison, Group, OfferRow};
pub use vafa_club::report::products::Products;
pub use vafa_club::report::referrals::{Referrals, Referrer};
pub use vafa_club::report::rfm::{Rfm, Scored, Segment};
pub use vafa_club::report::summary::Summary;
pub use vafa_club::report::visits::{Bucket, ReturnRate, VisitStats};

use super::Vafa;

/// A report's window without `--from`: this many days up to `--to` (or today), both ends in.
pub const DEFAULT_DAYS: u64 = 365;

/// `return-rate` without `--within`.
pub const DEFAULT_WITHIN_DAYS: u32 = 30;

/// Pairs bought together in fewer sales than this are left out of `products`.
pub const MIN_TOGETHER: u64 = 2;

/// How many favourite categories `report member` shows.
pub const FAVOURITES: usize = 3;

/// A favourite category of a member, with what they spent on it since they joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Favourite {
    pub category: String,
    pub amount: Rials,
}

/// `vafa report member ID`: one member's picture over the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberReport {
    pub id: String,
    /// Days from their last visit in the window to its last day; `None` without one.
    pub recency_days: Option<i64>,
    pub last_visit: Option<NaiveDate>,
    /// Visits in the window.
    pub frequency: u64,
    /// Their baskets in the window, rials.
    pub spend: Rials,
    /// Since they joined, rials.
    pub total_spend: Rials,
    pub credit: Rials,
    pub points: i64,
    /// Largest spend first, at most [`FAVOURITES`].
    pub favourite_categories: Vec<Favourite>,
    /// Their RFM scores among the members who visited in the window.
    pub r: Option<u8>,
    pub f: Option<u8>,
    pub m: Option<u8>,
    pub segment: Option<Segment>,
    #[serde(serialize_with = "suggestion_code")]
    pub suggested_offer: Suggestion,
}

fn suggestion_code<S: serde::Serializer>(s: &Suggestion, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(match s {
        Suggestion::Reward => "reward",
        Suggestion::ComeSooner => "come_sooner",
        Suggestion::WinBack => "win_back",
        Suggestion::SecondVisit => "second_visit",
        Suggestion::MoreOfFavourite => "more_of_favourite",
    })
}

/// What the till suggests for a member of `segment` (`None`: no visit in the window).
pub fn suggest_for(segment: Option<Segment>) -> Suggestion {
    match segment {
        Some(Segment::Champions) => Suggestion::Reward,
        Some(Segment::Loyal) => Suggestion::ComeSooner,
        Some(Segment::AtRisk | Segment::Lost) | None => Suggestion::WinBack,
        Some(Segment::New) => Suggestion::SecondVisit,
        Some(Segment::Others) => Suggestion::MoreOfFavourite,
    }
}

fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

impl Vafa {
    /// The window of `--from` and `--to` (local days, both in): without `--to` it ends
    /// today, without `--from` it is the [`DEFAULT_DAYS`] days up to its end. A window that
    /// ends before it starts is refused.
    pub fn report_window(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Window> {
        let to = to.unwrap_or_else(|| self.now().date_naive());
        let from = from.unwrap_or_else(|| days_before(to, DEFAULT_DAYS - 1));
        Window::new(from, to).map_err(|_| Error::ReversedWindow { from, to })
    }

    fn visits_in(&self, w: &Window) -> Result<Vec<Visit>> {
        Ok(store::reports::visits(&self.conn, w.from(), w.to())?)
    }

    /// `report summary`: balances as they stand, sales and visits in the window.
    pub fn report_summary(&self, w: &Window) -> Result<Summary> {
        self.require(Action::Reports)?;
        let offset = self.shop.offset;
        let members = store::reports::members(&self.conn, offset)?;
        let sales = store::reports::sales(&self.conn, w.from(), w.to())?;
        let mut s = summary::summary(&members, &sales, w);
        // Members' visits are distinct (member, day) pairs, not their sales.
        s.visits = self.visits_in(w)?.len() as u64;
        Ok(s)
    }

    /// `report return-rate --within DAYS`.
    pub fn report_return_rate(&self, w: &Window, within_days: u32) -> Result<ReturnRate> {
        self.require(Action::Reports)?;
        Ok(visits::return_rate(&self.visits_in(w)?, w, within_days))
    }

    /// `report visits`: how often, how far apart, how much.
    pub fn report_visits(&self, w: &Window) -> Result<VisitStats> {
        self.require(Action::Reports)?;
        Ok(visits::visit_stats(&self.visits_in(w)?, w))
    }

    /// `report rfm`: members who visited in the window, scored as of its last day.
    pub fn report_rfm(&self, w: &Window) -> Result<Rfm> {
        self.require(Action::Reports)?;
        let a = store::reports::activity(&self.conn, w.from(), w.to())?;
        Ok(rfm(&a, w.to()))
    }

    /// `report products`: categories, SKUs and pairs over the window's sales with items.
    pub fn report_products(&self, w: &Window) -> Result<Products> {
        self.require(Action::Reports)?;
        let b = store::reports::baskets(&self.conn, w.from(), w.to())?;
        Ok(products::products(&b, MIN_TOGETHER))
    }

    /// `report referrals`: members brought in the window and what they spent in it.
    pub fn report_referrals(&self, w: &Window) -> Result<Referrals> {
        self.require(Action::Reports)?;
        let r = store::reports::referred(&self.conn, self.shop.offset, w.from(), w.to())?;
        Ok(referrals::referrals(&r, w))
    }

    /// `report liability`: what the lots hold now, and what expires in 30 and 90 days from
    /// today (the window does not apply: the lots are as they stand).
    pub fn report_liability(&self) -> Result<Liability> {
        self.require(Action::Reports)?;
        let lots = store::reports::lots(&self.conn, self.shop.offset)?;
        let today = self.now().date_naive();
        Ok(liability::liability(
            &lots,
            today,
            self.rules.config.earn.point_value,
        ))
    }

    /// `report offers`: each offer used in the window, its users against a comparison group
    /// (docs/reports.md; put together by `vafa_club::report::offer_groups`, as at head
    /// office), every defined offer listed.
    pub fn report_offers(&self, w: &Window) -> Result<OffersReport> {
        self.require(Action::Reports)?;
        let used = store::reports::offer_uses(&self.conn, w.from(), w.to())?;
        let all = store::reports::visits(&self.conn, offer_groups::earliest_day(w), w.to())?;
        let defined: Vec<String> = store::offers::all(&self.conn)?
            .into_iter()
            .map(|d| d.id)
            .collect();
        Ok(offer_groups::offers_report(&used, &all, w, &defined))
    }

    /// `report member ID`: recency, frequency and spend in the window, favourite
    /// categories, their RFM segment among the window's members and a suggested offer.
    pub fn report_member(&self, id: &str, w: &Window) -> Result<MemberReport> {
        self.require(Action::Reports)?;
        let unknown = || Error::UnknownMember {
            key: id.to_string(),
        };
        let canonical = parse_id(id).ok_or_else(unknown)?;
        let totals = store::reports::member_totals(&self.conn, &canonical, self.shop.offset)?
            .ok_or_else(unknown)?;
        let own = store::reports::visits_of(&self.conn, &canonical, w.from(), w.to())?;
        let mine = activity(&own, w).into_iter().next();
        let scored = match mine {
            Some(_) => {
                let all = store::reports::activity(&self.conn, w.from(), w.to())?;
                rfm(&all, w.to())
                    .members
                    .into_iter()
                    .find(|s| s.id == canonical)
            }
            None => None,
        };
        let segment = scored.as_ref().map(|s| s.segment);
        Ok(MemberReport {
            id: canonical,
            recency_days: scored.as_ref().map(|s| s.recency_days),
            last_visit: mine.as_ref().map(|a| a.last_visit),
            frequency: mine.as_ref().map_or(0, |a| a.visits),
            spend: mine.as_ref().map_or(0, |a| a.spend),
            total_spend: totals.total_spend,
            credit: totals.credit,
            points: totals.points,
            favourite_categories: totals
                .categories
                .into_iter()
                .take(FAVOURITES)
                .map(|(category, amount)| Favourite { category, amount })
                .collect(),
            r: scored.as_ref().map(|s| s.r),
            f: scored.as_ref().map(|s| s.f),
            m: scored.as_ref().map(|s| s.m),
            segment,
            suggested_offer: suggest_for(segment),
        })
    }
}
