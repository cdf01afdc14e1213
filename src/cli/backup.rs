//! `vafa backup` and `vafa restore`.

use std::path::PathBuf;

use clap::Args;
use vafa_text::cli::{Line, line};

use super::output::Out;
use vafa_core::error::Result;
use vafa_service::Vafa;

/// `vafa backup FILE | --auto [--force] | --status`.
#[derive(Args, Debug)]
pub struct BackupArgs {
    #[arg(required_unless_present_any = ["auto", "status"], conflicts_with_all = ["auto", "status"])]
    file: Option<PathBuf>,
    #[arg(long, conflicts_with = "status")]
    auto: bool,
    /// With --auto: take one even if the last is recent.
    #[arg(long, requires = "auto")]
    force: bool,
    #[arg(long)]
    status: bool,
}

pub(crate) fn backup(a: BackupArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    if a.status {
        let s = v.backup_status()?;
        return out.backup_status(&s, &v.backup_folder(), v.lang());
    }
    if a.auto {
        let r = v.auto_backup(a.force)?;
        return out.auto_backup(&r, v.lang());
    }
    let file = a.file.unwrap_or_default();
    v.backup(&file)?;
    out.done(
        &file.display().to_string(),
        line(v.lang(), Line::BackupWritten),
    )
}

pub(crate) fn restore(file: PathBuf, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let kept = v.restore(&file)?;
    out.restored(&file, &kept, v.lang())
}
