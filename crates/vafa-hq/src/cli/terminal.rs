//! `vafa-hq terminal add|revoke` and `vafa-hq branch owner`.

use clap::Subcommand;
use serde_json::json;

use super::{Out, text};
use crate::HqError;
use crate::storage::Pool;
use crate::terminals;

#[derive(Subcommand, Debug)]
pub enum TerminalCmd {
    Add {
        #[arg(long)]
        branch: String,
        #[arg(long)]
        name: String,
    },
    Revoke {
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum BranchCmd {
    Owner { code: String, owner: String },
}

pub(super) fn terminal(pool: &Pool, out: &Out, cmd: TerminalCmd) -> Result<(), HqError> {
    match cmd {
        TerminalCmd::Add { branch, name } => {
            let (t, token) = terminals::add_terminal(pool, &branch, &name)?;
            out.print(
                &json!({"id": t.id, "branch": t.branch, "name": t.name, "token": token}),
                |l| text::terminal_added(l, &t.id, &t.branch, &token),
            );
        }
        TerminalCmd::Revoke { id } => {
            terminals::revoke_terminal(pool, &id)?;
            out.print(&json!({"revoked": id}), |l| text::terminal_revoked(l, &id));
        }
    }
    Ok(())
}

pub(super) fn branch(pool: &Pool, out: &Out, cmd: BranchCmd) -> Result<(), HqError> {
    match cmd {
        BranchCmd::Owner { code, owner } => {
            terminals::set_owner(pool, &code, &owner)?;
            out.print(&json!({"branch": code, "owner": owner}), |l| {
                text::branch_owner(l, &code, &owner)
            });
        }
    }
    Ok(())
}
