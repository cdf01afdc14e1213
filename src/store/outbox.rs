//! Records for head office, written in the same transaction as what they describe.

use rusqlite::Connection;

use crate::error::Result;

pub fn push(
    conn: &Connection,
    kind: &str,
    record_id: &str,
    payload: &serde_json::Value,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO outbox (kind, record_id, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![kind, record_id, payload.to_string(), at])?;
    Ok(())
}

pub fn pending(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)
}
