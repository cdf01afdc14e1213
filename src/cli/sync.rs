//! `vafa hq connect` and `vafa sync [--once] | sync status`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use vafa_text::error::SayNaming;

use super::args::flag;
use super::io::read_file;
use super::output::Out;
use vafa_core::error::{Error, Result};
use vafa_service::Vafa;

#[derive(Subcommand, Debug)]
pub enum HqCmd {
    Connect {
        #[arg(long)]
        url: String,
        #[arg(long, env = "VAFA_HQ_TOKEN")]
        token: String,
        /// PEM file of a private CA that signed head office's certificate (https only).
        #[arg(long)]
        ca: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    /// Sync once and exit (without it: keep syncing in the background until stopped).
    #[arg(long)]
    once: bool,
    /// Seconds between syncs when running continuously.
    #[arg(long, default_value_t = 15)]
    every: u64,
    #[command(subcommand)]
    cmd: Option<SyncCmd>,
}

#[derive(Subcommand, Debug)]
pub enum SyncCmd {
    /// Pending records, last success, last error, parked records.
    Status,
}

pub(crate) fn hq(cmd: HqCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let HqCmd::Connect { url, token, ca } = cmd;
    let ca = ca.map(|p| read_file(&p)).transpose()?;
    let st = v.hq_connect(&url, &token, ca.as_deref())?;
    out.sync_status(&st, v.lang())
}

pub(crate) fn run(a: SyncArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    if let Some(SyncCmd::Status) = a.cmd {
        let st = v.sync_status()?;
        return out.sync_status(&st, v.lang());
    }
    // A standalone till sends its own messages; a connected one too, until head office
    // sends for it (not yet).
    send_sms(v);
    if a.once {
        let r = v.sync_once()?;
        return out.sync_report(&r, v.lang());
    }
    forever(v, a.every, out)
}

/// `vafa sync` without `--once`: syncs every `every` seconds while head office answers,
/// backing off (up to five minutes) while it does not; one line per attempt.
fn forever(v: &mut Vafa, every: u64, out: &mut Out) -> Result<()> {
    let every = std::time::Duration::from_secs(every.max(1));
    let mut wait = every;
    loop {
        send_sms(v);
        match v.sync_once() {
            Ok(r) => {
                out.sync_report(&r, v.lang())?;
                wait = every;
            }
            Err(Error::NotConnected) => return Err(Error::NotConnected),
            Err(e) => {
                eprintln!("{}", e.say_naming(v.lang(), &flag));
                wait = (wait * 2).min(std::time::Duration::from_secs(300));
            }
        }
        std::thread::sleep(wait);
    }
}

/// The SMS sender's run within a sync; what it could not do waits for the next one and
/// shows in `vafa sms status`.
fn send_sms(v: &mut Vafa) {
    if let Err(e) = v.sms_send_now(false) {
        eprintln!("{}", e.say_naming(v.lang(), &flag));
    }
}
