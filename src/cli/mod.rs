//! The `vafa` command line, as CONTRACT.md lists it. Parses arguments, calls the service
//! layer, prints results (human text in the shop's language, or `--json`).

pub mod devices;
pub(crate) mod output;

use std::io::Write;
use std::path::{Path, PathBuf};
use vafa_text::Say;
use vafa_text::cli::{Line, line};
use vafa_text::fallback_lang;

use clap::{Args, Parser, Subcommand};

use output::Out;
use vafa_core::error::{Error, Result};
use vafa_core::lang::Lang;
use vafa_core::staff::Role;
use vafa_service::{Customer, DemoOptions, InitOptions, MemberInput, SaleRequest, Vafa};

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
    Init {
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
    },
    /// Show or import the shop configuration.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Enrol, show, find and edit members.
    #[command(subcommand)]
    Member(MemberCmd),
    /// Assign, block and replace cards.
    #[command(subcommand)]
    Card(CardCmd),
    /// Import, list, enable and disable automatic offers.
    #[command(subcommand)]
    Offers(OffersCmd),
    /// Import the occasions calendar (lunar holidays, the shop's own days).
    #[command(subcommand)]
    Occasions(OccasionsCmd),
    /// Card readers: list, listen, decode, simulate; save the readers this till uses.
    #[command(subcommand)]
    Devices(DevicesTop),
    /// Record a sale (or `sale void SALE_ID`).
    Sale(SaleArgs),
    /// Write a verified backup of the shop's data to FILE; `--auto`: the automatic backup
    /// into `[backup] folder` if one is due (for a daily timer); `--status`: the last one.
    Backup {
        #[arg(required_unless_present_any = ["auto", "status"], conflicts_with_all = ["auto", "status"])]
        file: Option<PathBuf>,
        #[arg(long, conflicts_with = "status")]
        auto: bool,
        /// With --auto: take one even if the last is recent.
        #[arg(long, requires = "auto")]
        force: bool,
        #[arg(long)]
        status: bool,
    },
    /// Replace the shop's data with a verified backup (the current data is kept aside).
    Restore { file: PathBuf },
    /// Import members from CSV.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export members, sales or the ledger as CSV.
    Export {
        #[arg(value_parser = ["members", "sales", "ledger"])]
        what: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Fill an empty data directory with a believable demo shop.
    Demo {
        #[arg(long, default_value_t = 300)]
        members: usize,
        #[arg(long, default_value_t = 730)]
        days: u32,
        #[arg(long, default_value_t = 1405)]
        seed: u64,
        /// Language of the demo shop: fa or en.
        #[arg(long, default_value = "fa")]
        lang: String,
    },
    /// Check that every balance equals the sum of its ledger entries.
    Check,
    /// Connect this till to head office.
    #[command(subcommand)]
    Hq(HqCmd),
    /// Send waiting records to head office and bring in the chain's (`status`: what waits).
    Sync(SyncArgs),
    /// Staff accounts: add, list, disable, enable (also unlocks), set a PIN.
    #[command(subcommand)]
    User(UserCmd),
    /// List the audit trail and verify its hash chain.
    Audit {
        /// Only records from this day on (ISO or Jalali).
        #[arg(long)]
        since: Option<String>,
    },
    /// Add or take away credit or points by hand, with a reason.
    Adjust {
        #[arg(long)]
        member: String,
        /// Rials of credit: positive adds, negative takes away.
        #[arg(
            long,
            allow_hyphen_values = true,
            required_unless_present = "points",
            conflicts_with = "points"
        )]
        credit: Option<String>,
        /// Points: positive adds, negative takes away.
        #[arg(long, allow_hyphen_values = true)]
        points: Option<String>,
        #[arg(long)]
        reason: Option<String>,
    },
}

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

#[derive(Subcommand, Debug)]
pub enum ConfigCmd {
    Show,
    Import { file: PathBuf },
}

#[derive(Args, Debug, Clone, Default)]
pub struct MemberFields {
    #[arg(long)]
    first: Option<String>,
    #[arg(long)]
    last: Option<String>,
    #[arg(long)]
    mobile: Option<String>,
    #[arg(long)]
    birth: Option<String>,
    #[arg(long)]
    anniversary: Option<String>,
    #[arg(long)]
    gender: Option<String>,
    /// The mobile of the member who introduced this one.
    #[arg(long)]
    referrer: Option<String>,
    #[arg(long)]
    card: Option<String>,
    /// The reader profile that printed --card.
    #[arg(long)]
    profile: Option<String>,
    /// A shop-defined field, KEY=VALUE (repeatable).
    #[arg(long = "field")]
    fields: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    Enrol(MemberFields),
    Show {
        #[arg(long, conflicts_with_all = ["mobile", "id"], required_unless_present_any = ["mobile", "id"])]
        card: Option<String>,
        /// The reader profile that printed --card.
        #[arg(long, requires = "card")]
        profile: Option<String>,
        #[arg(long, conflicts_with = "id")]
        mobile: Option<String>,
        #[arg(long)]
        id: Option<String>,
    },
    Find {
        text: String,
    },
    Edit {
        id: String,
        #[command(flatten)]
        fields: MemberFields,
    },
}

#[derive(Subcommand, Debug)]
pub enum CardCmd {
    Assign {
        #[arg(long)]
        member: String,
        #[arg(long)]
        card: String,
        #[arg(long)]
        profile: Option<String>,
    },
    Block {
        number: String,
        #[arg(long)]
        reason: Option<String>,
    },
    Replace {
        old: String,
        new: String,
        #[arg(long)]
        profile: Option<String>,
    },
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SaleArgs {
    #[command(subcommand)]
    void: Option<SaleCmd>,
    #[arg(long, group = "who")]
    card: Option<String>,
    #[arg(long)]
    profile: Option<String>,
    #[arg(long, group = "who")]
    mobile: Option<String>,
    #[arg(long, group = "who")]
    member: Option<String>,
    #[arg(long, group = "who")]
    guest: bool,
    /// The basket's gross total in rials.
    #[arg(long, allow_hyphen_values = true)]
    amount: Option<String>,
    /// SKU:QTY:UNIT_PRICE[:CATEGORY] (repeatable; must add up to --amount).
    #[arg(long = "item")]
    items: Vec<String>,
    /// Credit to spend, in rials, or `all`.
    #[arg(long, allow_hyphen_values = true)]
    redeem: Option<String>,
    /// When the sale happened (RFC 3339), for paper receipts after a power cut.
    #[arg(long)]
    at: Option<String>,
    /// Compute and show the sale without recording it.
    #[arg(long)]
    dry_run: bool,
    /// A client-made sale id (UUID): recording it again returns the first result.
    #[arg(long)]
    id: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum SaleCmd {
    Void {
        sale_id: String,
        #[arg(long)]
        reason: Option<String>,
    },
}

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
pub enum DevicesTop {
    #[command(flatten)]
    Base(crate::cli::devices::DevicesCmd),
    /// Save a reader for this till: `[NAME=]PROFILE@PORT[:BAUD[:8N1]]` or
    /// `[NAME=]PROFILE@usb:VID:PID[:PAGE]` (hex ids). `devices listen` then uses it.
    Add { spec: String },
    /// Forget a saved reader.
    Remove { name: String },
    /// The readers saved for this till.
    Readers,
}

#[derive(Subcommand, Debug)]
pub enum OccasionsCmd {
    Import { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    Members { file: PathBuf },
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

fn open(dir: &Path) -> Result<Vafa> {
    let mut v = Vafa::open(dir)?;
    v.set_now(fixed_clock());
    Ok(v)
}

fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

fn member_input(f: &MemberFields) -> Result<MemberInput> {
    let fields = f
        .fields
        .iter()
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .ok_or_else(|| Error::Invalid {
                    field: "--field".into(),
                    value: kv.clone(),
                    why: vafa_core::error::Why::BadChars,
                })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(MemberInput {
        first: f.first.clone(),
        last: f.last.clone(),
        mobile: f.mobile.clone(),
        birth: f.birth.clone(),
        anniversary: f.anniversary.clone(),
        gender: f.gender.clone(),
        referrer: f.referrer.clone(),
        fields,
        card: f.card.clone(),
        card_profile: f.profile.clone(),
    })
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

/// A signed amount as typed (`-50000`, `۵۰٬۰۰۰`, `+1000`).
fn signed_amount(field: &str, text: &str) -> Result<i64> {
    let t = text.trim();
    let (neg, rest) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = vafa_core::money::parse_rials(rest).map_err(|error| Error::InvalidAmount {
        field: field.into(),
        value: text.into(),
        error,
    })?;
    Ok(if neg { -v } else { v })
}

fn dispatch(
    command: Option<Command>,
    user: Option<&str>,
    dir: &Path,
    out: &mut Out,
    lang: &mut Lang,
) -> Result<()> {
    let Some(command) = command else {
        return output::home(dir, out, lang);
    };
    if let Command::Init {
        shop,
        branch,
        branch_name,
        lang: l,
        unit,
    } = &command
    {
        let chosen = Lang::parse(l).ok_or_else(|| Error::Invalid {
            field: "--lang".into(),
            value: l.clone(),
            why: vafa_core::error::Why::UnknownChoice,
        })?;
        *lang = chosen;
        let v = Vafa::init_at(
            dir,
            &InitOptions {
                shop: shop.clone(),
                branch: branch.clone(),
                branch_name: branch_name.clone(),
                lang: chosen,
                unit: unit.clone(),
            },
            fixed_clock(),
        )?;
        return out.shop(&v);
    }
    // Reader commands that need no shop: list, decode, simulate, listen to given readers.
    if let Command::Devices(DevicesTop::Base(cmd)) = &command {
        let needs_shop = matches!(cmd, crate::cli::devices::DevicesCmd::Listen { readers, .. } if readers.is_empty());
        if !needs_shop {
            return devices(cmd.clone(), out.json());
        }
    }
    if let Command::Demo {
        members,
        days,
        seed,
        lang: l,
    } = &command
    {
        *lang = Lang::parse(l).ok_or_else(|| Error::Invalid {
            field: "--lang".into(),
            value: l.clone(),
            why: vafa_core::error::Why::UnknownChoice,
        })?;
        let v = vafa_service::demo::create(
            dir,
            &DemoOptions {
                members: *members,
                days: *days,
                seed: *seed,
                lang: *lang,
                now: fixed_clock(),
            },
        )?;
        *lang = v.lang();
        return out.demo(&v);
    }
    let mut v = open(dir)?;
    *lang = v.lang();
    if let Some(name) = user {
        let pin = pin_for(name, v.lang())?;
        let actor = v.login(name, &pin)?;
        v.act_as(actor);
    }
    match command {
        Command::Init { .. } | Command::Demo { .. } => Ok(()),
        Command::Config(ConfigCmd::Show) => out.config(v.config()),
        Command::Config(ConfigCmd::Import { file }) => {
            let text = read_file(&file)?;
            let c = v.import_config(&text)?;
            out.config(&c)
        }
        Command::Member(MemberCmd::Enrol(f)) => {
            let m = v.enrol(&member_input(&f)?)?;
            out.member(&m, v.lang(), true)
        }
        Command::Member(MemberCmd::Show {
            card,
            profile: Some(profile),
            ..
        }) => {
            let (member, _) =
                v.member_of_card(card.as_deref().unwrap_or_default(), Some(&profile))?;
            let m = v.member_view(&member)?;
            out.member(&m, v.lang(), false)
        }
        Command::Member(MemberCmd::Show {
            card, mobile, id, ..
        }) => {
            let m = v.find_member_by(card.as_deref(), mobile.as_deref(), id.as_deref())?;
            out.member(&m, v.lang(), false)
        }
        Command::Member(MemberCmd::Find { text }) => {
            let found = v.find_members(&text)?;
            out.members(&found, v.lang())
        }
        Command::Member(MemberCmd::Edit { id, fields }) => {
            let m = v.edit_member(&id, &member_input(&fields)?)?;
            out.member(&m, v.lang(), false)
        }
        Command::Card(CardCmd::Assign {
            member,
            card,
            profile,
        }) => {
            let c = v.assign_card(&member, &card, profile.as_deref())?;
            out.card(&c, v.lang())
        }
        Command::Card(CardCmd::Block { number, reason }) => {
            let c = v.block_card(&number, reason.as_deref())?;
            out.card(&c, v.lang())
        }
        Command::Card(CardCmd::Replace { old, new, profile }) => {
            let c = v.replace_card(&old, &new, profile.as_deref())?;
            out.card(&c, v.lang())
        }
        Command::Offers(OffersCmd::Import { file }) => {
            let text = read_file(&file)?;
            let list = v.import_offers(&text)?;
            out.offers(&list, v.lang())
        }
        Command::Offers(OffersCmd::List) => {
            let list = v.list_offers()?;
            out.offers(&list, v.lang())
        }
        Command::Offers(OffersCmd::Enable { id }) => {
            let o = v.set_offer_enabled(&id, true)?;
            out.offers(&[o], v.lang())
        }
        Command::Offers(OffersCmd::Disable { id }) => {
            let o = v.set_offer_enabled(&id, false)?;
            out.offers(&[o], v.lang())
        }
        Command::Occasions(OccasionsCmd::Import { file }) => {
            let text = read_file(&file)?;
            let f = v.import_occasions(&text)?;
            out.done(
                &f.occasion.len().to_string(),
                line(v.lang(), Line::OccasionsImported),
            )
        }
        Command::Devices(DevicesTop::Base(crate::cli::devices::DevicesCmd::Listen {
            seconds,
            ..
        })) => {
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
            crate::cli::devices::listen(
                configs,
                seconds.map(std::time::Duration::from_secs),
                out.json(),
                &mut stdout,
            )
            .map_err(Error::from)
        }
        Command::Devices(DevicesTop::Base(cmd)) => devices(cmd, out.json()),
        Command::Devices(DevicesTop::Add { spec }) => {
            let r = v.add_reader(&spec)?;
            out.readers(&[r], v.lang())
        }
        Command::Devices(DevicesTop::Remove { name }) => {
            v.remove_reader(&name)?;
            let all = v.readers()?;
            out.readers(&all, v.lang())
        }
        Command::Devices(DevicesTop::Readers) => {
            let all = v.readers()?;
            out.readers(&all, v.lang())
        }
        Command::Sale(args) => sale(&mut v, args, out),
        Command::Backup { status: true, .. } => {
            let s = v.backup_status()?;
            out.backup_status(&s, &v.backup_folder(), v.lang())
        }
        Command::Backup {
            auto: true, force, ..
        } => {
            let r = v.auto_backup(force)?;
            out.auto_backup(&r, v.lang())
        }
        Command::Backup { file, .. } => {
            let file = file.unwrap_or_default();
            v.backup(&file)?;
            out.done(
                &file.display().to_string(),
                line(v.lang(), Line::BackupWritten),
            )
        }
        Command::Restore { file } => {
            let kept = v.restore(&file)?;
            out.restored(&file, &kept, v.lang())
        }
        Command::Import(ImportCmd::Members { file }) => {
            let text = read_file(&file)?;
            let n = v.import_members(&text)?;
            out.done(&n.to_string(), line(v.lang(), Line::MembersImported))
        }
        Command::Export { what, out: file } => {
            let mut buf: Vec<u8> = Vec::new();
            v.export(&what, &mut buf)?;
            match file {
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
        Command::Check => {
            let problems = v.check()?;
            out.check(&problems, v.lang())
        }
        Command::User(UserCmd::Add { name, role, pin }) => {
            let role = Role::parse(&role).ok_or_else(|| Error::Invalid {
                field: "--role".into(),
                value: role.clone(),
                why: vafa_core::error::Why::UnknownChoice,
            })?;
            let row = v.user_add(&name, role, &pin)?;
            out.staff(&[row], v.lang())
        }
        Command::User(UserCmd::List) => {
            let all = v.staff_list()?;
            out.staff(&all, v.lang())
        }
        Command::User(UserCmd::Disable { name }) => {
            let row = v.user_set_active(&name, false)?;
            out.staff(&[row], v.lang())
        }
        Command::User(UserCmd::Enable { name }) => {
            let row = v.user_set_active(&name, true)?;
            out.staff(&[row], v.lang())
        }
        Command::User(UserCmd::Pin { name, pin }) => {
            v.user_set_pin(&name, &pin)?;
            out.done(&name, line(v.lang(), Line::NewPinSet))
        }
        Command::Audit { since } => {
            let since = match since {
                None => None,
                Some(t) => Some(
                    vafa_core::calendar::parse_date(&t)
                        .map_err(|error| Error::InvalidDate {
                            field: "--since".into(),
                            value: t.clone(),
                            error,
                        })?
                        .date,
                ),
            };
            let report = v.audit_trail(since)?;
            out.audit(&report, v.lang())?;
            match report.broken {
                Some(at) => Err(Error::AuditBroken { at }),
                None => Ok(()),
            }
        }
        Command::Adjust {
            member,
            credit,
            points,
            reason,
        } => {
            let (account, amount) = match (credit, points) {
                (Some(c), _) => (
                    vafa_core::ledger::Account::Credit,
                    signed_amount("--credit", &c)?,
                ),
                (None, Some(p)) => (
                    vafa_core::ledger::Account::Points,
                    signed_amount("--points", &p)?,
                ),
                (None, None) => {
                    return Err(Error::Invalid {
                        field: "--credit | --points".into(),
                        value: String::new(),
                        why: vafa_core::error::Why::Empty,
                    });
                }
            };
            let r = v.adjust(&member, account, amount, reason.as_deref())?;
            out.adjust(&r, v.lang())
        }
        Command::Hq(HqCmd::Connect { url, token, ca }) => {
            let ca = ca.map(|p| read_file(&p)).transpose()?;
            let st = v.hq_connect(&url, &token, ca.as_deref())?;
            out.sync_status(&st, v.lang())
        }
        Command::Sync(SyncArgs {
            cmd: Some(SyncCmd::Status),
            ..
        }) => {
            let st = v.sync_status()?;
            out.sync_status(&st, v.lang())
        }
        Command::Sync(SyncArgs { once: true, .. }) => {
            let r = v.sync_once()?;
            out.sync_report(&r, v.lang())
        }
        Command::Sync(SyncArgs { every, .. }) => sync_forever(&mut v, every, out),
    }
}

/// `vafa sync` without `--once`: syncs every `every` seconds while head office answers,
/// backing off (up to five minutes) while it does not; one line per attempt.
fn sync_forever(v: &mut Vafa, every: u64, out: &mut Out) -> Result<()> {
    let every = std::time::Duration::from_secs(every.max(1));
    let mut wait = every;
    loop {
        match v.sync_once() {
            Ok(r) => {
                out.sync_report(&r, v.lang())?;
                wait = every;
            }
            Err(Error::NotConnected) => return Err(Error::NotConnected),
            Err(e) => {
                eprintln!("{}", e.say(v.lang()));
                wait = (wait * 2).min(std::time::Duration::from_secs(300));
            }
        }
        std::thread::sleep(wait);
    }
}

/// Runs a `vafa devices` command that needs no shop. Its JSON errors are printed by the
/// devices CLI itself.
fn devices(cmd: crate::cli::devices::DevicesCmd, json: bool) -> Result<()> {
    let mut stdout = std::io::stdout();
    crate::cli::devices::run(cmd, json, &mut stdout).map_err(|e| match Error::from(e) {
        Error::Reader { code, en, fa, .. } => Error::Reader {
            code,
            en,
            fa,
            shown: json,
        },
        other => other,
    })
}

fn sale(v: &mut Vafa, args: SaleArgs, out: &mut Out) -> Result<()> {
    if let Some(SaleCmd::Void { sale_id, reason }) = args.void {
        let r = v.void_sale(&sale_id, reason.as_deref())?;
        return out.void(&r, v.lang());
    }
    let customer = if let Some(number) = args.card {
        Customer::Card {
            number,
            profile: args.profile,
        }
    } else if let Some(m) = args.mobile {
        Customer::Mobile(m)
    } else if let Some(id) = args.member {
        Customer::Member(id)
    } else if args.guest {
        Customer::Guest
    } else {
        return Err(Error::Invalid {
            field: "--card | --mobile | --member | --guest".into(),
            value: String::new(),
            why: vafa_core::error::Why::Empty,
        });
    };
    let amount = args.amount.ok_or_else(|| Error::InvalidAmount {
        field: "--amount".into(),
        value: String::new(),
        error: vafa_core::money::AmountError::Empty,
    })?;
    let req = SaleRequest {
        customer,
        amount,
        items: args.items,
        redeem: args.redeem,
        at: args.at,
        dry_run: args.dry_run,
        id: args.id,
    };
    let r = v.sell(&req)?;
    out.sale(&r, v.lang())
}
