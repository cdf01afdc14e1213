//! The append-only money ledger, its lot cache, and the check that caches equal sums.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, named_params};

use super::Result;
use vafa_core::ledger::{Account, EntryKind, Lot};
use vafa_core::lot::{LotState, OnLot, Settled, settle};
use vafa_core::overdraft::may_spend;

use super::members;
use super::sql::{Sql, get, opt};

/// One ledger entry as written (and as it travels to head office).
pub use vafa_core::record::Entry;

/// Appends an entry and keeps the caches (lot remaining, member balance) in step.
/// A positive entry without `lot_id` opens a lot; any entry with `lot_id` changes that lot
/// as `vafa_core::lot::settle` says: a lot never goes below zero here, what a draw finds
/// missing is counted in the lot's net and owed as its shortfall, and a gift repays the
/// shortfall before it refills the lot. The ledger row holds what the entry did to this
/// till's lot; the caller's `e` (what travels to head office) keeps the amount as written.
/// Returns the row's sequence number, or 0 when the entry changed nothing of the lot.
pub fn append(conn: &Connection, e: &Entry) -> Result<i64> {
    let (amount, lot_expiry) = match &e.lot_id {
        Some(lot) => {
            let here = lot_state(conn, lot, &e.member_id, e.account.as_str())?;
            let kind = e.kind;
            let s = settle(
                here.state,
                here.unplaced,
                OnLot::new(e.amount, kind, e.note.as_deref()),
            );
            write_settled(conn, e, lot, &s)?;
            (s.applied, here.expires_at)
        }
        None => (e.amount, None),
    };
    if amount == 0 {
        // Nothing to write (an expiry of an empty lot, a draw or repayment wholly in a
        // shortfall): remembered all the same, so that the entry counts once.
        conn.prepare_cached(
            "INSERT INTO ledger_noop (entry_id) VALUES (?1) ON CONFLICT (entry_id) DO NOTHING",
        )?
        .execute([Sql(&e.id)])?;
        return Ok(0);
    }
    conn.prepare_cached(
        "INSERT INTO ledger (id, member_id, account, amount, kind, lot_id, expires_at, sale_id, at, branch, note)
         VALUES (:id, :m, :acc, :amt, :kind, :lot, :exp, :sale, :at, :branch, :note)",
    )?
    .execute(named_params! {
        ":id": Sql(&e.id), ":m": Sql(&e.member_id), ":acc": Sql(&e.account), ":amt": amount,
        ":kind": Sql(&e.kind), ":lot": opt(&e.lot_id), ":exp": e.expires_at,
        ":sale": opt(&e.sale_id), ":at": e.at, ":branch": Sql(&e.branch), ":note": e.note,
    })?;
    let seq = conn.last_insert_rowid();
    match &e.lot_id {
        None => {
            if let Some(exp) = &e.expires_at {
                lower_next_expiry(conn, &e.member_id, exp)?;
            }
            conn.prepare_cached(
                "INSERT INTO lots (lot_id, member_id, account, remaining, expires_at, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![
                Sql(&e.id),
                Sql(&e.member_id),
                Sql(&e.account),
                amount,
                e.expires_at,
                seq
            ])?;
        }
        Some(lot) => {
            conn.prepare_cached("UPDATE lots SET remaining = remaining + ?2 WHERE lot_id = ?1")?
                .execute(rusqlite::params![Sql(lot), amount])?;
            if amount > 0
                && let Some(exp) = &lot_expiry
            {
                // Credit given back to a lot that expires.
                lower_next_expiry(conn, &e.member_id, exp)?;
            }
        }
    }
    members::add_balance(conn, &e.member_id, e.account, amount)?;
    Ok(seq)
}

/// What this till holds of one lot, as the lot rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TillLot {
    pub state: LotState,
    pub expires_at: Option<String>,
    /// The member's debt in the lot's account that no lot holds (kept from schema 6).
    pub unplaced: i64,
}

/// Lot `lot` of `member_id` in `account` as this till holds it (a lot that is not here
/// holds nothing).
pub fn lot_state(conn: &Connection, lot: &str, member_id: &str, account: &str) -> Result<TillLot> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT remaining FROM lots WHERE lot_id = ?1),
                    (SELECT expires_at FROM lots WHERE lot_id = ?1),
                    (SELECT COALESCE(-SUM(amount), 0) FROM ledger WHERE lot_id = ?1 AND kind = 'expire'),
                    (SELECT COALESCE(SUM(amount), 0) FROM lot_unapplied WHERE lot_id = ?1),
                    (SELECT COALESCE(SUM(amount), 0) FROM shortfall
                     WHERE lot_id = ?1 AND member_id = ?2 AND account = ?3),
                    (SELECT COALESCE(SUM(amount), 0) FROM shortfall
                     WHERE lot_id IS NULL AND member_id = ?2 AND account = ?3)",
        )?
        .query_row([lot, member_id, account], |r| {
            Ok(TillLot {
                state: LotState {
                    remaining: r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                    expired: r.get(2)?,
                    unheld: r.get(3)?,
                    owed: r.get(4)?,
                },
                expires_at: r.get(1)?,
                unplaced: r.get(5)?,
            })
        })?)
}

/// Writes what `vafa_core::lot::settle` said entry `e` did to `lot` beyond its row: the
/// lot's shortfall or the member's unplaced debt, and the part the lot counts unheld.
fn write_settled(conn: &Connection, e: &Entry, lot: &str, s: &Settled) -> Result<()> {
    for (on, amount) in [(Some(lot), s.owed), (None, s.unplaced)] {
        if amount != 0 {
            conn.prepare_cached(
                "INSERT INTO shortfall (entry_id, lot_id, member_id, account, amount, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![
                Sql(&e.id),
                on,
                Sql(&e.member_id),
                Sql(&e.account),
                amount,
                e.at
            ])?;
        }
    }
    if s.unheld != 0 {
        conn.prepare_cached(
            "INSERT INTO lot_unapplied (entry_id, lot_id, member_id, account, kind, sale_id, amount)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(rusqlite::params![
            Sql(&e.id),
            lot,
            Sql(&e.member_id),
            Sql(&e.account),
            Sql(&e.kind),
            opt(&e.sale_id),
            s.unheld
        ])?;
    }
    Ok(())
}

/// Whether entry `id` is on this till: in the ledger, in a shortfall, or applied with
/// nothing to change (`ledger_noop`).
pub fn has_entry(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM ledger WHERE id = ?1)
                 OR EXISTS (SELECT 1 FROM shortfall WHERE entry_id = ?1)
                 OR EXISTS (SELECT 1 FROM lot_unapplied WHERE entry_id = ?1)
                 OR EXISTS (SELECT 1 FROM ledger_noop WHERE entry_id = ?1)",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// (credit, points) the member owes: what other branches drew from their lots beyond
/// what the lots held, not yet recovered. Members head office merged into this one
/// (and into them, and so on) bring what they owed.
pub fn owed(conn: &Connection, member_id: &str) -> Result<(i64, i64)> {
    // A swipe pays for this: most members were never merged into, so their own rows are
    // one indexed read; only a member head office merged others into walks the merges.
    let merged: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_merges WHERE keep_id = ?1)")?
        .query_row([member_id], |r| r.get(0))?;
    let sql = if merged {
        "SELECT COALESCE(SUM(CASE WHEN account = 'credit' THEN amount END), 0),
                COALESCE(SUM(CASE WHEN account = 'points' THEN amount END), 0)
         FROM shortfall
         WHERE member_id IN (
             WITH RECURSIVE merged(id) AS (
                 SELECT ?1 UNION SELECT s.from_id FROM sync_merges s JOIN merged ON s.keep_id = merged.id)
             SELECT id FROM merged)"
    } else {
        "SELECT COALESCE(SUM(CASE WHEN account = 'credit' THEN amount END), 0),
                COALESCE(SUM(CASE WHEN account = 'points' THEN amount END), 0)
         FROM shortfall WHERE member_id = ?1"
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([member_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

fn parse_utc(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The member's lots that still hold something and have not expired at `now`.
/// One line of a member's statement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StatementLine {
    pub at: String,
    pub account: String,
    pub amount: i64,
    pub kind: String,
    pub sale_id: Option<String>,
    pub note: Option<String>,
}

/// A member's latest ledger entries, newest first.
pub fn statement(conn: &Connection, member_id: &str, limit: i64) -> Result<Vec<StatementLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, account, amount, kind, sale_id, note FROM ledger
         WHERE member_id = ?1 ORDER BY seq DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![member_id, limit], |r| {
            Ok(StatementLine {
                at: r.get(0)?,
                account: r.get(1)?,
                amount: r.get(2)?,
                kind: r.get(3)?,
                sale_id: r.get(4)?,
                note: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The credit a sale earned its member, lot by lot, in order: (the entry's note, amount).
/// An offer's lot carries the note `offer:ID`; the shop's cashback none.
pub fn credit_earned_of_sale(
    conn: &Connection,
    sale_id: &str,
    member_id: &str,
) -> Result<Vec<(Option<String>, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT note, amount FROM ledger
         WHERE sale_id = ?1 AND member_id = ?2 AND account = ?3 AND kind = ?4 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map(
            rusqlite::params![
                sale_id,
                member_id,
                Sql(&Account::Credit),
                Sql(&EntryKind::Earn)
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn live_lots(
    conn: &Connection,
    member_id: &str,
    account: Account,
    now: DateTime<Utc>,
) -> Result<Vec<Lot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT lot_id, remaining, expires_at, seq FROM lots
         WHERE member_id = ?1 AND account = ?2 AND remaining > 0",
    )?;
    let rows = stmt
        .query_map([member_id, account.as_str()], |r| {
            let exp: Option<String> = r.get(2)?;
            Ok(Lot {
                id: r.get(0)?,
                remaining: r.get(1)?,
                expires_at: exp.as_deref().and_then(parse_utc),
                seq: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|l| l.expires_at.is_none_or(|e| e > now))
        .collect())
}

/// Keeps `member_stats.next_expiry` at or before every live lot's expiry.
fn lower_next_expiry(conn: &Connection, member_id: &str, expires_at: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE member_stats SET next_expiry = ?2
         WHERE member_id = ?1 AND (next_expiry IS NULL OR next_expiry > ?2)",
    )?
    .execute([member_id, expires_at])?;
    Ok(())
}

/// Sets `member_stats.next_expiry` to the member's true earliest live-lot expiry.
fn recompute_next_expiry(conn: &Connection, member_id: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE member_stats SET next_expiry = (
             SELECT MIN(expires_at) FROM lots
             WHERE member_id = ?1 AND remaining > 0 AND expires_at IS NOT NULL)
         WHERE member_id = ?1",
    )?
    .execute([member_id])?;
    Ok(())
}

/// (credit, points) the member may spend at `now`: what their live lots hold less what
/// they owe (`owed`). While nothing of theirs can have expired (`next_expiry` is later
/// than `now`), the lots' sum is the balance cache as it is; otherwise one pass over
/// their live lots.
pub fn spendable(conn: &Connection, member_id: &str, now: DateTime<Utc>) -> Result<(i64, i64)> {
    Ok(standing(conn, member_id, now)?.0)
}

/// ((credit, points) the member may spend at `now`, (credit, points) they owe): what a
/// till shows of a member, each read once.
pub fn standing(
    conn: &Connection,
    member_id: &str,
    now: DateTime<Utc>,
) -> Result<((i64, i64), (i64, i64))> {
    let cached: Option<(i64, i64, Option<String>)> = conn
        .prepare_cached(
            "SELECT credit, points, next_expiry FROM member_stats WHERE member_id = ?1",
        )?
        .query_row([member_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let held = match cached {
        Some((credit, points, next)) if next.as_deref().is_none_or(|n| n > utc(now).as_str()) => {
            (credit, points)
        }
        _ => held(conn, member_id, now)?,
    };
    let owed = owed(conn, member_id)?;
    Ok((less(held, owed), owed))
}

/// (credit, points) the member may spend at `now`, in one pass over their live lots.
pub fn balances(conn: &Connection, member_id: &str, now: DateTime<Utc>) -> Result<(i64, i64)> {
    Ok(less(held(conn, member_id, now)?, owed(conn, member_id)?))
}

/// What is held less what is owed, per account (`vafa_core::overdraft::may_spend`).
fn less((credit, points): (i64, i64), (oc, op): (i64, i64)) -> (i64, i64) {
    (may_spend(credit, oc), may_spend(points, op))
}

/// What the member's live lots hold at `now`.
fn held(conn: &Connection, member_id: &str, now: DateTime<Utc>) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(CASE WHEN account = 'credit' THEN remaining END), 0),
                    COALESCE(SUM(CASE WHEN account = 'points' THEN remaining END), 0)
             FROM lots
             WHERE member_id = ?1 AND remaining > 0 AND (expires_at IS NULL OR expires_at > ?2)",
        )?
        .query_row(rusqlite::params![member_id, utc(now)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
}

/// Lot expiry times are stored as RFC 3339 in UTC, so they compare as strings.
fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

/// Writes `expire` entries for every lot of the member that has expired by `now`.
/// Returns the entries written.
pub fn expire_due(
    conn: &Connection,
    member_id: &str,
    now: DateTime<Utc>,
    at: &str,
    branch: &str,
) -> Result<Vec<Entry>> {
    // Nothing can have expired before the member's next expiry: skip reading the lots.
    let next: Option<Option<String>> = conn
        .prepare_cached("SELECT next_expiry FROM member_stats WHERE member_id = ?1")?
        .query_row([member_id], |r| r.get(0))
        .optional()?;
    if let Some(next) = next
        && next.as_deref().is_none_or(|n| n > utc(now).as_str())
    {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT lot_id, account, remaining FROM lots
         WHERE member_id = ?1 AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?2",
    )?;
    let due: Vec<(String, Account, i64)> = stmt
        .query_map(rusqlite::params![member_id, utc(now)], |r| {
            Ok((r.get(0)?, get(r, 1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (lot, account, remaining) in due {
        let mut e = Entry::new(
            member_id,
            account,
            -remaining,
            EntryKind::Expire,
            at,
            branch,
        );
        e.lot_id = Some(lot.into());
        append(conn, &e)?;
        out.push(e);
    }
    if !out.is_empty() {
        recompute_next_expiry(conn, member_id)?;
    }
    Ok(out)
}

/// Remaining amount of one lot, if it exists.
pub fn lot_remaining(conn: &Connection, lot_id: &str) -> Result<Option<(i64, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT remaining, expires_at FROM lots WHERE lot_id = ?1")?
        .query_row([lot_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// (member id, entry id, account, amount, kind, lot id) of an entry written for a sale.
pub type SaleEntry = (String, String, String, i64, String, Option<String>);

/// Entries written for a sale, in order, each with its amount as written.
pub fn of_sale(conn: &Connection, sale_id: &str) -> Result<Vec<SaleEntry>> {
    // As written: a row here and the part it does not hold, or only that part (another
    // branch's draw that found its lot empty here), so that a void gives back all of it.
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, id, account,
                amount + COALESCE((SELECT u.amount FROM lot_unapplied u WHERE u.entry_id = l.id), 0),
                kind, lot_id, seq
         FROM ledger l WHERE sale_id = ?1
         UNION ALL
         SELECT member_id, entry_id, account, amount, kind, lot_id, 0 FROM lot_unapplied u
         WHERE sale_id = ?1 AND NOT EXISTS (SELECT 1 FROM ledger WHERE id = u.entry_id)
         ORDER BY 7, 2",
    )?;
    let rows = stmt
        .query_map([sale_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A break in the ledger's invariants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation(pub String);

/// Checks that every cached balance equals the sum of its entries, every lot's cached
/// remaining equals its amount plus what was drawn on it, and nothing is below zero.
pub fn verify(conn: &Connection) -> Result<Vec<Violation>> {
    let mut out = Vec::new();
    let mut q = |sql: &str, what: &str| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, cached, summed) in rows {
            out.push(Violation(format!(
                "{what} {id}: cached {cached}, entries sum to {summed}"
            )));
        }
        Ok(())
    };
    q(
        "SELECT s.member_id, s.credit, COALESCE(SUM(l.amount), 0) AS t FROM member_stats s
         LEFT JOIN ledger l ON l.member_id = s.member_id AND l.account = 'credit'
         GROUP BY s.member_id HAVING s.credit <> t OR t < 0",
        "credit balance of member",
    )?;
    q(
        "SELECT s.member_id, s.points, COALESCE(SUM(l.amount), 0) AS t FROM member_stats s
         LEFT JOIN ledger l ON l.member_id = s.member_id AND l.account = 'points'
         GROUP BY s.member_id HAVING s.points <> t OR t < 0",
        "points balance of member",
    )?;
    q(
        "SELECT lot_id, remaining, t FROM (
             SELECT o.lot_id, o.remaining,
                 e.amount + COALESCE((SELECT SUM(d.amount) FROM ledger d WHERE d.lot_id = o.lot_id), 0) AS t
             FROM lots o JOIN ledger e ON e.id = o.lot_id)
         WHERE remaining <> t OR t < 0",
        "lot",
    )?;
    q(
        "SELECT s.member_id, s.credit, COALESCE(l.t, 0) FROM member_stats s
         LEFT JOIN (SELECT member_id, SUM(remaining) AS t FROM lots WHERE account = 'credit' GROUP BY member_id) l
             ON l.member_id = s.member_id
         WHERE s.credit <> COALESCE(l.t, 0)",
        "credit lots of member",
    )?;
    q(
        "SELECT lot_id, SUM(amount), 0 FROM shortfall GROUP BY lot_id HAVING SUM(amount) < 0",
        "shortfall repaid beyond what was owed, lot",
    )?;
    q(
        "SELECT e.id, 0, 0 FROM ledger e WHERE e.amount > 0 AND e.lot_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM lots o WHERE o.lot_id = e.id)",
        "entry without its lot",
    )?;
    Ok(out)
}
