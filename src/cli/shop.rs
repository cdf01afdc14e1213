//! `vafa init`, `vafa demo`, `vafa config show|import` and `vafa check`: the shop itself.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::args::choice;
use super::io::read_file;
use super::output::Out;
use vafa_core::error::{Field, Result};
use vafa_core::lang::Lang;
use vafa_service::{DemoOptions, InitOptions, Vafa};

/// `vafa init`: create a new shop in the data directory.
#[derive(Args, Debug)]
pub struct InitArgs {
    #[arg(long)]
    shop: String,
    #[arg(long)]
    branch: String,
    #[arg(long)]
    branch_name: Option<String>,
    /// Language of messages and the till: fa or en.
    #[arg(long, default_value = "fa")]
    lang: String,
    /// How the till shows money: toman or rial.
    #[arg(long, default_value = "toman")]
    unit: String,
}

/// `vafa demo`: fill an empty data directory with a believable demo shop.
#[derive(Args, Debug)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 300)]
    members: usize,
    #[arg(long, default_value_t = 730)]
    days: u32,
    #[arg(long, default_value_t = 1405)]
    seed: u64,
    /// Language of the demo shop: fa or en.
    #[arg(long, default_value = "fa")]
    lang: String,
}

#[derive(Subcommand, Debug)]
pub enum ConfigCmd {
    Show,
    Import { file: PathBuf },
}

/// `lang` is the language errors are said in from here on.
pub(crate) fn init(
    a: InitArgs,
    dir: &Path,
    now: Option<chrono::DateTime<chrono::Utc>>,
    out: &mut Out,
    lang: &mut Lang,
) -> Result<()> {
    let chosen = choice(Field::Lang, &a.lang, Lang::parse)?;
    *lang = chosen;
    let v = Vafa::init_at(
        dir,
        &InitOptions {
            shop: a.shop,
            branch: a.branch,
            branch_name: a.branch_name,
            lang: chosen,
            unit: a.unit,
        },
        now,
    )?;
    out.shop(&v)
}

pub(crate) fn demo(
    a: DemoArgs,
    dir: &Path,
    now: Option<chrono::DateTime<chrono::Utc>>,
    out: &mut Out,
    lang: &mut Lang,
) -> Result<()> {
    *lang = choice(Field::Lang, &a.lang, Lang::parse)?;
    let v = vafa_service::demo::create(
        dir,
        &DemoOptions {
            members: a.members,
            days: a.days,
            seed: a.seed,
            lang: *lang,
            now,
        },
    )?;
    *lang = v.lang();
    out.demo(&v)
}

pub(crate) fn config(cmd: ConfigCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    match cmd {
        ConfigCmd::Show => out.config(v.config()),
        ConfigCmd::Import { file } => {
            let c = v.import_config(&read_file(&file)?)?;
            out.config(&c)
        }
    }
}

pub(crate) fn check(v: &mut Vafa, out: &mut Out) -> Result<()> {
    let problems = v.check()?;
    out.check(&problems, v.lang())
}
