//! The POS API's tables: tokens (their SHA-256 only), the body each API sale id was first
//! sent with, and cards swiped at the till waiting for the POS program.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenRow {
    pub name: String,
    #[serde(skip)]
    pub token_sha256: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

fn token_row(r: &rusqlite::Row) -> rusqlite::Result<TokenRow> {
    Ok(TokenRow {
        name: r.get(0)?,
        token_sha256: r.get(1)?,
        created_at: r.get(2)?,
        revoked_at: r.get(3)?,
    })
}

const TOKEN_COLUMNS: &str = "name, token_sha256, created_at, revoked_at";

pub fn token_by_name(conn: &Connection, name: &str) -> Result<Option<TokenRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLUMNS} FROM pos_tokens WHERE name = ?1"
        ))?
        .query_row([name], token_row)
        .optional()?)
}

pub fn token_by_hash(conn: &Connection, sha256: &str) -> Result<Option<TokenRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLUMNS} FROM pos_tokens WHERE token_sha256 = ?1"
        ))?
        .query_row([sha256], token_row)
        .optional()?)
}

pub fn tokens(conn: &Connection) -> Result<Vec<TokenRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TOKEN_COLUMNS} FROM pos_tokens ORDER BY name"
    ))?;
    let rows = stmt
        .query_map([], token_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A new token under `name` (replacing a revoked one of that name).
pub fn put_token(conn: &Connection, name: &str, sha256: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pos_tokens (name, token_sha256, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET token_sha256 = excluded.token_sha256,
             created_at = excluded.created_at, revoked_at = NULL",
    )?
    .execute(params![name, sha256, now])?;
    Ok(())
}

pub fn revoke_token(conn: &Connection, name: &str, now: &str) -> Result<()> {
    conn.prepare_cached("UPDATE pos_tokens SET revoked_at = ?2 WHERE name = ?1")?
        .execute(params![name, now])?;
    Ok(())
}

/// The body's SHA-256 an API sale id was first recorded with.
pub fn sale_body(conn: &Connection, sale_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT body_sha256 FROM pos_sales WHERE sale_id = ?1")?
        .query_row([sale_id], |r| r.get(0))
        .optional()?)
}

pub fn put_sale_body(conn: &Connection, sale_id: &str, sha256: &str, token: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO pos_sales (sale_id, body_sha256, token) VALUES (?1, ?2, ?3)")?
        .execute(params![sale_id, sha256, token])?;
    Ok(())
}

/// A card swiped at the till for the POS program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCard {
    pub seq: i64,
    pub card: String,
    pub profile: Option<String>,
    pub swiped_at: String,
}

pub fn put_pending(conn: &Connection, card: &str, profile: Option<&str>, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pos_pending_cards (card, profile, swiped_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![card, profile, at])?;
    Ok(())
}

/// Takes the latest card swiped at or after `since` (UTC RFC 3339) that nobody took yet;
/// earlier untaken ones are taken with it (a newer swipe supersedes them).
pub fn take_pending(
    conn: &Connection,
    since: &str,
    now: &str,
    by: &str,
) -> Result<Option<PendingCard>> {
    let found = conn
        .prepare_cached(
            "SELECT seq, card, profile, swiped_at FROM pos_pending_cards
             WHERE taken_at IS NULL AND swiped_at >= ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([since], |r| {
            Ok(PendingCard {
                seq: r.get(0)?,
                card: r.get(1)?,
                profile: r.get(2)?,
                swiped_at: r.get(3)?,
            })
        })
        .optional()?;
    if let Some(p) = &found {
        conn.prepare_cached(
            "UPDATE pos_pending_cards SET taken_at = ?2, taken_by = ?3
             WHERE taken_at IS NULL AND seq <= ?1",
        )?
        .execute(params![p.seq, now, by])?;
    }
    Ok(found)
}

/// Whether a card swiped at or after `since` waits (read only; for the long poll).
pub fn has_pending(conn: &Connection, since: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM pos_pending_cards WHERE taken_at IS NULL AND swiped_at >= ?1 LIMIT 1",
        )?
        .query_row([since], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The newest API sale's place in `pos_sales` (0 if none): the till window shows the API
/// sales recorded after the place it started from.
pub fn last_sale_seq(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(rowid), 0) FROM pos_sales")?
        .query_row([], |r| r.get(0))?)
}

/// The newest API sale recorded after place `after`: (its place, its sale id).
pub fn sale_after(conn: &Connection, after: i64) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT rowid, sale_id FROM pos_sales WHERE rowid > ?1 ORDER BY rowid DESC LIMIT 1",
        )?
        .query_row([after], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
