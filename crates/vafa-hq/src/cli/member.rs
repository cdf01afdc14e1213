//! `vafa-hq member merge|show`.

use clap::Subcommand;

use super::{Out, text};
use crate::HqError;
use crate::storage::Pool;
use crate::{admin, reports};

#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    /// One person enrolled twice: move FROM's balance and cards to KEEP, on every till.
    Merge {
        #[arg(long)]
        keep: String,
        #[arg(long)]
        from: String,
    },
    Show {
        #[arg(long, required_unless_present = "card", conflicts_with = "card")]
        mobile: Option<String>,
        #[arg(long)]
        card: Option<String>,
    },
}

pub(super) fn run(pool: &Pool, out: &Out, cmd: MemberCmd) -> Result<(), HqError> {
    match cmd {
        MemberCmd::Merge { keep, from } => {
            let merged = admin::merge_members(pool, &keep, &from)?;
            out.print(&merged, |l| text::member_merged(l, &from, &keep));
        }
        MemberCmd::Show { mobile, card } => {
            let show = reports::member_show(pool, mobile.as_deref(), card.as_deref())?;
            out.print(&show, |l| text::member_show(l, &show));
        }
    }
    Ok(())
}
