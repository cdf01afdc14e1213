//! The use cases every front calls (the CLI, the till window, later the POS API), with
//! their permissions, and the till's sync client (`client`, ureq). The `Vafa` type is an
//! open till. Input is validated here; rules live in `vafa-core`, SQL in `vafa-store`,
//! sentences in `vafa-text`.

mod backups;
mod cards;
pub mod client;
pub mod demo;
pub mod gift;
mod io;
pub mod lottery;
mod members;
mod membership;
mod offers;
pub mod pos;
pub mod pos_import;
mod readers;
pub mod receipts;
pub mod reports;
mod sales;
mod sms;
pub mod sms_campaign;
mod sms_send;
mod staff;
pub mod suggest;
pub mod suggest_offers;
pub mod survey;
mod sync;
mod void_lookup;

pub use backups::{AutoBackup, BackupStatus};
pub use cards::CardView;
pub use demo::DemoOptions;
pub use members::{CardInput, MemberInput, MemberKey, MemberView};
pub use offers::OfferView;
pub use sales::{
    BalanceOut, Customer, GiftPay, Rules, SaleOffer, SaleRequest, SaleResult, VoidResult,
};
pub use sms::{Message as SmsMessage, SmsStatus};
pub use sms_send::SendReport;
pub use staff::{Actor, AdjustResult, AuditReport};
pub use sync::{SyncReport, SyncStatus};
pub use void_lookup::SaleToVoid;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};

use vafa_core::calendar::parse_offset;
use vafa_core::config::ShopConfig;
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::lang::Lang;
use vafa_core::staff::Action;
use vafa_store::{self as store, Connection};

/// The database file inside the data directory.
pub const DB_FILE: &str = "vafa.db";

/// The shop this till belongs to (set by `vafa init`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Shop {
    pub name: String,
    pub branch_code: String,
    pub branch_name: String,
    pub lang: Lang,
    /// "toman" or "rial": how the window shows money.
    pub unit: String,
    #[serde(skip)]
    pub offset: FixedOffset,
}

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub shop: String,
    pub branch: String,
    pub branch_name: Option<String>,
    pub lang: Lang,
    pub unit: String,
}

/// An open till: the database, the shop and its configuration.
pub struct Vafa {
    conn: Connection,
    dir: PathBuf,
    pub shop: Shop,
    /// Configuration, active offers and occasions: what every sale is decided by.
    /// Shared with each sale in progress (cloning it is a reference count, not 1,000 offers).
    rules: std::sync::Arc<Rules>,
    fixed_now: Option<DateTime<Utc>>,
    /// Who is acting: checked by every protected use case and named in the audit trail.
    actor: Actor,
    /// This machine as the audit trail names it.
    terminal: String,
}

fn text_field(field: Field, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    let invalid = |why| Error::Invalid {
        field,
        value: value.to_string(),
        why,
    };
    if v.is_empty() {
        return Err(invalid(Why::Empty));
    }
    match vafa_core::text::fault(v, max) {
        Some(why) => Err(invalid(why)),
        None => Ok(v.to_string()),
    }
}

impl Vafa {
    pub fn db_path(dir: &Path) -> PathBuf {
        dir.join(DB_FILE)
    }

    /// Creates a new shop in `dir` (which must not hold one yet).
    pub fn init(dir: &Path, opts: &InitOptions) -> Result<Vafa> {
        Self::init_at(dir, opts, None)
    }

    /// Creates a new shop whose clock is fixed at `now` (`VAFA_NOW`), or the real one.
    pub fn init_at(dir: &Path, opts: &InitOptions, now: Option<DateTime<Utc>>) -> Result<Vafa> {
        let name = text_field(Field::ShopName, &opts.shop, 100)?;
        let code = text_field(Field::BranchCode, &opts.branch, 32)?;
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(Error::Invalid {
                field: Field::BranchCode,
                value: code,
                why: Why::BadChars,
            });
        }
        let branch_name = match &opts.branch_name {
            Some(b) => text_field(Field::BranchName, b, 100)?,
            None => code.clone(),
        };
        if !matches!(opts.unit.as_str(), "toman" | "rial") {
            return Err(Error::Invalid {
                field: Field::Unit,
                value: opts.unit.clone(),
                why: Why::UnknownChoice,
            });
        }
        let path = Self::db_path(dir);
        if path.exists() {
            return Err(Error::AlreadyInitialised {
                dir: dir.display().to_string(),
            });
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.display().to_string(),
            detail: e.to_string(),
        })?;
        let conn = store::open::create(&path)?;
        let clock = now;
        let t = now.unwrap_or_else(Utc::now);
        let now = chrono::Timelike::with_nanosecond(&t, 0)
            .unwrap_or(t)
            .to_rfc3339();
        let config = ShopConfig::default();
        let tx = store::begin(&conn)?;
        store::shop::create(
            &tx,
            &name,
            &code,
            &branch_name,
            opts.lang.code(),
            &opts.unit,
            &now,
        )?;
        save_config(&tx, &config, &now)?;
        tx.commit()?;
        let mut v = Self::from_conn(conn, dir)?;
        v.set_now(clock);
        Ok(v)
    }

    /// Opens the shop in `dir`.
    pub fn open(dir: &Path) -> Result<Vafa> {
        let path = Self::db_path(dir);
        if !path.exists() {
            return Err(Error::NotInitialised {
                dir: dir.display().to_string(),
            });
        }
        let conn = store::open::open(&path)?;
        Self::from_conn(conn, dir)
    }

    fn from_conn(conn: Connection, dir: &Path) -> Result<Vafa> {
        let (shop, config) = load_shop(&conn)?;
        let mut v = Vafa {
            conn,
            dir: dir.to_path_buf(),
            rules: std::sync::Arc::new(Rules {
                config,
                ..Rules::default()
            }),
            terminal: staff::terminal_name(&shop.branch_code),
            shop,
            fixed_now: None,
            actor: Actor::machine(),
        };
        v.reload_offers()?;
        Ok(v)
    }

    /// The shop configuration in force.
    pub fn config(&self) -> &ShopConfig {
        &self.rules.config
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The language messages should be in.
    pub fn lang(&self) -> Lang {
        self.shop.lang
    }

    /// The database connection (for tests, benchmarks and reports).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Fixes the clock (tests; `VAFA_NOW` in the CLI).
    pub fn set_now(&mut self, now: Option<DateTime<Utc>>) {
        self.fixed_now = now;
    }

    /// Now, to the second: every time vafa stores has the same form, so that stored times
    /// compare correctly as text (`2026-11-22T10:15:00+03:30`).
    pub fn now_utc(&self) -> DateTime<Utc> {
        let t = self.fixed_now.unwrap_or_else(Utc::now);
        chrono::Timelike::with_nanosecond(&t, 0).unwrap_or(t)
    }

    /// Now in the shop's local time.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now_utc().with_timezone(&self.shop.offset)
    }

    /// A write transaction that takes the write lock at once (so that two tills or
    /// processes queue rather than fail half-way).
    pub(crate) fn write_tx(&self) -> Result<store::Tx<'_>> {
        Ok(store::write(&self.conn)?)
    }

    /// Replaces the shop configuration with `text` (a TOML file's contents).
    pub fn import_config(&mut self, text: &str) -> Result<ShopConfig> {
        self.require(Action::Configure)?;
        let mut config = ShopConfig::from_toml(text).map_err(|e| Error::Config {
            line: e.line,
            key: e.key,
            reason: e.reason,
        })?;
        // The SMS key is kept apart from the configuration (never stored, shown, audited or
        // sent with it); a file without one keeps the key the till has.
        let key = std::mem::take(&mut config.sms.api_key);
        let now = self.now_utc().to_rfc3339();
        let tx = self.write_tx()?;
        save_config(&tx, &config, &now)?;
        if !key.trim().is_empty() {
            store::settings::put(&tx, sms::KEY_SETTING, key.trim(), &now)?;
        }
        store::settings::put(&tx, sms::STOP_SETTING, "", &now)?;
        self.audit(
            &tx,
            "config_import",
            "config",
            members::changed(
                &serde_json::to_value(&self.rules.config).unwrap_or_default(),
                &serde_json::to_value(&config).unwrap_or_default(),
            ),
        )?;
        store::outbox::push(
            &tx,
            &vafa_core::record::Record::Config(Box::new(config.clone())),
            &now,
        )?;
        tx.commit()?;
        std::sync::Arc::make_mut(&mut self.rules).config = config.clone();
        Ok(config)
    }

    /// Changes how money is shown (`toman` or `rial`): the till window's setting. Money is
    /// stored in rials whatever is chosen.
    pub fn set_unit(&mut self, unit: &str) -> Result<()> {
        if !matches!(unit, "toman" | "rial") {
            return Err(Error::Invalid {
                field: Field::Unit,
                value: unit.into(),
                why: Why::UnknownChoice,
            });
        }
        let tx = self.write_tx()?;
        store::shop::set_display(&tx, self.shop.lang.code(), unit)?;
        tx.commit()?;
        self.shop.unit = unit.to_string();
        Ok(())
    }

    /// Changes the shop's language: what the command line, its errors, the stored sales'
    /// explanations as `vafa sale` prints them, and (later) receipts and SMS speak. A
    /// setting of the shop's (`Action::Configure`), on the audit trail. The till window's
    /// language is the window's own and does not come through here.
    pub fn set_shop_lang(&mut self, lang: Lang) -> Result<()> {
        self.require(Action::Configure)?;
        if lang == self.shop.lang {
            return Ok(());
        }
        let tx = self.write_tx()?;
        store::shop::set_display(&tx, lang.code(), &self.shop.unit)?;
        self.audit(
            &tx,
            "shop_lang",
            "shop",
            serde_json::json!({"before": self.shop.lang, "after": lang}),
        )?;
        tx.commit()?;
        self.shop.lang = lang;
        Ok(())
    }

    /// Copies the write-ahead log into the database file without waiting for readers: for
    /// the till to call when it is idle, so that no sale pays for it.
    pub fn checkpoint(&self) -> Result<()> {
        Ok(store::open::checkpoint(&self.conn)?)
    }

    /// How long a write waits for a database another program holds (a backup) before it
    /// gives up with `Error::Busy` (10 s unless set).
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        store::open::set_busy_timeout(&self.conn, wait)
    }

    /// Records waiting for head office.
    pub fn outbox_pending(&self) -> Result<i64> {
        Ok(store::outbox::pending(&self.conn)?)
    }

    /// Checks every ledger invariant; an empty list means all is well.
    pub fn check(&self) -> Result<Vec<String>> {
        Ok(store::ledger::verify(&self.conn)?
            .into_iter()
            .map(|v| v.0)
            .collect())
    }
}

fn save_config(conn: &Connection, config: &ShopConfig, now: &str) -> Result<()> {
    let json = serde_json::to_string(config).map_err(|e| Error::Storage {
        detail: e.to_string(),
    })?;
    Ok(store::settings::put(conn, "config", &json, now)?)
}

fn load_shop(conn: &Connection) -> Result<(Shop, ShopConfig)> {
    let row = store::shop::get(conn)?.ok_or_else(|| Error::Storage {
        detail: "the shop record is missing".into(),
    })?;
    let shop = Shop {
        name: row.name,
        branch_code: row.branch_code,
        branch_name: row.branch_name,
        lang: Lang::parse(&row.lang).unwrap_or_default(),
        unit: row.unit,
        offset: parse_offset(&row.utc_offset).unwrap_or(vafa_core::calendar::IRAN_OFFSET),
    };
    let json = store::settings::get(conn, "config")?;
    // A stored configuration that no longer parses falls back to the defaults rather than
    // stopping the till; `vafa config show` then shows what is in force.
    let config = json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    Ok((shop, config))
}
