//! Members and their running aggregates.

use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::Result;
use super::sql::{Sql, get, get_opt, opt};
use vafa_core::ledger::Account;

pub use vafa_core::record::MemberRow;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub visits: i64,
    pub first_visit: Option<String>,
    pub last_visit: Option<String>,
    pub total_spend: i64,
    pub credit: i64,
    pub points: i64,
}

const COLS: &str = "id, first_name, last_name, mobile, birth_date, birth_calendar, anniversary,
    anniversary_calendar, gender, referrer_id, fields, branch, created_at, updated_at";

fn row(r: &Row<'_>) -> rusqlite::Result<MemberRow> {
    Ok(MemberRow {
        id: get(r, 0)?,
        first_name: r.get(1)?,
        last_name: r.get(2)?,
        mobile: r.get(3)?,
        birth_date: r.get(4)?,
        birth_calendar: r.get(5)?,
        anniversary: r.get(6)?,
        anniversary_calendar: r.get(7)?,
        gender: r.get(8)?,
        referrer_id: get_opt(r, 9)?,
        fields: r.get(10)?,
        branch: get(r, 11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

pub fn insert(conn: &Connection, m: &MemberRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO members (id, first_name, last_name, mobile, birth_date, birth_calendar,
            anniversary, anniversary_calendar, gender, referrer_id, fields, branch, created_at, updated_at)
         VALUES (:id, :first, :last, :mobile, :birth, :birth_cal, :ann, :ann_cal, :gender,
            :referrer, :fields, :branch, :created, :updated)",
    )?
    .execute(named_params! {
        ":id": Sql(&m.id), ":first": m.first_name, ":last": m.last_name, ":mobile": m.mobile,
        ":birth": m.birth_date, ":birth_cal": m.birth_calendar, ":ann": m.anniversary,
        ":ann_cal": m.anniversary_calendar, ":gender": m.gender, ":referrer": opt(&m.referrer_id),
        ":fields": m.fields, ":branch": Sql(&m.branch), ":created": m.created_at, ":updated": m.updated_at,
    })?;
    conn.prepare_cached("INSERT INTO member_stats (member_id) VALUES (?1)")?
        .execute([Sql(&m.id)])?;
    Ok(())
}

pub fn update(conn: &Connection, m: &MemberRow) -> Result<()> {
    conn.prepare_cached(
        "UPDATE members SET first_name = :first, last_name = :last, mobile = :mobile,
            birth_date = :birth, birth_calendar = :birth_cal, anniversary = :ann,
            anniversary_calendar = :ann_cal, gender = :gender, referrer_id = :referrer,
            fields = :fields, updated_at = :updated
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": Sql(&m.id), ":first": m.first_name, ":last": m.last_name, ":mobile": m.mobile,
        ":birth": m.birth_date, ":birth_cal": m.birth_calendar, ":ann": m.anniversary,
        ":ann_cal": m.anniversary_calendar, ":gender": m.gender, ":referrer": opt(&m.referrer_id),
        ":fields": m.fields, ":updated": m.updated_at,
    })?;
    Ok(())
}

pub fn by_id(conn: &Connection, id: &str) -> Result<Option<MemberRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} FROM members WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

pub fn by_mobile(conn: &Connection, mobile: &str) -> Result<Option<MemberRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} FROM members WHERE mobile = ?1"))?
        .query_row([mobile], row)
        .optional()?)
}

/// Members whose name or mobile contains `fragment` (case-insensitive), at most `limit`.
pub fn find(conn: &Connection, fragment: &str, limit: usize) -> Result<Vec<MemberRow>> {
    let escaped = fragment
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM members
         WHERE first_name || ' ' || last_name LIKE :p ESCAPE '\\'
            OR mobile LIKE :p ESCAPE '\\'
         ORDER BY last_name, first_name LIMIT :limit"
    ))?;
    let rows = stmt
        .query_map(named_params! {":p": pattern, ":limit": limit as i64}, row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn stats(conn: &Connection, member_id: &str) -> Result<Stats> {
    Ok(conn
        .prepare_cached(
            "SELECT visits, first_visit, last_visit, total_spend, credit, points
             FROM member_stats WHERE member_id = ?1",
        )?
        .query_row([member_id], |r| {
            Ok(Stats {
                visits: r.get(0)?,
                first_visit: r.get(1)?,
                last_visit: r.get(2)?,
                total_spend: r.get(3)?,
                credit: r.get(4)?,
                points: r.get(5)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// Adds `delta` to a member's credit or points balance cache.
pub fn add_balance(conn: &Connection, member_id: &str, account: Account, delta: i64) -> Result<()> {
    let sql = match account {
        Account::Points => "UPDATE member_stats SET points = points + ?2 WHERE member_id = ?1",
        Account::Credit => "UPDATE member_stats SET credit = credit + ?2 WHERE member_id = ?1",
    };
    conn.prepare_cached(sql)?
        .execute(rusqlite::params![member_id, delta])?;
    Ok(())
}

/// Records (sign = 1) or takes back (sign = -1) one visit in the running aggregates.
#[allow(clippy::too_many_arguments)]
pub fn add_visit(
    conn: &Connection,
    member_id: &str,
    at: &str,
    day: &str,
    spend: i64,
    points_earned: i64,
    categories: &[(String, i64)],
    sign: i64,
) -> Result<()> {
    // A visit is a day (the shop's local date) with purchases: the day's first sale makes
    // one, a second the same day is part of it; voiding the day's last takes it back.
    conn.prepare_cached(
        "INSERT INTO member_days (member_id, day, visits, spend, points_earned)
         VALUES (:m, :day, :v, :spend, :pts)
         ON CONFLICT (member_id, day) DO UPDATE SET visits = visits + :v,
            spend = spend + :spend, points_earned = points_earned + :pts",
    )?
    .execute(named_params! {
        ":m": member_id, ":day": day, ":v": sign, ":spend": sign * spend, ":pts": sign * points_earned,
    })?;
    let sales_that_day: i64 = conn
        .prepare_cached("SELECT visits FROM member_days WHERE member_id = ?1 AND day = ?2")?
        .query_row([member_id, day], |r| r.get(0))?;
    let visit = i64::from(if sign > 0 {
        sales_that_day == 1
    } else {
        sales_that_day == 0
    });
    if sign > 0 {
        conn.prepare_cached(
            "UPDATE member_stats SET visits = visits + :visit, total_spend = total_spend + :spend,
                first_visit = CASE WHEN first_visit IS NULL OR :at < first_visit THEN :at ELSE first_visit END,
                last_visit = CASE WHEN last_visit IS NULL OR :at > last_visit THEN :at ELSE last_visit END
             WHERE member_id = :m",
        )?
        .execute(named_params! {":m": member_id, ":at": at, ":spend": spend, ":visit": visit})?;
    } else {
        conn.prepare_cached(
            "UPDATE member_stats SET visits = visits - :visit, total_spend = total_spend - :spend,
                first_visit = (SELECT MIN(s.at) FROM sales s WHERE s.member_id = :m
                    AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)),
                last_visit = (SELECT MAX(s.at) FROM sales s WHERE s.member_id = :m
                    AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id))
             WHERE member_id = :m",
        )?
        .execute(named_params! {":m": member_id, ":spend": spend, ":visit": visit})?;
    }
    let mut cat = conn.prepare_cached(
        "INSERT INTO member_category_spend (member_id, category, amount) VALUES (:m, :c, :a)
         ON CONFLICT (member_id, category) DO UPDATE SET amount = amount + :a",
    )?;
    for (category, amount) in categories {
        cat.execute(named_params! {":m": member_id, ":c": category, ":a": sign * amount})?;
    }
    Ok(())
}

/// A member's visits before local day `day` (days with purchases), the last of them, and
/// whether they bought on `day` already: what the offer engine knows of their visits.
pub fn visits_before(
    conn: &Connection,
    member_id: &str,
    day: &str,
) -> Result<(i64, Option<String>, bool)> {
    let (n, last): (i64, Option<String>) = conn
        .prepare_cached(
            "SELECT COUNT(*), MAX(day) FROM member_days WHERE member_id = ?1 AND day < ?2 AND visits > 0",
        )?
        .query_row([member_id, day], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let today: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM member_days WHERE member_id = ?1 AND day = ?2 AND visits > 0",
        )?
        .query_row([member_id, day], |r| r.get(0))?;
    Ok((n, last, today > 0))
}

/// Points earned in local days `from_day ..= to_day` (for tiers), from the daily buckets.
pub fn points_in_window(
    conn: &Connection,
    member_id: &str,
    from_day: &str,
    to_day: &str,
) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(points_earned), 0) FROM member_days
             WHERE member_id = ?1 AND day >= ?2 AND day <= ?3",
        )?
        .query_row([member_id, from_day, to_day], |r| r.get(0))?)
}

/// Spend per category, largest first.
pub fn category_spend(conn: &Connection, member_id: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT category, amount FROM member_category_spend WHERE member_id = ?1 AND amount <> 0
         ORDER BY amount DESC, category",
    )?;
    let rows = stmt
        .query_map([member_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A sale's part in its member's visit aggregates: `sign` 1 counts it, -1 takes it back.
pub fn count_visit(
    conn: &Connection,
    member: &str,
    sale: &super::sales::SaleRow,
    items: &[vafa_core::sale::Item],
    sign: i64,
) -> Result<()> {
    let day = sale.at.get(..10).unwrap_or_default();
    add_visit(
        conn,
        member,
        &sale.at,
        day,
        sale.gross,
        sale.points_earned,
        &vafa_core::sale::categories(items),
        sign,
    )
}

/// How many members the till holds.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM members", [], |r| r.get(0))?)
}

/// The member with the most visits: their mobile and an active card, if any (the
/// examples `vafa` prints to start with).
pub fn busiest(conn: &Connection) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT m.mobile, (SELECT number FROM cards c WHERE c.member_id = m.id AND c.status = 'active' LIMIT 1)
             FROM members m JOIN member_stats s ON s.member_id = m.id ORDER BY s.visits DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}
