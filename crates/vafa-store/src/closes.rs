//! Who recorded and voided each sale, the end-of-day figures by cashier, and the closes
//! (append-only).

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use vafa_core::receipt::CloseFigures;

pub fn set_cashier(conn: &Connection, sale_id: &str, cashier: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO sale_cashier (sale_id, cashier) VALUES (?1, ?2)")?
        .execute(params![sale_id, cashier])?;
    Ok(())
}

/// Who sold a gift card's value (its issue or a load): entry `entry_id`.
pub fn set_gift_cashier(conn: &Connection, entry_id: &str, cashier: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO gift_cashier (entry_id, cashier) VALUES (?1, ?2)")?
        .execute(params![entry_id, cashier])?;
    Ok(())
}

pub fn set_void_cashier(conn: &Connection, sale_id: &str, cashier: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO void_cashier (sale_id, cashier) VALUES (?1, ?2)")?
        .execute(params![sale_id, cashier])?;
    Ok(())
}

pub fn cashier_of(conn: &Connection, sale_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT cashier FROM sale_cashier WHERE sale_id = ?1")?
        .query_row([sale_id], |r| r.get(0))
        .optional()?)
}

/// The figures of `branch` by cashier (`None`: sales recorded with no cashier known):
/// sales whose time (UTC) is in `[from_utc, to_utc)` and not voided, and voids whose time
/// (in the shop's offset, as stored) is in `[from_local, to_local)`.
pub fn figures(
    conn: &Connection,
    branch: &str,
    (from_utc, to_utc): (&str, &str),
    (from_local, to_local): (&str, &str),
) -> Result<BTreeMap<Option<String>, CloseFigures>> {
    let mut out: BTreeMap<Option<String>, CloseFigures> = BTreeMap::new();
    // `paid` here is the money taken: a sale's `paid` includes what a gift card paid
    // (it earns like money), which is not in the drawer.
    let sales =
        "SELECT c.cashier, COUNT(*), SUM(s.member_id IS NULL), SUM(s.gross), SUM(s.discount),
                SUM(s.credit_redeemed), SUM(s.paid) - COALESCE(SUM(g.amount), 0),
                SUM(s.credit_earned), SUM(s.points_earned), COALESCE(SUM(g.amount), 0)
         FROM sales s LEFT JOIN sale_cashier c ON c.sale_id = s.id
              LEFT JOIN sale_gifts g ON g.sale_id = s.id
         WHERE s.branch = ?1 AND s.at_utc >= ?2 AND s.at_utc < ?3
           AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)
         GROUP BY c.cashier";
    add_by_cashier(conn, &mut out, sales, [branch, from_utc, to_utc], |r| {
        Ok(CloseFigures {
            sales: r.get(1)?,
            guest_sales: r.get(2)?,
            gross: r.get(3)?,
            discount: r.get(4)?,
            credit_redeemed: r.get(5)?,
            paid: r.get(6)?,
            credit_earned: r.get(7)?,
            points_earned: r.get(8)?,
            gift_redeemed: r.get(9)?,
            ..CloseFigures::default()
        })
    })?;
    let voids = "SELECT c.cashier, COUNT(*), SUM(s.gross)
         FROM sale_voids v JOIN sales s ON s.id = v.sale_id
              LEFT JOIN void_cashier c ON c.sale_id = v.sale_id
         WHERE s.branch = ?1 AND v.at >= ?2 AND v.at < ?3
         GROUP BY c.cashier";
    add_by_cashier(conn, &mut out, voids, [branch, from_local, to_local], |r| {
        Ok(CloseFigures {
            voids: r.get(1)?,
            voided_gross: r.get(2)?,
            ..CloseFigures::default()
        })
    })?;
    // Money taken for gift cards: what was loaded onto them here (their issue and every
    // load), by the local time stored with each entry.
    let gifts = "SELECT c.cashier, SUM(l.amount)
         FROM gift_ledger l LEFT JOIN gift_cashier c ON c.entry_id = l.id
         WHERE l.kind = 'load' AND l.branch = ?1 AND l.at >= ?2 AND l.at < ?3
         GROUP BY c.cashier";
    add_by_cashier(conn, &mut out, gifts, [branch, from_local, to_local], |r| {
        Ok(CloseFigures {
            gift_sold: r.get(1)?,
            ..CloseFigures::default()
        })
    })?;
    Ok(out)
}

/// Adds the figures of `sql` (its first column the cashier, `f` reading the rest) to `out`.
fn add_by_cashier(
    conn: &Connection,
    out: &mut BTreeMap<Option<String>, CloseFigures>,
    sql: &str,
    args: [&str; 3],
    f: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<CloseFigures>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(args, |r| Ok((r.get::<_, Option<String>>(0)?, f(r)?)))?;
    for row in rows {
        let (k, figures) = row?;
        out.entry(k).or_default().add(&figures);
    }
    Ok(())
}

/// A recorded close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseRow {
    pub id: String,
    pub kind: String,
    pub from_at: String,
    pub to_at: String,
    pub actor: String,
    /// The report as it was printed (JSON).
    pub report: String,
}

pub fn append(conn: &Connection, c: &CloseRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO closes (id, kind, from_at, to_at, actor, report)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![c.id, c.kind, c.from_at, c.to_at, c.actor, c.report])?;
    Ok(())
}

/// The latest close, if any.
pub fn last(conn: &Connection) -> Result<Option<CloseRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, kind, from_at, to_at, actor, report FROM closes ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([], |r| {
            Ok(CloseRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                from_at: r.get(2)?,
                to_at: r.get(3)?,
                actor: r.get(4)?,
                report: r.get(5)?,
            })
        })
        .optional()?)
}
