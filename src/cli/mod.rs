//! The `vafa` command line, as CONTRACT.md lists it: one module per command group, each
//! parsing its own arguments (with the core's parsers) and calling the service; this one
//! only routes. Results are printed by `output` (human text in the shop's language, or
//! `--json`); an error names a wrong input by its flag (`args::flag`).

mod args;
mod backup;
mod card;
pub mod devices;
mod gift;
mod io;
mod lottery;
mod member;
mod offers;
pub(crate) mod output;
mod pos;
mod readers;
mod receipt;
mod report;
mod sale;
mod shop;
mod sms;
mod staff;
mod survey;
mod sync;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use vafa_text::fallback_lang;

use output::Out;
use vafa_core::error::{Error, Result};
use vafa_core::lang::Lang;
use vafa_service::Vafa;

#[derive(Parser, Debug)]
#[command(name = "vafa", version = env!("VAFA_VERSION"), about = "vafa (وفا): the loyalty-club till", long_about = None)]
pub struct Cli {
    /// Where the shop's data lives (default: the platform's data directory).
    #[arg(long, global = true, env = "VAFA_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Machine-readable output on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Act as this staff member (PIN from VAFA_PIN, or asked for); their permissions
    /// apply. Without it the command line acts as the machine's administrator.
    #[arg(long, global = true, env = "VAFA_USER")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new shop in the data directory.
    Init(shop::InitArgs),
    /// Show or import the shop configuration.
    #[command(subcommand)]
    Config(shop::ConfigCmd),
    /// Enrol, show, find and edit members.
    #[command(subcommand)]
    Member(member::MemberCmd),
    /// Assign, block and replace cards.
    #[command(subcommand)]
    Card(card::CardCmd),
    /// Import, list, enable and disable automatic offers.
    #[command(subcommand)]
    Offers(offers::OffersCmd),
    /// Import the occasions calendar (lunar holidays, the shop's own days).
    #[command(subcommand)]
    Occasions(offers::OccasionsCmd),
    /// Card readers: list, listen, decode, simulate; save the readers this till uses.
    #[command(subcommand)]
    Devices(readers::DevicesTop),
    /// Record a sale (or `sale void SALE_ID`).
    Sale(sale::SaleArgs),
    /// Write a verified backup of the shop's data to FILE; `--auto`: the automatic backup
    /// into `[backup] folder` if one is due (for a daily timer); `--status`: the last one.
    Backup(backup::BackupArgs),
    /// Replace the shop's data with a verified backup (the current data is kept aside).
    Restore { file: PathBuf },
    /// Import members from CSV.
    #[command(subcommand)]
    Import(io::ImportCmd),
    /// Export members, sales or the ledger as CSV.
    Export(io::ExportArgs),
    /// Fill an empty data directory with a believable demo shop.
    Demo(shop::DemoArgs),
    /// Check that every balance equals the sum of its ledger entries.
    Check,
    /// Connect this till to head office.
    #[command(subcommand)]
    Hq(sync::HqCmd),
    /// Send waiting records to head office and bring in the chain's (`status`: what waits).
    Sync(sync::SyncArgs),
    /// Staff accounts: add, list, disable, enable (also unlocks), set a PIN.
    #[command(subcommand)]
    User(staff::UserCmd),
    /// List the audit trail and verify its hash chain.
    Audit(staff::AuditArgs),
    /// Add or take away credit or points by hand, with a reason.
    Adjust(member::AdjustArgs),
    /// Reports over a window of days (manager and above).
    Report(report::ReportArgs),
    /// Offers suggested from behaviour, each with its reasoning and the members it targets.
    Suggest(report::SuggestArgs),
    /// Print (or reprint) a sale's receipt, or draw it as PNG with --out.
    Receipt(receipt::ReceiptArgs),
    /// Close the shift: record it and show (or --print) its figures by cashier.
    Close(receipt::CloseArgs),
    /// Gift cards: issue, load, show, block, replace.
    #[command(subcommand)]
    Gift(gift::GiftCmd),
    /// Prize draws anyone can check: create, entries, draw, verify.
    #[command(subcommand)]
    Lottery(lottery::LotteryCmd),
    /// Phone surveys: import, whom to call, answers, results.
    #[command(subcommand)]
    Survey(survey::SurveyCmd),
    /// The shop's cash-register program: tokens, and the local POS API (`serve`).
    #[command(subcommand)]
    Pos(pos::PosCmd),
    /// Messages to members: status, log, send what is due.
    #[command(subcommand)]
    Sms(sms::SmsCmd),
}

pub fn default_data_dir() -> PathBuf {
    // Windows: %APPDATA%\vafa (the installer's uninstaller leaves it in place).
    if let Some(d) = directories::BaseDirs::new().filter(|_| cfg!(windows)) {
        return d.data_dir().join("vafa");
    }
    directories::ProjectDirs::from("ir", "vafa", "vafa")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("vafa-data"))
}

/// The clock `VAFA_NOW` fixes (tests and demonstrations), for every command alike.
fn fixed_clock() -> Option<chrono::DateTime<chrono::Utc>> {
    std::env::var("VAFA_NOW")
        .ok()
        .and_then(|t| vafa_core::calendar::parse_time(&t))
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// Runs one command. Returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    let mut out = Out::new(cli.json);
    let mut lang = fallback_lang();
    let result = dispatch(cli.command, cli.user.as_deref(), &dir, &mut out, &mut lang);
    match result {
        Ok(()) => 0,
        Err(e) => {
            out.error(&e, lang);
            1
        }
    }
}

/// The PIN for `--user`: `VAFA_PIN`, else asked for on the terminal without echo.
fn pin_for(name: &str, lang: Lang) -> Result<String> {
    if let Ok(p) = std::env::var("VAFA_PIN") {
        return Ok(p);
    }
    rpassword::prompt_password(format!("{} {name}: ", lang.pick("رمز", "PIN for"))).map_err(|e| {
        Error::Io {
            path: "PIN".into(),
            detail: e.to_string(),
        }
    })
}

/// Routes one command: those that need no shop first, then the shop's, as `--user` if
/// given. `lang` is the language an error is said in.
fn dispatch(
    command: Option<Command>,
    user: Option<&str>,
    dir: &Path,
    out: &mut Out,
    lang: &mut Lang,
) -> Result<()> {
    let command = match command {
        None => return output::home(dir, out, lang),
        Some(Command::Init(a)) => return shop::init(a, dir, fixed_clock(), out, lang),
        Some(Command::Demo(a)) => return shop::demo(a, dir, fixed_clock(), out, lang),
        // The server's requests act as their tokens' cashiers, not as `--user`.
        Some(Command::Pos(pos::PosCmd::Serve { listen })) => {
            return pos::serve(dir, listen, fixed_clock(), out, lang);
        }
        Some(Command::Devices(readers::DevicesTop::Base(cmd)))
            if !readers::DevicesTop::Base(cmd.clone()).needs_shop() =>
        {
            return readers::without_shop(cmd, out.json());
        }
        Some(c) => c,
    };
    let mut v = Vafa::open(dir)?;
    v.set_now(fixed_clock());
    *lang = v.lang();
    if let Some(name) = user {
        let pin = pin_for(name, v.lang())?;
        let actor = v.login(name, &pin)?;
        v.act_as(actor);
    }
    let v = &mut v;
    match command {
        Command::Init(_) | Command::Demo(_) => Ok(()),
        Command::Config(c) => shop::config(c, v, out),
        Command::Check => shop::check(v, out),
        Command::Member(c) => member::run(c, v, out),
        Command::Adjust(a) => member::adjust(a, v, out),
        Command::Card(c) => card::run(c, v, out),
        Command::Sale(a) => sale::run(a, v, out),
        Command::Offers(c) => offers::run(c, v, out),
        Command::Occasions(c) => offers::occasions(c, v, out),
        Command::Devices(c) => readers::run(c, v, out),
        Command::Backup(a) => backup::backup(a, v, out),
        Command::Restore { file } => backup::restore(file, v, out),
        Command::Import(c) => io::import(c, v, out),
        Command::Export(a) => io::export(a, v),
        Command::User(c) => staff::run(c, v, out),
        Command::Audit(a) => staff::audit(a, v, out),
        Command::Hq(c) => sync::hq(c, v, out),
        Command::Sync(a) => sync::run(a, v, out),
        Command::Report(a) => report::run(a, v, out),
        Command::Suggest(a) => report::suggest(a, v, out),
        Command::Receipt(a) => receipt::receipt(a, v, out),
        Command::Close(a) => receipt::close(a, v, out),
        Command::Gift(c) => gift::run(c, v, out),
        Command::Lottery(c) => lottery::run(c, v, out),
        Command::Survey(c) => survey::run(c, v, out),
        Command::Pos(c) => pos::run(c, v, out),
        Command::Sms(c) => sms::run(c, v, out),
    }
}
