//! `vafa-hq report visits|return-rate|rfm`: the till's reports over the chain (or one
//! branch), with the same JSON, because the arithmetic is the same `vafa_club::report`
//! functions over the same records (`storage::club` reads them on either backend).

use chrono::{Days, NaiveDate};

use super::HqError;
use super::clock::now_utc;
use super::storage::{Pool, club};
use vafa_club::report::rfm::{Rfm, activity, rfm};
use vafa_club::report::visits::{ReturnRate, VisitStats, return_rate, visit_stats};
use vafa_club::report::{Visit, Window};

/// A window without `--from`: this many days up to `--to` (or today), both in (the till's).
pub const DEFAULT_DAYS: u64 = 365;

/// `return-rate` without `--within` (the till's).
pub const DEFAULT_WITHIN_DAYS: u32 = 30;

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
