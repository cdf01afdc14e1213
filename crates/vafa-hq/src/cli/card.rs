//! `vafa-hq card resolve`.

use clap::Subcommand;

use super::{Out, text};
use crate::HqError;
use crate::admin;
use crate::storage::Pool;

#[derive(Subcommand, Debug)]
pub enum CardCmd {
    /// The card belongs to MEMBER (on head office and every till).
    Resolve {
        number: String,
        #[arg(long)]
        member: String,
    },
}

pub(super) fn run(pool: &Pool, out: &Out, cmd: CardCmd) -> Result<(), HqError> {
    match cmd {
        CardCmd::Resolve { number, member } => {
            let r = admin::resolve_card(pool, &number, &member)?;
            out.print(&r, |l| text::card_resolved(l, &number, &member));
        }
    }
    Ok(())
}
