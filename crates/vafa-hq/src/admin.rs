//! What head office's manager does: chain-wide offers and configuration, merging a member
//! enrolled twice, deciding whose a card is, and the open conflicts.

use serde::Serialize;

use super::HqError;
use super::clock::now;
use super::ingest::insert_entry;
use super::log::store_own;
use super::overdraft::{self, AMOUNT};
use super::storage::{Db, FromRow, Pool, Row, Sql};
use vafa_core::hq::{ConflictKind, ConflictLine, MobileDecision};
use vafa_core::ids::{BranchCode, CardNumber, EntryId, LotId, MemberId};
use vafa_core::ledger::{Account, EntryKind};
use vafa_core::record::{
    CardRecord, CardStatus, Entry, MemberRow, MergeRecord, MergedCard, Record,
};

/// Stores head-office records (chain-wide offers or configuration) for every till.
fn publish(pool: &Pool, records: &[Record]) -> Result<(), HqError> {
    let at = now();
    pool.tx(|db| {
        db.lock_records()?;
        for r in records {
            store_own(db, r, &at)?;
        }
        Ok(())
    })
}

/// `vafa-hq offers import`: checks the file as a till would and publishes every offer.
pub fn import_offers(pool: &Pool, text: &str) -> Result<usize, HqError> {
    let offers = vafa_core::offer::parse_offers(text).map_err(|e| {
        HqError::OfferFile(Box::new(vafa_core::error::Error::OfferFile {
            offer: e.offer,
            line: e.line,
            field: e.field,
            reason: e.reason,
        }))
    })?;
    let records: Vec<Record> = offers
        .into_iter()
        .map(|o| Record::Offer(Box::new(o.offer)))
        .collect();
    publish(pool, &records)?;
    Ok(records.len())
}

/// `vafa-hq config import`: checks the file as a till would and publishes it.
pub fn import_config(pool: &Pool, text: &str) -> Result<vafa_core::config::ShopConfig, HqError> {
    let config = vafa_core::config::ShopConfig::from_toml(text).map_err(|e| {
        HqError::ConfigFile(Box::new(vafa_core::error::Error::Config {
            line: e.line,
            key: e.key,
            reason: e.reason,
        }))
    })?;
    publish(pool, &[Record::Config(Box::new(config.clone()))])?;
    Ok(config)
}

/// What `member merge` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merged {
    pub kept: MemberId,
    pub merged: MemberId,
    /// Entries written: the moves and any recovery.
    pub entries: usize,
    pub cards: usize,
}

/// One of FROM's lots with something left.
struct LeftInLot {
    account: Account,
    lot: LotId,
    amount: i64,
    expires_at: Option<String>,
    /// Where it was earned.
    branch: Option<BranchCode>,
}

impl FromRow for LeftInLot {
    fn from_row(r: &Row) -> Result<LeftInLot, HqError> {
        Ok(LeftInLot {
            account: r.core("account")?,
            lot: r.core("lot")?,
            amount: r.get("amount")?,
            expires_at: r.get("expires_at")?,
            branch: r.core_opt("branch")?,
        })
    }
}

fn live(db: &mut dyn Db, id: &str) -> Result<bool, HqError> {
    db.exists(
        "SELECT id FROM members WHERE id = $1 AND merged_into IS NULL",
        &[id.into()],
    )
}

/// KEEP's member row as its till last sent it (what other tills need to add it).
fn last_member_row(db: &mut dyn Db, id: &str) -> Result<MemberRow, HqError> {
    let payload: Option<String> = db
        .column(
            "SELECT payload FROM records WHERE kind = 'member' AND record_id = $1 ORDER BY serial DESC LIMIT 1",
            &[id.into()],
            "payload",
        )?
        .into_iter()
        .next();
    payload
        .and_then(|p| serde_json::from_str(&p).ok())
        .ok_or_else(|| HqError::storage(format!("no member record for {id}")))
}

/// `vafa-hq member merge --keep KEEP --from FROM`: one person enrolled twice (the same
/// mobile at two branches while apart). FROM's remaining credit and points move to KEEP
/// by ledger entries (FROM's history stays, under its id, linked by `merged_into`);
/// FROM's cards go to KEEP; every till receives a `merge` record and does the same.
pub fn merge_members(pool: &Pool, keep: &str, from: &str) -> Result<Merged, HqError> {
    if keep == from {
        return Err(HqError::MergeSelf);
    }
    let at = now();
    pool.tx(|db| {
        db.lock_records()?;
        if !live(db, keep)? || !live(db, from)? {
            return Err(HqError::MergeUnknown);
        }
        let keep_row = last_member_row(db, keep)?;
        // Each of FROM's lots with something left moves to KEEP as a lot of its own, with
        // its own expiry.
        let lots: Vec<LeftInLot> = db.fetch(
            &format!("SELECT t.account AS account, t.lot AS lot, t.s AS amount, o.expires_at AS expires_at,
                    o.branch AS branch FROM (
                 SELECT account, COALESCE(lot_id, id) AS lot, CAST(SUM({AMOUNT}) AS BIGINT) AS s
                 FROM ledger WHERE member_id = $1 GROUP BY account, COALESCE(lot_id, id)) t
             LEFT JOIN ledger o ON o.id = t.lot
             WHERE t.s > 0 ORDER BY o.at, t.lot"),
            &[from.into()],
        )?;
        let entry =
            |member: &str, l: &LeftInLot, amount: i64, lot, expires_at, branch, note| Entry {
                id: EntryId::fresh(),
                member_id: MemberId::from(member),
                account: l.account,
                amount,
                kind: EntryKind::Adjust,
                lot_id: lot,
                expires_at,
                sale_id: None,
                at: at.clone(),
                branch,
                note: Some(note),
            };
        let mut entries = Vec::new();
        for l in &lots {
            entries.push(entry(
                from,
                l,
                -l.amount,
                Some(l.lot.clone()),
                None,
                BranchCode::from("HQ"),
                format!("merged into {keep}"),
            ));
            // Still credit earned where it was earned (settlement), and expiring when it did.
            entries.push(entry(
                keep,
                l,
                l.amount,
                None,
                l.expires_at.clone(),
                l.branch.clone().unwrap_or_default(),
                format!("merged from {from}"),
            ));
        }
        for e in &entries {
            insert_entry(db, e)?;
        }
        let cards: Vec<MergedCard> = db
            .column::<Sql<CardNumber>>(
                "SELECT number FROM cards WHERE member_id = $1",
                &[from.into()],
                "number",
            )?
            .into_iter()
            // Each till indexes the number as it would a typed one.
            .map(|Sql(number)| MergedCard { number })
            .collect();
        db.exec(
            "UPDATE cards SET member_id = $1 WHERE member_id = $2",
            &[keep.into(), from.into()],
        )?;
        db.exec(
            "UPDATE members SET merged_into = $1 WHERE id = $2 OR merged_into = $2",
            &[keep.into(), from.into()],
        )?;
        db.exec(
            "UPDATE conflicts SET resolved_at = $3, resolution = $4
             WHERE resolved_at IS NULL AND kind = 'mobile'
               AND ((first_id = $1 AND second_id = $2) OR (first_id = $2 AND second_id = $1))",
            &[
                keep.into(),
                from.into(),
                (&at).into(),
                format!("merged into {keep}").into(),
            ],
        )?;
        let (moved, n_cards) = (entries.len(), cards.len());
        let merge = Record::Merge(MergeRecord {
            keep: keep_row,
            from: from.into(),
            entries,
            cards,
            at: at.clone(),
        });
        store_own(db, &merge, &at)?;
        // What either of them owed is now KEEP's, recovered from both balances.
        db.exec("DELETE FROM owing WHERE member_id = $1", &[from.into()])?;
        let recovered = overdraft::recover(db, keep, &at)?;
        Ok(Merged {
            kept: keep.into(),
            merged: from.into(),
            entries: moved + recovered.len(),
            cards: n_cards,
        })
    })
}

/// What `card resolve` decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    pub card: CardNumber,
    pub member: MemberId,
}

/// `vafa-hq card resolve NUMBER --member ID`: a card given to two members belongs to
/// MEMBER, at head office and on every till.
pub fn resolve_card(pool: &Pool, number: &str, member: &str) -> Result<Resolved, HqError> {
    let at = now();
    let number = number.trim();
    pool.tx(|db| {
        db.lock_records()?;
        if !live(db, member)? {
            return Err(HqError::UnknownMember { id: member.into() });
        }
        if !db.exists(
            "SELECT number FROM cards WHERE number = $1",
            &[number.into()],
        )? {
            return Err(HqError::UnknownCard {
                number: number.into(),
            });
        }
        db.exec(
            "UPDATE cards SET member_id = $2, status = 'active', updated_at = $3 WHERE number = $1",
            &[number.into(), member.into(), (&at).into()],
        )?;
        db.exec(
            "UPDATE conflicts SET resolved_at = $2, resolution = $3
             WHERE resolved_at IS NULL AND kind = 'card' AND key = $1",
            &[
                number.into(),
                (&at).into(),
                format!("given to {member}").into(),
            ],
        )?;
        let decision = Record::Card(CardRecord {
            number: number.into(),
            member_id: member.into(),
            status: CardStatus::Active,
            reason: None,
            replaced_by: None,
            at: at.clone(),
            branch: None,
            keys: None,
            resolved: true,
        });
        store_own(db, &decision, &at)?;
        Ok(Resolved {
            card: number.into(),
            member: member.into(),
        })
    })
}

impl FromRow for ConflictLine {
    fn from_row(r: &Row) -> Result<ConflictLine, HqError> {
        Ok(ConflictLine {
            id: r.get("id")?,
            kind: r.core("kind")?,
            key: r.get("key")?,
            first: r.core("first_id")?,
            second: r.core("second_id")?,
            at: r.get("at")?,
        })
    }
}

/// Open conflicts (one mobile enrolled twice, one card on two members).
pub fn conflicts(pool: &Pool) -> Result<Vec<ConflictLine>, HqError> {
    pool.read(|db| {
        db.fetch(
            "SELECT id, kind, key, first_id, second_id, at FROM conflicts WHERE resolved_at IS NULL ORDER BY id",
            &[],
        )
    })
}

/// `vafa-hq conflicts approve|reject ID`: head office decides a mobile change another
/// branch asked for (held, `held_for_head_office`). Approved, the member's mobile is the
/// new one; rejected, it stays. Either way head office sends every till the member as it
/// now is (the asking till had changed it already), dated now so it wins over both
/// edits; the decision is kept on the conflict (`resolved_at`, `resolution`).
pub fn decide_mobile(pool: &Pool, id: i64, approve: bool) -> Result<MobileDecision, HqError> {
    let at = now();
    pool.tx(|db| {
        db.lock_records()?;
        let open: Option<ConflictLine> = db.fetch_opt(
            "SELECT id, kind, key, first_id, second_id, at FROM conflicts WHERE id = $1 AND resolved_at IS NULL",
            &[id.into()],
        )?;
        let Some(c) = open.filter(|c| c.kind == ConflictKind::MobileChange) else {
            return Err(HqError::UnknownConflict { id });
        };
        let mut row = last_member_row(db, c.first.as_str())?;
        if approve {
            row.mobile = c.key.clone();
            db.exec(
                "UPDATE members SET mobile = $2, updated_at = $3 WHERE id = $1",
                &[Sql(&c.first).into(), (&c.key).into(), (&at).into()],
            )?;
        }
        row.updated_at = later_than(&row.updated_at);
        db.exec(
            "UPDATE conflicts SET resolved_at = $2, resolution = $3 WHERE id = $1",
            &[
                id.into(),
                (&at).into(),
                if approve { "approved" } else { "rejected" }.into(),
            ],
        )?;
        store_own(db, &Record::Member(row.clone()), &at)?;
        Ok(MobileDecision {
            conflict: id,
            member: c.first,
            mobile: row.mobile,
            approved: approve,
        })
    })
}

/// Head office's time now, or a second after `edited` if that is later, written in
/// `edited`'s offset: tills order a member's edits by comparing these strings, so head
/// office's decision must sort after the edits it decides on.
fn later_than(edited: &str) -> String {
    let now = super::clock::now_utc();
    match chrono::DateTime::parse_from_rfc3339(edited) {
        Ok(t) => {
            let after = t + chrono::Duration::seconds(1);
            let now = now.with_timezone(t.offset());
            after.max(now).to_rfc3339()
        }
        Err(_) => now.to_rfc3339(),
    }
}
