//! Gift cards and their append-only ledger (schema 12). A card's balance is the sum of its
//! entries; nothing here updates or deletes an entry (triggers refuse it).

use rusqlite::{Connection, OptionalExtension, named_params};

use super::Result;

/// A gift card's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftRow {
    pub number: String,
    /// `active` or `blocked`.
    pub status: String,
    pub reason: Option<String>,
    pub replaced_by: Option<String>,
    /// The last local day it may be spent, `YYYY-MM-DD`.
    pub expires: Option<String>,
    pub member_id: Option<String>,
    pub branch: String,
    pub created_at: String,
    pub changed_at: String,
}

const COLS: &str =
    "number, status, reason, replaced_by, expires, member_id, branch, created_at, changed_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GiftRow> {
    Ok(GiftRow {
        number: r.get(0)?,
        status: r.get(1)?,
        reason: r.get(2)?,
        replaced_by: r.get(3)?,
        expires: r.get(4)?,
        member_id: r.get(5)?,
        branch: r.get(6)?,
        created_at: r.get(7)?,
        changed_at: r.get(8)?,
    })
}

/// One gift ledger entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftEntry {
    pub id: String,
    pub card: String,
    pub amount: i64,
    /// `vafa_core::gift::GiftEntryKind::as_str`.
    pub kind: String,
    pub sale_id: Option<String>,
    pub branch: String,
    pub at: String,
}

/// The gift card named by the first of `keys` that is one.
pub fn by_keys(conn: &Connection, keys: &[String]) -> Result<Option<GiftRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLS} FROM gift_cards WHERE number = ?1"))?;
    for key in keys {
        if let Some(g) = stmt.query_row([key], row).optional()? {
            return Ok(Some(g));
        }
    }
    Ok(None)
}

/// The cards whose last day is before `day` (YYYY-MM-DD), by number.
pub fn expired_before(conn: &Connection, day: &str) -> Result<Vec<GiftRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM gift_cards WHERE expires IS NOT NULL AND expires < ?1 ORDER BY number"
    ))?;
    let rows = stmt.query_map([day], row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Inserts an active gift card (its value is written as entries).
pub fn insert(
    conn: &Connection,
    number: &str,
    expires: Option<&str>,
    member_id: Option<&str>,
    branch: &str,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO gift_cards (number, status, expires, member_id, branch, created_at, changed_at)
         VALUES (:n, 'active', :e, :m, :b, :at, :at)",
    )?
    .execute(named_params! {":n": number, ":e": expires, ":m": member_id, ":b": branch, ":at": at})?;
    Ok(())
}

/// Blocks a card, with the staff's reason (if any) and (when replaced) by which card.
pub fn block(
    conn: &Connection,
    number: &str,
    reason: Option<&str>,
    replaced_by: Option<&str>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE gift_cards SET status = 'blocked', reason = :r, replaced_by = :by, changed_at = :at
         WHERE number = :n",
    )?
    .execute(named_params! {":n": number, ":r": reason, ":by": replaced_by, ":at": at})?;
    Ok(())
}

/// Appends one entry.
pub fn append(conn: &Connection, e: &GiftEntry) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO gift_ledger (id, card, amount, kind, sale_id, branch, at)
         VALUES (:id, :c, :a, :k, :s, :b, :at)",
    )?
    .execute(named_params! {
        ":id": e.id, ":c": e.card, ":a": e.amount, ":k": e.kind, ":s": e.sale_id,
        ":b": e.branch, ":at": e.at,
    })?;
    Ok(())
}

/// What the card holds: the sum of its entries.
pub fn balance(conn: &Connection, card: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(SUM(amount), 0) FROM gift_ledger WHERE card = ?1")?
        .query_row([card], |r| r.get(0))?)
}

/// The card's entries, oldest first.
pub fn history(conn: &Connection, card: &str) -> Result<Vec<GiftEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, card, amount, kind, sale_id, branch, at FROM gift_ledger
         WHERE card = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([card], entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<GiftEntry> {
    Ok(GiftEntry {
        id: r.get(0)?,
        card: r.get(1)?,
        amount: r.get(2)?,
        kind: r.get(3)?,
        sale_id: r.get(4)?,
        branch: r.get(5)?,
        at: r.get(6)?,
    })
}

/// Records what a sale paid from a gift card.
pub fn record_sale(conn: &Connection, sale_id: &str, card: &str, amount: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO sale_gifts (sale_id, card, amount) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![sale_id, card, amount])?;
    Ok(())
}

/// What a sale paid from a gift card: (card, amount), if any.
pub fn of_sale(conn: &Connection, sale_id: &str) -> Result<Option<(String, i64)>> {
    Ok(conn
        .prepare_cached("SELECT card, amount FROM sale_gifts WHERE sale_id = ?1")?
        .query_row([sale_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The gift entries a sale wrote (its redemption), oldest first.
pub fn entries_of_sale(conn: &Connection, sale_id: &str) -> Result<Vec<GiftEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, card, amount, kind, sale_id, branch, at FROM gift_ledger
         WHERE sale_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([sale_id], entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Gift value paid out in sales head office has not acknowledged: (by the whole till, from
/// `card`). What the `[offline]` gift limits count.
pub fn unacked_redeemed(conn: &Connection, card: &str) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(g.amount), 0),
                COALESCE(SUM(CASE WHEN g.card = ?1 THEN g.amount END), 0)
         FROM outbox o JOIN sale_gifts g ON g.sale_id = o.record_id
         WHERE o.kind = 'sale'
           AND o.seq > COALESCE((SELECT acked_through FROM sync_state WHERE id = 1), 0)",
        [card],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
