//! What tills push: each record read and checked (`check`), the batch stored once in the
//! record log, and head office's chain-wide tables (sales, ledger, members, cards,
//! conflicts) brought up to date from the new records (`project`).

use std::collections::{BTreeSet, HashSet};

use super::HqError;
use super::clock::{self, now};
use super::overdraft::{self, AMOUNT};
use super::storage::{Db, FromRow, Pool, Row, Sql, Val, opt};
use super::terminals::Terminal;
use super::validate::Known;
use vafa_core::hq::{ConflictKind, Refusal};
use vafa_core::ids::{BranchCode, LotId, MemberId, SaleId};
use vafa_core::lang::Lang;
use vafa_core::ledger::EntryKind;
use vafa_core::protocol::{
    MAX_BATCH, OutRecord, PROTOCOL, PushRequest, PushResponse, Rejected, dedup_key,
};
use vafa_core::record::{Entry, Kind, Record, Unreadable};
use vafa_text::Say;

/// The record `r` says, or why head office refuses it. Reads nothing but the record, so
/// it runs before the batch takes the write lock; what the record claims is then checked
/// against head office's own state (`validate`) under the lock.
fn check(t: &Terminal, r: &OutRecord) -> Result<Record, Refusal> {
    let unknown = || Refusal::UnknownKind {
        kind: r.kind.clone(),
    };
    if !Kind::parse(&r.kind).is_some_and(Kind::from_till) {
        return Err(unknown());
    }
    if r.record_id.is_empty() || r.record_id.len() > 200 {
        return Err(Refusal::BadRecordId);
    }
    let record = r.read().map_err(|why| match why {
        Unreadable::UnknownKind(kind) => Refusal::UnknownKind { kind },
        Unreadable::Payload { kind, detail } => Refusal::Unreadable { kind, detail },
    })?;
    let own = |b: &BranchCode| -> Result<(), Refusal> {
        if *b == t.branch {
            Ok(())
        } else {
            Err(Refusal::WrongBranch {
                terminal: t.branch.clone(),
                record: b.clone(),
            })
        }
    };
    for e in record.entries() {
        own(&e.branch)?;
    }
    match &record {
        Record::Sale(s) => {
            if s.sale.id != r.record_id {
                return Err(Refusal::SaleIdMismatch);
            }
            own(&s.sale.branch)?;
        }
        Record::Void(v) => own(&v.branch)?,
        // An entry's branch is checked with the entries above.
        Record::Entry(_)
        | Record::Member(_)
        | Record::Card(_)
        | Record::Offer(_)
        | Record::OfferStatus(_)
        | Record::Occasions(_)
        | Record::Config(_) => {}
        // Head office's alone (refused by kind above).
        Record::Merge(_) => return Err(unknown()),
    }
    Ok(record)
}

/// Stores a batch from one terminal in one transaction: each record once, refused ones
/// reported, the rest acknowledged (a repeated delivery is acknowledged again).
pub fn push(pool: &Pool, t: &Terminal, req: &PushRequest) -> Result<PushResponse, HqError> {
    if req.protocol != PROTOCOL {
        return Err(HqError::ProtocolVersion {
            theirs: req.protocol,
            pulling: false,
        });
    }
    if req.records.len() > MAX_BATCH {
        return Err(HqError::BatchTooLarge { max: MAX_BATCH });
    }
    let mut last = 0i64;
    for r in &req.records {
        if r.seq <= last {
            return Err(HqError::BadSequence);
        }
        last = r.seq;
    }
    let received = now();
    let mut rejected = Vec::new();
    let mut parsed = Vec::with_capacity(req.records.len());
    for r in &req.records {
        match check(t, r) {
            Ok(record) => parsed.push((r, record)),
            Err(why) => rejected.push(refused(r.seq, &why)),
        }
    }
    let dedups: Vec<String> = parsed
        .iter()
        .map(|(r, record)| dedup_key(record.kind(), &r.record_id, &r.created_at, &r.payload))
        .collect();
    let (mut acked, refusals, audit_ask) = pool.tx(|db| {
        // A record stored before (a repeated delivery) is acknowledged again as it is;
        // every other one is checked against what head office knows, in order. The reads
        // come before the write lock, so that pushes from many terminals check at once
        // and wait only to write; what a push that commits meanwhile could change for a
        // record here (a sale voided twice) is checked again under the lock.
        let stored: HashSet<String> = stored_dedups(db, &dedups)?;
        let unseen: Vec<&Record> = parsed
            .iter()
            .zip(&dedups)
            .filter(|(_, d)| !stored.contains(*d))
            .map(|((_, record), _)| record)
            .collect();
        let mut known = Known::load(db, &unseen, clock::now_utc())?;
        let mut acked = Vec::with_capacity(parsed.len());
        let mut refusals = Vec::new();
        let mut held = Vec::new();
        let mut admitted = Vec::with_capacity(parsed.len());
        for ((r, record), dedup) in parsed.iter().zip(&dedups) {
            if stored.contains(dedup) {
                acked.push(r.seq);
                continue;
            }
            match known.admit(&t.branch, record) {
                Ok(()) => admitted.push((*r, record, dedup)),
                Err(why) => {
                    if let (Refusal::MobileChangeHeld { id }, Record::Member(m)) = (&why, record) {
                        held.push((m.mobile.clone(), id.clone()));
                    }
                    refusals.push(refused(r.seq, &why));
                }
            }
        }
        db.lock_records()?;
        let voided = voided_meanwhile(db, &admitted)?;
        for (mobile, id) in held {
            note_conflict(db, ConflictKind::MobileChange, &mobile, &id, &id)?;
        }
        let mut rows = Vec::with_capacity(admitted.len());
        let mut new = Vec::with_capacity(admitted.len());
        for (r, record, dedup) in admitted {
            if let Record::Void(v) = record
                && voided.contains(&v.sale_id)
            {
                refusals.push(refused(
                    r.seq,
                    &Refusal::AlreadyVoided {
                        id: v.sale_id.clone(),
                    },
                ));
                continue;
            }
            acked.push(r.seq);
            rows.push(vec![
                dedup.into(),
                Sql(&record.kind()).into(),
                (&r.record_id).into(),
                Sql(&t.id).into(),
                Sql(&t.branch).into(),
                r.seq.into(),
                r.payload.to_string().into(),
                (&r.created_at).into(),
                (&received).into(),
            ]);
            new.push((record, dedup));
        }
        // Within one batch a repeated record is stored once.
        let fresh: HashSet<String> = db
            .insert_many(
                "INSERT INTO records (dedup, kind, record_id, terminal_id, branch, seq, payload, created_at, received_at) VALUES",
                rows,
                "ON CONFLICT (dedup) DO NOTHING RETURNING dedup",
            )?
            .iter()
            .map(|r| r.get("dedup"))
            .collect::<Result<_, _>>()?;
        let mut seen = HashSet::new();
        let new: Vec<&Record> = new
            .into_iter()
            .filter(|(_, d)| fresh.contains(*d) && seen.insert(*d))
            .map(|(record, _)| record)
            .collect();
        let (drawn, touched) = project(db, &new)?;
        overdraft::recover_touched(db, &drawn, &touched, &received)?;
        db.exec(
            "UPDATE terminals SET last_seq = CASE WHEN last_seq > $2 THEN last_seq ELSE $2 END, last_seen = $3 WHERE id = $1",
            &[Sql(&t.id).into(), last.into(), (&received).into()],
        )?;
        let ask = super::anchor::note(db, t, req.audit.as_ref(), &received)?;
        Ok((acked, refusals, ask))
    })?;
    acked.sort_unstable();
    rejected.extend(refusals);
    rejected.sort_by_key(|r| r.seq);
    Ok(PushResponse {
        protocol: PROTOCOL,
        acked,
        rejected,
        audit_ask,
    })
}

pub(crate) fn refused(seq: i64, why: &Refusal) -> Rejected {
    Rejected {
        seq,
        code: why.code().to_string(),
        message: why.say(Lang::En),
    }
}

/// The sales of the voids in `admitted` that a push committed since they were checked
/// has voided (read under the write lock).
fn voided_meanwhile(
    db: &mut dyn Db,
    admitted: &[(&OutRecord, &Record, &String)],
) -> Result<HashSet<SaleId>, HqError> {
    struct Voided(SaleId);
    impl FromRow for Voided {
        fn from_row(r: &Row) -> Result<Voided, HqError> {
            Ok(Voided(r.core("id")?))
        }
    }
    let sales: Vec<String> = admitted
        .iter()
        .filter_map(|(_, record, _)| match record {
            Record::Void(v) => Some(v.sale_id.to_string()),
            _ => None,
        })
        .collect();
    Ok(db
        .fetch_in::<Voided>(
            "SELECT id FROM sales WHERE voided <> 0 AND id IN ({list})",
            &sales,
        )?
        .into_iter()
        .map(|v| v.0)
        .collect())
}

/// Which of `dedups` the log holds already.
fn stored_dedups(db: &mut dyn Db, dedups: &[String]) -> Result<HashSet<String>, HqError> {
    struct Dedup(String);
    impl FromRow for Dedup {
        fn from_row(r: &Row) -> Result<Dedup, HqError> {
            Ok(Dedup(r.get("dedup")?))
        }
    }
    Ok(db
        .fetch_in::<Dedup>("SELECT dedup FROM records WHERE dedup IN ({list})", dedups)?
        .into_iter()
        .map(|d| d.0)
        .collect())
}

/// A ledger entry's columns, `amount` as it is booked here.
fn entry_row(e: &Entry, amount: i64) -> Vec<Val> {
    vec![
        Sql(&e.id).into(),
        Sql(&e.member_id).into(),
        Sql(&e.account).into(),
        amount.into(),
        Sql(&e.kind).into(),
        opt(&e.lot_id).into(),
        opt(&e.sale_id).into(),
        Sql(&e.branch).into(),
        (&e.at).into(),
        e.expires_at.clone().into(),
        e.note.clone().into(),
    ]
}

const LEDGER_INSERT: &str = "INSERT INTO ledger (id, member_id, account, amount, kind, lot_id, sale_id, branch, at, expires_at, note) VALUES";

/// Updates head office's chain-wide tables from newly stored records: sales and ledger
/// entries in bulk, then members, cards, voids and expiries one by one, in order.
/// Returns the lots new entries drew on and the members whose ledger changed.
fn project(
    db: &mut dyn Db,
    new: &[&Record],
) -> Result<(BTreeSet<LotId>, BTreeSet<MemberId>), HqError> {
    let mut touched = BTreeSet::new();
    let mut drawn = BTreeSet::new();
    let mut sales = Vec::new();
    let mut items = Vec::new();
    let mut offers = Vec::new();
    let mut entries = Vec::new();
    let mut expiries = Vec::new();
    for record in new {
        for e in record.entries() {
            touched.insert(e.member_id.clone());
            if let Some(lot) = e.lot_id.as_ref().filter(|_| e.amount < 0) {
                drawn.insert(lot.clone());
            }
            if e.kind == EntryKind::Expire {
                expiries.push(e);
            } else {
                entries.push(entry_row(e, e.amount));
            }
        }
        if let Record::Sale(r) = record {
            let s = &r.sale;
            sales.push(vec![
                Sql(&s.id).into(),
                opt(&s.member_id).into(),
                Sql(&s.branch).into(),
                (&s.at).into(),
                s.gross.into(),
                s.credit_redeemed.into(),
                s.paid.into(),
                s.credit_earned.into(),
            ]);
            let (i, o) = sale_lines(s.id.as_str(), &r.items, &r.offers);
            items.extend(i);
            offers.extend(o);
        }
    }
    db.insert_many(
        "INSERT INTO sales (id, member_id, branch, at, gross, credit_redeemed, paid, credit_earned) VALUES",
        sales,
        "ON CONFLICT (id) DO NOTHING",
    )?;
    insert_sale_lines(db, items, offers)?;
    db.insert_many(LEDGER_INSERT, entries, "ON CONFLICT (id) DO NOTHING")?;
    for e in expiries {
        insert_entry(db, e)?;
    }
    for record in new {
        project_state(db, record)?;
    }
    Ok((drawn, touched))
}

/// The `sale_items` and `sale_offers` rows of a sale: each line with its amount (qty ×
/// unit price, 0 when that is not whole rials; a line without a category in `""`, as the
/// till keeps them), and each chosen offer line's id and value (read leniently: the lines
/// are the engine's, and one without an id is passed over).
pub(crate) fn sale_lines(
    sale: &str,
    items: &[vafa_core::sale::Item],
    offers: &[serde_json::Value],
) -> (Vec<Vec<Val>>, Vec<Vec<Val>>) {
    let items = items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            vec![
                sale.into(),
                Val::Int(i64::try_from(n).unwrap_or(i64::MAX)),
                i.sku.as_str().into(),
                i.category.as_deref().unwrap_or("").into(),
                i.total().unwrap_or(0).into(),
            ]
        })
        .collect();
    let offers = offers
        .iter()
        .filter(|o| o.get("chosen").and_then(|c| c.as_bool()) != Some(false))
        .filter_map(|o| {
            let id = o.get("id")?.as_str()?;
            let value = o.get("value").and_then(|v| v.as_i64()).unwrap_or(0);
            Some(vec![sale.into(), id.into(), value.into()])
        })
        .collect();
    (items, offers)
}

/// Stores rows of [`sale_lines`] (once: a sale's lines by its id and number).
pub(crate) fn insert_sale_lines(
    db: &mut dyn Db,
    items: Vec<Vec<Val>>,
    offers: Vec<Vec<Val>>,
) -> Result<(), HqError> {
    db.insert_many(
        "INSERT INTO sale_items (sale_id, line, sku, category, amount) VALUES",
        items,
        "ON CONFLICT (sale_id, line) DO NOTHING",
    )?;
    db.insert_many(
        "INSERT INTO sale_offers (sale_id, offer_id, value) VALUES",
        offers,
        "ON CONFLICT (sale_id, offer_id) DO NOTHING",
    )?;
    Ok(())
}

/// Members, cards and voids: one by one, in the order they happened.
fn project_state(db: &mut dyn Db, record: &Record) -> Result<(), HqError> {
    match record {
        Record::Void(v) => {
            db.exec(
                "UPDATE sales SET voided = 1 WHERE id = $1",
                &[Sql(&v.sale_id).into()],
            )?;
        }
        Record::Member(m) => {
            let others: Vec<Sql<MemberId>> = db.column(
                "SELECT id FROM members WHERE mobile = $1 AND id <> $2 AND merged_into IS NULL",
                &[(&m.mobile).into(), Sql(&m.id).into()],
                "id",
            )?;
            for Sql(o) in others {
                note_conflict(db, ConflictKind::Mobile, &m.mobile, &o, &m.id)?;
            }
            db.exec(
                // The latest edit by its time wins, whatever order they arrive in (tills
                // order them the same way; a time from the future is refused).
                "INSERT INTO members (id, mobile, first_name, last_name, branch, updated_at, referrer_id, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (id) DO UPDATE SET mobile = excluded.mobile, first_name = excluded.first_name,
                     last_name = excluded.last_name, updated_at = excluded.updated_at,
                     referrer_id = excluded.referrer_id
                 WHERE members.updated_at < excluded.updated_at",
                &[
                    Sql(&m.id).into(),
                    (&m.mobile).into(),
                    (&m.first_name).into(),
                    (&m.last_name).into(),
                    Sql(&m.branch).into(),
                    (&m.updated_at).into(),
                    opt(&m.referrer_id).into(),
                    (&m.created_at).into(),
                ],
            )?;
        }
        Record::Card(c) => {
            let held: Vec<Sql<MemberId>> = db.column(
                "SELECT member_id FROM cards WHERE number = $1 AND status = 'active' AND member_id <> $2",
                &[Sql(&c.number).into(), Sql(&c.member_id).into()],
                "member_id",
            )?;
            if let Some(Sql(h)) = held.first()
                && c.status == vafa_core::record::CardStatus::Active
            {
                note_conflict(db, ConflictKind::Card, &c.number, h, &c.member_id)?;
            }
            db.exec(
                "INSERT INTO cards (number, member_id, status, updated_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (number) DO UPDATE SET member_id = excluded.member_id, status = excluded.status,
                     updated_at = excluded.updated_at",
                &[
                    Sql(&c.number).into(),
                    Sql(&c.member_id).into(),
                    Sql(&c.status).into(),
                    (&c.at).into(),
                ],
            )?;
        }
        Record::Sale(_)
        | Record::Entry(_)
        | Record::Offer(_)
        | Record::OfferStatus(_)
        | Record::Occasions(_)
        | Record::Config(_)
        | Record::Merge(_) => {}
    }
    Ok(())
}

/// Books one entry in head office's ledger (once, by its id).
pub(crate) fn insert_entry(db: &mut dyn Db, e: &Entry) -> Result<(), HqError> {
    let mut amount = e.amount;
    // Two tills may each expire the same lot: the second expiry takes only what is left
    // (tills do the same when they apply it), so the lot is never expired twice.
    if e.kind == EntryKind::Expire
        && let Some(lot) = &e.lot_id
    {
        let left: i64 = db.scalar(
            &format!("SELECT CAST(COALESCE(SUM({AMOUNT}), 0) AS BIGINT) AS remaining FROM ledger WHERE id = $1 OR lot_id = $1"),
            &[Sql(lot).into()],
            "remaining",
        )?;
        amount = amount.max(-left.max(0));
        if amount == 0 {
            return Ok(());
        }
    }
    db.insert_many(
        LEDGER_INSERT,
        vec![entry_row(e, amount)],
        "ON CONFLICT (id) DO NOTHING",
    )?;
    Ok(())
}

fn note_conflict(
    db: &mut dyn Db,
    kind: ConflictKind,
    key: &str,
    first: &MemberId,
    second: &MemberId,
) -> Result<(), HqError> {
    let params = [
        Sql(&kind).into(),
        key.into(),
        Sql(first).into(),
        Sql(second).into(),
    ];
    if !db.exists(
        "SELECT id FROM conflicts WHERE kind = $1 AND key = $2 AND first_id = $3 AND second_id = $4",
        &params,
    )? {
        let mut params = params.to_vec();
        params.push(now().into());
        db.exec(
            "INSERT INTO conflicts (kind, key, first_id, second_id, at) VALUES ($1, $2, $3, $4, $5)",
            &params,
        )?;
    }
    Ok(())
}
