//! `vafa card ...`: assign, block and replace cards.

use clap::Subcommand;

use super::output::Out;
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::gift::CardKind;
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
        /// The card's kind: member (default), discount, or a design name (vip, gold...).
        #[arg(long)]
        kind: Option<String>,
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
            kind,
        } => {
            let kind = match kind.as_deref() {
                None => CardKind::Member,
                Some(k) => CardKind::parse(k).ok_or_else(|| Error::Invalid {
                    field: Field::CardKind,
                    value: k.to_string(),
                    why: Why::UnknownChoice,
                })?,
            };
            v.assign_card_of_kind(&member, &card, profile.as_deref(), &kind)?
        }
        CardCmd::Block { number, reason } => v.block_card(&number, reason.as_deref())?,
        CardCmd::Replace { old, new, profile } => v.replace_card(&old, &new, profile.as_deref())?,
    };
    out.card(&c, v.lang())
}
