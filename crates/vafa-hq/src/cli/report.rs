//! `vafa-hq report settlement|overdrafts|summary|visits|return-rate|rfm|offers|referrals|products|liability`.

use clap::Subcommand;

use super::{Out, text};
use crate::HqError;
use crate::reports;
use crate::storage::Pool;

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    Settlement {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Members whose credit two branches spent twice while apart.
    Overdrafts,
    /// Visit frequency, gap between visits, amount per visit (the till's JSON).
    Visits(super::club::ClubArgs),
    /// Of members who visited in the window, who came back within DAYS (default 30).
    ReturnRate {
        #[command(flatten)]
        on: super::club::ClubArgs,
        #[arg(long)]
        within: Option<u32>,
    },
    /// Recency / frequency / monetary quintile scores and segments (the till's JSON).
    Rfm(super::club::ClubArgs),
    /// Members, visits, sales, credit and points over the window (the till's JSON).
    Summary(super::club::ClubArgs),
    /// Each offer's uses, reward and effect against a comparison group (the till's JSON).
    Offers(super::club::ClubArgs),
    /// Who brought whom, and what they spent (the till's JSON).
    Referrals(super::club::ClubArgs),
    /// Categories, SKUs and pairs bought together (the till's JSON).
    Products(super::club::ClubArgs),
    /// Stored credit, points and what expires in 30 and 90 days (the till's JSON).
    Liability(super::club::ClubArgs),
}

pub(super) fn run(pool: &Pool, out: &Out, cmd: ReportCmd) -> Result<(), HqError> {
    match cmd {
        ReportCmd::Settlement { from, to } => {
            let s = reports::settlement(pool, &from, &to)?;
            out.print(&s, |l| text::settlement(l, &s));
        }
        ReportCmd::Overdrafts => {
            let list = reports::overdrafts(pool)?;
            out.print(&list, |l| text::overdrafts(l, &list));
        }
        ReportCmd::Visits(a) => super::club::visits(pool, out, &a)?,
        ReportCmd::ReturnRate { on, within } => super::club::return_rate(pool, out, &on, within)?,
        ReportCmd::Rfm(a) => super::club::rfm(pool, out, &a)?,
        ReportCmd::Summary(a) => super::club::summary(pool, out, &a)?,
        ReportCmd::Offers(a) => super::club::offers(pool, out, &a)?,
        ReportCmd::Referrals(a) => super::club::referrals(pool, out, &a)?,
        ReportCmd::Products(a) => super::club::products(pool, out, &a)?,
        ReportCmd::Liability(a) => super::club::liability(pool, out, &a)?,
    }
    Ok(())
}
