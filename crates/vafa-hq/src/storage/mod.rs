//! Head office's storage: one small SQL interface (`Db`) with two drivers, SQLite and
//! PostgreSQL. Every query head office runs is written once, in the SQL both accept
//! (`$1` parameters, `ON CONFLICT`, `RETURNING`), so the two backends behave the same.

pub mod postgres;
pub mod sqlite;

use std::sync::Mutex;

use super::HqError;

/// A value bound to or read from SQL. Integer columns are never NULL in head office's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Null,
    Int(i64),
    Text(String),
}

impl Val {
    pub fn int(&self) -> i64 {
        match self {
            Val::Int(i) => *i,
            Val::Text(t) => t.parse().unwrap_or(0),
            Val::Null => 0,
        }
    }
    pub fn text(&self) -> Option<String> {
        match self {
            Val::Text(t) => Some(t.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Null => None,
        }
    }
    pub fn str(&self) -> String {
        self.text().unwrap_or_default()
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Val {
        Val::Text(v.clone())
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Val {
        v.map(Val::Text).unwrap_or(Val::Null)
    }
}
impl From<Option<&str>> for Val {
    fn from(v: Option<&str>) -> Val {
        v.map(|s| Val::Text(s.to_string())).unwrap_or(Val::Null)
    }
}

pub type Row = Vec<Val>;

/// One connection to head office's database.
pub trait Db: Send {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, HqError>;
    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, HqError>;
    /// Starts a write transaction (SQLite: `BEGIN IMMEDIATE`).
    fn begin(&mut self) -> Result<(), HqError>;
    /// Inside a transaction: serialise writers of `records`, so that a record's cursor is
    /// final before any later one is visible (PostgreSQL: an advisory lock; SQLite: the
    /// write lock `begin` already holds).
    fn lock_records(&mut self) -> Result<(), HqError>;
    fn commit(&mut self) -> Result<(), HqError>;
    fn rollback(&mut self);
    /// The text that makes an auto-numbered primary key in this dialect.
    fn serial(&self) -> &'static str;
    fn name(&self) -> &'static str;
}

/// A small pool of connections to one database.
pub struct Pool {
    open: Box<dyn Fn() -> Result<Box<dyn Db>, HqError> + Send + Sync>,
    idle: Mutex<Vec<Box<dyn Db>>>,
    /// SQLite has one writer at a time: writers queue here rather than in SQLite's
    /// busy handler, which sleeps and polls.
    writer: Mutex<()>,
    pub backend: &'static str,
}

impl Pool {
    /// Opens `spec`: `sqlite:FILE`, a plain file path, or `postgres://...`.
    pub fn open(spec: &str) -> Result<Pool, HqError> {
        let pool = if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            let url = spec.to_string();
            Pool {
                open: Box::new(move || Ok(Box::new(postgres::PgDb::connect(&url)?) as Box<dyn Db>)),
                idle: Mutex::new(Vec::new()),
                writer: Mutex::new(()),
                backend: "postgres",
            }
        } else {
            let path = spec.strip_prefix("sqlite:").unwrap_or(spec).to_string();
            Pool {
                open: Box::new(move || Ok(Box::new(sqlite::SqliteDb::open(&path)?) as Box<dyn Db>)),
                idle: Mutex::new(Vec::new()),
                writer: Mutex::new(()),
                backend: "sqlite",
            }
        };
        let mut db = pool.get()?;
        super::schema::migrate(db.as_mut())?;
        pool.put(db);
        Ok(pool)
    }

    pub fn get(&self) -> Result<Box<dyn Db>, HqError> {
        let idle = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        match idle {
            Some(db) => Ok(db),
            None => (self.open)(),
        }
    }

    pub fn put(&self, db: Box<dyn Db>) {
        if let Ok(mut v) = self.idle.lock()
            && v.len() < 32
        {
            v.push(db);
        }
    }

    /// Runs `f` in one transaction on a pooled connection; rolls back on error.
    pub fn tx<T>(&self, f: impl FnOnce(&mut dyn Db) -> Result<T, HqError>) -> Result<T, HqError> {
        let _turn = (self.backend == "sqlite").then(|| self.writer.lock());
        let mut db = self.get()?;
        db.begin()?;
        match f(db.as_mut()) {
            Ok(v) => {
                db.commit()?;
                self.put(db);
                Ok(v)
            }
            Err(e) => {
                // A connection that failed is not trusted again (PostgreSQL may have
                // restarted under it): the next request opens a fresh one.
                db.rollback();
                Err(e)
            }
        }
    }

    /// Runs read-only `f` on a pooled connection.
    pub fn read<T>(&self, f: impl FnOnce(&mut dyn Db) -> Result<T, HqError>) -> Result<T, HqError> {
        let mut db = self.get()?;
        let r = f(db.as_mut());
        if r.is_ok() {
            self.put(db);
        }
        r
    }
}

/// Head-office databases to test or measure against: a new SQLite file in `dir` always,
/// and a new PostgreSQL database when `VAFA_TEST_PG` names a server (otherwise a SKIP line
/// says so). Returns (backend, `--database` spec).
pub fn scratch_databases(dir: &std::path::Path, prefix: &str) -> Vec<(&'static str, String)> {
    let mut out = vec![(
        "sqlite",
        format!("sqlite:{}", dir.join(format!("{prefix}.db")).display()),
    )];
    match std::env::var("VAFA_TEST_PG") {
        Ok(base) if !base.is_empty() => match postgres::create_database(&base, prefix) {
            Ok(url) => out.push(("postgres", url)),
            Err(e) => println!("SKIP postgres: cannot create a database at VAFA_TEST_PG: {e}"),
        },
        _ => println!("SKIP postgres: VAFA_TEST_PG is not set"),
    }
    out
}
