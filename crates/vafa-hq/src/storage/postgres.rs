//! The PostgreSQL driver (`--database postgres://...`), without TLS: run head office and
//! its database on one host or a private network.

use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls};

use super::{Db, Row, Val};
use crate::HqError;

pub struct PgDb {
    client: Client,
    prepared: std::collections::HashMap<String, postgres::Statement>,
}

/// The server's own account when there is one ("db error" alone says nothing).
fn err(e: postgres::Error) -> HqError {
    match e.as_db_error() {
        Some(db) => HqError::storage(db.to_string()),
        None => HqError::storage(e.to_string()),
    }
}

impl PgDb {
    pub fn connect(url: &str) -> Result<PgDb, HqError> {
        let client = Client::connect(url, NoTls).map_err(err)?;
        Ok(PgDb {
            client,
            prepared: std::collections::HashMap::new(),
        })
    }

    /// A prepared statement, kept for the life of the connection.
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, HqError> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).map_err(err)?;
        self.prepared.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn params(params: &[Val]) -> Vec<Box<dyn ToSql + Sync>> {
        params
            .iter()
            .map(|v| -> Box<dyn ToSql + Sync> {
                match v {
                    Val::Null => Box::new(None::<String>),
                    Val::Int(n) => Box::new(*n),
                    Val::Text(t) => Box::new(t.clone()),
                }
            })
            .collect()
    }
}

impl Db for PgDb {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, HqError> {
        if params.is_empty() && !sql.contains('$') {
            self.client.batch_execute(sql).map_err(err)?;
            return Ok(0);
        }
        let boxed = Self::params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        let stmt = self.statement(sql)?;
        self.client.execute(&stmt, &refs).map_err(err)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, HqError> {
        let boxed = Self::params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        let stmt = self.statement(sql)?;
        let rows = self.client.query(&stmt, &refs).map_err(err)?;
        let names: std::sync::Arc<[String]> = stmt
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, c) in r.columns().iter().enumerate() {
                // `try_get`: a column of a type read here as text (NUMERIC, a date) is a
                // storage error for the caller, never a panic.
                let v = match *c.type_() {
                    Type::INT8 => r.try_get::<_, Option<i64>>(i).map(|v| v.map(Val::Int)),
                    Type::INT4 => r
                        .try_get::<_, Option<i32>>(i)
                        .map(|v| v.map(|n| Val::Int(i64::from(n)))),
                    Type::INT2 => r
                        .try_get::<_, Option<i16>>(i)
                        .map(|v| v.map(|n| Val::Int(i64::from(n)))),
                    Type::BOOL => r
                        .try_get::<_, Option<bool>>(i)
                        .map(|v| v.map(|b| Val::Int(i64::from(b)))),
                    _ => r.try_get::<_, Option<String>>(i).map(|v| v.map(Val::Text)),
                }
                .map_err(err)?;
                row.push(v.unwrap_or(Val::Null));
            }
            out.push(Row::new(std::sync::Arc::clone(&names), row));
        }
        Ok(out)
    }

    fn begin(&mut self) -> Result<(), HqError> {
        self.client.batch_execute("BEGIN").map_err(err)
    }

    fn lock_records(&mut self) -> Result<(), HqError> {
        self.client
            .batch_execute("SELECT pg_advisory_xact_lock(5641)")
            .map_err(err)
    }

    fn commit(&mut self) -> Result<(), HqError> {
        self.client.batch_execute("COMMIT").map_err(err)
    }

    fn rollback(&mut self) {
        let _ = self.client.batch_execute("ROLLBACK");
    }

    fn serial(&self) -> &'static str {
        "BIGSERIAL PRIMARY KEY"
    }

    fn name(&self) -> &'static str {
        "postgres"
    }
}

/// Creates a fresh, empty database next to the one `base` names and returns its URL
/// (tests and benchmarks: one database each).
pub fn create_database(base: &str, prefix: &str) -> Result<String, HqError> {
    let name = format!("{prefix}_{}_{}", std::process::id(), rand::random::<u32>());
    let mut c = Client::connect(base, NoTls).map_err(err)?;
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .map_err(err)?;
    let cut = base
        .rfind('/')
        .ok_or_else(|| HqError::storage("the PostgreSQL URL names no database"))?;
    Ok(format!("{}/{name}", &base[..cut]))
}
