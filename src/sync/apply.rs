//! Applying what comes down from head office to the till's database: other branches'
//! members, cards, sales, voids and ledger entries, and the chain's offers and
//! configuration. Each record is applied at most once (its id is checked first), inside
//! the caller's transaction, keeping every cache exactly as a local write would.

use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::Value;

use crate::domain::ledger::{Account, EntryKind};
use crate::domain::sale::Item;
use crate::error::{Error, Result};
use crate::store::{self, ledger::Entry, members::MemberRow, sales::SaleRow};
use crate::sync::protocol::{EntryRecord, InRecord};

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
}

#[derive(Debug, Clone, Deserialize)]
struct WireSale {
    sale: SaleRow,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    entries: Vec<EntryRecord>,
}

#[derive(Debug, Clone, Deserialize)]
struct WireVoid {
    id: String,
    sale_id: String,
    reason: Option<String>,
    at: String,
    #[serde(default)]
    entries: Vec<EntryRecord>,
}

#[derive(Debug, Clone, Deserialize)]
struct WireCard {
    number: String,
    member_id: String,
    status: String,
    reason: Option<String>,
    replaced_by: Option<String>,
    at: String,
    #[serde(default)]
    keys: Vec<String>,
}

fn parse<T: for<'de> Deserialize<'de>>(v: &Value) -> std::result::Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| format!("unreadable record: {e}"))
}

fn static_account(s: &str) -> Option<&'static str> {
    Account::parse(s).map(Account::as_str)
}

fn static_kind(s: &str) -> Option<&'static str> {
    Some(match s {
        "earn" => EntryKind::Earn.as_str(),
        "redeem" => EntryKind::Redeem.as_str(),
        "void" => EntryKind::Void.as_str(),
        "expire" => EntryKind::Expire.as_str(),
        "adjust" => EntryKind::Adjust.as_str(),
        _ => return None,
    })
}

fn member_known(conn: &Connection, id: &str) -> Result<bool> {
    Ok(store::members::by_id(conn, id)?.is_some())
}

/// Applies one record. SQL errors abort the caller's transaction; records that cannot be
/// applied here are `Skipped` (and recorded), never blocking the ones after them.
pub fn apply(conn: &Connection, r: &InRecord, now: &str) -> Result<Applied> {
    let outcome = match r.kind.as_str() {
        "member" => member(conn, &r.payload, now)?,
        "card" => card(conn, &r.payload)?,
        "sale" => sale(conn, &r.payload)?,
        "void" => void(conn, &r.payload)?,
        "entry" => match parse::<EntryRecord>(&r.payload) {
            Ok(e) => entry(conn, &e)?,
            Err(m) => Applied::Skipped(m),
        },
        "offer" => {
            let id = r
                .payload
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or(&r.record_id);
            store::offers::upsert(conn, id, &r.payload.to_string(), now)?;
            Applied::RulesChanged
        }
        "config" => {
            match serde_json::from_value::<crate::domain::config::ShopConfig>(r.payload.clone()) {
                Ok(c) => {
                    let json = serde_json::to_string(&c).map_err(|e| Error::Storage {
                        detail: e.to_string(),
                    })?;
                    store::settings::put(conn, "config", &json, now)?;
                    Applied::RulesChanged
                }
                Err(e) => Applied::Skipped(format!("unreadable configuration: {e}")),
            }
        }
        other => Applied::Skipped(format!("unknown record kind {other}")),
    };
    if let Applied::Skipped(reason) = &outcome {
        conn.prepare_cached(
            "INSERT INTO sync_skipped (cursor, kind, record_id, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (cursor) DO NOTHING",
        )?
        .execute(rusqlite::params![r.cursor, r.kind, r.record_id, reason, now])?;
    }
    Ok(outcome)
}

fn member(conn: &Connection, payload: &Value, _now: &str) -> Result<Applied> {
    let mut m: MemberRow = match parse(payload) {
        Ok(m) => m,
        Err(e) => return Ok(Applied::Skipped(e)),
    };
    if let Some(r) = &m.referrer_id
        && !member_known(conn, r)?
    {
        m.referrer_id = None;
    }
    if let Some(other) = store::members::by_mobile(conn, &m.mobile)?
        && other.id != m.id
    {
        return Ok(Applied::Skipped(format!(
            "mobile {} is enrolled here as another member ({}): head office reports the conflict",
            m.mobile, other.id
        )));
    }
    match store::members::by_id(conn, &m.id)? {
        None => store::members::insert(conn, &m)?,
        Some(here) if here.updated_at < m.updated_at => store::members::update(conn, &m)?,
        Some(_) => return Ok(Applied::AlreadyHere),
    }
    Ok(Applied::Done)
}

fn card(conn: &Connection, payload: &Value) -> Result<Applied> {
    let c: WireCard = match parse(payload) {
        Ok(c) => c,
        Err(e) => return Ok(Applied::Skipped(e)),
    };
    if !member_known(conn, &c.member_id)? {
        return Ok(Applied::Skipped(format!(
            "card {}: its member is not here",
            c.number
        )));
    }
    let here = store::cards::by_number(conn, &c.number)?;
    match (here, c.status.as_str()) {
        (None, "active") => {
            let mut keys = c.keys.clone();
            if keys.is_empty() {
                keys = crate::devices::typed_card(&c.number, None)
                    .map(|t| t.index_keys())
                    .unwrap_or_else(|_| vec![c.number.clone()]);
            }
            store::cards::insert(conn, &c.number, &c.member_id, &keys, &c.at)?;
        }
        (Some(h), "active") if h.member_id != c.member_id && h.status == "active" => {
            return Ok(Applied::Skipped(format!(
                "card {} is given to another member here: head office reports the conflict",
                c.number
            )));
        }
        (Some(h), "blocked") if h.status != "blocked" => {
            store::cards::block(
                conn,
                &c.number,
                c.reason.as_deref().unwrap_or(""),
                c.replaced_by.as_deref(),
                &c.at,
            )?;
        }
        (None, _) => {
            return Ok(Applied::Skipped(format!(
                "card {} is unknown here",
                c.number
            )));
        }
        _ => return Ok(Applied::AlreadyHere),
    }
    Ok(Applied::Done)
}

fn sale(conn: &Connection, payload: &Value) -> Result<Applied> {
    let w: WireSale = match parse(payload) {
        Ok(w) => w,
        Err(e) => return Ok(Applied::Skipped(e)),
    };
    let mut row = w.sale;
    if store::sales::by_id(conn, &row.id)?.is_some() {
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
    store::sales::insert(conn, &row, &w.items)?;
    if let Some(m) = &row.member_id {
        let day = row.at.get(..10).unwrap_or_default().to_string();
        store::members::add_visit(
            conn,
            m,
            &row.at,
            &day,
            row.gross,
            row.points_earned,
            &crate::service::categories(&w.items),
            1,
        )?;
    }
    for e in &w.entries {
        entry(conn, e)?;
    }
    Ok(Applied::Done)
}

fn void(conn: &Connection, payload: &Value) -> Result<Applied> {
    let w: WireVoid = match parse(payload) {
        Ok(w) => w,
        Err(e) => return Ok(Applied::Skipped(e)),
    };
    let Some(sale) = store::sales::by_id(conn, &w.sale_id)? else {
        return Ok(Applied::Skipped(format!(
            "void {}: its sale is not here",
            w.id
        )));
    };
    if store::sales::is_voided(conn, &w.sale_id)? {
        return Ok(Applied::AlreadyHere);
    }
    for e in &w.entries {
        entry(conn, e)?;
    }
    store::sales::insert_void(conn, &w.sale_id, &w.id, w.reason.as_deref(), &w.at)?;
    if let Some(m) = &sale.member_id {
        let items = store::sales::items(conn, &w.sale_id)?;
        let day = sale.at.get(..10).unwrap_or_default().to_string();
        store::members::add_visit(
            conn,
            m,
            &sale.at,
            &day,
            sale.gross,
            sale.points_earned,
            &crate::service::categories(&items),
            -1,
        )?;
        store::offers::undo_uses(conn, &w.sale_id, m)?;
    }
    Ok(Applied::Done)
}

/// Appends another branch's ledger entry. An entry that draws more from a lot than this
/// till has left in it (two branches spent one balance while apart) takes what is there;
/// the rest is recorded in `sync_overdraft` (head office shows and reports it).
fn entry(conn: &Connection, w: &EntryRecord) -> Result<Applied> {
    let exists: Option<i64> = conn
        .prepare_cached("SELECT seq FROM ledger WHERE id = ?1")?
        .query_row([&w.id], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Ok(Applied::AlreadyHere);
    }
    let (Some(account), Some(kind)) = (static_account(&w.account), static_kind(&w.kind)) else {
        return Ok(Applied::Skipped(format!(
            "entry {}: unknown account or kind",
            w.id
        )));
    };
    if !member_known(conn, &w.member_id)? {
        return Ok(Applied::Skipped(format!(
            "entry {}: its member is not here",
            w.id
        )));
    }
    if let Some(s) = &w.sale_id
        && store::sales::by_id(conn, s)?.is_none()
    {
        return Ok(Applied::Skipped(format!(
            "entry {}: its sale is not here",
            w.id
        )));
    }
    let mut amount = w.amount;
    if let Some(lot) = &w.lot_id {
        let Some((remaining, _)) = store::ledger::lot_remaining(conn, lot)? else {
            return Ok(Applied::Skipped(format!(
                "entry {}: its lot {lot} is not here",
                w.id
            )));
        };
        if amount < 0 && remaining + amount < 0 {
            let short = -(remaining + amount);
            amount = -remaining;
            if kind != EntryKind::Expire.as_str() {
                conn.prepare_cached(
                    "INSERT INTO sync_overdraft (entry_id, member_id, amount, at) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(rusqlite::params![w.id, w.member_id, short, w.at])?;
            }
        }
    }
    if amount == 0 {
        return Ok(Applied::Done);
    }
    let e = Entry {
        id: w.id.clone(),
        member_id: w.member_id.clone(),
        account,
        amount,
        kind,
        lot_id: w.lot_id.clone(),
        expires_at: w.expires_at.clone(),
        sale_id: w.sale_id.clone(),
        at: w.at.clone(),
        branch: w.branch.clone(),
        note: w.note.clone(),
    };
    store::ledger::append(conn, &e)?;
    Ok(Applied::Done)
}
