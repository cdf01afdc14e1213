//! Opening the till database: pragmas in one place, the migration ladder in one
//! transaction, and refusal (never repair, never delete) of a file we cannot trust.

use crate::Db;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use vafa_core::error::{Error, Result};

/// `PRAGMA application_id` of a vafa till database ("VAFA").
pub const APPLICATION_ID: i64 = 0x5641_4641;

/// The migration ladder: (version it leads to, SQL). Applied in order, all in one
/// transaction, at open.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../../migrations/0001_init.sql")),
    (2, include_str!("../../../migrations/0002_offers.sql")),
    (
        3,
        include_str!("../../../migrations/0003_lookup_indexes.sql"),
    ),
    (4, include_str!("../../../migrations/0004_next_expiry.sql")),
    (5, include_str!("../../../migrations/0005_staff_audit.sql")),
    (6, include_str!("../../../migrations/0006_sync.sql")),
    (7, include_str!("../../../migrations/0007_overdraft.sql")),
    (
        8,
        include_str!("../../../migrations/0008_receipts_closes.sql"),
    ),
    (9, include_str!("../../../migrations/0009_sms.sql")),
    (10, include_str!("../../../migrations/0010_club.sql")),
    (11, include_str!("../../../migrations/0011_pos.sql")),
    (12, include_str!("../../../migrations/0012_gift.sql")),
    (14, include_str!("../../../migrations/0014_sms_lottery.sql")),
];

/// The folder in the data directory that holds automatic and safety backups.
pub const BACKUP_DIR: &str = "backups";

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::DatabaseUnreadable {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// Pragmas for every connection: WAL, `synchronous=FULL` (money), foreign keys on.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON").db()?;
    conn.pragma_update(None, "synchronous", "FULL").db()?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).db()?;
    // A sale uses some 30 distinct statements; keep them all prepared (the default of 16
    // made every sale re-parse its SQL).
    conn.set_prepared_statement_cache_capacity(128);
    // 64 MiB of SQLite's own page cache: it lives in the till's memory, so the interior
    // pages of every index stay resident even when the OS drops the file from its cache.
    conn.pragma_update(None, "cache_size", -65_536).db()?;
    // A sale writes ~10 pages; with SQLite's default of a checkpoint every 1,000 WAL pages,
    // one sale in a hundred paid for a checkpoint inside its commit. Every 10,000 pages
    // (40 MiB of WAL) moves that out of the 99th percentile; `Vafa::checkpoint` lets the
    // till do it when idle, and closing the last connection does it too.
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)
        .db()?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .db()?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Storage {
            detail: format!("journal mode is {mode}, not WAL"),
        });
    }
    Ok(())
}

/// Creates a new database at `path` (which must not exist) at the latest schema.
pub fn create(path: &Path) -> Result<Connection> {
    super::private::private(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| unreadable(path, e))?;
    configure(&conn)?;
    migrate(&conn, 0, latest_version())?;
    Ok(conn)
}

/// Opens an existing database, migrating it to the latest schema. A file that is not a
/// database, not vafa's, or from a newer vafa is refused and left exactly as it was.
pub fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| unreadable(path, e))?;
    let version = check_identity(&conn, path)?;
    configure(&conn)?;
    // A database (and its WAL) made before its files were private.
    super::private::private(path)?;
    if version < latest_version() {
        // A copy of the data as it was, before any schema change touches it.
        if version > 0 {
            let dir = path
                .parent()
                .unwrap_or_else(|| Path::new("."))
                .join(BACKUP_DIR);
            std::fs::create_dir_all(&dir).map_err(|e| Error::Io {
                path: dir.display().to_string(),
                detail: e.to_string(),
            })?;
            let name = format!(
                "before-migration-v{version}-{}.db",
                chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
            );
            super::backup::backup_to(&conn, &dir.join(name))?;
        }
        migrate(&conn, version, latest_version())?;
    }
    Ok(conn)
}

/// Reads (without writing anything) whether `conn` is a vafa database this program can
/// use, and returns its schema version.
pub fn check_identity(conn: &Connection, path: &Path) -> Result<i64> {
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| unreadable(path, e))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| unreadable(path, e))?;
    if app != APPLICATION_ID {
        return Err(Error::NotVafaDatabase {
            path: path.display().to_string(),
        });
    }
    if version > latest_version() {
        return Err(Error::DatabaseTooNew {
            found: version,
            supported: latest_version(),
        });
    }
    Ok(version)
}

/// Applies migrations `from+1 ..= to` in one transaction.
pub fn migrate(conn: &Connection, from: i64, to: i64) -> Result<()> {
    let tx = conn.unchecked_transaction().db()?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > from && *v <= to) {
        tx.execute_batch(sql).map_err(|e| Error::Storage {
            detail: format!("migration {version}: {e}"),
        })?;
        if *version == 7 {
            schema_edited(&tx, "ledger", "OR kind IN ('void', 'adjust'))")?;
        }
        if *version == 14 {
            schema_edited(&tx, "sms_messages", "'campaign', 'lottery'))")?;
        }
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .db()?;
    tx.pragma_update(None, "user_version", to).db()?;
    tx.commit().db()?;
    Ok(())
}

/// After a migration edited `table`'s definition in place: checks the edit took (the
/// new definition contains `expect`) and bumps the schema version so that every
/// connection reads the new definition.
fn schema_edited(conn: &Connection, table: &str, expect: &str) -> Result<()> {
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .db()?;
    if !sql.contains(expect) {
        return Err(Error::Storage {
            detail: format!("migration: the {table} table's definition is not what vafa wrote"),
        });
    }
    let v: i64 = conn
        .query_row("PRAGMA schema_version", [], |r| r.get(0))
        .db()?;
    conn.pragma_update(None, "schema_version", v + 1).db()?;
    Ok(())
}

/// The schema as SQLite describes it, sorted: used to prove migrated == fresh.
pub fn schema_of(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn
        .prepare(
            "SELECT type, name, COALESCE(sql, '') FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .db()?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .db()?
        .collect::<rusqlite::Result<Vec<_>>>()
        .db()?;
    Ok(rows)
}

/// Copies the write-ahead log into the database file without waiting for readers.
pub fn checkpoint(conn: &Connection) -> super::Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(())
}

/// How long a statement waits for a lock another connection holds before it fails busy.
pub fn set_busy_timeout(conn: &Connection, wait: std::time::Duration) -> Result<()> {
    conn.busy_timeout(wait).db()
}
