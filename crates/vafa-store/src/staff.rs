//! Staff accounts. PINs arrive here already hashed.

use rusqlite::{Connection, OptionalExtension, named_params};

use super::Result;
use vafa_core::staff::Role;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StaffRow {
    pub name: String,
    pub role: Role,
    #[serde(skip)]
    pub pin_hash: String,
    pub active: bool,
    #[serde(skip)]
    pub failed: u32,
    pub locked_until: Option<String>,
    pub last_login: Option<String>,
    pub created_at: String,
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<StaffRow> {
    let role: String = r.get(1)?;
    Ok(StaffRow {
        name: r.get(0)?,
        role: Role::parse(&role).unwrap_or(Role::Cashier),
        pin_hash: r.get(2)?,
        active: r.get(3)?,
        failed: r.get(4)?,
        locked_until: r.get(5)?,
        last_login: r.get(6)?,
        created_at: r.get(7)?,
    })
}

const COLUMNS: &str = "name, role, pin_hash, active, failed, locked_until, last_login, created_at";

pub fn by_name(conn: &Connection, name: &str) -> Result<Option<StaffRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM staff WHERE name = ?1"))?
        .query_row([name], row)
        .optional()?)
}

pub fn all(conn: &Connection) -> Result<Vec<StaffRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM staff ORDER BY name"))?;
    let rows = stmt
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn count_active(conn: &Connection, role: Option<Role>) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM staff WHERE active = 1 AND (?1 IS NULL OR role = ?1)",
        [role.map(Role::as_str)],
        |r| r.get(0),
    )?)
}

pub fn insert(conn: &Connection, name: &str, role: Role, pin_hash: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO staff (name, role, pin_hash, created_at) VALUES (:n, :r, :h, :now)",
    )?
    .execute(named_params! {":n": name, ":r": role.as_str(), ":h": pin_hash, ":now": now})?;
    Ok(())
}

pub fn set_active(conn: &Connection, name: &str, active: bool) -> Result<()> {
    // Re-enabling also lifts a lock: that is how a manager lets a locked cashier back in.
    conn.execute(
        "UPDATE staff SET active = ?2, failed = 0, locked_until = NULL WHERE name = ?1",
        rusqlite::params![name, active],
    )?;
    Ok(())
}

pub fn set_pin(conn: &Connection, name: &str, pin_hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE staff SET pin_hash = ?2, failed = 0, locked_until = NULL WHERE name = ?1",
        rusqlite::params![name, pin_hash],
    )?;
    Ok(())
}

pub fn record_failure(
    conn: &Connection,
    name: &str,
    failed: u32,
    locked_until: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE staff SET failed = ?2, locked_until = COALESCE(?3, locked_until) WHERE name = ?1",
        rusqlite::params![name, failed, locked_until],
    )?;
    Ok(())
}

pub fn record_login(conn: &Connection, name: &str, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE staff SET failed = 0, locked_until = NULL, last_login = ?2 WHERE name = ?1",
        rusqlite::params![name, at],
    )?;
    Ok(())
}
