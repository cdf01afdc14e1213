//! `vafa pos ...`: tokens for the shop's cash-register program, and the local POS API
//! (`vafa-pos`) it calls.

use std::path::Path;

use clap::Subcommand;

use super::output::{Out, print_json};
use vafa_core::error::Result;
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_text::cli::{Line, line};

#[derive(Subcommand, Debug, Clone)]
pub enum PosCmd {
    /// Make a token for the shop's cash-register program (printed once, kept hashed).
    Token {
        /// The program it is for (a cashier named `pos:NAME` in the audit trail).
        #[arg(long, default_value = "pos")]
        name: String,
    },
    /// The POS tokens' names and state (never the tokens).
    Tokens,
    /// Revoke a POS token: the program's next request is refused.
    Revoke { name: String },
    /// Serve the local POS API (docs/pos-api.yaml) until stopped.
    Serve {
        /// Address and port (default: `[pos] listen`, 127.0.0.1:8471).
        #[arg(long)]
        listen: Option<String>,
    },
}

pub(crate) fn run(cmd: PosCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let l = v.lang();
    match cmd {
        PosCmd::Token { name } => {
            let token = v.pos_token_new(&name)?;
            if out.json() {
                return print_json(&serde_json::json!({"name": name.trim(), "token": token}));
            }
            println!("{}\n{token}", line(l, Line::PosTokenOnce));
        }
        PosCmd::Tokens => {
            let tokens = v.pos_tokens()?;
            if out.json() {
                return print_json(&serde_json::json!({ "tokens": tokens }));
            }
            if tokens.is_empty() {
                println!("{}", line(l, Line::PosNoTokens));
            }
            for t in tokens {
                let state = match &t.revoked_at {
                    Some(at) => format!("{} {at}", l.pick("باطل‌شده", "revoked")),
                    None => l.pick("فعال", "active").to_string(),
                };
                println!("{}\t{}\t{state}", t.name, t.created_at);
            }
        }
        PosCmd::Revoke { name } => {
            let t = v.pos_revoke(&name)?;
            if out.json() {
                return print_json(&t);
            }
            println!("{} {}", line(l, Line::PosTokenRevoked), t.name);
        }
        PosCmd::Serve { .. } => {}
    }
    Ok(())
}

/// `vafa pos serve`: opens the shop and serves until SIGINT/SIGTERM. Prints the address
/// (`--json`: `{"listen": "http://..."}`) once it takes requests.
pub(crate) fn serve(
    dir: &Path,
    listen: Option<String>,
    now: Option<chrono::DateTime<chrono::Utc>>,
    out: &Out,
    lang: &mut Lang,
) -> Result<()> {
    let v = vafa_pos::open(dir, now)?;
    *lang = v.lang();
    let options = vafa_pos::Options::from_config(&v.config().pos, listen.as_deref())?;
    let json = out.json();
    let l = v.lang();
    vafa_pos::serve(
        v,
        options,
        |addr| {
            use std::io::Write as _;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"listen": format!("http://{addr}")})
                );
            } else {
                println!("{} http://{addr}", line(l, Line::PosListening));
            }
            let _ = std::io::stdout().flush();
        },
        std::future::pending(),
    )
}
