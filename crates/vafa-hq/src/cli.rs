//! The `vafa-hq` command line, as CONTRACT.md lists it (plus `branch owner` and
//! `conflicts`).

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::json;

use super::HqError;
use super::ops;
use super::storage::Pool;
use vafa_core::lang::Lang;
use vafa_text::format::{num, rials, show_day};

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
    std::fs::read_to_string(path).map_err(|e| {
        HqError::bad("io", format!("cannot read {}: {e}", path.display()))
            .fa(format!("پرونده‌ی {} خوانده نشد: {e}", path.display()))
    })
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
                    json!({"error": {"code": e.code, "message": e.say(lang)}})
                );
            }
            eprintln!("vafa-hq: {}", e.say(lang));
            1
        }
    }
}

fn dispatch(cli: HqCli, l: Lang) -> Result<(), HqError> {
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
            let text = match l {
                Lang::Fa => format!(
                    "صندوق {}\nشعبه  {}\nرمز   {token}\n(رمز فقط همین بار نشان داده می‌شود: آن را با «vafa hq connect» به صندوق بدهید)",
                    t.id, t.branch
                ),
                Lang::En => format!(
                    "terminal {}\nbranch   {}\ntoken    {token}\n(the token is shown only now: give it to the till with `vafa hq connect`)",
                    t.id, t.branch
                ),
            };
            print(
                json,
                &json!({"id": t.id, "branch": t.branch, "name": t.name, "token": token}),
                text,
            );
            Ok(())
        }
        HqCommand::Terminal(TerminalCmd::Revoke { id }) => {
            ops::revoke_terminal(&pool, &id)?;
            let text = match l {
                Lang::Fa => format!("صندوق {id} باطل شد"),
                Lang::En => format!("terminal {id} revoked"),
            };
            print(json, &json!({"revoked": id}), text);
            Ok(())
        }
        HqCommand::Branch(BranchCmd::Owner { code, owner }) => {
            ops::set_owner(&pool, &code, &owner)?;
            let text = match l {
                Lang::Fa => format!("شعبه‌ی {code}: مالک {owner}"),
                Lang::En => format!("branch {code}: owner {owner}"),
            };
            print(json, &json!({"branch": code, "owner": owner}), text);
            Ok(())
        }
        HqCommand::Offers(ImportCmd::Import { file }) => {
            let n = ops::import_offers(&pool, &read(&file)?)?;
            let text = match l {
                Lang::Fa => format!("{} پیشنهاد برای همه‌ی صندوق‌ها منتشر شد", num(n as i64, l)),
                Lang::En => format!("{n} offers published to every till"),
            };
            print(json, &json!({"offers": n}), text);
            Ok(())
        }
        HqCommand::Config(ImportCmd::Import { file }) => {
            let v = ops::import_config(&pool, &read(&file)?)?;
            let text = l.pick(
                "پیکربندی برای همه‌ی صندوق‌ها منتشر شد",
                "configuration published to every till",
            );
            print(json, &v, text.into());
            Ok(())
        }
        HqCommand::Member(MemberCmd::Merge { keep, from }) => {
            let v = ops::merge_members(&pool, &keep, &from)?;
            let text = match l {
                Lang::Fa => format!(
                    "عضو {from} در {keep} ادغام شد؛ هر صندوق هنگام همگام‌سازی همین کار را می‌کند"
                ),
                Lang::En => format!(
                    "member {from} merged into {keep}; every till will do the same when it syncs"
                ),
            };
            print(json, &v, text);
            Ok(())
        }
        HqCommand::Member(MemberCmd::Show { mobile, card }) => {
            let v = ops::member_show(&pool, mobile.as_deref(), card.as_deref())?;
            let text = match v.get("members").and_then(|m| m.as_array()) {
                Some(list) => {
                    let mut t = l
                        .pick(
                            "این موبایل بیش از یک بار ثبت شده است (با «vafa-hq member merge» یکی کنید):",
                            "this mobile is enrolled more than once (merge with `vafa-hq member merge`):",
                        )
                        .to_string();
                    for m in list {
                        t.push_str("\n\n");
                        t.push_str(&member_text(m, l));
                    }
                    t
                }
                None => member_text(&v, l),
            };
            print(json, &v, text);
            Ok(())
        }
        HqCommand::Report(ReportCmd::Settlement { from, to }) => {
            let v = ops::settlement(&pool, &from, &to)?;
            let mut text = match l {
                Lang::Fa => format!(
                    "تسویه از {} تا {}",
                    show_day(v["from"].as_str().unwrap_or_default(), l),
                    show_day(v["to"].as_str().unwrap_or_default(), l)
                ),
                Lang::En => format!(
                    "settlement {} .. {}",
                    v["from"].as_str().unwrap_or_default(),
                    v["to"].as_str().unwrap_or_default()
                ),
            };
            let owes = v["owes"].as_array().cloned().unwrap_or_default();
            if owes.is_empty() {
                text.push_str(l.pick("\nکسی به کسی بدهکار نیست.", "\nnobody owes anybody."));
            }
            for o in owes {
                let (d, c) = (
                    o["debtor"].as_str().unwrap_or_default(),
                    o["creditor"].as_str().unwrap_or_default(),
                );
                let amount = rials(o["amount"].as_i64().unwrap_or(0), l);
                let n = num(o["detail"].as_array().map(Vec::len).unwrap_or(0) as i64, l);
                text.push_str(&match l {
                    Lang::Fa => format!("\n{d} به {c} بدهکار است: {amount} ({n} ردیف)"),
                    Lang::En => format!("\n{d} owes {c} {amount} ({n} entries)"),
                });
            }
            print(json, &v, text);
            Ok(())
        }
        HqCommand::Report(ReportCmd::Overdrafts) => {
            let v = ops::overdrafts(&pool)?;
            let list = v.as_array().cloned().unwrap_or_default();
            let mut text = String::new();
            if list.is_empty() {
                text.push_str(l.pick(
                    "هیچ عضوی از خرج دوباره بدهکار نیست.",
                    "no member owes credit spent twice.",
                ));
            }
            for o in list {
                text.push_str(&format!(
                    "{} {}: {}\n",
                    o["mobile"].as_str().unwrap_or_default(),
                    o["name"].as_str().unwrap_or_default(),
                    rials(o["overdraft"].as_i64().unwrap_or(0), l)
                ));
            }
            print(json, &v, text.trim_end().to_string());
            Ok(())
        }
        HqCommand::Card(CardCmd::Resolve { number, member }) => {
            let v = ops::resolve_card(&pool, &number, &member)?;
            let text = match l {
                Lang::Fa => format!("کارت {number} اکنون در همه‌ی صندوق‌ها از آنِ {member} است"),
                Lang::En => format!("card {number} now belongs to {member} on every till"),
            };
            print(json, &v, text);
            Ok(())
        }
        HqCommand::Conflicts => {
            let v = ops::conflicts(&pool)?;
            let list = v.as_array().cloned().unwrap_or_default();
            let mut text = String::new();
            if list.is_empty() {
                text.push_str(l.pick("ناسازگاری بازی نیست.", "no open conflicts."));
            }
            for c in list {
                let (key, a, b) = (
                    c["key"].as_str().unwrap_or_default(),
                    c["first"].as_str().unwrap_or_default(),
                    c["second"].as_str().unwrap_or_default(),
                );
                text.push_str(&match (c["kind"].as_str(), l) {
                    (Some("card"), Lang::Fa) => {
                        format!("کارت {key} به دو عضو داده شده: {a} و {b} (vafa-hq card resolve)\n")
                    }
                    (Some("card"), Lang::En) => format!(
                        "card {key} given to two members: {a} and {b} (vafa-hq card resolve)\n"
                    ),
                    (_, Lang::Fa) => {
                        format!("موبایل {key} دو بار ثبت شده: {a} و {b} (vafa-hq member merge)\n")
                    }
                    (_, Lang::En) => {
                        format!("mobile {key} enrolled twice: {a} and {b} (vafa-hq member merge)\n")
                    }
                });
            }
            print(json, &v, text.trim_end().to_string());
            Ok(())
        }
    }
}

/// A member as head office sees them, for a person to read.
fn member_text(m: &serde_json::Value, l: Lang) -> String {
    let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
    let i = |v: &serde_json::Value| v.as_i64().unwrap_or(0);
    let mut t = format!("{} {}  ({})", s("first_name"), s("last_name"), s("mobile"));
    t.push_str(&format!("\n  {}: {}", l.pick("شناسه", "id"), s("id")));
    t.push_str(&format!(
        "\n  {}: {}   {}: {}",
        l.pick("اعتبار", "credit"),
        rials(i(&m["balance"]["credit"]), l),
        l.pick("امتیاز", "points"),
        num(i(&m["balance"]["points"]), l)
    ));
    if i(&m["overdraft"]) > 0 {
        t.push_str(&format!(
            "\n  {}: {}",
            l.pick(
                "بدهی از خرج دوباره در دو شعبه (از اعتبار بعدی کم می‌شود)",
                "owes from spending twice at two branches (taken from future credit)"
            ),
            rials(i(&m["overdraft"]), l)
        ));
    }
    t.push_str(&format!(
        "\n  {}: {}   {}: {}   {}: {}",
        l.pick("مراجعه", "visits"),
        num(i(&m["visits"]), l),
        l.pick("جمع خرید", "total spend"),
        rials(i(&m["total_spend"]), l),
        l.pick("شعبه‌ی ثبت‌نام", "enrolled at"),
        s("enrolled_at_branch")
    ));
    let cards: Vec<String> = m["cards"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            format!(
                "{} ({})",
                c["number"].as_str().unwrap_or_default(),
                c["status"].as_str().unwrap_or_default()
            )
        })
        .collect();
    if !cards.is_empty() {
        t.push_str(&format!(
            "\n  {}: {}",
            l.pick("کارت‌ها", "cards"),
            cards.join(", ")
        ));
    }
    t
}
