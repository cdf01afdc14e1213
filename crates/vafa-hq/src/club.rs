//! `vafa-hq report summary|visits|return-rate|rfm|offers|referrals|products|liability`: the
//! till's reports over the chain (or one branch), with the same JSON, because the
//! arithmetic is the same `vafa_club::report` functions over the same records
//! (`storage::club` and `storage::club_sales` read them on either backend).

use chrono::{Days, NaiveDate};

use super::HqError;
use super::clock::now_utc;
use super::storage::{Pool, club, club_sales};
use vafa_club::report::liability::{Liability, liability};
use vafa_club::report::offer_groups::{OffersReport, earliest_day, offers_report};
use vafa_club::report::products::{Products, products};
use vafa_club::report::referrals::{Referrals, referrals};
use vafa_club::report::rfm::{Rfm, activity, rfm};
use vafa_club::report::summary::{Summary, summary};
use vafa_club::report::visits::{ReturnRate, VisitStats, return_rate, visit_stats};
use vafa_club::report::{Visit, Window};

/// A window without `--from`: this many days up to `--to` (or today), both in (the till's).
pub const DEFAULT_DAYS: u64 = 365;

/// `return-rate` without `--within` (the till's).
pub const DEFAULT_WITHIN_DAYS: u32 = 30;

/// Pairs bought together in fewer sales than this are left out of `products` (the till's).
pub const MIN_TOGETHER: u64 = 2;

/// What every report is asked for: the window and, optionally, one branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub window: Window,
    pub branch: Option<String>,
}

fn day(field: &'static str, text: &str) -> Result<NaiveDate, HqError> {
    vafa_core::calendar::parse_date(text)
        .map(|g| g.date)
        .map_err(|_| HqError::InvalidDate {
            field,
            text: text.to_string(),
        })
}

/// The window of `--from`/`--to` (ISO or Jalali; without `--to` it ends today, UTC, and
/// without `--from` it is the 365 days up to its end) and the branch, which head office
/// must know. A window that ends before it starts is refused.
pub fn ask(
    pool: &Pool,
    from: Option<&str>,
    to: Option<&str>,
    branch: Option<&str>,
) -> Result<Ask, HqError> {
    let to = match to {
        Some(t) => day("--to", t)?,
        None => now_utc().date_naive(),
    };
    let from = match from {
        Some(f) => day("--from", f)?,
        None => to
            .checked_sub_days(Days::new(DEFAULT_DAYS - 1))
            .unwrap_or(NaiveDate::MIN),
    };
    let window = Window::new(from, to).map_err(|_| HqError::DatesReversed)?;
    if let Some(code) = branch
        && !pool.read(|db| club::branch_known(db, code))?
    {
        return Err(HqError::UnknownBranch {
            code: code.to_string(),
        });
    }
    Ok(Ask {
        window,
        branch: branch.map(str::to_string),
    })
}

fn visits(pool: &Pool, a: &Ask) -> Result<Vec<Visit>, HqError> {
    pool.read(|db| club::visits(db, a.window.from(), a.window.to(), a.branch.as_deref()))
}

/// `report visits`.
pub fn report_visits(pool: &Pool, a: &Ask) -> Result<VisitStats, HqError> {
    Ok(visit_stats(&visits(pool, a)?, &a.window))
}

/// `report return-rate --within DAYS`.
pub fn report_return_rate(pool: &Pool, a: &Ask, within_days: u32) -> Result<ReturnRate, HqError> {
    Ok(return_rate(&visits(pool, a)?, &a.window, within_days))
}

/// `report rfm`, scored as of the window's last day.
pub fn report_rfm(pool: &Pool, a: &Ask) -> Result<Rfm, HqError> {
    let v = visits(pool, a)?;
    Ok(rfm(&activity(&v, &a.window), a.window.to()))
}

fn branch(a: &Ask) -> &str {
    a.branch.as_deref().unwrap_or("")
}

/// `report summary`: balances as they stand, sales and visits in the window; at a branch,
/// its members (enrolled there) and its sales.
pub fn report_summary(pool: &Pool, a: &Ask) -> Result<Summary, HqError> {
    let (members, sales) = pool.read(|db| {
        Ok((
            club_sales::members(db, branch(a))?,
            club_sales::sales(db, a.window.from(), a.window.to(), branch(a))?,
        ))
    })?;
    let mut s = summary(&members, &sales, &a.window);
    // Members' visits are distinct (member, day) pairs, not their sales (the till's).
    s.visits = visits(pool, a)?.len() as u64;
    Ok(s)
}

/// `report products`: categories, SKUs and pairs over the window's sales with lines.
pub fn report_products(pool: &Pool, a: &Ask) -> Result<Products, HqError> {
    let b = pool.read(|db| club_sales::baskets(db, a.window.from(), a.window.to(), branch(a)))?;
    Ok(products(&b, MIN_TOGETHER))
}

/// `report referrals`: members brought in the window (enrolled at the branch) and what
/// they spent in it.
pub fn report_referrals(pool: &Pool, a: &Ask) -> Result<Referrals, HqError> {
    let r = pool.read(|db| club_sales::referred(db, a.window.from(), a.window.to(), branch(a)))?;
    Ok(referrals(&r, &a.window))
}

/// `report offers`: each offer used in the window against its comparison group, every
/// offer head office published listed.
pub fn report_offers(pool: &Pool, a: &Ask) -> Result<OffersReport, HqError> {
    let (used, defined) = pool.read(|db| {
        Ok((
            club_sales::offer_uses(db, a.window.from(), a.window.to(), branch(a))?,
            club_sales::offer_ids(db)?,
        ))
    })?;
    let all = pool.read(|db| {
        club::visits(
            db,
            earliest_day(&a.window),
            a.window.to(),
            a.branch.as_deref(),
        )
    })?;
    Ok(offers_report(&used, &all, &a.window, &defined))
}

/// `report liability`: what the chain's lots (of members enrolled at the branch) hold now,
/// and what expires within 30 and 90 days of the window's last day; points at the chain
/// configuration's value (the default without one).
pub fn report_liability(pool: &Pool, a: &Ask) -> Result<Liability, HqError> {
    let (lots, config) = pool.read(|db| {
        Ok((
            club_sales::lots(db, branch(a))?,
            club_sales::chain_config(db)?,
        ))
    })?;
    let point_value = config.unwrap_or_default().earn.point_value;
    Ok(liability(&lots, a.window.to(), point_value))
}
