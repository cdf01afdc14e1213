//! What head office does, over `storage::Pool`: terminals, push, pull, imports,
//! chain-wide member view, conflicts and settlement. Every query here runs unchanged on
//! SQLite and PostgreSQL.

use std::collections::BTreeMap;
use vafa_text::Say;

use chrono::{DateTime, NaiveDate, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::HqError;
use super::overdraft::LOT_NET;
use super::storage::{Db, Pool, Row, Val};
use vafa_core::protocol::{
    self, EntryRecord, InRecord, MAX_BATCH, OutRecord, PROTOCOL, PullResponse, PushRequest,
    PushResponse, Rejected,
};

/// A registered till.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Terminal {
    pub id: String,
    pub branch: String,
    pub name: String,
}

/// Head office's clock, to the second: the real one, or the time `VAFA_NOW` fixes (tests
/// and demonstrations, as on the till), so that one run never mixes two clocks.
pub fn now_utc() -> DateTime<Utc> {
    static FIXED: std::sync::OnceLock<Option<DateTime<Utc>>> = std::sync::OnceLock::new();
    let fixed = FIXED.get_or_init(|| {
        std::env::var("VAFA_NOW")
            .ok()
            .and_then(|t| vafa_core::calendar::parse_time(&t))
            .map(|t| t.with_timezone(&Utc))
    });
    let t = fixed.unwrap_or_else(Utc::now);
    chrono::Timelike::with_nanosecond(&t, 0).unwrap_or(t)
}

pub fn now() -> String {
    now_utc().to_rfc3339()
}

fn code_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Registers a terminal; returns it and its token (shown once, stored only as a hash).
pub fn add_terminal(pool: &Pool, branch: &str, name: &str) -> Result<(Terminal, String), HqError> {
    let branch = branch.trim();
    if !code_ok(branch) {
        return Err(HqError::bad(
            "invalid_branch",
            format!("branch code {branch:?}: use letters, digits, - or _ (at most 32)"),
        )
        .fa(format!(
            "کد شعبه «{branch}» درست نیست: فقط حروف و رقم‌های لاتین، - یا _ (حداکثر ۳۲)"
        )));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(HqError::bad(
            "invalid_name",
            "the terminal name must be 1 to 100 characters",
        )
        .fa("نام صندوق باید ۱ تا ۱۰۰ نویسه باشد"));
    }
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = format!("vt1_{}", protocol::hex(&raw));
    let t = Terminal {
        id: vafa_core::ids::new_id(),
        branch: branch.to_string(),
        name: name.to_string(),
    };
    pool.tx(|db| {
        db.exec(
            "INSERT INTO terminals (id, branch, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[(&t.id).into(), (&t.branch).into(), (&t.name).into(), protocol::token_hash(&token).into(), now().into()],
        )?;
        Ok(())
    })?;
    Ok((t, token))
}

pub fn revoke_terminal(pool: &Pool, id: &str) -> Result<(), HqError> {
    let n = pool.tx(|db| {
        db.exec(
            "UPDATE terminals SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[id.into(), now().into()],
        )
    })?;
    if n == 0 {
        return Err(
            HqError::new(404, "unknown_terminal", format!("no active terminal {id}"))
                .fa(format!("صندوق فعالی با شناسه‌ی {id} نیست")),
        );
    }
    Ok(())
}

/// Sets who owns a branch (settlement between owners).
pub fn set_owner(pool: &Pool, branch: &str, owner: &str) -> Result<(), HqError> {
    if !code_ok(branch) || owner.trim().is_empty() {
        return Err(
            HqError::bad("invalid_branch", "give a branch code and an owner name")
                .fa("کد شعبه و نام مالک را بدهید"),
        );
    }
    pool.tx(|db| {
        db.exec(
            "INSERT INTO branches (code, owner) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET owner = excluded.owner",
            &[branch.into(), owner.trim().into()],
        )?;
        Ok(())
    })
}

/// The terminal a bearer token belongs to; 401 for unknown or revoked tokens.
pub fn authenticate(pool: &Pool, token: &str) -> Result<Terminal, HqError> {
    if token.is_empty() || token.len() > 200 {
        return Err(HqError::unauthorised());
    }
    let rows = pool.read(|db| {
        db.query(
            "SELECT id, branch, name FROM terminals WHERE token_hash = $1 AND revoked_at IS NULL",
            &[protocol::token_hash(token).into()],
        )
    })?;
    let r = rows.first().ok_or_else(HqError::unauthorised)?;
    Ok(Terminal {
        id: r[0].str(),
        branch: r[1].str(),
        name: r[2].str(),
    })
}

/// A ledger entry as tills write it.

#[derive(Debug, Clone, Deserialize)]
struct WireSale {
    id: String,
    member_id: Option<String>,
    branch: String,
    at: String,
    gross: i64,
    credit_redeemed: i64,
    paid: i64,
}

#[derive(Debug, Clone, Deserialize)]
struct WireMember {
    id: String,
    first_name: String,
    last_name: String,
    mobile: String,
    branch: String,
    updated_at: String,
}

#[derive(Debug, Clone, Deserialize)]
struct WireCard {
    number: String,
    member_id: String,
    status: String,
    at: String,
}

fn reject(seq: i64, code: &str, message: impl Into<String>) -> Rejected {
    Rejected {
        seq,
        code: code.to_string(),
        message: message.into(),
    }
}

use protocol::decode as parse;

fn entries_of(payload: &Value) -> Result<Vec<EntryRecord>, String> {
    match payload.get("entries") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) => parse(v, "entries"),
    }
}

/// Why head office refuses a record, or `None` to store it. Checked before anything is
/// written, so a refused record leaves no trace.
fn check_record(t: &Terminal, r: &OutRecord) -> Option<Rejected> {
    let own = |b: &str| -> Option<Rejected> {
        (b != t.branch).then(|| {
            reject(
                r.seq,
                "wrong_branch",
                format!(
                    "this terminal belongs to branch {} and may not write branch {b}'s records",
                    t.branch
                ),
            )
        })
    };
    if !protocol::PUSH_KINDS.contains(&r.kind.as_str()) {
        return Some(reject(
            r.seq,
            "unknown_kind",
            format!("unknown record kind {:?}", r.kind),
        ));
    }
    if r.record_id.is_empty() || r.record_id.len() > 200 {
        return Some(reject(
            r.seq,
            "bad_record",
            "record_id must be 1 to 200 characters",
        ));
    }
    let result: Result<Option<Rejected>, String> = (|| {
        let entries = entries_of(&r.payload)?;
        for e in &entries {
            if let Some(x) = own(&e.branch) {
                return Ok(Some(x));
            }
            if !matches!(e.account.as_str(), "credit" | "points") {
                return Err(format!("entry {}: unknown account {}", e.id, e.account));
            }
        }
        match r.kind.as_str() {
            "sale" => {
                let s: WireSale = parse(r.payload.get("sale").unwrap_or(&Value::Null), "sale")?;
                if s.id != r.record_id {
                    return Err("the sale's id differs from record_id".into());
                }
                Ok(own(&s.branch))
            }
            "void" | "entry" => {
                let b = r
                    .payload
                    .get("branch")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if r.kind == "entry" {
                    let e: EntryRecord = parse(&r.payload, "entry")?;
                    return Ok(own(&e.branch));
                }
                Ok(own(b))
            }
            "member" => {
                let _: WireMember = parse(&r.payload, "member")?;
                Ok(None)
            }
            "card" => {
                let _: WireCard = parse(&r.payload, "card")?;
                Ok(None)
            }
            _ => Ok(None),
        }
    })();
    match result {
        Ok(x) => x,
        Err(msg) => Some(reject(r.seq, "bad_record", msg)),
    }
}

/// Stores a batch from one terminal in one transaction: each record once, refused ones
/// reported, the rest acknowledged (a repeated delivery is acknowledged again).
pub fn push(pool: &Pool, t: &Terminal, req: &PushRequest) -> Result<PushResponse, HqError> {
    if req.protocol != PROTOCOL {
        return Err(HqError::bad(
            "protocol_version",
            format!(
                "this head office speaks protocol {PROTOCOL}, the till sent {}: update the till or head office",
                req.protocol
            ),
        ));
    }
    if req.records.len() > MAX_BATCH {
        return Err(HqError::new(
            413,
            "batch_too_large",
            format!("at most {MAX_BATCH} records per push"),
        ));
    }
    let mut last = 0i64;
    for r in &req.records {
        if r.seq <= last {
            return Err(HqError::bad(
                "bad_sequence",
                "records must come in increasing sequence order, from 1",
            ));
        }
        last = r.seq;
    }
    let received = now();
    pool.tx(|db| {
        db.lock_records()?;
        let mut acked = Vec::with_capacity(req.records.len());
        let mut rejected = Vec::new();
        let mut accepted = Vec::with_capacity(req.records.len());
        for r in &req.records {
            match check_record(t, r) {
                Some(x) => rejected.push(x),
                None => {
                    acked.push(r.seq);
                    accepted.push(r);
                }
            }
        }
        let rows = accepted
            .iter()
            .map(|r| {
                vec![
                    protocol::dedup_key(&r.kind, &r.record_id, &r.created_at, &r.payload).into(),
                    (&r.kind).into(),
                    (&r.record_id).into(),
                    (&t.id).into(),
                    (&t.branch).into(),
                    r.seq.into(),
                    r.payload.to_string().into(),
                    (&r.created_at).into(),
                    (&received).into(),
                ]
            })
            .collect::<Vec<_>>();
        let dedups: Vec<String> = rows.iter().map(|r: &Vec<Val>| r[0].str()).collect();
        let fresh: std::collections::HashSet<String> = insert_many(
            db,
            "INSERT INTO records (dedup, kind, record_id, terminal_id, branch, seq, payload, created_at, received_at) VALUES",
            rows,
            "ON CONFLICT (dedup) DO NOTHING RETURNING dedup",
        )?
        .into_iter()
        .map(|r| r[0].str())
        .collect();
        let new: Vec<&OutRecord> = accepted
            .iter()
            .zip(&dedups)
            .filter(|(_, d)| fresh.contains(*d))
            .map(|(r, _)| *r)
            .collect();
        let (drawn, touched) = project(db, &new)?;
        super::overdraft::recover_touched(db, &drawn, &touched, &received)?;
        db.exec(
            "UPDATE terminals SET last_seq = CASE WHEN last_seq > $2 THEN last_seq ELSE $2 END, last_seen = $3 WHERE id = $1",
            &[(&t.id).into(), last.into(), (&received).into()],
        )?;
        Ok(PushResponse {
            protocol: PROTOCOL,
            acked,
            rejected,
        })
    })
}

/// `INSERT ... VALUES (...), (...) tail` for many rows at once, in chunks that keep
/// under both backends' limits on parameters; returns what `tail`'s RETURNING gives.
fn insert_many(
    db: &mut dyn Db,
    head: &str,
    rows: Vec<Vec<Val>>,
    tail: &str,
) -> Result<Vec<Row>, HqError> {
    let Some(cols) = rows.first().map(Vec::len) else {
        return Ok(Vec::new());
    };
    // PostgreSQL: few round trips. SQLite runs in-process, where one cached single-row
    // statement is faster than parsing and binding a wide one.
    let per = if db.name() == "sqlite" {
        1
    } else {
        (30_000 / cols.max(1)).clamp(1, 500)
    };
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(per).collect();
        let mut sql = String::with_capacity(head.len() + tail.len() + chunk.len() * cols * 5);
        sql.push_str(head);
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            sql.push_str(if i == 0 { " (" } else { ", (" });
            for c in 0..cols {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        let params: Vec<Val> = chunk.into_iter().flatten().collect();
        out.extend(db.query(&sql, &params)?);
    }
    Ok(out)
}

fn entry_row(e: &EntryRecord) -> Vec<Val> {
    vec![
        (&e.id).into(),
        (&e.member_id).into(),
        (&e.account).into(),
        e.amount.into(),
        (&e.kind).into(),
        e.lot_id.clone().into(),
        e.sale_id.clone().into(),
        (&e.branch).into(),
        (&e.at).into(),
        e.expires_at.clone().into(),
        e.note.clone().into(),
    ]
}

const LEDGER_INSERT: &str = "INSERT INTO ledger (id, member_id, account, amount, kind, lot_id, sale_id, branch, at, expires_at, note) VALUES";

/// Updates head office's chain-wide tables from newly stored records: sales and ledger
/// entries in bulk, then members, cards, voids and expiries one by one, in order.
/// Returns the lots new entries drew on and the members whose ledger changed.
fn project(db: &mut dyn Db, new: &[&OutRecord]) -> Result<(Ids, Ids), HqError> {
    let mut touched = std::collections::BTreeSet::new();
    let mut drawn = std::collections::BTreeSet::new();
    let bad = |m: String| HqError::bad("bad_record", m);
    let mut sales = Vec::new();
    let mut entries = Vec::new();
    let mut expiries = Vec::new();
    for r in new {
        let mut es = entries_of(&r.payload).map_err(bad)?;
        if r.kind == "entry" {
            es.push(parse(&r.payload, "entry").map_err(bad)?);
        }
        for e in es {
            touched.insert(e.member_id.clone());
            if let Some(lot) = e.lot_id.as_ref().filter(|_| e.amount < 0) {
                drawn.insert(lot.clone());
            }
            if e.kind == "expire" {
                expiries.push(e);
            } else {
                entries.push(entry_row(&e));
            }
        }
        if r.kind == "sale" {
            let s: WireSale =
                parse(r.payload.get("sale").unwrap_or(&Value::Null), "sale").map_err(bad)?;
            sales.push(vec![
                s.id.into(),
                s.member_id.into(),
                s.branch.into(),
                s.at.into(),
                s.gross.into(),
                s.credit_redeemed.into(),
                s.paid.into(),
            ]);
        }
    }
    insert_many(
        db,
        "INSERT INTO sales (id, member_id, branch, at, gross, credit_redeemed, paid) VALUES",
        sales,
        "ON CONFLICT (id) DO NOTHING",
    )?;
    insert_many(db, LEDGER_INSERT, entries, "ON CONFLICT (id) DO NOTHING")?;
    for e in &expiries {
        insert_entry(db, e)?;
    }
    for r in new {
        project_state(db, r)?;
    }
    Ok((drawn, touched))
}

type Ids = std::collections::BTreeSet<String>;

/// Members, cards and voids: one by one, in the order they happened.
fn project_state(db: &mut dyn Db, r: &OutRecord) -> Result<(), HqError> {
    let bad = |m: String| HqError::bad("bad_record", m);
    match r.kind.as_str() {
        "void" => {
            if let Some(sale) = r.payload.get("sale_id").and_then(Value::as_str) {
                db.exec("UPDATE sales SET voided = 1 WHERE id = $1", &[sale.into()])?;
            }
        }
        "member" => {
            let m: WireMember = parse(&r.payload, "member").map_err(bad)?;
            let others = db.query(
                "SELECT id FROM members WHERE mobile = $1 AND id <> $2 AND merged_into IS NULL",
                &[(&m.mobile).into(), (&m.id).into()],
            )?;
            for o in others {
                note_conflict(db, "mobile", &m.mobile, &o[0].str(), &m.id)?;
            }
            db.exec(
                "INSERT INTO members (id, mobile, first_name, last_name, branch, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (id) DO UPDATE SET mobile = excluded.mobile, first_name = excluded.first_name,
                     last_name = excluded.last_name, updated_at = excluded.updated_at",
                &[
                    m.id.into(),
                    m.mobile.into(),
                    m.first_name.into(),
                    m.last_name.into(),
                    m.branch.into(),
                    m.updated_at.into(),
                ],
            )?;
        }
        "card" => {
            let c: WireCard = parse(&r.payload, "card").map_err(bad)?;
            let held = db.query(
                "SELECT member_id FROM cards WHERE number = $1 AND status = 'active' AND member_id <> $2",
                &[(&c.number).into(), (&c.member_id).into()],
            )?;
            if let Some(h) = held.first()
                && c.status == "active"
            {
                note_conflict(db, "card", &c.number, &h[0].str(), &c.member_id)?;
            }
            db.exec(
                "INSERT INTO cards (number, member_id, status, updated_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (number) DO UPDATE SET member_id = excluded.member_id, status = excluded.status,
                     updated_at = excluded.updated_at",
                &[c.number.into(), c.member_id.into(), c.status.into(), c.at.into()],
            )?;
        }
        _ => {}
    }
    Ok(())
}

pub(super) fn insert_entry(db: &mut dyn Db, e: &EntryRecord) -> Result<(), HqError> {
    let mut amount = e.amount;
    // Two tills may each expire the same lot: the second expiry takes only what is left
    // (tills do the same when they apply it), so the lot is never expired twice.
    if e.kind == "expire"
        && let Some(lot) = &e.lot_id
    {
        let left = db
            .query(
                "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger WHERE id = $1 OR lot_id = $1",
                &[lot.into()],
            )?
            .first()
            .map(|r| r[0].int())
            .unwrap_or(0);
        amount = amount.max(-left.max(0));
        if amount == 0 {
            return Ok(());
        }
    }
    let mut row = entry_row(e);
    row[3] = amount.into();
    insert_many(db, LEDGER_INSERT, vec![row], "ON CONFLICT (id) DO NOTHING")?;
    Ok(())
}

fn note_conflict(
    db: &mut dyn Db,
    kind: &str,
    key: &str,
    first: &str,
    second: &str,
) -> Result<(), HqError> {
    let known = db.query(
        "SELECT id FROM conflicts WHERE kind = $1 AND key = $2 AND first_id = $3 AND second_id = $4",
        &[kind.into(), key.into(), first.into(), second.into()],
    )?;
    if known.is_empty() {
        db.exec(
            "INSERT INTO conflicts (kind, key, first_id, second_id, at) VALUES ($1, $2, $3, $4, $5)",
            &[kind.into(), key.into(), first.into(), second.into(), now().into()],
        )?;
    }
    Ok(())
}

/// Record kinds that go down to tills from other terminals (offers and configuration
/// a till imports stay that till's own; chain-wide ones come from head office).
const SHARED_KINDS: &str = "('member', 'card', 'sale', 'void', 'entry')";

/// What follows `cursor` for this terminal: other terminals' members, cards, sales,
/// voids and entries, and head office's own offers and configuration.
pub fn pull(pool: &Pool, t: &Terminal, cursor: i64, limit: i64) -> Result<PullResponse, HqError> {
    let limit = limit.clamp(1, MAX_BATCH as i64);
    let sql = format!(
        "SELECT serial, kind, record_id, branch, payload FROM records
         WHERE serial > $1 AND (terminal_id IS NULL OR (terminal_id <> $2 AND kind IN {SHARED_KINDS}))
         ORDER BY serial LIMIT $3"
    );
    let rows =
        pool.read(|db| db.query(&sql, &[cursor.into(), (&t.id).into(), (limit + 1).into()]))?;
    let more = rows.len() as i64 > limit;
    let mut records = Vec::with_capacity(rows.len());
    for r in rows.into_iter().take(limit as usize) {
        let payload: Value = serde_json::from_str(&r[4].str())
            .map_err(|e| HqError::storage(format!("record {}: {e}", r[0].int())))?;
        records.push(InRecord {
            cursor: r[0].int(),
            kind: r[1].str(),
            record_id: r[2].str(),
            branch: r[3].text(),
            payload,
        });
    }
    let next_cursor = records.last().map(|r| r.cursor).unwrap_or(cursor);
    Ok(PullResponse {
        protocol: PROTOCOL,
        records,
        next_cursor,
        more,
    })
}

/// Stores head-office records (chain-wide offers or configuration) for every till.
fn publish(pool: &Pool, items: Vec<(&str, String, Value)>) -> Result<(), HqError> {
    let at = now();
    pool.tx(|db| {
        db.lock_records()?;
        for (kind, id, payload) in &items {
            db.exec(
                "INSERT INTO records (dedup, kind, record_id, terminal_id, branch, seq, payload, created_at, received_at)
                 VALUES ($1, $2, $3, NULL, NULL, 0, $4, $5, $5) ON CONFLICT (dedup) DO NOTHING",
                &[
                    protocol::dedup_key(kind, id, &at, payload).into(),
                    (*kind).into(),
                    id.into(),
                    payload.to_string().into(),
                    (&at).into(),
                ],
            )?;
        }
        Ok(())
    })
}

/// `vafa-hq offers import`: checks the file as a till would and publishes every offer.
pub fn import_offers(pool: &Pool, text: &str) -> Result<usize, HqError> {
    let offers = vafa_core::offer::parse_offers(text).map_err(|e| {
        let till = vafa_core::error::Error::OfferFile {
            offer: e.offer.clone(),
            line: e.line,
            field: e.field.clone(),
            reason: e.reason.clone(),
        };
        HqError::bad("offer_file", till.say(vafa_core::lang::Lang::En))
            .fa(till.say(vafa_core::lang::Lang::Fa))
    })?;
    let n = offers.len();
    publish(
        pool,
        offers
            .into_iter()
            .map(|o| {
                (
                    "offer",
                    o.offer.id.clone(),
                    serde_json::to_value(&o.offer).unwrap_or_default(),
                )
            })
            .collect(),
    )?;
    Ok(n)
}

/// `vafa-hq config import`: checks the file as a till would and publishes it.
pub fn import_config(pool: &Pool, text: &str) -> Result<Value, HqError> {
    let config = vafa_core::config::ShopConfig::from_toml(text).map_err(|e| {
        let till = vafa_core::error::Error::Config {
            line: e.line,
            key: e.key.clone(),
            reason: e.reason.clone(),
        };
        HqError::bad("config_file", till.say(vafa_core::lang::Lang::En))
            .fa(till.say(vafa_core::lang::Lang::Fa))
    })?;
    let v = serde_json::to_value(&config).unwrap_or_default();
    publish(pool, vec![("config", "config".to_string(), v.clone())])?;
    Ok(v)
}

/// `vafa-hq member show`: the member(s) a mobile or card names, with chain-wide balances.
/// More than one member means the mobile was enrolled twice (a conflict to resolve).
pub fn member_show(
    pool: &Pool,
    mobile: Option<&str>,
    card: Option<&str>,
) -> Result<Value, HqError> {
    let ids: Vec<String> = pool.read(|db| {
        let rows = match (mobile, card) {
            (Some(m), _) => {
                let m = vafa_core::phone::parse_mobile(m).ok_or_else(|| {
                    HqError::bad("invalid_mobile", format!("{m} is not a mobile number"))
                        .fa(format!("«{m}» شماره‌ی موبایل نیست"))
                })?;
                db.query(
                    "SELECT id FROM members WHERE mobile = $1 AND merged_into IS NULL ORDER BY id",
                    &[m.as_str().into()],
                )?
            }
            (None, Some(c)) => db.query(
                "SELECT member_id FROM cards WHERE number = $1",
                &[c.trim().into()],
            )?,
            (None, None) => {
                return Err(HqError::bad("usage", "give --mobile or --card")
                    .fa("‎--mobile یا ‎--card را بدهید"));
            }
        };
        Ok(rows.into_iter().map(|r| r[0].str()).collect())
    })?;
    if ids.is_empty() {
        return Err(HqError::new(
            404,
            "unknown_member",
            "no member with that mobile or card at head office",
        )
        .fa("عضوی با این موبایل یا کارت در دفتر مرکزی نیست"));
    }
    let mut out = Vec::new();
    for id in ids {
        out.push(pool.read(|db| member_json(db, &id))?);
    }
    Ok(if out.len() == 1 {
        out.remove(0)
    } else {
        json!({ "conflict": "mobile enrolled more than once", "members": out })
    })
}

fn member_json(db: &mut dyn Db, id: &str) -> Result<Value, HqError> {
    let m = db.query(
        "SELECT id, first_name, last_name, mobile, branch, merged_into FROM members WHERE id = $1",
        &[id.into()],
    )?;
    let m = m.first().ok_or_else(|| {
        HqError::new(404, "unknown_member", format!("no member {id}"))
            .fa(format!("عضوی با شناسه‌ی {id} نیست"))
    })?;
    // Live lots are what the member may spend; lots drawn below zero are what they owe.
    let st = super::overdraft::standing(db, id, now_utc())?;
    let cards = db.query(
        "SELECT number, status FROM cards WHERE member_id = $1 ORDER BY number",
        &[id.into()],
    )?;
    let sales = db.query(
        "SELECT COUNT(*), CAST(COALESCE(SUM(gross), 0) AS BIGINT) FROM sales
         WHERE member_id IN (SELECT id FROM members WHERE id = $1 OR merged_into = $1) AND voided = 0",
        &[id.into()],
    )?;
    Ok(json!({
        "id": m[0].str(),
        "first_name": m[1].str(),
        "last_name": m[2].str(),
        "mobile": m[3].str(),
        "enrolled_at_branch": m[4].str(),
        "merged_into": m[5].text(),
        "balance": {"credit": st.credit, "points": st.points},
        "overdraft": st.owed_credit,
        "owed_points": st.owed_points,
        "visits": sales.first().map(|r| r[0].int()).unwrap_or(0),
        "total_spend": sales.first().map(|r| r[1].int()).unwrap_or(0),
        "cards": cards.iter().map(|c| json!({"number": c[0].str(), "status": c[1].str()})).collect::<Vec<_>>(),
    }))
}

/// Members whose credit was spent beyond what its lots held (two branches spending one
/// balance while apart) and is not yet recovered, largest first; a merged member's debt
/// is shown under the member it was merged into.
pub fn overdrafts(pool: &Pool) -> Result<Value, HqError> {
    let rows = pool.read(|db| {
        db.query(
            &format!(
                "SELECT o.root, r.mobile, r.first_name, r.last_name, o.over FROM (
                 SELECT COALESCE(m.merged_into, t.member_id) AS root, CAST(SUM(-t.s) AS BIGINT) AS over
                 FROM (SELECT member_id, COALESCE(lot_id, id) AS lot,
                              {LOT_NET} AS s FROM ledger
                       WHERE account = 'credit' GROUP BY member_id, COALESCE(lot_id, id)) t
                 LEFT JOIN members m ON m.id = t.member_id
                 WHERE t.s < 0
                 GROUP BY COALESCE(m.merged_into, t.member_id)) o
             LEFT JOIN members r ON r.id = o.root
             ORDER BY o.over DESC, o.root"
            ),
            &[],
        )
    })?;
    Ok(Value::Array(
        rows.iter()
            .map(|r| {
                json!({"member_id": r[0].str(), "mobile": r[1].text(),
                       "name": format!("{} {}", r[2].str(), r[3].str()), "overdraft": r[4].int()})
            })
            .collect(),
    ))
}

/// `vafa-hq member merge --keep KEEP --from FROM`: one person enrolled twice (the same
/// mobile at two branches while apart). FROM's remaining credit and points move to KEEP
/// by ledger entries (FROM's history stays, under its id, linked by `merged_into`);
/// FROM's cards go to KEEP; every till receives a `merge` record and does the same.
pub fn merge_members(pool: &Pool, keep: &str, from: &str) -> Result<Value, HqError> {
    if keep == from {
        return Err(
            HqError::bad("usage", "--keep and --from must be two members")
                .fa("‎--keep و ‎--from باید دو عضو متفاوت باشند"),
        );
    }
    let at = now();
    pool.tx(|db| {
        db.lock_records()?;
        let live = |db: &mut dyn Db, id: &str| -> Result<bool, HqError> {
            Ok(!db
                .query(
                    "SELECT id FROM members WHERE id = $1 AND merged_into IS NULL",
                    &[id.into()],
                )?
                .is_empty())
        };
        if !live(db, keep)? || !live(db, from)? {
            return Err(HqError::new(
                404,
                "unknown_member",
                "both members must exist at head office and not be merged already",
            )
            .fa("هر دو عضو باید در دفتر مرکزی باشند و پیش‌تر ادغام نشده باشند"));
        }
        // KEEP's member row as its till last sent it (what other tills need to add it).
        let keep_row = db
            .query(
                "SELECT payload FROM records WHERE kind = 'member' AND record_id = $1 ORDER BY serial DESC LIMIT 1",
                &[keep.into()],
            )?
            .first()
            .and_then(|r| serde_json::from_str::<Value>(&r[0].str()).ok())
            .ok_or_else(|| HqError::storage(format!("no member record for {keep}")))?;
        // Each of FROM's lots with something left moves to KEEP as a lot of its own, with
        // its own expiry.
        let lots = db.query(
            "SELECT t.account, t.lot, t.s, o.expires_at, o.branch FROM (
                 SELECT account, COALESCE(lot_id, id) AS lot, CAST(SUM(amount) AS BIGINT) AS s
                 FROM ledger WHERE member_id = $1 GROUP BY account, COALESCE(lot_id, id)) t
             LEFT JOIN ledger o ON o.id = t.lot
             WHERE t.s > 0 ORDER BY o.at, t.lot",
            &[from.into()],
        )?;
        let entry = |member: &str, account: &str, amount: i64, lot: Option<String>, expires_at: Option<String>, branch: String, note: String| {
            EntryRecord {
                id: vafa_core::ids::new_id(),
                member_id: member.to_string(),
                account: account.to_string(),
                amount,
                kind: "adjust".into(),
                lot_id: lot,
                expires_at,
                sale_id: None,
                at: at.clone(),
                branch,
                note: Some(note),
            }
        };
        let mut entries = Vec::new();
        for l in &lots {
            let (account, lot, amount) = (l[0].str(), l[1].str(), l[2].int());
            entries.push(entry(from, &account, -amount, Some(lot), None, "HQ".into(), format!("merged into {keep}")));
            // Still credit earned where it was earned (settlement), and expiring when it did.
            entries.push(entry(keep, &account, amount, None, l[3].text(), l[4].str(), format!("merged from {from}")));
        }
        for e in &entries {
            insert_entry(db, e)?;
        }
        let cards: Vec<Value> = db
            .query("SELECT number FROM cards WHERE member_id = $1", &[from.into()])?
            .iter()
            // Each till indexes the number as it would a typed one.
            .map(|r| json!({"number": r[0].str()}))
            .collect();
        db.exec("UPDATE cards SET member_id = $1 WHERE member_id = $2", &[keep.into(), from.into()])?;
        db.exec(
            "UPDATE members SET merged_into = $1 WHERE id = $2 OR merged_into = $2",
            &[keep.into(), from.into()],
        )?;
        db.exec(
            "UPDATE conflicts SET resolved_at = $3, resolution = $4
             WHERE resolved_at IS NULL AND kind = 'mobile'
               AND ((first_id = $1 AND second_id = $2) OR (first_id = $2 AND second_id = $1))",
            &[keep.into(), from.into(), (&at).into(), format!("merged into {keep}").into()],
        )?;
        let payload = json!({"keep": keep_row, "from": from, "entries": entries, "cards": cards, "at": at});
        db.exec(
            "INSERT INTO records (dedup, kind, record_id, terminal_id, branch, seq, payload, created_at, received_at)
             VALUES ($1, 'merge', $2, NULL, NULL, 0, $3, $4, $4)",
            &[format!("merge:{from}").into(), from.into(), payload.to_string().into(), (&at).into()],
        )?;
        // What either of them owed is now KEEP's, recovered from both balances.
        db.exec("DELETE FROM owing WHERE member_id = $1", &[from.into()])?;
        let recovered = super::overdraft::recover(db, keep, &at)?;
        Ok(json!({"kept": keep, "merged": from, "entries": entries.len() + recovered.len(), "cards": cards.len()}))
    })
}

/// `vafa-hq card resolve NUMBER --member ID`: a card given to two members belongs to
/// MEMBER, at head office and on every till.
pub fn resolve_card(pool: &Pool, number: &str, member: &str) -> Result<Value, HqError> {
    let at = now();
    let number = number.trim();
    pool.tx(|db| {
        db.lock_records()?;
        if db
            .query("SELECT id FROM members WHERE id = $1 AND merged_into IS NULL", &[member.into()])?
            .is_empty()
        {
            return Err(HqError::new(404, "unknown_member", format!("no member {member} at head office"))
                .fa(format!("عضوی با شناسه‌ی {member} در دفتر مرکزی نیست")));
        }
        if db.query("SELECT number FROM cards WHERE number = $1", &[number.into()])?.is_empty() {
            return Err(HqError::new(404, "unknown_card", format!("no card {number} at head office"))
                .fa(format!("کارت {number} در دفتر مرکزی نیست")));
        }
        db.exec(
            "UPDATE cards SET member_id = $2, status = 'active', updated_at = $3 WHERE number = $1",
            &[number.into(), member.into(), (&at).into()],
        )?;
        db.exec(
            "UPDATE conflicts SET resolved_at = $2, resolution = $3
             WHERE resolved_at IS NULL AND kind = 'card' AND key = $1",
            &[number.into(), (&at).into(), format!("given to {member}").into()],
        )?;
        let payload = json!({"number": number, "member_id": member, "status": "active", "at": at, "resolved": true});
        db.exec(
            "INSERT INTO records (dedup, kind, record_id, terminal_id, branch, seq, payload, created_at, received_at)
             VALUES ($1, 'card', $2, NULL, NULL, 0, $3, $4, $4)",
            &[
                protocol::dedup_key("card", number, &at, &payload).into(),
                number.into(),
                payload.to_string().into(),
                (&at).into(),
            ],
        )?;
        Ok(json!({"card": number, "member": member}))
    })
}

/// Open conflicts (one mobile enrolled twice, one card on two members).
pub fn conflicts(pool: &Pool) -> Result<Value, HqError> {
    let rows = pool.read(|db| {
        db.query(
            "SELECT id, kind, key, first_id, second_id, at FROM conflicts WHERE resolved_at IS NULL ORDER BY id",
            &[],
        )
    })?;
    Ok(Value::Array(
        rows.iter()
            .map(|r| {
                json!({"id": r[0].int(), "kind": r[1].str(), "key": r[2].str(),
                       "first": r[3].str(), "second": r[4].str(), "at": r[5].str()})
            })
            .collect(),
    ))
}

fn parse_day(field: &str, text: &str) -> Result<NaiveDate, HqError> {
    vafa_core::calendar::parse_date(text)
        .map(|g| g.date)
        .map_err(|_| {
            HqError::bad(
                "invalid_date",
                format!("{field}: {text} is not a date (2026-11-22 or 1405-09-01)"),
            )
            .fa(format!(
                "{field}: «{text}» تاریخ نیست (مانند 1405-09-01 یا 2026-11-22)"
            ))
        })
}

/// `vafa-hq report settlement`: for credit earned at one owner's branch and spent at
/// another owner's between `from` and `to` (inclusive, shop-local days), who owes whom,
/// with every entry behind each figure. A void that gives spent credit back reduces it;
/// credit head office took to repay an overdraft counts as spent where the overdrawn
/// lot was earned (see `overdraft`).
pub fn settlement(pool: &Pool, from: &str, to: &str) -> Result<Value, HqError> {
    let from_d = parse_day("--from", from)?;
    let to_d = parse_day("--to", to)?;
    if to_d < from_d {
        return Err(HqError::bad("invalid_date", "--to is before --from")
            .fa("تاریخ ‎--to پیش از ‎--from است"));
    }
    let end = to_d.succ_opt().unwrap_or(to_d);
    let (owners, rows) = pool.read(|db| {
        let owners: BTreeMap<String, String> = db
            .query("SELECT code, owner FROM branches", &[])?
            .into_iter()
            .map(|r| (r[0].str(), r[1].str()))
            .collect();
        let rows = db.query(
            "SELECT r.id, r.sale_id, r.member_id, e.branch, r.branch, r.amount, r.at, r.kind
             FROM ledger r JOIN ledger e ON e.id = r.lot_id
             WHERE r.account = 'credit' AND r.branch <> e.branch
               AND ((r.kind = 'redeem' AND r.amount < 0) OR (r.kind = 'void' AND r.amount > 0)
                    OR (r.kind = 'adjust' AND r.note = $3 AND r.amount < 0))
               AND r.at >= $1 AND r.at < $2
             ORDER BY r.at, r.id",
            &[
                from_d.to_string().into(),
                end.to_string().into(),
                super::overdraft::NOTE_TAKEN.into(),
            ],
        )?;
        Ok((owners, rows))
    })?;
    let owner = |b: &str| owners.get(b).cloned().unwrap_or_else(|| b.to_string());
    let mut pairs: BTreeMap<(String, String), (i64, Vec<Value>)> = BTreeMap::new();
    for r in rows {
        let (earned, spent) = (r[3].str(), r[4].str());
        let (debtor, creditor) = (owner(&earned), owner(&spent));
        if debtor == creditor {
            continue;
        }
        let amount = -r[5].int();
        let p = pairs.entry((debtor, creditor)).or_default();
        p.0 += amount;
        p.1.push(json!({
            "entry_id": r[0].str(), "sale_id": r[1].text(), "member_id": r[2].str(),
            "earned_at": earned, "spent_at": spent, "amount": amount, "at": r[6].str(), "kind": r[7].str(),
        }));
    }
    // Net each pair of owners against each other.
    let mut out = Vec::new();
    let keys: Vec<(String, String)> = pairs.keys().cloned().collect();
    let mut done = std::collections::BTreeSet::new();
    for (a, b) in keys {
        if done.contains(&(a.clone(), b.clone())) {
            continue;
        }
        done.insert((a.clone(), b.clone()));
        done.insert((b.clone(), a.clone()));
        let ab = pairs
            .get(&(a.clone(), b.clone()))
            .cloned()
            .unwrap_or_default();
        let ba = pairs
            .get(&(b.clone(), a.clone()))
            .cloned()
            .unwrap_or_default();
        let net = ab.0 - ba.0;
        let (debtor, creditor, amount) = if net >= 0 {
            (&a, &b, net)
        } else {
            (&b, &a, -net)
        };
        let mut detail = ab.1;
        detail.extend(ba.1);
        out.push(json!({
            "debtor": debtor, "creditor": creditor, "amount": amount,
            "gross": {format!("{a}->{b}"): ab.0, format!("{b}->{a}"): ba.0},
            "detail": detail,
        }));
    }
    Ok(json!({"from": from_d.to_string(), "to": to_d.to_string(), "owes": out}))
}
