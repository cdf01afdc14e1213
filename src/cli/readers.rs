//! `vafa devices ...`: the commands that need no shop (`devices`), listening to the readers
//! saved for this till, and saving or forgetting them.

use clap::Subcommand;

use super::devices::{self, DevicesCmd};
use super::output::Out;
use vafa_core::error::{Error, Result};
use vafa_service::Vafa;

#[derive(Subcommand, Debug)]
pub enum DevicesTop {
    #[command(flatten)]
    Base(DevicesCmd),
    /// Save a reader for this till: `[NAME=]PROFILE@PORT[:BAUD[:8N1]]` or
    /// `[NAME=]PROFILE@usb:VID:PID[:PAGE]` (hex ids). `devices listen` then uses it.
    Add { spec: String },
    /// Forget a saved reader.
    Remove { name: String },
    /// The readers saved for this till.
    Readers,
}

impl DevicesTop {
    /// Whether the command reads the shop (its saved readers): `listen` without `--reader`,
    /// and saving or forgetting a reader.
    pub(crate) fn needs_shop(&self) -> bool {
        match self {
            DevicesTop::Base(DevicesCmd::Listen { readers, .. }) => readers.is_empty(),
            DevicesTop::Base(_) => false,
            _ => true,
        }
    }
}

pub(crate) fn run(cmd: DevicesTop, v: &mut Vafa, out: &mut Out) -> Result<()> {
    match cmd {
        DevicesTop::Base(DevicesCmd::Listen { seconds, .. }) => {
            let configs = v.readers()?;
            if configs.is_empty() {
                return Err(Error::Reader {
                    code: "usage",
                    en: "No reader is saved for this till: add one with `vafa devices add PROFILE@PORT`, or give --reader.".into(),
                    fa: "هیچ کارت‌خوانی برای این صندوق ذخیره نشده است: با «vafa devices add PROFILE@PORT» اضافه کنید یا --reader بدهید.".into(),
                    shown: false,
                });
            }
            let mut stdout = std::io::stdout();
            devices::listen(
                configs,
                seconds.map(std::time::Duration::from_secs),
                out.json(),
                &mut stdout,
            )
            .map_err(Error::from)
        }
        DevicesTop::Base(cmd) => without_shop(cmd, out.json()),
        DevicesTop::Add { spec } => {
            let r = v.add_reader(&spec)?;
            out.readers(&[r], v.lang())
        }
        DevicesTop::Remove { name } => {
            v.remove_reader(&name)?;
            let all = v.readers()?;
            out.readers(&all, v.lang())
        }
        DevicesTop::Readers => {
            let all = v.readers()?;
            out.readers(&all, v.lang())
        }
    }
}

/// Runs a `vafa devices` command that needs no shop. Its JSON errors are printed by the
/// devices CLI itself.
pub(crate) fn without_shop(cmd: DevicesCmd, json: bool) -> Result<()> {
    let mut stdout = std::io::stdout();
    devices::run(cmd, json, &mut stdout).map_err(|e| match Error::from(e) {
        Error::Reader { code, en, fa, .. } => Error::Reader {
            code,
            en,
            fa,
            shown: json,
        },
        other => other,
    })
}
