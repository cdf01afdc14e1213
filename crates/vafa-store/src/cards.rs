//! Cards and the keys they are found under.

use rusqlite::{Connection, OptionalExtension, named_params};

use super::Result;
use super::sql::{get, get_opt};
use vafa_core::ids::{CardNumber, MemberId};
use vafa_core::record::CardStatus;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CardRow {
    pub number: CardNumber,
    pub member_id: MemberId,
    pub status: CardStatus,
    pub reason: Option<String>,
    pub replaced_by: Option<CardNumber>,
    pub created_at: String,
    pub changed_at: String,
    /// `member`, `discount` or a design name (`vafa_core::gift::CardKind`).
    pub kind: String,
}

const COLS: &str = "number, member_id, status, reason, replaced_by, created_at, changed_at, kind";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CardRow> {
    Ok(CardRow {
        number: get(r, 0)?,
        member_id: get(r, 1)?,
        status: get(r, 2)?,
        reason: r.get(3)?,
        replaced_by: get_opt(r, 4)?,
        created_at: r.get(5)?,
        changed_at: r.get(6)?,
        kind: r.get(7)?,
    })
}

/// Inserts an active card and indexes it under `keys` (the first is its number).
pub fn insert(
    conn: &Connection,
    number: &str,
    member_id: &str,
    keys: &[String],
    at: &str,
) -> Result<()> {
    insert_kind(conn, number, member_id, keys, at, "member")
}

/// Inserts an active card of `kind` and indexes it under `keys`.
pub fn insert_kind(
    conn: &Connection,
    number: &str,
    member_id: &str,
    keys: &[String],
    at: &str,
    kind: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO cards (number, member_id, status, created_at, changed_at, kind)
         VALUES (:n, :m, 'active', :at, :at, :k)",
    )?
    .execute(named_params! {":n": number, ":m": member_id, ":at": at, ":k": kind})?;
    let mut k = conn.prepare_cached(
        "INSERT INTO card_keys (key, card_number) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
    )?;
    for key in keys {
        k.execute([key, number])?;
    }
    Ok(())
}

/// The card found under the first of `keys` that names one.
pub fn by_keys(conn: &Connection, keys: &[String]) -> Result<Option<CardRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM cards WHERE number = (SELECT card_number FROM card_keys WHERE key = ?1)"
    ))?;
    for key in keys {
        if let Some(c) = stmt.query_row([key], row).optional()? {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

pub fn by_number(conn: &Connection, number: &str) -> Result<Option<CardRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} FROM cards WHERE number = ?1"))?
        .query_row([number], row)
        .optional()?)
}

pub fn of_member(conn: &Connection, member_id: &str) -> Result<Vec<CardRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM cards WHERE member_id = ?1 ORDER BY created_at"
    ))?;
    let rows = stmt
        .query_map([member_id], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn block(
    conn: &Connection,
    number: &str,
    reason: &str,
    replaced_by: Option<&str>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE cards SET status = 'blocked', reason = :r, replaced_by = :by, changed_at = :at
         WHERE number = :n",
    )?
    .execute(named_params! {":n": number, ":r": reason, ":by": replaced_by, ":at": at})?;
    Ok(())
}

/// Up to `n` active card numbers spread between the smallest and the largest all-digit
/// number (the window's self-measurement swipes them).
pub fn spread(conn: &Connection, n: usize) -> Result<Vec<String>> {
    let edge = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).unwrap_or_default() };
    let (lo, hi) = (
        edge("SELECT min(number) FROM cards"),
        edge("SELECT max(number) FROM cards"),
    );
    let (Ok(a), Ok(b)) = (lo.parse::<u64>(), hi.parse::<u64>()) else {
        return Ok(Vec::new());
    };
    let mut next = conn.prepare(
        "SELECT number FROM cards WHERE number >= ?1 AND status = 'active' ORDER BY number LIMIT 1",
    )?;
    let mut cards = Vec::with_capacity(n);
    for k in 0..n as u64 {
        let key = format!("{:0w$}", a + (b - a) / n as u64 * k, w = lo.len());
        if let Ok(card) = next.query_row([key], |r| r.get::<_, String>(0)) {
            cards.push(card);
        }
    }
    Ok(cards)
}
