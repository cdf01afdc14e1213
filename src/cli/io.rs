//! `vafa import members FILE.csv`, `vafa export members|sales|ledger`, and reading the
//! files other commands are given.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use vafa_text::cli::{Line, line};

use super::output::Out;
use vafa_core::error::{Error, Result};
use vafa_service::Vafa;

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    Members { file: PathBuf },
}

/// `vafa export members|sales|ledger [--out FILE]`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[arg(value_parser = ["members", "sales", "ledger"])]
    what: String,
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(crate) fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

pub(crate) fn import(cmd: ImportCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let ImportCmd::Members { file } = cmd;
    let n = v.import_members(&read_file(&file)?)?;
    out.done(&n.to_string(), line(v.lang(), Line::MembersImported))
}

pub(crate) fn export(a: ExportArgs, v: &mut Vafa) -> Result<()> {
    let mut buf: Vec<u8> = Vec::new();
    v.export(&a.what, &mut buf)?;
    match a.out {
        Some(path) => std::fs::write(&path, &buf).map_err(|e| Error::Io {
            path: path.display().to_string(),
            detail: e.to_string(),
        }),
        None => std::io::stdout().write_all(&buf).map_err(|e| Error::Io {
            path: "stdout".into(),
            detail: e.to_string(),
        }),
    }
}
