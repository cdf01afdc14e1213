//! Applying what comes down from head office to the till's database: other branches'
//! members, cards, sales, voids and ledger entries, and the chain's offers and
//! configuration. Each record is applied at most once (its id is checked first), inside
//! the caller's transaction, keeping every cache exactly as a local write would.

use crate::Db;
use rusqlite::{Connection, OptionalExtension};

use crate::members::MemberRow;
use crate::sql::Sql;
use vafa_core::error::{Error, Result};
use vafa_core::ledger::EntryKind;
use vafa_core::money::MAX_AMOUNT;
use vafa_core::protocol::{InRecord, NOTE_RECOVERY, NOTE_REPAID};
use vafa_core::record::{
    CardRecord, CardStatus, Entry, Kind, MergeRecord, Record, SaleRecord, Unreadable, VoidRecord,
};

/// What applying one record did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// Already here (a repeated delivery, or this till's own record).
    AlreadyHere,
    /// The offers or configuration changed: the caller reloads its rules.
    RulesChanged,
    /// Could not be applied here; the reason is recorded for `vafa sync status`.
    Skipped(String),
    /// A merge brought a member this till did not have: records skipped earlier for want
    /// of them must be pulled again from this cursor.
    Rewind(i64),
}

/// Why a record could not be read, for `vafa sync status`.
fn unreadable(why: Unreadable) -> String {
    match why {
        Unreadable::UnknownKind(k) => format!("unknown record kind {k}"),
        Unreadable::Payload {
            kind: Kind::Config,
            detail,
        } => format!("unreadable configuration: {detail}"),
        Unreadable::Payload { detail, .. } => format!("unreadable record: {detail}"),
    }
}

/// Whether `sql` (one `?1`) finds a row.
fn exists(conn: &Connection, sql: &str, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(sql)
        .db()?
        .query_row([key], |_| Ok(()))
        .optional()
        .db()?
        .is_some())
}

/// The spellings a card from another till is found under: those it sent, else the
/// number's own as if typed.
fn card_keys(number: &str, sent: &[String]) -> Vec<String> {
    if !sent.is_empty() {
        return sent.to_vec();
    }
    vafa_devices::typed_card(number, None)
        .map(|t| t.index_keys())
        .unwrap_or_else(|_| vec![number.to_string()])
}

fn member_known(conn: &Connection, id: &str) -> Result<bool> {
    Ok(crate::members::by_id(conn, id)?.is_some())
}

/// Applies one record, in a savepoint of the caller's transaction. A record that cannot
/// be applied here (one this till cannot read, a card decision or merge that did not come
/// from head office, an amount beyond what a till holds, or one whose writing fails for
/// anything but the database itself) is `Skipped`, recorded for `vafa sync status`, and
/// leaves no trace: the records after it, and the cursor, go on. Only a database that
/// cannot be written (disk full, I/O, locked) aborts the caller's transaction.
pub fn apply(conn: &Connection, r: &InRecord, now: &str) -> Result<Applied> {
    conn.execute_batch("SAVEPOINT apply_record").db()?;
    let outcome = match apply_here(conn, r, now).and_then(|o| sound(conn, r).map(|()| o)) {
        Ok(o) => o,
        Err(e) => {
            conn.execute_batch("ROLLBACK TO apply_record").db()?;
            match &e {
                Error::Storage { detail } if storage_down(detail) => {
                    conn.execute_batch("RELEASE apply_record").db()?;
                    return Err(e);
                }
                Error::Storage { detail } => {
                    Applied::Skipped(format!("could not be applied here: {detail}"))
                }
                other => Applied::Skipped(format!("could not be applied here: {other:?}")),
            }
        }
    };
    if let Applied::Skipped(reason) = &outcome {
        crate::sync::skip(conn, r.cursor, &r.kind, &r.record_id, reason, now)?;
    }
    conn.execute_batch("RELEASE apply_record").db()?;
    Ok(outcome)
}

/// A failure of the database itself, not of the record: the pull stops and is tried again.
fn storage_down(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    [
        "disk",
        "full",
        "i/o",
        "locked",
        "busy",
        "readonly",
        "malformed",
        "corrupt",
        "memory",
    ]
    .iter()
    .any(|w| d.contains(w))
}

/// After a record is applied: every balance it touched is still a whole number (SQLite
/// turns an integer sum that overflows into a float, which no reader takes).
fn sound(conn: &Connection, r: &InRecord) -> Result<()> {
    let Ok(record) = r.read() else {
        return Ok(());
    };
    for e in record.entries() {
        let whole: bool = conn
            .prepare_cached(
                "SELECT typeof(credit) = 'integer' AND typeof(points) = 'integer'
                     AND NOT EXISTS (SELECT 1 FROM lots WHERE member_id = ?1 AND typeof(remaining) <> 'integer')
                 FROM member_stats WHERE member_id = ?1",
            )
            .db()?
            .query_row([Sql(&e.member_id)], |row| row.get(0))
            .optional()
            .db()?
            .unwrap_or(true);
        if !whole {
            return Err(Error::Storage {
                detail: format!("entry {}: a balance beyond what a till holds", e.id),
            });
        }
    }
    Ok(())
}

/// Whether a record came from head office itself (its own records carry no branch; a
/// terminal's always carry the branch head office knows it by, whatever its payload says).
fn from_head_office(r: &InRecord) -> bool {
    r.branch.is_none()
}

fn apply_here(conn: &Connection, r: &InRecord, now: &str) -> Result<Applied> {
    let hq = from_head_office(r);
    let not_hq = |what: &str| {
        Ok(Applied::Skipped(format!(
            "{what} that did not come from head office"
        )))
    };
    match r.read() {
        Err(why) => Ok(Applied::Skipped(unreadable(why))),
        Ok(record)
            if record
                .entries()
                .iter()
                .any(|e| e.amount.unsigned_abs() > MAX_AMOUNT as u64) =>
        {
            Ok(Applied::Skipped(format!(
                "{} {}: an amount beyond what a till holds",
                record.kind(),
                record.id()
            )))
        }
        Ok(Record::Member(m)) => member(conn, m),
        Ok(Record::Card(c)) if c.resolved && !hq => not_hq("a card decision"),
        Ok(Record::Card(c)) => card(conn, &c),
        Ok(Record::Sale(s)) => sale(conn, *s),
        Ok(Record::Void(v)) => void(conn, &v),
        Ok(Record::Entry(e))
            if !hq && matches!(e.note.as_deref(), Some(NOTE_RECOVERY | NOTE_REPAID)) =>
        {
            not_hq("an overdraft recovery")
        }
        Ok(Record::Entry(e)) => entry(conn, &e),
        Ok(Record::Merge(_)) if !hq => not_hq("a merge"),
        Ok(Record::Merge(m)) => merge(conn, m, now),
        Ok(Record::Offer(o)) => {
            let json = serde_json::to_string(&o).map_err(|e| Error::Storage {
                detail: e.to_string(),
            })?;
            crate::offers::upsert(conn, &o.id, &json, now)?;
            Ok(Applied::RulesChanged)
        }
        Ok(Record::Config(c)) => {
            let json = serde_json::to_string(&c).map_err(|e| Error::Storage {
                detail: e.to_string(),
            })?;
            crate::settings::put(conn, "config", &json, now)?;
            Ok(Applied::RulesChanged)
        }
        // A till's own switches and calendar stay on that till (head office sends none).
        Ok(r @ (Record::OfferStatus(_) | Record::Occasions(_))) => Ok(Applied::Skipped(format!(
            "a till's own {} record is not applied on another till",
            r.kind()
        ))),
    }
}

fn member(conn: &Connection, mut m: MemberRow) -> Result<Applied> {
    if let Some(r) = &m.referrer_id
        && !member_known(conn, r)?
    {
        m.referrer_id = None;
    }
    if let Some(other) = crate::members::by_mobile(conn, &m.mobile)?
        && other.id != m.id
    {
        return Ok(Applied::Skipped(format!(
            "mobile {} is enrolled here as another member ({}): head office reports the conflict",
            m.mobile, other.id
        )));
    }
    match crate::members::by_id(conn, &m.id)? {
        None => crate::members::insert(conn, &m)?,
        Some(here) if here.updated_at < m.updated_at => crate::members::update(conn, &m)?,
        Some(_) => return Ok(Applied::AlreadyHere),
    }
    Ok(Applied::Done)
}

fn card(conn: &Connection, c: &CardRecord) -> Result<Applied> {
    use CardStatus::{Active, Blocked};
    if !member_known(conn, &c.member_id)? {
        return Ok(Applied::Skipped(format!(
            "card {}: its member is not here",
            c.number
        )));
    }
    let here = crate::cards::by_number(conn, &c.number)?;
    match (here, c.status) {
        (None, Active) => {
            let keys = card_keys(&c.number, c.keys.as_deref().unwrap_or_default());
            crate::cards::insert(conn, &c.number, &c.member_id, &keys, &c.at)?;
        }
        (Some(h), Active) if h.member_id != c.member_id && c.resolved => {
            conn.prepare_cached(
                "UPDATE cards SET member_id = ?2, status = 'active', reason = NULL, changed_at = ?3 WHERE number = ?1",
            ).db()?
            .execute(rusqlite::params![Sql(&h.number), Sql(&c.member_id), c.at]).db()?;
        }
        (Some(h), Active) if h.member_id != c.member_id && h.status == Active => {
            return Ok(Applied::Skipped(format!(
                "card {} is given to another member here: head office reports the conflict",
                c.number
            )));
        }
        (Some(h), Blocked) if h.status != Blocked => {
            crate::cards::block(
                conn,
                &c.number,
                c.reason.as_deref().unwrap_or(""),
                c.replaced_by.as_deref(),
                &c.at,
            )?;
        }
        (None, Blocked) => {
            return Ok(Applied::Skipped(format!(
                "card {} is unknown here",
                c.number
            )));
        }
        (Some(_), Active | Blocked) => return Ok(Applied::AlreadyHere),
    }
    Ok(Applied::Done)
}

fn sale(conn: &Connection, w: SaleRecord) -> Result<Applied> {
    let mut row = w.sale;
    if crate::sales::by_id(conn, &row.id)?.is_some() {
        return Ok(Applied::AlreadyHere);
    }
    if let Some(m) = &row.member_id
        && !member_known(conn, m)?
    {
        return Ok(Applied::Skipped(format!(
            "sale {}: its member is not here",
            row.id
        )));
    }
    if row.offers.is_empty() {
        row.offers = "[]".into();
    }
    crate::sales::insert(conn, &row, &w.items)?;
    if let Some(m) = &row.member_id {
        crate::members::count_visit(conn, m, &row, &w.items, 1)?;
    }
    for e in &w.entries {
        entry(conn, e)?;
    }
    Ok(Applied::Done)
}

fn void(conn: &Connection, w: &VoidRecord) -> Result<Applied> {
    let Some(sale) = crate::sales::by_id(conn, &w.sale_id)? else {
        return Ok(Applied::Skipped(format!(
            "void {}: its sale is not here",
            w.id
        )));
    };
    if crate::sales::is_voided(conn, &w.sale_id)? {
        return Ok(Applied::AlreadyHere);
    }
    for e in &w.entries {
        entry(conn, e)?;
    }
    crate::sales::mark_void(conn, &sale, &w.id, w.reason.as_deref(), &w.at)?;
    Ok(Applied::Done)
}

/// Appends another branch's (or head office's) ledger entry. What it draws beyond what
/// its lot holds here (two branches spent one balance while apart) becomes the lot's
/// shortfall, which the member owes until head office recovers it (`crate::ledger::append`).
fn entry(conn: &Connection, w: &Entry) -> Result<Applied> {
    if crate::ledger::has_entry(conn, &w.id)? {
        return Ok(Applied::AlreadyHere);
    }
    if !member_known(conn, &w.member_id)? {
        return Ok(Applied::Skipped(format!(
            "entry {}: its member is not here",
            w.id
        )));
    }
    if let Some(s) = &w.sale_id
        && crate::sales::by_id(conn, s)?.is_none()
    {
        return Ok(Applied::Skipped(format!(
            "entry {}: its sale is not here",
            w.id
        )));
    }
    if let Some(lot) = &w.lot_id
        && crate::ledger::lot_remaining(conn, lot)?.is_none()
    {
        return Ok(Applied::Skipped(format!(
            "entry {}: its lot {lot} is not here",
            w.id
        )));
    }
    // The shapes the ledger holds: a gift opens a lot, a draw names one, and only a void
    // or an adjustment gives back to a lot.
    let shaped = match (w.amount.signum(), &w.lot_id) {
        (1, None) | (-1, Some(_)) => true,
        (1, Some(_)) => matches!(w.kind, EntryKind::Void | EntryKind::Adjust),
        _ => false,
    };
    if !shaped {
        return Ok(Applied::Skipped(format!(
            "entry {}: not a possible ledger entry",
            w.id
        )));
    }
    crate::ledger::append(conn, w)?;
    Ok(Applied::Done)
}

/// Head office merged `from` into `keep` (one person enrolled twice): `keep` takes the
/// mobile, the cards, the visit aggregates and (by the entries) the balance; `from`'s
/// history stays under its id.
fn merge(conn: &Connection, w: MergeRecord, now: &str) -> Result<Applied> {
    if exists(
        conn,
        "SELECT 1 FROM sync_merges WHERE from_id = ?1",
        &w.from,
    )? {
        return Ok(Applied::AlreadyHere);
    }
    let keep = w.keep.id.clone();
    let from_here = member_known(conn, &w.from)?;
    if from_here {
        // The mobile passes to `keep`; `from` keeps its history under a marker.
        conn.prepare_cached("UPDATE members SET mobile = ?2 WHERE id = ?1")
            .db()?
            .execute(rusqlite::params![
                Sql(&w.from),
                format!("merged:{}", w.from)
            ])
            .db()?;
    }
    let keep_was_here = member_known(conn, &keep)?;
    if !keep_was_here {
        if let Some(other) = crate::members::by_mobile(conn, &w.keep.mobile)? {
            return Ok(Applied::Skipped(format!(
                "merge: mobile {} is enrolled here as {}",
                w.keep.mobile, other.id
            )));
        }
        let mut row = w.keep.clone();
        if row
            .referrer_id
            .as_deref()
            .is_some_and(|r| !member_known(conn, r).unwrap_or(false))
        {
            row.referrer_id = None;
        }
        crate::members::insert(conn, &row)?;
    }
    if from_here {
        conn.prepare_cached("UPDATE cards SET member_id = ?1 WHERE member_id = ?2")
            .db()?
            .execute([Sql(&keep), Sql(&w.from)])
            .db()?;
        conn.prepare_cached(
            "UPDATE member_stats SET
                visits = visits + (SELECT visits FROM member_stats WHERE member_id = ?2),
                total_spend = total_spend + (SELECT total_spend FROM member_stats WHERE member_id = ?2),
                first_visit = (SELECT MIN(v) FROM (SELECT first_visit AS v FROM member_stats WHERE member_id IN (?1, ?2))),
                last_visit = (SELECT MAX(v) FROM (SELECT last_visit AS v FROM member_stats WHERE member_id IN (?1, ?2)))
             WHERE member_id = ?1",
        ).db()?
        .execute([Sql(&keep), Sql(&w.from)]).db()?;
        conn.prepare_cached(
            "INSERT INTO member_days (member_id, day, visits, spend, points_earned)
             SELECT ?1, day, visits, spend, points_earned FROM member_days WHERE member_id = ?2 AND true
             ON CONFLICT (member_id, day) DO UPDATE SET visits = visits + excluded.visits,
                spend = spend + excluded.spend, points_earned = points_earned + excluded.points_earned",
        ).db()?
        .execute([Sql(&keep), Sql(&w.from)]).db()?;
    }
    for e in &w.entries {
        entry(conn, e)?;
    }
    for c in &w.cards {
        if crate::cards::by_number(conn, &c.number)?.is_none() {
            crate::cards::insert(conn, &c.number, &keep, &card_keys(&c.number, &[]), &w.at)?;
        }
    }
    conn.prepare_cached("INSERT INTO sync_merges (from_id, keep_id, at) VALUES (?1, ?2, ?3)")
        .db()?
        .execute(rusqlite::params![Sql(&w.from), Sql(&keep), now])
        .db()?;
    if !keep_was_here {
        // Records of `keep` were skipped here before: pull again from the first of them.
        let first: Option<i64> = conn
            .query_row("SELECT MIN(cursor) FROM sync_skipped", [], |r| r.get(0))
            .db()?;
        if let Some(c) = first {
            conn.execute("DELETE FROM sync_skipped", []).db()?;
            return Ok(Applied::Rewind(c - 1));
        }
    }
    Ok(Applied::Done)
}
