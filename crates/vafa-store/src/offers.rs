//! Offers, their history and their usage counters.

use rusqlite::{Connection, named_params};

use super::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRow {
    pub id: String,
    pub definition: String,
    pub enabled: bool,
    pub updated_at: String,
    pub uses: i64,
    pub budget_used: i64,
}

pub fn upsert(conn: &Connection, id: &str, definition: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO offers (id, definition, enabled, updated_at) VALUES (:id, :d, 1, :at)
         ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, enabled = 1, updated_at = excluded.updated_at",
    )?
    .execute(named_params! {":id": id, ":d": definition, ":at": at})?;
    history(conn, id, "import", Some(definition), at)
}

pub fn set_enabled(conn: &Connection, id: &str, enabled: bool, at: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE offers SET enabled = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, enabled, at])?;
    if n > 0 {
        history(
            conn,
            id,
            if enabled { "enable" } else { "disable" },
            None,
            at,
        )?;
    }
    Ok(n > 0)
}

fn history(
    conn: &Connection,
    id: &str,
    action: &str,
    definition: Option<&str>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO offer_history (offer_id, action, definition, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![id, action, definition, at])?;
    Ok(())
}

pub fn all(conn: &Connection) -> Result<Vec<OfferRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.definition, o.enabled, o.updated_at, COALESCE(u.uses, 0), COALESCE(u.budget_used, 0)
         FROM offers o LEFT JOIN offer_usage u ON u.offer_id = o.id ORDER BY o.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(OfferRow {
                id: r.get(0)?,
                definition: r.get(1)?,
                enabled: r.get(2)?,
                updated_at: r.get(3)?,
                uses: r.get(4)?,
                budget_used: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// (offer id, uses, budget used) for every offer that has been used.
pub fn usage(conn: &Connection) -> Result<Vec<(String, i64, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT offer_id, uses, budget_used FROM offer_usage")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// (offer id, period, count, last day) of one member.
pub fn member_usage(
    conn: &Connection,
    member_id: &str,
) -> Result<Vec<(String, String, i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT offer_id, period, count, last_day FROM member_offer_usage WHERE member_id = ?1",
    )?;
    let rows = stmt
        .query_map([member_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Records one use of an offer by a sale: the global counters, the member's counter for
/// the period, and the sale's own record.
pub fn record_use(
    conn: &Connection,
    sale_id: &str,
    member_id: &str,
    offer_id: &str,
    value: i64,
    period: &str,
    day: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO offer_usage (offer_id, uses, budget_used) VALUES (?1, 1, ?2)
         ON CONFLICT (offer_id) DO UPDATE SET uses = uses + 1, budget_used = budget_used + ?2",
    )?
    .execute(rusqlite::params![offer_id, value])?;
    conn.prepare_cached(
        "INSERT INTO member_offer_usage (member_id, offer_id, period, count, last_day) VALUES (:m, :o, :p, 1, :d)
         ON CONFLICT (member_id, offer_id) DO UPDATE SET
            count = CASE WHEN period = :p THEN count + 1 ELSE 1 END, period = :p, last_day = :d",
    )?
    .execute(named_params! {":m": member_id, ":o": offer_id, ":p": period, ":d": day})?;
    conn.prepare_cached(
        "INSERT INTO sale_offers (sale_id, offer_id, value, period) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![sale_id, offer_id, value, period])?;
    Ok(())
}

/// Gives back the uses a voided sale took.
pub fn undo_uses(conn: &Connection, sale_id: &str, member_id: &str) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT offer_id, value, period FROM sale_offers WHERE sale_id = ?1")?;
    let uses: Vec<(String, i64, String)> = stmt
        .query_map([sale_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (offer, value, period) in uses {
        conn.prepare_cached(
            "UPDATE offer_usage SET uses = MAX(uses - 1, 0), budget_used = MAX(budget_used - ?2, 0) WHERE offer_id = ?1",
        )?
        .execute(rusqlite::params![offer, value])?;
        conn.prepare_cached(
            "UPDATE member_offer_usage SET count = MAX(count - 1, 0)
             WHERE member_id = ?1 AND offer_id = ?2 AND period = ?3",
        )?
        .execute(rusqlite::params![member_id, offer, period])?;
    }
    Ok(())
}
