//! Lotteries and surveys (schema 10): their rows, the tickets a window's sales earn, the
//! survey call list and the answers.

use rusqlite::{Connection, OptionalExtension, named_params};

use super::Result;

/// A lottery as stored. `seed` is secret until `drawn` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotteryRow {
    pub id: String,
    pub name: String,
    pub from_day: String,
    pub to_day: String,
    pub per: Option<i64>,
    pub min_visits: i64,
    /// JSON array of tier names (empty: every member).
    pub tiers: String,
    pub winners: i64,
    pub seed: String,
    pub commitment: String,
    pub created_at: String,
    /// The frozen canonical entry list, its hash and the winners (JSON), once drawn.
    pub entry_list: Option<String>,
    pub list_hash: Option<String>,
    pub drawn: Option<String>,
    pub drawn_at: Option<String>,
}

pub fn lottery_insert(conn: &Connection, l: &LotteryRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO lotteries (id, name, from_day, to_day, per, min_visits, tiers, winners, seed, commitment, created_at)
         VALUES (:id, :name, :from, :to, :per, :min, :tiers, :winners, :seed, :commitment, :at)",
    )?
    .execute(named_params! {
        ":id": l.id, ":name": l.name, ":from": l.from_day, ":to": l.to_day, ":per": l.per,
        ":min": l.min_visits, ":tiers": l.tiers, ":winners": l.winners, ":seed": l.seed,
        ":commitment": l.commitment, ":at": l.created_at,
    })?;
    Ok(())
}

pub fn lottery(conn: &Connection, id: &str) -> Result<Option<LotteryRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name, from_day, to_day, per, min_visits, tiers, winners, seed, commitment,
                    created_at, entry_list, list_hash, drawn, drawn_at
             FROM lotteries WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(LotteryRow {
                id: r.get(0)?,
                name: r.get(1)?,
                from_day: r.get(2)?,
                to_day: r.get(3)?,
                per: r.get(4)?,
                min_visits: r.get(5)?,
                tiers: r.get(6)?,
                winners: r.get(7)?,
                seed: r.get(8)?,
                commitment: r.get(9)?,
                created_at: r.get(10)?,
                entry_list: r.get(11)?,
                list_hash: r.get(12)?,
                drawn: r.get(13)?,
                drawn_at: r.get(14)?,
            })
        })
        .optional()?)
}

/// Every lottery's id, newest first (by creation).
pub fn lottery_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM lotteries ORDER BY created_at DESC, id")?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Records the draw, only if the lottery was not drawn yet; false if it was.
pub fn lottery_draw(
    conn: &Connection,
    id: &str,
    entry_list: &str,
    list_hash: &str,
    drawn: &str,
    at: &str,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE lotteries SET entry_list = :list, list_hash = :hash, drawn = :drawn, drawn_at = :at
             WHERE id = :id AND drawn IS NULL",
        )?
        .execute(named_params! {":id": id, ":list": entry_list, ":hash": list_hash, ":drawn": drawn, ":at": at})?;
    Ok(n == 1)
}

/// A member's sales in a window: the local days with a sale and what they paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Takings {
    pub member_id: String,
    pub visits: u64,
    pub paid: i64,
}

/// Per member, the sales of local days `from ..= to` (`YYYY-MM-DD`) that were not voided.
/// (`at_utc` bounds the scan to the `sales_at` index; `at`'s local day decides.)
pub fn takings(conn: &Connection, from: &str, to: &str) -> Result<Vec<Takings>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.member_id, COUNT(DISTINCT substr(s.at, 1, 10)), SUM(s.paid)
         FROM sales s
         WHERE s.member_id IS NOT NULL
           AND s.at_utc >= date(:from, '-1 day') AND s.at_utc < date(:to, '+2 day')
           AND substr(s.at, 1, 10) BETWEEN :from AND :to
           AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)
         GROUP BY s.member_id ORDER BY s.member_id",
    )?;
    let rows = stmt
        .query_map(named_params! {":from": from, ":to": to}, |r| {
            Ok(Takings {
                member_id: r.get(0)?,
                visits: r.get::<_, i64>(1)?.try_into().unwrap_or(0),
                paid: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn survey_put(
    conn: &Connection,
    id: &str,
    name: &str,
    definition: &str,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO surveys (id, name, definition, imported_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition,
             imported_at = excluded.imported_at",
    )?
    .execute(rusqlite::params![id, name, definition, at])?;
    Ok(())
}

/// A survey's stored definition (JSON).
pub fn survey(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT definition FROM surveys WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Every survey: id and name, by name.
pub fn surveys(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM surveys ORDER BY name, id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Someone to call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub member_id: String,
    pub first_name: String,
    pub last_name: String,
    pub mobile: String,
    pub last_visit: String,
    /// Calls already made for this survey (unreachable or later).
    pub tries: i64,
}

/// Members who visited on or after `since` (a local day), have not answered `survey`, and
/// were not called for it `today`: those never called first, then by last visit, newest
/// first.
pub fn call_list(
    conn: &Connection,
    survey: &str,
    since: &str,
    today: &str,
    limit: i64,
) -> Result<Vec<CallRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.first_name, m.last_name, m.mobile, MAX(d.day),
                (SELECT COUNT(*) FROM survey_calls c WHERE c.survey_id = :s AND c.member_id = m.id) AS tries
         FROM member_days d JOIN members m ON m.id = d.member_id
         WHERE d.visits > 0 AND d.day >= :since
           AND NOT EXISTS (SELECT 1 FROM survey_calls c WHERE c.survey_id = :s AND c.member_id = m.id
                           AND (c.outcome = 'answered' OR substr(c.at, 1, 10) = :today))
         GROUP BY m.id
         ORDER BY tries, MAX(d.day) DESC, m.id
         LIMIT :n",
    )?;
    let rows = stmt
        .query_map(
            named_params! {":s": survey, ":since": since, ":today": today, ":n": limit},
            |r| {
                Ok(CallRow {
                    member_id: r.get(0)?,
                    first_name: r.get(1)?,
                    last_name: r.get(2)?,
                    mobile: r.get(3)?,
                    last_visit: r.get(4)?,
                    tries: r.get(5)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The branch and cashier of the member's last sale that was not voided.
pub fn last_sale_place(
    conn: &Connection,
    member: &str,
) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.branch, c.cashier FROM sales s LEFT JOIN sale_cashier c ON c.sale_id = s.id
             WHERE s.member_id = ?1 AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)
             ORDER BY s.at_utc DESC LIMIT 1",
        )?
        .query_row([member], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// One call, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call<'a> {
    pub survey_id: &'a str,
    pub member_id: &'a str,
    /// `answered`, `unreachable` or `later`.
    pub outcome: &'a str,
    /// JSON object QUESTION → value.
    pub answers: &'a str,
    pub note: Option<&'a str>,
    pub branch: Option<&'a str>,
    pub cashier: Option<&'a str>,
    pub staff: &'a str,
    pub at: &'a str,
}

pub fn call_insert(conn: &Connection, c: &Call) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO survey_calls (survey_id, member_id, outcome, answers, note, branch, cashier, staff, at)
         VALUES (:s, :m, :o, :a, :note, :b, :c, :staff, :at)",
    )?
    .execute(named_params! {
        ":s": c.survey_id, ":m": c.member_id, ":o": c.outcome, ":a": c.answers, ":note": c.note,
        ":b": c.branch, ":c": c.cashier, ":staff": c.staff, ":at": c.at,
    })?;
    Ok(())
}

pub fn answered(conn: &Connection, survey: &str, member: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM survey_calls WHERE survey_id = ?1 AND member_id = ?2 AND outcome = 'answered'",
        )?
        .query_row([survey, member], |_| Ok(()))
        .optional()?
        .is_some())
}

/// An answered call: member, branch, cashier, answers (JSON object).
pub type Answered = (String, Option<String>, Option<String>, String);

pub fn answers(conn: &Connection, survey: &str) -> Result<Vec<Answered>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, branch, cashier, answers FROM survey_calls
         WHERE survey_id = ?1 AND outcome = 'answered' ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([survey], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
