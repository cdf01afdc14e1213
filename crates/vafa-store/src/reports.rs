//! What `vafa report …` reads (CONTRACT "Reports and analysis"), as the plain records of
//! `vafa_club::report`. Every day here is a *local* calendar day `YYYY-MM-DD` (the day of the
//! shop's local time a sale was recorded at, the first ten characters of `sales.at`); both
//! ends of a range are included.
//!
//! The reports read the running aggregates the till keeps as it records each sale and void,
//! never the ledger:
//!
//! | report | reads |
//! | --- | --- |
//! | visits, return rate, RFM, offers' groups, a member | `member_days` (rows with `visits > 0`) |
//! | summary | `members` + `member_stats` (balances), `member_days` (visits), `sales` in the window (`sales_at` index; guests too) |
//! | liability | `lots` (what remains of each lot) |
//! | products | `sales` in the window with their `sale_items` |
//! | offers | `sale_offers` of the window's `sales` |
//! | referrals | `members.referrer_id` (`members_referrer` index), `member_days` of those referred |
//! | a member | `members`, `member_stats`, `member_category_spend`, `member_days` |
//!
//! A *visit* is a distinct (member, local day) with a sale that was not voided: one row of
//! `member_days` whose `visits` count is above zero (a void takes its sale back out of it), so
//! two sales on one day are one visit, with the day's baskets added up.

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension};

use vafa_club::report::gift;
use vafa_club::report::liability::{Lot, LotKind};
use vafa_club::report::offer_groups::{MemberUses, OfferUses, group_uses};
use vafa_club::report::products::{Basket, Item};
use vafa_club::report::referrals::Referred;
use vafa_club::report::rfm::Activity;
use vafa_club::report::summary::{Member, Sale};
use vafa_club::report::{Rials, Visit};

use super::Result;

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A stored `YYYY-MM-DD…` as a day; a value that is not one is a storage error.
fn day_of(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

/// The local day of a stored RFC 3339 time (members' `created_at` and lots' `expires_at`
/// are kept in UTC).
fn local_day(text: &str, offset: FixedOffset) -> rusqlite::Result<NaiveDate> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => Ok(t.with_timezone(&offset).date_naive()),
        Err(_) => day_of(text),
    }
}

/// A `member_days` row (member, day, spend) as a visit.
fn visit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Visit> {
    Ok(Visit {
        member: r.get(0)?,
        day: day_of(&r.get::<_, String>(1)?)?,
        amount: r.get(2)?,
    })
}

/// Every member's visits on the local days `from ..= to`: one per (member, day), its amount
/// the day's baskets (gross, before credit paid part of them). From `member_days`.
pub fn visits(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Visit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, day, spend FROM member_days
         WHERE day >= ?1 AND day <= ?2 AND visits > 0",
    )?;
    let rows = stmt
        .query_map([iso(from), iso(to)], visit_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One member's visits on the local days `from ..= to`, by day. From `member_days`.
pub fn visits_of(
    conn: &Connection,
    member_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Visit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, day, spend FROM member_days
         WHERE member_id = ?1 AND day >= ?2 AND day <= ?3 AND visits > 0 ORDER BY day",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![member_id, iso(from), iso(to)], visit_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Each member's activity on the local days `from ..= to` (last visit day, visits, spend),
/// summed from `member_days` by SQLite.
pub fn activity(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Activity>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, MAX(day), COUNT(*), SUM(spend) FROM member_days
         WHERE day >= ?1 AND day <= ?2 AND visits > 0 GROUP BY member_id",
    )?;
    let rows = stmt
        .query_map([iso(from), iso(to)], |r| {
            Ok(Activity {
                id: r.get(0)?,
                last_visit: day_of(&r.get::<_, String>(1)?)?,
                visits: r.get::<_, i64>(2)?.max(0) as u64,
                spend: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every member with the local day they enrolled and their balances as they stand
/// (`member_stats`' caches).
pub fn members(conn: &Connection, offset: FixedOffset) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.created_at, COALESCE(s.credit, 0), COALESCE(s.points, 0)
         FROM members m LEFT JOIN member_stats s ON s.member_id = m.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Member {
                id: r.get(0)?,
                enrolled: local_day(&r.get::<_, String>(1)?, offset)?,
                credit: r.get(2)?,
                points: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The `sales.at_utc` bounds that hold every sale of the local days `from ..= to` whatever
/// the offset (±1 day); the local day itself is then compared exactly.
fn utc_bounds(from: NaiveDate, to: NaiveDate) -> (String, String) {
    let lo = from.checked_sub_days(Days::new(1)).unwrap_or(from);
    let hi = to.checked_add_days(Days::new(2)).unwrap_or(to);
    (iso(lo), iso(hi))
}

/// The window's sales that were not voided, guests' too (`sales_at` index).
pub fn sales(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Sale>> {
    let (lo, hi) = utc_bounds(from, to);
    let mut stmt = conn.prepare_cached(
        "SELECT s.at, s.member_id, s.paid, s.credit_earned, s.credit_redeemed FROM sales s
         WHERE s.at_utc >= ?1 AND s.at_utc < ?2 AND substr(s.at, 1, 10) BETWEEN ?3 AND ?4
           AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)",
    )?;
    let rows = stmt
        .query_map([lo, hi, iso(from), iso(to)], |r| {
            Ok(Sale {
                day: day_of(&r.get::<_, String>(0)?)?,
                member: r.get(1)?,
                paid: r.get(2)?,
                credit_earned: r.get(3)?,
                credit_redeemed: r.get(4)?,
                voided: false,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The lines of the window's sales that were not voided, one basket per sale with lines.
/// A line without a category is in the category `""`.
pub fn baskets(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Basket>> {
    let (lo, hi) = utc_bounds(from, to);
    let mut stmt = conn.prepare_cached(
        "SELECT i.sale_id, i.sku, i.qty, i.unit_price, COALESCE(i.category, '')
         FROM sales s JOIN sale_items i ON i.sale_id = s.id
         WHERE s.at_utc >= ?1 AND s.at_utc < ?2 AND substr(s.at, 1, 10) BETWEEN ?3 AND ?4
           AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)
         ORDER BY i.sale_id, i.line",
    )?;
    let mut rows = stmt.query([lo, hi, iso(from), iso(to)])?;
    let mut lines = Vec::new();
    while let Some(r) = rows.next()? {
        let sale: String = r.get(0)?;
        let qty: String = r.get(2)?;
        let line = vafa_core::sale::Item {
            sku: r.get(1)?,
            qty: qty.parse().unwrap_or_default(),
            unit_price: r.get(3)?,
            category: None,
        };
        let item = Item {
            amount: line.total().unwrap_or(0),
            sku: line.sku,
            category: r.get(4)?,
        };
        lines.push((sale, item));
    }
    Ok(Basket::group(lines))
}

/// What remains of every lot that still holds something, its last day local.
pub fn lots(conn: &Connection, offset: FixedOffset) -> Result<Vec<Lot>> {
    let mut stmt =
        conn.prepare_cached("SELECT account, remaining, expires_at FROM lots WHERE remaining > 0")?;
    let mut rows = stmt
        .query_map([], |r| {
            let kind = match r.get::<_, String>(0)?.as_str() {
                "points" => LotKind::Points,
                _ => LotKind::Credit,
            };
            let expires = match r.get::<_, Option<String>>(2)? {
                Some(t) => Some(local_day(&t, offset)?),
                None => None,
            };
            Ok(Lot {
                kind,
                remaining: r.get(1)?,
                expires,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Each gift card with a balance is one lot: its last day is the card's (blocked cards
    // still hold what they hold; an expired card's balance is breakage by its day).
    let mut gifts = conn.prepare_cached(
        "SELECT SUM(l.amount), c.expires FROM gift_cards c JOIN gift_ledger l ON l.card = c.number
         GROUP BY c.number HAVING SUM(l.amount) > 0",
    )?;
    let gift_lots = gifts
        .query_map([], |r| {
            let expires = r
                .get::<_, Option<String>>(1)?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            Ok(Lot {
                kind: LotKind::Gift,
                remaining: r.get(0)?,
                expires,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.extend(gift_lots);
    Ok(rows)
}

/// Every gift ledger entry as (local day, kind, amount), oldest first; a kind this version
/// does not know is left out.
pub fn gift_moves(conn: &Connection, offset: FixedOffset) -> Result<Vec<gift::Move>> {
    let mut stmt = conn.prepare_cached("SELECT at, kind, amount FROM gift_ledger ORDER BY seq")?;
    let rows = stmt
        .query_map([], |r| {
            let kind = gift::MoveKind::parse(&r.get::<_, String>(1)?);
            Ok(kind.map(|kind| (r.get::<_, String>(0), kind, r.get::<_, i64>(2))))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (at, kind, amount) in rows.into_iter().flatten() {
        out.push(gift::Move {
            day: local_day(&at?, offset)?,
            kind,
            amount: amount?,
        });
    }
    Ok(out)
}

/// Every gift card that holds value: its balance, the local day of its last use (its last
/// load, sale or void; else its first entry) and its last day.
pub fn gift_holdings(conn: &Connection, offset: FixedOffset) -> Result<Vec<gift::Holding>> {
    let mut stmt = conn.prepare_cached(
        "SELECT SUM(l.amount), c.expires,
                COALESCE(MAX(CASE WHEN l.kind IN ('load', 'redeem', 'void') THEN l.at END), MIN(l.at))
         FROM gift_cards c JOIN gift_ledger l ON l.card = c.number
         GROUP BY c.number HAVING SUM(l.amount) > 0",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (balance, expires, last) in rows {
        out.push(gift::Holding {
            balance,
            last_use: local_day(&last, offset)?,
            expires: expires.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        });
    }
    Ok(out)
}

/// Every offer used by a sale of the window that was not voided (`sale_offers`), by id.
/// `uses` and `sales_with` are the same count: a sale applies an offer once.
pub fn offer_uses(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<OfferUses>> {
    let (lo, hi) = utc_bounds(from, to);
    let mut stmt = conn.prepare_cached(
        "SELECT o.offer_id, s.member_id, MIN(substr(s.at, 1, 10)), COUNT(*), SUM(o.value)
         FROM sales s JOIN sale_offers o ON o.sale_id = s.id
         WHERE s.at_utc >= ?1 AND s.at_utc < ?2 AND substr(s.at, 1, 10) BETWEEN ?3 AND ?4
           AND s.member_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)
         GROUP BY o.offer_id, s.member_id ORDER BY o.offer_id, s.member_id",
    )?;
    let rows = stmt
        .query_map([lo, hi, iso(from), iso(to)], |r| {
            Ok(MemberUses {
                offer: r.get(0)?,
                member: r.get(1)?,
                first: day_of(&r.get::<_, String>(2)?)?,
                uses: r.get::<_, i64>(3)?.max(0) as u64,
                value: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(group_uses(rows))
}

/// Every member someone brought (`members_referrer`), with their spend on `from ..= to`.
pub fn referred(
    conn: &Connection,
    offset: FixedOffset,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Referred>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.referrer_id, m.created_at,
            (SELECT COALESCE(SUM(d.spend), 0) FROM member_days d
              WHERE d.member_id = m.id AND d.day >= ?1 AND d.day <= ?2 AND d.visits > 0)
         FROM members m WHERE m.referrer_id IS NOT NULL ORDER BY m.id",
    )?;
    let rows = stmt
        .query_map([iso(from), iso(to)], |r| {
            Ok(Referred {
                id: r.get(0)?,
                referrer: r.get(1)?,
                enrolled: local_day(&r.get::<_, String>(2)?, offset)?,
                spend: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One member's all-time aggregates (`member_stats`, `member_category_spend`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberTotals {
    pub id: String,
    pub enrolled: NaiveDate,
    pub credit: Rials,
    pub points: i64,
    pub total_spend: Rials,
    /// Spend per category since they joined, largest first (the category `""` left out).
    pub categories: Vec<(String, Rials)>,
}

/// The member `id`'s aggregates, or `None` when there is no such member.
pub fn member_totals(
    conn: &Connection,
    id: &str,
    offset: FixedOffset,
) -> Result<Option<MemberTotals>> {
    let row = conn
        .prepare_cached(
            "SELECT m.id, m.created_at, COALESCE(s.credit, 0), COALESCE(s.points, 0),
                COALESCE(s.total_spend, 0)
             FROM members m LEFT JOIN member_stats s ON s.member_id = m.id WHERE m.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(MemberTotals {
                id: r.get(0)?,
                enrolled: local_day(&r.get::<_, String>(1)?, offset)?,
                credit: r.get(2)?,
                points: r.get(3)?,
                total_spend: r.get(4)?,
                categories: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut row) = row else {
        return Ok(None);
    };
    row.categories = super::members::category_spend(conn, id)?
        .into_iter()
        .filter(|(c, a)| !c.is_empty() && *a > 0)
        .collect();
    Ok(Some(row))
}

/// Every (member, category) with spend since they joined (`member_category_spend`; the
/// category `""` left out), by member.
pub fn member_categories(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, category FROM member_category_spend
         WHERE amount > 0 AND category <> '' ORDER BY member_id, category",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Each member's points earned on the local days `from ..= to` (the tier window), summed
/// from `member_days`; members who earned none are left out.
pub fn points_earned(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, SUM(points_earned) FROM member_days
         WHERE day >= ?1 AND day <= ?2 GROUP BY member_id HAVING SUM(points_earned) > 0
         ORDER BY member_id",
    )?;
    let rows = stmt
        .query_map([iso(from), iso(to)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every member with a birthday: (id, ISO Gregorian day, the calendar it is kept in), by id.
pub fn birthdays(conn: &Connection) -> Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, birth_date, birth_calendar FROM members
         WHERE birth_date IS NOT NULL AND birth_date <> '' ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
