//! The `vafa-hq` command line, as CONTRACT.md lists it (plus `branch owner` and
//! `conflicts`): one module per command group; what they print for a person is made by
//! `vafa_text::hq::cli`, what they print with `--json` is the data.

mod card;
mod club;
mod imports;
mod member;
mod report;
mod terminal;

use std::path::PathBuf;
use std::time::Duration;

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
        #[command(flatten)]
        limits: LimitArgs,
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

/// `vafa-hq serve`'s timeouts (seconds, fractions allowed) and limits (`listen::Limits`).
#[derive(clap::Args, Debug)]
pub struct LimitArgs {
    /// Seconds a client has to send a request's headers (and finish a TLS handshake).
    #[arg(long, env = "VAFA_HQ_HEADER_TIMEOUT", default_value = "10", value_parser = seconds)]
    pub header_timeout: Duration,
    /// Seconds a connection may sit with no request and no byte before it is closed.
    #[arg(long, env = "VAFA_HQ_IDLE_TIMEOUT", default_value = "60", value_parser = seconds)]
    pub idle_timeout: Duration,
    /// Seconds a whole request may take (body and answer included); then `503 busy`.
    #[arg(long, env = "VAFA_HQ_REQUEST_TIMEOUT", default_value = "120", value_parser = seconds)]
    pub request_timeout: Duration,
    /// Connections open at once (the oldest idle one makes room for a new one).
    #[arg(long, env = "VAFA_HQ_MAX_CONNECTIONS", default_value_t = 1000)]
    pub max_connections: usize,
    /// Pushes read, parsed and ingested at once.
    #[arg(long, env = "VAFA_HQ_MAX_PUSHES", default_value_t = 4)]
    pub max_pushes: usize,
    /// Pushes waiting for their turn; more are answered `503 busy`.
    #[arg(long, env = "VAFA_HQ_PUSH_QUEUE", default_value_t = 256)]
    pub push_queue: usize,
    /// Seconds a push waits for its turn before `503 busy`.
    #[arg(long, env = "VAFA_HQ_PUSH_WAIT", default_value = "30", value_parser = seconds)]
    pub push_wait: Duration,
    /// Seconds a stop (SIGTERM, SIGINT) waits for requests in flight.
    #[arg(long, env = "VAFA_HQ_STOP_DEADLINE", default_value = "10", value_parser = seconds)]
    pub stop_deadline: Duration,
    /// The largest push body taken, in bytes (at most 8 MiB, the protocol's limit).
    #[arg(long, env = "VAFA_HQ_MAX_BODY", default_value_t = vafa_core::protocol::MAX_BODY,
          value_parser = clap::value_parser!(usize))]
    pub max_body: usize,
}

impl From<LimitArgs> for super::listen::Limits {
    fn from(a: LimitArgs) -> Self {
        super::listen::Limits {
            header_timeout: a.header_timeout,
            idle_timeout: a.idle_timeout,
            request_timeout: a.request_timeout,
            max_connections: a.max_connections,
            max_pushes: a.max_pushes,
            push_queue: a.push_queue,
            push_wait: a.push_wait,
            stop_deadline: a.stop_deadline,
            max_body: a.max_body.clamp(1024, vafa_core::protocol::MAX_BODY),
        }
    }
}

/// Seconds, as `2` or `0.5` (a timeout, not money).
fn seconds(s: &str) -> Result<Duration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .and_then(|v| Duration::try_from_secs_f64(v).ok())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("{s:?} is not a number of seconds above 0"))
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
            limits,
        } => {
            let tls = match (tls_cert, tls_key) {
                (Some(c), Some(k)) => Some(super::tls::server_config(&c, &k)?),
                _ => None,
            };
            super::server::serve(pool, &listen, tls, limits.into())
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
