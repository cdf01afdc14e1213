//! The `vafa-hq` command line, as CONTRACT.md lists it (plus `branch owner` and
//! `conflicts`): one module per command group; what they print for a person is made by
//! `vafa_text::hq::cli`, what they print with `--json` is the data.

mod card;
mod imports;
mod member;
mod report;
mod terminal;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::json;

use super::HqError;
use super::storage::Pool;
use vafa_core::lang::Lang;
use vafa_text::Say;
use vafa_text::hq::cli as text;

#[derive(Parser, Debug)]
#[command(name = "vafa-hq", version = env!("VAFA_VERSION"), about = "vafa head office: the chain's server", long_about = None)]
pub struct HqCli {
    /// Where head office keeps its SQLite file when --database is not given.
    #[arg(long, global = true, env = "VAFA_HQ_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// `sqlite:FILE` or `postgres://user@host/db` (default: hq.db in the data directory).
    #[arg(long, global = true, env = "VAFA_HQ_DATABASE")]
    pub database: Option<String>,
    /// Machine-readable output on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of messages: fa or en (default: VAFA_LANG, else the system's).
    #[arg(long, global = true, env = "VAFA_LANG")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: HqCommand,
}

#[derive(Subcommand, Debug)]
pub enum HqCommand {
    /// Run the HTTP API tills sync with.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8470")]
        listen: String,
        /// PEM certificate chain: serve HTTPS (with --tls-key).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<String>,
        /// PEM private key for --tls-cert.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<String>,
    },
    /// Register or revoke a till.
    #[command(subcommand)]
    Terminal(terminal::TerminalCmd),
    /// Who owns a branch (settlement between owners).
    #[command(subcommand)]
    Branch(terminal::BranchCmd),
    /// Chain-wide offers, delivered to every till.
    #[command(subcommand)]
    Offers(imports::ImportCmd),
    /// Chain-wide shop configuration, delivered to every till.
    #[command(subcommand)]
    Config(imports::ImportCmd),
    /// A member's chain-wide balance.
    #[command(subcommand)]
    Member(member::MemberCmd),
    /// Reports.
    #[command(subcommand)]
    Report(report::ReportCmd),
    /// Open conflicts: one mobile enrolled twice, one card given to two members, a mobile
    /// change held for head office (approve or reject it).
    Conflicts {
        #[command(subcommand)]
        decide: Option<ConflictCmd>,
    },
    /// Tills whose audit trail was rewritten after they reported it (exits 1 if any).
    Audit,
    /// Resolve a card given to two members.
    #[command(subcommand)]
    Card(card::CardCmd),
}

#[derive(Subcommand, Debug)]
pub enum ConflictCmd {
    /// Apply a held mobile change (every till receives it).
    Approve { id: i64 },
    /// Refuse a held mobile change (every till keeps the mobile head office has).
    Reject { id: i64 },
}

/// How a command prints: `--json` or text in the reader's language.
pub(crate) struct Out {
    pub json: bool,
    pub lang: Lang,
}

impl Out {
    /// Prints `value` as JSON (with `--json`), or `text` for a person.
    pub fn print(&self, value: &impl Serialize, text: impl FnOnce(Lang) -> String) {
        if self.json {
            // Through a JSON value: keys in order, as every command has printed them.
            println!("{}", serde_json::to_value(value).unwrap_or_default());
        } else {
            println!("{}", text(self.lang));
        }
    }
}

fn database(cli: &HqCli) -> String {
    if let Some(d) = &cli.database {
        return d.clone();
    }
    let dir = cli.data_dir.clone().unwrap_or_else(|| {
        directories::ProjectDirs::from("ir", "vafa", "vafa-hq")
            .map(|d| d.data_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from("vafa-hq-data"))
    });
    format!("sqlite:{}", dir.join("hq.db").display())
}

/// Runs one command; returns the process exit code.
pub fn run(cli: HqCli) -> i32 {
    let json = cli.json;
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(vafa_text::fallback_lang);
    match dispatch(cli, lang) {
        Ok(()) => 0,
        Err(e) => {
            if json {
                println!(
                    "{}",
                    json!({"error": {"code": e.code(), "message": e.say(lang)}})
                );
            }
            eprintln!("vafa-hq: {}", e.say(lang));
            1
        }
    }
}

fn dispatch(cli: HqCli, lang: Lang) -> Result<(), HqError> {
    let pool = Pool::open(&database(&cli))?;
    let out = Out {
        json: cli.json,
        lang,
    };
    match cli.command {
        HqCommand::Serve {
            listen,
            tls_cert,
            tls_key,
        } => {
            let tls = match (tls_cert, tls_key) {
                (Some(c), Some(k)) => Some(super::tls::server_config(&c, &k)?),
                _ => None,
            };
            super::server::serve(pool, &listen, tls)
        }
        HqCommand::Terminal(c) => terminal::terminal(&pool, &out, c),
        HqCommand::Branch(c) => terminal::branch(&pool, &out, c),
        HqCommand::Offers(c) => imports::offers(&pool, &out, c),
        HqCommand::Config(c) => imports::config(&pool, &out, c),
        HqCommand::Member(c) => member::run(&pool, &out, c),
        HqCommand::Report(c) => report::run(&pool, &out, c),
        HqCommand::Card(c) => card::run(&pool, &out, c),
        HqCommand::Audit => {
            let list = super::anchor::breaks(&pool)?;
            out.print(&list, |l| text::audit(l, &list));
            if list.is_empty() {
                Ok(())
            } else {
                Err(HqError::AuditBroken { breaks: list.len() })
            }
        }
        HqCommand::Conflicts { decide: Some(d) } => {
            let (id, approve) = match d {
                ConflictCmd::Approve { id } => (id, true),
                ConflictCmd::Reject { id } => (id, false),
            };
            let done = super::admin::decide_mobile(&pool, id, approve)?;
            out.print(&done, |l| text::mobile_decision(l, &done));
            Ok(())
        }
        HqCommand::Conflicts { decide: None } => {
            let list = super::admin::conflicts(&pool)?;
            out.print(&list, |l| text::conflicts(l, &list));
            Ok(())
        }
    }
}
