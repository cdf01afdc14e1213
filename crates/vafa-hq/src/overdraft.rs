//! Overdrafts at head office: credit (or points) that two branches spent from one lot
//! while apart. Head office never refuses a finished sale, so such a lot's entries sum
//! below zero: it is overdrawn by that much, and the member owes it.
//!
//! Head office is the only one that recovers it, so nothing is recovered twice: whenever
//! a member who owes has live credit (now, or from any later earning), head office takes
//! it, nearest-expiry first, with a pair of `adjust` entries per recovery, one drawing on
//! the credit's lot and one giving back to the overdrawn lot. They reach every till as
//! `entry` records. A till that spent that credit before the recovery arrived owes the
//! difference on that lot in turn, recovered the same way from the next earning.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::HqError;
use super::storage::{Db, FromRow, Row, Sql, Val, placeholders};
use vafa_core::ids::{BranchCode, EntryId, LotId, MemberId};
use vafa_core::ledger::{Account, EntryKind, Lot, allocate};
use vafa_core::record::{Entry, Record};

pub use vafa_core::protocol::{NOTE_RECOVERY as NOTE_TAKEN, NOTE_REPAID};

/// SQL for what a lot's entries (grouped by lot) come to without its expiries: below
/// zero, the lot is overdrawn by that much. An expiry takes only what is left after every
/// other entry, whichever arrived first, so it never makes or hides a debt.
pub const LOT_NET: &str = "SUM(CASE WHEN kind = 'expire' THEN 0 ELSE amount END)";

/// One lot of a member (or of a member merged into them) at head office.
#[derive(Debug, Clone)]
struct HqLot {
    member_id: MemberId,
    account: Account,
    lot: LotId,
    /// What the lot holds: all its entries.
    sum: i64,
    /// What its entries other than expiries come to; below zero, it is overdrawn by that
    /// much (an expiry takes only what is left after every other entry).
    net: i64,
    expires_at: Option<DateTime<Utc>>,
    /// The branch the lot was earned at.
    branch: BranchCode,
}

impl FromRow for HqLot {
    fn from_row(r: &Row) -> Result<HqLot, HqError> {
        Ok(HqLot {
            member_id: r.core("member_id")?,
            account: r.core("account")?,
            lot: r.core("lot")?,
            sum: r.get("s")?,
            net: r.get("n")?,
            expires_at: r
                .get::<Option<String>>("expires_at")?
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc)),
            branch: r.core_opt("branch")?.unwrap_or_default(),
        })
    }
}

impl HqLot {
    fn live(&self, now: DateTime<Utc>) -> bool {
        self.sum > 0 && self.expires_at.is_none_or(|e| e > now)
    }
}

/// Every lot of `root` and of the members merged into it that is not settled to zero, in
/// the order they were opened.
fn lots(db: &mut dyn Db, root: &str) -> Result<Vec<HqLot>, HqError> {
    db.fetch(
        &format!("SELECT t.member_id AS member_id, t.account AS account, t.lot AS lot, t.s AS s,
                o.expires_at AS expires_at, o.branch AS branch, t.n AS n
         FROM (SELECT member_id, account, COALESCE(lot_id, id) AS lot, CAST(SUM(amount) AS BIGINT) AS s,
                      CAST({LOT_NET} AS BIGINT) AS n
               FROM ledger
               WHERE member_id = $1 OR member_id IN (SELECT id FROM members WHERE merged_into = $1)
               GROUP BY member_id, account, COALESCE(lot_id, id)) t
         LEFT JOIN ledger o ON o.id = t.lot
         WHERE t.s <> 0 OR t.n < 0
         ORDER BY o.at, t.lot"),
        &[root.into()],
    )
}

/// A member's chain-wide standing: what they may spend (live lots) and what they owe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    pub credit: i64,
    pub points: i64,
    pub owed_credit: i64,
    pub owed_points: i64,
}

pub fn standing(db: &mut dyn Db, root: &str, now: DateTime<Utc>) -> Result<Standing, HqError> {
    let mut s = Standing::default();
    for l in lots(db, root)? {
        let credit = l.account == Account::Credit;
        if l.net < 0 {
            *if credit {
                &mut s.owed_credit
            } else {
                &mut s.owed_points
            } -= l.net;
        } else if l.live(now) {
            *if credit { &mut s.credit } else { &mut s.points } += l.sum;
        }
    }
    Ok(s)
}

/// After new entries: `drawn` are the lots new entries drew on, `touched` the members
/// whose ledger changed. Whoever owes among them (a drawn lot below zero, or a member
/// already on the `owing` list) has what they owe recovered from their live lots.
/// Returns the entries written.
pub fn recover_touched(
    db: &mut dyn Db,
    drawn: &BTreeSet<LotId>,
    touched: &BTreeSet<MemberId>,
    at: &str,
) -> Result<Vec<Entry>, HqError> {
    let mut owing = BTreeSet::new();
    let drawn: Vec<&LotId> = drawn.iter().collect();
    for chunk in drawn.chunks(400) {
        let list = placeholders(chunk.len());
        let sql = format!(
            "SELECT DISTINCT COALESCE(m.merged_into, t.member_id) AS root
             FROM (SELECT lot, MIN(member_id) AS member_id FROM (
                       SELECT id AS lot, member_id, amount, kind FROM ledger WHERE id IN ({list})
                       UNION ALL
                       SELECT lot_id AS lot, member_id, amount, kind FROM ledger WHERE lot_id IN ({list})) u
                   GROUP BY lot HAVING {LOT_NET} < 0) t
             LEFT JOIN members m ON m.id = t.member_id"
        );
        let params: Vec<Val> = chunk.iter().map(|s| Sql(*s).into()).collect();
        owing.extend(db.column::<Sql<MemberId>>(&sql, &params, "root")?);
    }
    let touched: Vec<&MemberId> = touched.iter().collect();
    for chunk in touched.chunks(400) {
        let list = placeholders(chunk.len());
        let sql = format!(
            "SELECT member_id FROM owing
             WHERE member_id IN ({list})
                OR member_id IN (SELECT merged_into FROM members WHERE id IN ({list}))"
        );
        let params: Vec<Val> = chunk.iter().map(|s| Sql(*s).into()).collect();
        owing.extend(db.column::<Sql<MemberId>>(&sql, &params, "member_id")?);
    }
    let mut out = Vec::new();
    for Sql(root) in owing {
        out.extend(recover(db, &root, at)?);
    }
    Ok(out)
}

/// Recovers what `root` owes, in each account, from their live lots: the entries are
/// written to the ledger and published to every till.
pub fn recover(db: &mut dyn Db, root: &str, at: &str) -> Result<Vec<Entry>, HqError> {
    let now = DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| super::clock::now_utc());
    let all = lots(db, root)?;
    let entries = plan(&all, now, at);
    // Still owing after this recovery: kept on the list for the next earnings.
    let repaid: i64 = entries
        .iter()
        .filter(|e| e.amount > 0)
        .map(|e| e.amount)
        .sum();
    let owed: i64 = all.iter().filter(|l| l.net < 0).map(|l| -l.net).sum();
    if owed > repaid {
        db.exec(
            "INSERT INTO owing (member_id) VALUES ($1) ON CONFLICT (member_id) DO NOTHING",
            &[root.into()],
        )?;
    } else {
        db.exec("DELETE FROM owing WHERE member_id = $1", &[root.into()])?;
    }
    for e in &entries {
        super::ingest::insert_entry(db, e)?;
        super::log::store_own(db, &Record::Entry(e.clone()), at)?;
    }
    Ok(entries)
}

/// The recovery entries for one member's lots: per account, as much of what is owed as
/// the live lots hold, drawn nearest-expiry first and repaid to the oldest debt first.
fn plan(all: &[HqLot], now: DateTime<Utc>, at: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    for account in [Account::Credit, Account::Points] {
        let mine = all.iter().filter(|l| l.account == account);
        let debts: Vec<&HqLot> = mine.clone().filter(|l| l.net < 0).collect();
        let live: Vec<(usize, &HqLot)> = mine.filter(|l| l.live(now)).enumerate().collect();
        let owed: i64 = debts.iter().map(|l| -l.net).sum();
        let held: i64 = live.iter().map(|(_, l)| l.sum).sum();
        let take = owed.min(held);
        if take <= 0 {
            continue;
        }
        let pool: Vec<Lot> = live
            .iter()
            .map(|(i, l)| Lot {
                id: l.lot.to_string(),
                remaining: l.sum,
                expires_at: l.expires_at,
                seq: *i as i64,
            })
            .collect();
        let Ok(draws) = allocate(&pool, take) else {
            continue;
        };
        // Pair each piece drawn with the debt it repays: the draw is credit earned at its
        // lot's branch and spent at the overdrawn lot's branch (settlement counts it so).
        let entry = |l: &HqLot, amount: i64, note: &str, branch: &BranchCode| Entry {
            id: EntryId::fresh(),
            member_id: l.member_id.clone(),
            account,
            amount,
            kind: EntryKind::Adjust,
            lot_id: Some(l.lot.clone()),
            expires_at: None,
            sale_id: None,
            at: at.to_string(),
            branch: branch.clone(),
            note: Some(note.to_string()),
        };
        let mut debts = debts.into_iter().map(|d| (d, -d.net)).peekable();
        for (lot, mut amount) in draws {
            let Some((_, from)) = live.iter().find(|(_, l)| l.lot == lot) else {
                continue;
            };
            while amount > 0 {
                let Some((debt, owed)) = debts.peek_mut() else {
                    break;
                };
                let piece = amount.min(*owed);
                out.push(entry(from, -piece, NOTE_TAKEN, &debt.branch));
                out.push(entry(debt, piece, NOTE_REPAID, &debt.branch));
                amount -= piece;
                *owed -= piece;
                if *owed == 0 {
                    debts.next();
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lot(id: &str, account: Account, sum: i64, exp: Option<&str>) -> HqLot {
        HqLot {
            member_id: "m".into(),
            account,
            lot: id.into(),
            sum,
            net: sum,
            expires_at: exp.map(|e| {
                DateTime::parse_from_rfc3339(e)
                    .expect("time")
                    .with_timezone(&Utc)
            }),
            branch: format!("at-{id}").into(),
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
            .expect("time")
            .with_timezone(&Utc)
    }

    fn amounts(es: &[Entry]) -> Vec<(String, i64)> {
        es.iter()
            .map(|e| (e.lot_id.clone().unwrap_or_default().into_string(), e.amount))
            .collect()
    }

    #[test]
    fn takes_what_is_live_nearest_expiry_first_and_repays_oldest_debt_first() {
        let lots = [
            lot("debt1", Account::Credit, -50_000, None),
            lot("debt2", Account::Credit, -40_000, None),
            lot(
                "late",
                Account::Credit,
                30_000,
                Some("2027-06-01T00:00:00Z"),
            ),
            lot(
                "soon",
                Account::Credit,
                20_000,
                Some("2026-12-01T00:00:00Z"),
            ),
            lot(
                "gone",
                Account::Credit,
                99_000,
                Some("2026-11-01T00:00:00Z"),
            ),
            lot("pts", Account::Points, 10, None),
        ];
        let es = plan(&lots, now(), "2026-11-22T12:00:00Z");
        assert_eq!(
            amounts(&es),
            vec![
                ("soon".into(), -20_000),
                ("debt1".into(), 20_000),
                ("late".into(), -30_000),
                ("debt1".into(), 30_000),
            ]
        );
        // Each draw is spent where the debt it repays was earned.
        assert!(es.iter().all(|e| e.branch == "at-debt1"));
        assert!(
            es.iter()
                .all(|e| e.kind == EntryKind::Adjust && e.account == Account::Credit)
        );
        // Expired credit is never used to pay a debt.
        assert!(!es.iter().any(|e| e.lot_id.as_deref() == Some("gone")));
    }

    #[test]
    fn a_small_debt_takes_only_what_is_owed() {
        let lots = [
            lot("debt", Account::Credit, -7_000, None),
            lot("cash", Account::Credit, 50_000, None),
        ];
        let es = plan(&lots, now(), "2026-11-22T12:00:00Z");
        assert_eq!(
            amounts(&es),
            vec![("cash".into(), -7_000), ("debt".into(), 7_000)]
        );
        // A draw that repays two debts is split, one pair each.
        let two = [
            lot("d1", Account::Credit, -3_000, None),
            lot("d2", Account::Credit, -4_000, None),
            lot("cash", Account::Credit, 50_000, None),
        ];
        assert_eq!(
            amounts(&plan(&two, now(), "t")),
            vec![
                ("cash".into(), -3_000),
                ("d1".into(), 3_000),
                ("cash".into(), -4_000),
                ("d2".into(), 4_000),
            ]
        );
        assert_eq!(es.iter().map(|e| e.amount).sum::<i64>(), 0);
    }

    #[test]
    fn a_redemption_that_arrives_after_the_lots_expiry_is_no_debt() {
        // +40 earned, -40 expired (arrived first), -40 redeemed before the expiry.
        let mut expired = lot("x", Account::Credit, -40, None);
        expired.net = 0;
        let lots = [expired, lot("cash", Account::Credit, 50_000, None)];
        assert!(plan(&lots, now(), "t").is_empty());
    }

    #[test]
    fn nothing_owed_or_nothing_held_writes_nothing() {
        assert!(plan(&[lot("cash", Account::Credit, 5, None)], now(), "t").is_empty());
        assert!(plan(&[lot("debt", Account::Credit, -5, None)], now(), "t").is_empty());
    }
}
