//! The till's side of sync: where it stands with head office (`sync_state`), records head
//! office refused (`outbox_parked`) and pulled records not applied here (`sync_skipped`).

use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// The one `sync_state` row: head office's address and this till's token and progress.
#[derive(Debug, Clone)]
pub struct State {
    pub url: String,
    pub token: String,
    pub ca_pem: Option<String>,
    pub terminal_id: String,
    pub connected_at: String,
    pub acked_through: i64,
    pub cursor: i64,
    pub last_success: Option<String>,
    pub last_attempt: Option<String>,
    pub last_error: Option<String>,
}

/// A record head office refused, parked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParkedRow {
    pub seq: i64,
    pub kind: String,
    pub record_id: String,
    pub code: String,
    pub message: String,
}

pub fn state(conn: &Connection) -> Result<Option<State>> {
    Ok(conn
        .query_row(
            "SELECT url, token, terminal_id, connected_at, acked_through, cursor, last_success,
                    last_attempt, last_error, ca_pem
             FROM sync_state WHERE id = 1",
            [],
            |r| {
                Ok(State {
                    url: r.get(0)?,
                    token: r.get(1)?,
                    terminal_id: r.get(2)?,
                    connected_at: r.get(3)?,
                    acked_through: r.get(4)?,
                    cursor: r.get(5)?,
                    last_success: r.get(6)?,
                    last_attempt: r.get(7)?,
                    last_error: r.get(8)?,
                    ca_pem: r.get(9)?,
                })
            },
        )
        .optional()?)
}

/// The same terminal connected again: a new address, token or CA, and the last error
/// forgotten.
pub fn reconnect(conn: &Connection, url: &str, token: &str, ca_pem: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE sync_state SET url = ?1, token = ?2, ca_pem = ?3, last_error = NULL WHERE id = 1",
        rusqlite::params![url, token, ca_pem],
    )?;
    Ok(())
}

/// Another terminal: its state starts afresh.
pub fn connect(
    conn: &Connection,
    url: &str,
    token: &str,
    ca_pem: Option<&str>,
    terminal_id: &str,
    branch: &str,
    now: &str,
) -> Result<()> {
    conn.execute("DELETE FROM sync_state", [])?;
    conn.execute(
        "INSERT INTO sync_state (id, url, token, ca_pem, terminal_id, branch, connected_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![url, token, ca_pem, terminal_id, branch, now],
    )?;
    Ok(())
}

pub fn parked(conn: &Connection) -> Result<Vec<ParkedRow>> {
    let mut stmt = conn.prepare(
        "SELECT p.seq, o.kind, o.record_id, p.code, p.message FROM outbox_parked p
         JOIN outbox o ON o.seq = p.seq ORDER BY p.seq",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ParkedRow {
                seq: r.get(0)?,
                kind: r.get(1)?,
                record_id: r.get(2)?,
                code: r.get(3)?,
                message: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many pulled records were not applied here.
pub fn skipped(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM sync_skipped", [], |r| r.get(0))?)
}

/// Members who owe credit spent twice while branches were apart, and how much in all.
pub fn owing(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(o), 0) FROM (
             SELECT SUM(amount) AS o FROM shortfall WHERE account = 'credit'
             GROUP BY member_id HAVING SUM(amount) > 0)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// A sync that went through.
pub fn succeeded(conn: &Connection, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE sync_state SET last_success = ?1, last_attempt = ?1, last_error = NULL WHERE id = 1",
        [now],
    )?;
    Ok(())
}

/// A sync that failed, and why (in the shop's language).
pub fn failed(conn: &Connection, now: &str, error: &str) -> Result<()> {
    conn.execute(
        "UPDATE sync_state SET last_attempt = ?1, last_error = ?2 WHERE id = 1",
        rusqlite::params![now, error],
    )?;
    Ok(())
}

/// Parks a record head office refused (once).
pub fn park(conn: &Connection, seq: i64, code: &str, message: &str, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO outbox_parked (seq, code, message, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (seq) DO NOTHING",
        rusqlite::params![seq, code, message, now],
    )?;
    Ok(())
}

/// Head office has the outbox up to `seq`.
pub fn acked_through(conn: &Connection, seq: i64) -> Result<()> {
    conn.execute(
        "UPDATE sync_state SET acked_through = ?1 WHERE id = 1",
        [seq],
    )?;
    Ok(())
}

/// Pulled up to `cursor` (never backwards).
pub fn advance_cursor(conn: &Connection, cursor: i64) -> Result<()> {
    conn.execute(
        "UPDATE sync_state SET cursor = ?1 WHERE id = 1 AND cursor < ?1",
        [cursor],
    )?;
    Ok(())
}

/// Pull again from `cursor` (records skipped for want of a member now here).
pub fn rewind_cursor(conn: &Connection, cursor: i64) -> Result<()> {
    conn.execute(
        "UPDATE sync_state SET cursor = ?1 WHERE id = 1",
        [cursor.max(0)],
    )?;
    Ok(())
}

/// Records a pulled record not applied here, and why.
pub fn skip(
    conn: &Connection,
    cursor: i64,
    kind: &str,
    record_id: &str,
    reason: &str,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_skipped (cursor, kind, record_id, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (cursor) DO NOTHING",
    )?
    .execute(rusqlite::params![cursor, kind, record_id, reason, now])?;
    Ok(())
}
