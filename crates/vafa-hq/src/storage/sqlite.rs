//! The SQLite driver (the default: one file, nothing to set up).

use rusqlite::{Connection, types::ValueRef};

use super::{Db, Row, Val};
use crate::HqError;

pub struct SqliteDb {
    conn: Connection,
}

fn err(e: rusqlite::Error) -> HqError {
    HqError::storage(e.to_string())
}

/// Head office's file (its members' names and mobiles, every terminal's token hash) and
/// the WAL and shm beside it are readable by head office's user alone: created 0600, and
/// set so on each open (a file made before). Elsewhere than Unix the folder decides.
fn private(path: &std::path::Path) -> Result<(), HqError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let fail = |e: std::io::Error| HqError::storage(format!("{}: {e}", path.display()));
        if !path.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(fail)?;
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = path.as_os_str().to_os_string();
            p.push(suffix);
            let p = std::path::PathBuf::from(p);
            if p.exists() {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
                    .map_err(fail)?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl SqliteDb {
    pub fn open(path: &str) -> Result<SqliteDb, HqError> {
        if let Some(parent) = std::path::Path::new(path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| HqError::storage(e.to_string()))?;
        }
        private(std::path::Path::new(path))?;
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        let _: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(err)?;
        // The WAL and shm SQLite just made (with the file's mode), or made before.
        private(std::path::Path::new(path))?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(SqliteDb { conn })
    }

    /// Binds `$N` to `params[N-1]`, whatever order the `$N` appear in (SQLite numbers
    /// parameters by first appearance; looking each name up would cost O(n²)).
    fn bind(stmt: &mut rusqlite::CachedStatement<'_>, params: &[Val]) -> Result<(), HqError> {
        for idx in 1..=stmt.parameter_count() {
            let Some(n) = stmt
                .parameter_name(idx)
                .and_then(|name| name.strip_prefix('$'))
                .and_then(|n| n.parse::<usize>().ok())
            else {
                continue;
            };
            let Some(v) = n.checked_sub(1).and_then(|i| params.get(i)) else {
                return Err(HqError::storage(format!("no value for parameter ${n}")));
            };
            match v {
                Val::Null => stmt.raw_bind_parameter(idx, rusqlite::types::Null),
                Val::Int(n) => stmt.raw_bind_parameter(idx, n),
                Val::Text(t) => stmt.raw_bind_parameter(idx, t),
            }
            .map_err(err)?;
        }
        Ok(())
    }
}

impl Db for SqliteDb {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, HqError> {
        if params.is_empty() && !sql.contains('$') {
            self.conn.execute_batch(sql).map_err(err)?;
            return Ok(0);
        }
        let mut stmt = self.conn.prepare_cached(sql).map_err(err)?;
        Self::bind(&mut stmt, params)?;
        Ok(stmt.raw_execute().map_err(err)? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, HqError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(err)?;
        Self::bind(&mut stmt, params)?;
        let n = stmt.column_count();
        let names: std::sync::Arc<[String]> = stmt.column_names().map(str::to_string).collect();
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(err)? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i).map_err(err)? {
                    ValueRef::Null => Val::Null,
                    ValueRef::Integer(n) => Val::Int(n),
                    ValueRef::Real(f) => Val::Int(f as i64),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Val::Text(String::from_utf8_lossy(t).into_owned())
                    }
                });
            }
            out.push(Row::new(std::sync::Arc::clone(&names), row));
        }
        Ok(out)
    }

    fn begin(&mut self) -> Result<(), HqError> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(err)
    }

    fn lock_records(&mut self) -> Result<(), HqError> {
        Ok(())
    }

    fn commit(&mut self) -> Result<(), HqError> {
        self.conn.execute_batch("COMMIT").map_err(err)
    }

    fn rollback(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    fn serial(&self) -> &'static str {
        "INTEGER PRIMARY KEY AUTOINCREMENT"
    }

    fn name(&self) -> &'static str {
        "sqlite"
    }
}
