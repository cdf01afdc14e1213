//! Head office's storage: one small SQL interface (`Db`) with two drivers, SQLite and
//! PostgreSQL. Every query head office runs is written once, in the SQL both accept
//! (`$1` parameters, `ON CONFLICT`, `RETURNING`), so the two backends behave the same.

pub mod club;
pub mod club_sales;
pub mod postgres;
pub mod sqlite;

use std::sync::{Arc, Mutex};

use super::HqError;
use vafa_core::ids::Text;

/// A value bound to or read from SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Null,
    Int(i64),
    Text(String),
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

/// A core value (an id, a card number, an account, a kind, a status) in SQL: bound as
/// `Sql(&v).into()`, read as `Sql<T>`. The one bridge for every type that implements
/// `vafa_core::ids::Text` (the orphan rule keeps conversions of core types into the
/// drivers' own traits out of this crate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sql<T>(pub T);

impl<T: Text> From<Sql<&T>> for Val {
    fn from(v: Sql<&T>) -> Val {
        Val::Text(v.0.as_text().to_string())
    }
}

impl<T: Text> From<Option<Sql<&T>>> for Val {
    fn from(v: Option<Sql<&T>>) -> Val {
        v.map(Val::from).unwrap_or(Val::Null)
    }
}

/// An optional core value to bind.
pub fn opt<T: Text>(v: &Option<T>) -> Option<Sql<&T>> {
    v.as_ref().map(Sql)
}

/// A column's value as a Rust one; the error says what was found instead.
pub trait FromVal: Sized {
    fn from_val(v: &Val) -> Result<Self, String>;
}

impl FromVal for i64 {
    fn from_val(v: &Val) -> Result<i64, String> {
        match v {
            Val::Int(i) => Ok(*i),
            Val::Text(t) => t.parse().map_err(|_| format!("{t:?} is not an integer")),
            Val::Null => Err("NULL where an integer belongs".into()),
        }
    }
}

impl FromVal for String {
    fn from_val(v: &Val) -> Result<String, String> {
        match v {
            Val::Text(t) => Ok(t.clone()),
            Val::Int(i) => Err(format!("the integer {i} where text belongs")),
            Val::Null => Err("NULL where text belongs".into()),
        }
    }
}

impl<T: FromVal> FromVal for Option<T> {
    fn from_val(v: &Val) -> Result<Option<T>, String> {
        match v {
            Val::Null => Ok(None),
            v => T::from_val(v).map(Some),
        }
    }
}

impl<T: Text> FromVal for Sql<T> {
    fn from_val(v: &Val) -> Result<Sql<T>, String> {
        let s = String::from_val(v)?;
        T::from_text(s.clone())
            .map(Sql)
            .ok_or_else(|| format!("unknown value {s:?}"))
    }
}

/// One row a query returned, read by column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    names: Arc<[String]>,
    vals: Vec<Val>,
}

impl Row {
    pub fn new(names: Arc<[String]>, vals: Vec<Val>) -> Row {
        Row { names, vals }
    }

    /// Column `col` as `T`.
    pub fn get<T: FromVal>(&self, col: &str) -> Result<T, HqError> {
        let v = self
            .names
            .iter()
            .position(|n| n == col)
            .and_then(|i| self.vals.get(i))
            .ok_or_else(|| HqError::storage(format!("the query has no column {col}")))?;
        T::from_val(v).map_err(|why| HqError::storage(format!("column {col}: {why}")))
    }

    /// Column `col` as a core value.
    pub fn core<T: Text>(&self, col: &str) -> Result<T, HqError> {
        Ok(self.get::<Sql<T>>(col)?.0)
    }

    /// Column `col` as an optional core value.
    pub fn core_opt<T: Text>(&self, col: &str) -> Result<Option<T>, HqError> {
        Ok(self.get::<Option<Sql<T>>>(col)?.map(|s| s.0))
    }
}

/// A typed row: what one query returns, built from its columns by name.
pub trait FromRow: Sized {
    fn from_row(r: &Row) -> Result<Self, HqError>;
}

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

impl<'a> dyn Db + 'a {
    /// The rows of `sql`, typed.
    pub fn fetch<T: FromRow>(&mut self, sql: &str, params: &[Val]) -> Result<Vec<T>, HqError> {
        self.query(sql, params)?.iter().map(T::from_row).collect()
    }

    /// The first row of `sql`, typed, if any.
    pub fn fetch_opt<T: FromRow>(
        &mut self,
        sql: &str,
        params: &[Val],
    ) -> Result<Option<T>, HqError> {
        self.query(sql, params)?
            .first()
            .map(T::from_row)
            .transpose()
    }

    /// One column of every row of `sql`.
    pub fn column<T: FromVal>(
        &mut self,
        sql: &str,
        params: &[Val],
        col: &str,
    ) -> Result<Vec<T>, HqError> {
        self.query(sql, params)?
            .iter()
            .map(|r| r.get(col))
            .collect()
    }

    /// One column of the one row of `sql` (an aggregate).
    pub fn scalar<T: FromVal>(
        &mut self,
        sql: &str,
        params: &[Val],
        col: &str,
    ) -> Result<T, HqError> {
        self.query(sql, params)?
            .first()
            .ok_or_else(|| HqError::storage(format!("no row for {col}")))?
            .get(col)
    }

    /// The rows of `sql` for every key of `keys`: `sql` says `IN ({list})`, run 400 keys
    /// at a time (under both backends' limits on parameters).
    pub fn fetch_in<T: FromRow>(&mut self, sql: &str, keys: &[String]) -> Result<Vec<T>, HqError> {
        let mut out = Vec::new();
        for chunk in keys.chunks(400) {
            let params: Vec<Val> = chunk.iter().map(|k| k.as_str().into()).collect();
            out.extend(
                self.fetch::<T>(&sql.replace("{list}", &placeholders(chunk.len())), &params)?,
            );
        }
        Ok(out)
    }

    /// Whether `sql` returns a row.
    pub fn exists(&mut self, sql: &str, params: &[Val]) -> Result<bool, HqError> {
        Ok(!self.query(sql, params)?.is_empty())
    }

    /// `INSERT ... VALUES (...), (...) tail` for many rows at once, in chunks that keep
    /// under both backends' limits on parameters; returns what `tail`'s RETURNING gives.
    pub fn insert_many(
        &mut self,
        head: &str,
        rows: Vec<Vec<Val>>,
        tail: &str,
    ) -> Result<Vec<Row>, HqError> {
        let Some(cols) = rows.first().map(Vec::len) else {
            return Ok(Vec::new());
        };
        // PostgreSQL: few round trips. SQLite runs in-process, where one cached single-row
        // statement is faster than parsing and binding a wide one.
        let per = if self.name() == "sqlite" {
            1
        } else {
            (30_000 / cols.max(1)).clamp(1, 500)
        };
        let mut out = Vec::new();
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Val>> = rows.by_ref().take(per).collect();
            let mut sql = String::with_capacity(head.len() + tail.len() + chunk.len() * cols * 5);
            sql.push_str(head);
            let mut n = 0;
            for (i, _) in chunk.iter().enumerate() {
                sql.push_str(if i == 0 { " (" } else { ", (" });
                for c in 0..cols {
                    n += 1;
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!("${n}"));
                }
                sql.push(')');
            }
            sql.push(' ');
            sql.push_str(tail);
            let params: Vec<Val> = chunk.into_iter().flatten().collect();
            out.extend(self.query(&sql, &params)?);
        }
        Ok(out)
    }
}

/// `$1, $2, ... $n`.
pub fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
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
