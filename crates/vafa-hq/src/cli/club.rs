//! `vafa-hq report visits|return-rate|rfm [--from DATE] [--to DATE] [--branch CODE]`: the
//! till's JSON over the chain or one branch (`crate::club`); without `--json` the figures
//! in the language asked for.

use clap::Args;

use super::Out;
use crate::HqError;
use crate::club::{self, Ask, DEFAULT_WITHIN_DAYS};
use crate::storage::Pool;
use vafa_core::lang::Lang;
use vafa_text::format::{num, rials};
use vafa_text::report::{Label, decimal, figures, label, segment, window};

/// The window and branch of a report.
#[derive(Args, Debug, Clone)]
pub struct ClubArgs {
    /// The window's first day (ISO or Jalali); default: 365 days before --to.
    #[arg(long)]
    pub from: Option<String>,
    /// The window's last day (ISO or Jalali); default: today.
    #[arg(long)]
    pub to: Option<String>,
    /// Only this branch's sales (default: the whole chain).
    #[arg(long)]
    pub branch: Option<String>,
}

fn ask(pool: &Pool, a: &ClubArgs) -> Result<Ask, HqError> {
    club::ask(
        pool,
        a.from.as_deref(),
        a.to.as_deref(),
        a.branch.as_deref(),
    )
}

fn count(v: u64, l: Lang) -> String {
    num(i64::try_from(v).unwrap_or(i64::MAX), l)
}

fn head(a: &Ask, l: Lang) -> String {
    window(a.window.from(), a.window.to(), l)
}

pub(super) fn visits(pool: &Pool, out: &Out, a: &ClubArgs) -> Result<(), HqError> {
    let a = ask(pool, a)?;
    let v = club::report_visits(pool, &a)?;
    out.print(&v, |l| {
        let rows = [
            (Label::Members, count(v.members, l)),
            (Label::VisitCount, count(v.visits, l)),
            (Label::Gaps, count(v.gaps, l)),
            (
                Label::GapMedianDays,
                decimal(&v.gap_median_days.to_string(), l),
            ),
            (Label::GapMeanDays, decimal(&v.gap_mean_days.to_string(), l)),
            (Label::AmountPerVisit, rials(v.amount_per_visit, l)),
            (Label::AmountMedian, rials(v.amount_median, l)),
        ];
        format!("{}\n{}", head(&a, l), figures(Label::Visits, &rows, l))
    });
    Ok(())
}

pub(super) fn return_rate(
    pool: &Pool,
    out: &Out,
    a: &ClubArgs,
    within: Option<u32>,
) -> Result<(), HqError> {
    let a = ask(pool, a)?;
    let r = club::report_return_rate(pool, &a, within.unwrap_or(DEFAULT_WITHIN_DAYS))?;
    out.print(&r, |l| {
        let rows = [
            (Label::WithinDays, num(i64::from(r.within_days), l)),
            (Label::Members, count(r.members, l)),
            (Label::Returned, count(r.returned, l)),
            (Label::Rate, decimal(&r.rate.to_string(), l)),
        ];
        format!("{}\n{}", head(&a, l), figures(Label::ReturnRate, &rows, l))
    });
    Ok(())
}

pub(super) fn rfm(pool: &Pool, out: &Out, a: &ClubArgs) -> Result<(), HqError> {
    let a = ask(pool, a)?;
    let r = club::report_rfm(pool, &a)?;
    out.print(&r, |l| {
        let mut text = format!(
            "{}\n{}: {}\n{}",
            head(&a, l),
            label(l, Label::Members),
            num(i64::try_from(r.members.len()).unwrap_or(i64::MAX), l),
            label(l, Label::Segments)
        );
        for (name, n) in &r.segments {
            text.push_str(&format!("\n  {}: {}", segment(name, l), count(*n, l)));
        }
        text
    });
    Ok(())
}
