//! `vafa offers ...` (import, list, enable, disable) and `vafa occasions import`.

use std::path::PathBuf;

use clap::Subcommand;
use vafa_text::cli::{Line, line};

use super::io::read_file;
use super::output::Out;
use vafa_core::error::Result;
use vafa_service::Vafa;

#[derive(Subcommand, Debug)]
pub enum OffersCmd {
    /// Add or replace offers by id (all or nothing).
    Import {
        file: PathBuf,
    },
    List,
    Enable {
        id: String,
    },
    Disable {
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum OccasionsCmd {
    Import { file: PathBuf },
}

pub(crate) fn run(cmd: OffersCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let list = match cmd {
        OffersCmd::Import { file } => v.import_offers(&read_file(&file)?)?,
        OffersCmd::List => v.list_offers()?,
        OffersCmd::Enable { id } => vec![v.set_offer_enabled(&id, true)?],
        OffersCmd::Disable { id } => vec![v.set_offer_enabled(&id, false)?],
    };
    out.offers(&list, v.lang())
}

pub(crate) fn occasions(cmd: OccasionsCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let OccasionsCmd::Import { file } = cmd;
    let f = v.import_occasions(&read_file(&file)?)?;
    out.done(
        &f.occasion.len().to_string(),
        line(v.lang(), Line::OccasionsImported),
    )
}
