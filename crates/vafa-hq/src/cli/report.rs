//! `vafa-hq report settlement|overdrafts`.

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
    }
    Ok(())
}
