//! `vafa-hq offers import` and `vafa-hq config import`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{Out, text};
use crate::HqError;
use crate::admin;
use crate::storage::Pool;

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    Import { file: PathBuf },
}

fn read(path: &std::path::Path) -> Result<String, HqError> {
    std::fs::read_to_string(path).map_err(|e| HqError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

pub(super) fn offers(pool: &Pool, out: &Out, cmd: ImportCmd) -> Result<(), HqError> {
    let ImportCmd::Import { file } = cmd;
    let n = admin::import_offers(pool, &read(&file)?)?;
    out.print(&json!({"offers": n}), |l| text::offers_published(l, n));
    Ok(())
}

pub(super) fn config(pool: &Pool, out: &Out, cmd: ImportCmd) -> Result<(), HqError> {
    let ImportCmd::Import { file } = cmd;
    let config = admin::import_config(pool, &read(&file)?)?;
    out.print(&config, text::config_published);
    Ok(())
}
