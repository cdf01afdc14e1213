//! `vafa pos ...`: tokens for the shop's cash-register program, and the local POS API
//! (`vafa-pos`) it calls.

use std::path::Path;

use clap::Subcommand;

use super::output::{Out, print_json};
use vafa_core::error::Result;
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_text::Say;
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
    /// Record Holoo's new sales invoices as members' sales, each once (docs/holoo.md).
    Holoo {
        /// Holoo's web service (`https://myholoo.ir` or the shop's own server).
        #[arg(long)]
        url: String,
        /// Holoo's database name.
        #[arg(long)]
        database: String,
        /// The Holoo licence serial.
        #[arg(long, env = "VAFA_HOLOO_SERIAL", default_value = "")]
        serial: String,
        /// The web service's key (sent as a bearer token).
        #[arg(long, env = "VAFA_HOLOO_KEY", default_value = "")]
        key: String,
        /// The unit Holoo keeps money in.
        #[arg(long, value_parser = ["rial", "toman"], default_value = "rial")]
        unit: String,
        /// Ask once and stop (else every `--every` seconds until stopped).
        #[arg(long)]
        once: bool,
        #[arg(long, default_value_t = 30)]
        every: u64,
    },
    /// Record each CSV dropped into DIR once, moving it to DIR/done or DIR/failed.
    Watch {
        dir: std::path::PathBuf,
        /// The seconds a file must stand still before it is taken.
        #[arg(long, default_value_t = 3)]
        settle: u64,
        /// The program the files come from (sale ids are per program).
        #[arg(long, default_value = "csv")]
        source: String,
        /// Take what is ready (two looks, `--settle` apart) and stop.
        #[arg(long)]
        once: bool,
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
        PosCmd::Holoo {
            url,
            database,
            serial,
            key,
            unit,
            once,
            every,
        } => {
            let unit = match unit.as_str() {
                "toman" => vafa_pos::holoo::Unit::Toman,
                _ => vafa_pos::holoo::Unit::Rial,
            };
            let mut holoo =
                vafa_pos::holoo::Holoo::new(&url, &database, &serial, &key, unit, v.shop.offset);
            v.act_as_connector("holoo");
            loop {
                let report = vafa_pos::import::poll(v, &mut holoo, l);
                match report {
                    Ok(r) => print_report(&r, out, l)?,
                    Err(e) if once => return Err(e),
                    Err(e) => eprintln!("vafa: {}", e.say(l)),
                }
                if once {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_secs(every.max(1)));
            }
        }
        PosCmd::Watch {
            dir,
            settle,
            source,
            once,
        } => {
            let settle = std::time::Duration::from_secs(settle);
            let mut w = vafa_pos::watch::Watcher::new(&dir, &source, settle)?;
            v.act_as_connector(&source);
            if once {
                w.look(v, l)?;
                std::thread::sleep(settle);
                let outcomes = w.look(v, l)?;
                return print_outcomes(&outcomes, out, l);
            }
            loop {
                match w.look(v, l) {
                    Ok(o) if !o.is_empty() => print_outcomes(&o, out, l)?,
                    Ok(_) => {}
                    Err(e) => eprintln!("vafa: {}", e.say(l)),
                }
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        }
    }
    Ok(())
}

fn print_report(r: &vafa_pos::import::Report, out: &Out, l: Lang) -> Result<()> {
    if out.json() {
        return print_json(r);
    }
    println!(
        "{}",
        vafa_text::cli::pos_import(l, r.recorded, r.again, r.no_customer, r.refused.len())
    );
    for refused in &r.refused {
        println!("  {}: {}", refused.invoice, refused.message);
    }
    Ok(())
}

fn print_outcomes(o: &[vafa_pos::watch::Outcome], out: &Out, l: Lang) -> Result<()> {
    if out.json() {
        return print_json(&serde_json::json!({ "files": o }));
    }
    for f in o {
        println!(
            "{}\t{}/\t{}",
            f.file,
            f.moved_to,
            vafa_text::cli::pos_import(l, f.recorded, f.again, 0, 0)
        );
        if let Some(r) = &f.reason {
            println!("{r}");
        }
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
