//! Sales, their lines and their voids (all append-only).

use rusqlite::{Connection, OptionalExtension, named_params};

use super::Result;
use super::sql::{Sql, get, get_opt, opt};
use vafa_core::sale::Item;

pub use vafa_core::record::SaleRow;

const COLS: &str =
    "id, member_id, card_number, branch, at, at_utc, gross, discount, credit_redeemed,
    paid, credit_earned, points_earned, tier, offers, created_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SaleRow> {
    Ok(SaleRow {
        id: get(r, 0)?,
        member_id: get_opt(r, 1)?,
        card_number: get_opt(r, 2)?,
        branch: get(r, 3)?,
        at: r.get(4)?,
        at_utc: r.get(5)?,
        gross: r.get(6)?,
        discount: r.get(7)?,
        credit_redeemed: r.get(8)?,
        paid: r.get(9)?,
        credit_earned: r.get(10)?,
        points_earned: r.get(11)?,
        tier: r.get(12)?,
        offers: r.get(13)?,
        created_at: r.get(14)?,
    })
}

pub fn insert(conn: &Connection, s: &SaleRow, items: &[Item]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sales (id, member_id, card_number, branch, at, at_utc, gross, discount,
            credit_redeemed, paid, credit_earned, points_earned, tier, offers, created_at)
         VALUES (:id, :m, :card, :branch, :at, :utc, :gross, :disc, :red, :paid, :ce, :pe, :tier, :offers, :created)",
    )?
    .execute(named_params! {
        ":id": Sql(&s.id), ":m": opt(&s.member_id), ":card": opt(&s.card_number),
        ":branch": Sql(&s.branch), ":at": s.at,
        ":utc": s.at_utc, ":gross": s.gross, ":disc": s.discount, ":red": s.credit_redeemed,
        ":paid": s.paid, ":ce": s.credit_earned, ":pe": s.points_earned, ":tier": s.tier,
        ":offers": s.offers, ":created": s.created_at,
    })?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sale_items (sale_id, line, sku, qty, unit_price, category)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, it) in items.iter().enumerate() {
        stmt.execute(rusqlite::params![
            Sql(&s.id),
            i as i64 + 1,
            it.sku,
            it.qty.to_string(),
            it.unit_price,
            it.category
        ])?;
    }
    Ok(())
}

pub fn by_id(conn: &Connection, id: &str) -> Result<Option<SaleRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} FROM sales WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// A member's latest sales, newest first (index `sales_member`).
pub fn of_member(conn: &Connection, member_id: &str, limit: i64) -> Result<Vec<SaleRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM sales WHERE member_id = ?1 ORDER BY at_utc DESC LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(rusqlite::params![member_id, limit], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn items(conn: &Connection, sale_id: &str) -> Result<Vec<Item>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sku, qty, unit_price, category FROM sale_items WHERE sale_id = ?1 ORDER BY line",
    )?;
    let rows = stmt
        .query_map([sale_id], |r| {
            let qty: String = r.get(1)?;
            Ok(Item {
                sku: r.get(0)?,
                qty: qty.parse().unwrap_or_default(),
                unit_price: r.get(2)?,
                category: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn is_voided(conn: &Connection, sale_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sale_voids WHERE sale_id = ?1")?
        .query_row([sale_id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert_void(
    conn: &Connection,
    sale_id: &str,
    void_id: &str,
    reason: Option<&str>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sale_voids (sale_id, id, reason, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![sale_id, void_id, reason, at])?;
    Ok(())
}

/// Marks a sale void and takes back its visit and its offers' uses (its ledger entries
/// are the caller's: a till reverses them, a void from another till brings them).
pub fn mark_void(
    conn: &Connection,
    sale: &SaleRow,
    void_id: &str,
    reason: Option<&str>,
    at: &str,
) -> Result<()> {
    insert_void(conn, &sale.id, void_id, reason, at)?;
    if let Some(m) = &sale.member_id {
        let sold = items(conn, &sale.id)?;
        super::members::count_visit(conn, m, sale, &sold, -1)?;
        super::offers::undo_uses(conn, &sale.id, m)?;
    }
    Ok(())
}

/// How many sales the till holds (voided ones included).
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0))?)
}

/// This branch's latest sale not voided (the till's "void last sale").
pub fn last_not_voided(conn: &Connection, branch: &str) -> Result<Option<SaleRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLS} FROM sales WHERE branch = ?1
             AND id NOT IN (SELECT sale_id FROM sale_voids) ORDER BY at_utc DESC LIMIT 1"
        ))?
        .query_row([branch], row)
        .optional()?)
}
