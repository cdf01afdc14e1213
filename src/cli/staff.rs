//! `vafa user ...` (staff accounts) and `vafa audit`.

use clap::{Args, Subcommand};
use vafa_text::cli::{Line, line};

use super::args::{choice, date};
use super::output::Out;
use vafa_core::error::{Error, Field, Result};
use vafa_service::Vafa;

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    Add {
        name: String,
        #[arg(long, value_parser = ["cashier", "supervisor", "manager", "admin"])]
        role: String,
        #[arg(long)]
        pin: String,
    },
    List,
    Disable {
        name: String,
    },
    /// Re-enable an account; this also lifts a lock after wrong PINs.
    Enable {
        name: String,
    },
    /// Set a new PIN.
    Pin {
        name: String,
        #[arg(long)]
        pin: String,
    },
}

/// `vafa audit`: list the audit trail and verify its hash chain.
#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Only records from this day on (ISO or Jalali).
    #[arg(long)]
    since: Option<String>,
}

pub(crate) fn run(cmd: UserCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let rows = match cmd {
        UserCmd::Add { name, role, pin } => {
            let role = choice(Field::Role, &role, vafa_text::staff::parse_role)?;
            vec![v.user_add(&name, role, &pin)?]
        }
        UserCmd::List => v.staff_list()?,
        UserCmd::Disable { name } => vec![v.user_set_active(&name, false)?],
        UserCmd::Enable { name } => vec![v.user_set_active(&name, true)?],
        UserCmd::Pin { name, pin } => {
            v.user_set_pin(&name, &pin)?;
            return out.done(&name, line(v.lang(), Line::NewPinSet));
        }
    };
    out.staff(&rows, v.lang())
}

pub(crate) fn audit(a: AuditArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let since = a
        .since
        .as_deref()
        .map(|t| date(Field::Since, t).map(|d| d.date))
        .transpose()?;
    let report = v.audit_trail(since)?;
    out.audit(&report, v.lang())?;
    match report.broken {
        Some(at) => Err(Error::AuditBroken { at }),
        None => Ok(()),
    }
}
