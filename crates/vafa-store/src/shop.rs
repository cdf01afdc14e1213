//! The shop this till belongs to (one row, set by `vafa init`).

use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// The shop row as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopRow {
    pub name: String,
    pub branch_code: String,
    pub branch_name: String,
    pub lang: String,
    pub unit: String,
    pub utc_offset: String,
}

/// Writes the shop row of a new database (Iran's offset until the shop says otherwise).
pub fn create(
    conn: &Connection,
    name: &str,
    branch_code: &str,
    branch_name: &str,
    lang: &str,
    unit: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO shop (id, name, branch_code, branch_name, lang, unit, utc_offset, created_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, '+03:30', ?6)",
        rusqlite::params![name, branch_code, branch_name, lang, unit, now],
    )?;
    Ok(())
}

pub fn get(conn: &Connection) -> Result<Option<ShopRow>> {
    Ok(conn
        .query_row(
            "SELECT name, branch_code, branch_name, lang, unit, utc_offset FROM shop WHERE id = 1",
            [],
            |r| {
                Ok(ShopRow {
                    name: r.get(0)?,
                    branch_code: r.get(1)?,
                    branch_name: r.get(2)?,
                    lang: r.get(3)?,
                    unit: r.get(4)?,
                    utc_offset: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// The shop's language and how money is shown.
pub fn set_display(conn: &Connection, lang: &str, unit: &str) -> Result<()> {
    conn.execute(
        "UPDATE shop SET lang = ?1, unit = ?2 WHERE id = 1",
        rusqlite::params![lang, unit],
    )?;
    Ok(())
}

/// When the shop was set up (RFC 3339), as `vafa init` wrote it.
pub fn created_at(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT created_at FROM shop WHERE id = 1", [], |r| r.get(0))
        .optional()?)
}
