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

fn int(v: i64, l: Lang) -> String {
    num(v, l)
}

pub(super) fn summary(pool: &Pool, out: &Out, a: &ClubArgs) -> Result<(), HqError> {
    let a = ask(pool, a)?;
    let s = club::report_summary(pool, &a)?;
    out.print(&s, |l| {
        let rows = [
            (Label::Members, count(s.members, l)),
            (Label::NewMembers, count(s.new_members, l)),
            (Label::ActiveMembers, count(s.active_members, l)),
            (Label::VisitCount, count(s.visits, l)),
            (Label::Sales, count(s.sales, l)),
            (Label::Paid, rials(s.paid, l)),
            (Label::CreditEarned, rials(s.credit_earned, l)),
            (Label::CreditRedeemed, rials(s.credit_redeemed, l)),
            (Label::CreditOutstanding, rials(s.credit_outstanding, l)),
            (Label::PointsOutstanding, int(s.points_outstanding, l)),
            (Label::GuestSales, count(s.guest_sales, l)),
        ];
        format!("{}\n{}", head(&a, l), figures(Label::Summary, &rows, l))
    });
    Ok(())
}

pub(super) fn liability(pool: &Pool, out: &Out, a: &ClubArgs) -> Result<(), HqError> {
    let a = ask(pool, a)?;
    let x = club::report_liability(pool, &a)?;
    out.print(&x, |l| {
        let rows = [
            (Label::Credit, rials(x.credit, l)),
            (Label::Points, int(x.points, l)),
            (Label::PointsValue, rials(x.points_value, l)),
            (Label::GiftCards, rials(x.gift_cards, l)),
            (Label::Expiring30, rials(x.expiring_30, l)),
            (Label::Expiring90, rials(x.expiring_90, l)),
        ];
        figures(Label::Liability, &rows, l)
    });
    Ok(())
}

pub(super) fn offers(pool: &Pool, out: &Out, a: &ClubArgs) -> Result<(), HqError> {
    let a = ask(pool, a)?;
    let o = club::report_offers(pool, &a)?;
    out.print(&o, |l| {
        let mut text = format!("{}\n{}", head(&a, l), label(l, Label::Offers));
        for r in &o.offers {
            let rows = [
                (Label::Uses, count(r.uses, l)),
                (Label::Members, count(r.members, l)),
                (Label::RewardValue, rials(r.reward_value, l)),
                (
                    Label::UsersSpendPerMember,
                    rials(r.users.spend_per_member, l),
                ),
                (Label::ComparisonMembers, count(r.comparison.members, l)),
                (
                    Label::ComparisonSpendPerMember,
                    rials(r.comparison.spend_per_member, l),
                ),
                (
                    Label::UpliftPercent,
                    decimal(&r.uplift_percent.to_string(), l),
                ),
                (
                    Label::TooSmall,
                    label(l, if r.too_small { Label::Yes } else { Label::No }).into(),
                ),
            ];
            text.push_str(&format!("\n{}: {}", label(l, Label::Id), r.id));
            for (k, v) in rows {
                text.push_str(&format!("\n  {}: {v}", label(l, k)));
            }
        }
        text
    });
    Ok(())
}

pub(super) fn referrals(pool: &Pool, out: &Out, a: &ClubArgs) -> Result<(), HqError> {
    let a = ask(pool, a)?;
    let r = club::report_referrals(pool, &a)?;
    out.print(&r, |l| {
        let mut text = format!(
            "{}\n{}: {}",
            head(&a, l),
            label(l, Label::Referred),
            count(r.referred, l)
        );
        for x in &r.referrers {
            text.push_str(&format!(
                "\n  {}: {} ({})",
                x.id,
                count(x.referred, l),
                rials(x.referred_spend, l)
            ));
        }
        text
    });
    Ok(())
}

pub(super) fn products(pool: &Pool, out: &Out, a: &ClubArgs) -> Result<(), HqError> {
    let a = ask(pool, a)?;
    let p = club::report_products(pool, &a)?;
    out.print(&p, |l| {
        let mut text = format!("{}\n{}", head(&a, l), label(l, Label::Categories));
        for c in &p.categories {
            let name = if c.category.is_empty() {
                label(l, Label::Uncategorised)
            } else {
                c.category.as_str()
            };
            text.push_str(&format!(
                "\n  {name}: {} ({})",
                count(c.sales, l),
                rials(c.amount, l)
            ));
        }
        text.push_str(&format!("\n{}", label(l, Label::Pairs)));
        for x in &p.pairs {
            text.push_str(&format!(
                "\n  {} + {}: {} ({} {})",
                x.a,
                x.b,
                count(x.together, l),
                label(l, Label::Lift),
                decimal(&x.lift.to_string(), l)
            ));
        }
        text
    });
    Ok(())
}
