//! The `vafa-hq` command line, as CONTRACT.md lists it (plus `branch owner` and
//! `conflicts`).

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::json;

use super::HqError;
use super::ops;
use super::storage::Pool;

#[derive(Parser, Debug)]
#[command(name = "vafa-hq", version, about = "vafa head office: the chain's server", long_about = None)]
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
    Terminal(TerminalCmd),
    /// Who owns a branch (settlement between owners).
    #[command(subcommand)]
    Branch(BranchCmd),
    /// Chain-wide offers, delivered to every till.
    #[command(subcommand)]
    Offers(ImportCmd),
    /// Chain-wide shop configuration, delivered to every till.
    #[command(subcommand)]
    Config(ImportCmd),
    /// A member's chain-wide balance.
    #[command(subcommand)]
    Member(MemberCmd),
    /// Reports.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Open conflicts: one mobile enrolled twice, one card given to two members.
    Conflicts,
    /// Resolve a card given to two members.
    #[command(subcommand)]
    Card(CardCmd),
}

#[derive(Subcommand, Debug)]
pub enum CardCmd {
    /// The card belongs to MEMBER (on head office and every till).
    Resolve {
        number: String,
        #[arg(long)]
        member: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum TerminalCmd {
    Add {
        #[arg(long)]
        branch: String,
        #[arg(long)]
        name: String,
    },
    Revoke {
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum BranchCmd {
    Owner { code: String, owner: String },
}

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    Import { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    /// One person enrolled twice: move FROM's balance and cards to KEEP, on every till.
    Merge {
        #[arg(long)]
        keep: String,
        #[arg(long)]
        from: String,
    },
    Show {
        #[arg(long, required_unless_present = "card", conflicts_with = "card")]
        mobile: Option<String>,
        #[arg(long)]
        card: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    Settlement {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Members whose credit two branches spent twice while apart.
    Overdrafts,
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

fn read(path: &PathBuf) -> Result<String, HqError> {
    std::fs::read_to_string(path)
        .map_err(|e| HqError::bad("io", format!("cannot read {}: {e}", path.display())))
}

fn print(json: bool, value: &serde_json::Value, text: String) {
    if json {
        println!("{value}");
    } else {
        println!("{text}");
    }
}

/// Runs one command; returns the process exit code.
pub fn run(cli: HqCli) -> i32 {
    let json = cli.json;
    match dispatch(cli) {
        Ok(()) => 0,
        Err(e) => {
            if json {
                println!(
                    "{}",
                    json!({"error": {"code": e.code, "message": e.message}})
                );
            }
            eprintln!("vafa-hq: {}", e.message);
            1
        }
    }
}

fn dispatch(cli: HqCli) -> Result<(), HqError> {
    let pool = Pool::open(&database(&cli))?;
    let json = cli.json;
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
        HqCommand::Terminal(TerminalCmd::Add { branch, name }) => {
            let (t, token) = ops::add_terminal(&pool, &branch, &name)?;
            print(
                json,
                &json!({"id": t.id, "branch": t.branch, "name": t.name, "token": token}),
                format!(
                    "terminal {}\nbranch   {}\ntoken    {token}\n(the token is shown only now: give it to the till with `vafa hq connect`)",
                    t.id, t.branch
                ),
            );
            Ok(())
        }
        HqCommand::Terminal(TerminalCmd::Revoke { id }) => {
            ops::revoke_terminal(&pool, &id)?;
            print(
                json,
                &json!({"revoked": id}),
                format!("terminal {id} revoked"),
            );
            Ok(())
        }
        HqCommand::Branch(BranchCmd::Owner { code, owner }) => {
            ops::set_owner(&pool, &code, &owner)?;
            print(
                json,
                &json!({"branch": code, "owner": owner}),
                format!("branch {code}: owner {owner}"),
            );
            Ok(())
        }
        HqCommand::Offers(ImportCmd::Import { file }) => {
            let n = ops::import_offers(&pool, &read(&file)?)?;
            print(
                json,
                &json!({"offers": n}),
                format!("{n} offers published to every till"),
            );
            Ok(())
        }
        HqCommand::Config(ImportCmd::Import { file }) => {
            let v = ops::import_config(&pool, &read(&file)?)?;
            print(json, &v, "configuration published to every till".into());
            Ok(())
        }
        HqCommand::Member(MemberCmd::Merge { keep, from }) => {
            let v = ops::merge_members(&pool, &keep, &from)?;
            print(
                json,
                &v,
                format!(
                    "member {from} merged into {keep}; every till will do the same when it syncs"
                ),
            );
            Ok(())
        }
        HqCommand::Member(MemberCmd::Show { mobile, card }) => {
            let v = ops::member_show(&pool, mobile.as_deref(), card.as_deref())?;
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            print(json, &v, text);
            Ok(())
        }
        HqCommand::Report(ReportCmd::Settlement { from, to }) => {
            let v = ops::settlement(&pool, &from, &to)?;
            let mut text = format!("settlement {} .. {}\n", v["from"], v["to"]);
            for o in v["owes"].as_array().cloned().unwrap_or_default() {
                text.push_str(&format!(
                    "{} owes {} {} rials ({} entries)\n",
                    o["debtor"].as_str().unwrap_or_default(),
                    o["creditor"].as_str().unwrap_or_default(),
                    o["amount"],
                    o["detail"].as_array().map(Vec::len).unwrap_or(0)
                ));
            }
            print(json, &v, text);
            Ok(())
        }
        HqCommand::Report(ReportCmd::Overdrafts) => {
            let v = ops::overdrafts(&pool)?;
            let mut text = String::new();
            for o in v.as_array().cloned().unwrap_or_default() {
                text.push_str(&format!(
                    "{} {}: {} rials\n",
                    o["mobile"].as_str().unwrap_or_default(),
                    o["name"].as_str().unwrap_or_default(),
                    o["overdraft"]
                ));
            }
            print(json, &v, text.trim_end().to_string());
            Ok(())
        }
        HqCommand::Card(CardCmd::Resolve { number, member }) => {
            let v = ops::resolve_card(&pool, &number, &member)?;
            print(
                json,
                &v,
                format!("card {number} now belongs to {member} on every till"),
            );
            Ok(())
        }
        HqCommand::Conflicts => {
            let v = ops::conflicts(&pool)?;
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            print(json, &v, text);
            Ok(())
        }
    }
}
