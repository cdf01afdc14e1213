//! `vafa card ...`: assign, block and replace cards.

use clap::Subcommand;

use super::output::Out;
use vafa_core::error::Result;
use vafa_service::Vafa;

#[derive(Subcommand, Debug)]
pub enum CardCmd {
    Assign {
        #[arg(long)]
        member: String,
        #[arg(long)]
        card: String,
        #[arg(long)]
        profile: Option<String>,
    },
    Block {
        number: String,
        #[arg(long)]
        reason: Option<String>,
    },
    Replace {
        old: String,
        new: String,
        #[arg(long)]
        profile: Option<String>,
    },
}

pub(crate) fn run(cmd: CardCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let c = match cmd {
        CardCmd::Assign {
            member,
            card,
            profile,
        } => v.assign_card(&member, &card, profile.as_deref())?,
        CardCmd::Block { number, reason } => v.block_card(&number, reason.as_deref())?,
        CardCmd::Replace { old, new, profile } => v.replace_card(&old, &new, profile.as_deref())?,
    };
    out.card(&c, v.lang())
}
