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
use vafa_core::ledger::EntryKind;
use vafa_core::overdraft::LotSums;
pub use vafa_core::overdraft::Standing;
use vafa_core::record::{Entry, Record};

pub use vafa_core::protocol::{NOTE_RECOVERY as NOTE_TAKEN, NOTE_REPAID};

macro_rules! bounded_amount {
    () => {
        "(CASE WHEN amount > 1000000000000000 THEN 1000000000000000 \
          WHEN amount < -1000000000000000 THEN -1000000000000000 ELSE amount END)"
    };
}

/// SQL for what a lot's entries (grouped by lot) come to without its expiries: below
/// zero, the lot is overdrawn by that much. An expiry takes only what is left after every
/// other entry, whichever arrived first, so it never makes or hides a debt.
pub const LOT_NET: &str = concat!(
    "SUM(CASE WHEN kind = 'expire' THEN 0 ELSE ",
    bounded_amount!(),
    " END)"
);

/// SQL for an entry's amount as sums read it: within `money::MAX_AMOUNT` either way.
/// Head office refuses any other (`validate`); one stored before it did cannot make a
/// sum overflow and stop `member show` or `report overdrafts`.
pub const AMOUNT: &str = bounded_amount!();

/// One lot of a member (or of a member merged into them) at head office: whose, where it
/// was earned, and its sums as the rules read them.
#[derive(Debug, Clone)]
struct HqLot {
    member_id: MemberId,
    lot: LotId,
    /// The branch the lot was earned at.
    branch: BranchCode,
    sums: LotSums,
}

impl FromRow for HqLot {
    fn from_row(r: &Row) -> Result<HqLot, HqError> {
        let (sum, net): (i64, i64) = (r.get("s")?, r.get("n")?);
        Ok(HqLot {
            member_id: r.core("member_id")?,
            lot: r.core("lot")?,
            branch: r.core_opt("branch")?.unwrap_or_default(),
            sums: LotSums {
                account: r.core("account")?,
                sum,
                // What expiries took: the entries other than expiries less all of them.
                expired: net.saturating_sub(sum),
                expires_at: r
                    .get::<Option<String>>("expires_at")?
                    .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.with_timezone(&Utc)),
            },
        })
    }
}

/// Every lot of `root` and of the members merged into it that is not settled to zero, in
/// the order they were opened.
fn lots(db: &mut dyn Db, root: &str) -> Result<Vec<HqLot>, HqError> {
    db.fetch(
        &format!("SELECT t.member_id AS member_id, t.account AS account, t.lot AS lot, t.s AS s,
                o.expires_at AS expires_at, o.branch AS branch, t.n AS n
         FROM (SELECT member_id, account, COALESCE(lot_id, id) AS lot, CAST(SUM({AMOUNT}) AS BIGINT) AS s,
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
pub fn standing(db: &mut dyn Db, root: &str, now: DateTime<Utc>) -> Result<Standing, HqError> {
    let lots: Vec<LotSums> = lots(db, root)?.into_iter().map(|l| l.sums).collect();
    Ok(vafa_core::overdraft::standing(&lots, now))
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
    let (entries, still_owing) = plan(&all, now, at);
    // Still owing after this recovery: kept on the list for the next earnings.
    if still_owing {
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

/// The recovery entries for one member's lots (`vafa_core::overdraft::plan`, O(n log n)
/// in their lots), and whether they still owe after them. Each piece is a pair of
/// `adjust` entries: the draw on the live lot, spent where the overdrawn lot was earned
/// (settlement counts it so), and the repayment of the overdrawn lot.
fn plan(all: &[HqLot], now: DateTime<Utc>, at: &str) -> (Vec<Entry>, bool) {
    let sums: Vec<LotSums> = all.iter().map(|l| l.sums).collect();
    let p = vafa_core::overdraft::plan(&sums, now);
    let entry = |l: &HqLot, account, amount: i64, note: &str, branch: &BranchCode| Entry {
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
    let mut out = Vec::with_capacity(p.recoveries.len() * 2);
    for r in &p.recoveries {
        let (Some(from), Some(debt)) = (all.get(r.from), all.get(r.to)) else {
            continue;
        };
        out.push(entry(from, r.account, -r.amount, NOTE_TAKEN, &debt.branch));
        out.push(entry(debt, r.account, r.amount, NOTE_REPAID, &debt.branch));
    }
    (out, p.still_owing())
}

#[cfg(test)]
mod tests {
    use super::*;
    use vafa_core::ledger::Account;

    fn lot(id: &str, sum: i64, exp: Option<&str>) -> HqLot {
        HqLot {
            member_id: "m".into(),
            lot: id.into(),
            branch: format!("at-{id}").into(),
            sums: LotSums {
                account: Account::Credit,
                sum,
                expired: 0,
                expires_at: exp.map(|e| {
                    DateTime::parse_from_rfc3339(e)
                        .expect("time")
                        .with_timezone(&Utc)
                }),
            },
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
    fn each_piece_is_a_draw_and_a_repayment_spent_where_the_debt_was_earned() {
        let lots = [
            lot("debt1", -50_000, None),
            lot("late", 30_000, Some("2027-06-01T00:00:00Z")),
            lot("soon", 20_000, Some("2026-12-01T00:00:00Z")),
            lot("gone", 99_000, Some("2026-11-01T00:00:00Z")),
        ];
        let (es, still_owing) = plan(&lots, now(), "2026-11-22T12:00:00Z");
        assert_eq!(
            amounts(&es),
            vec![
                ("soon".into(), -20_000),
                ("debt1".into(), 20_000),
                ("late".into(), -30_000),
                ("debt1".into(), 30_000),
            ]
        );
        assert!(!still_owing);
        assert!(es.iter().all(|e| e.branch == "at-debt1"));
        assert!(es.iter().all(|e| e.kind == EntryKind::Adjust));
        assert_eq!(
            es.iter().map(|e| e.note.as_deref()).collect::<Vec<_>>(),
            [Some(NOTE_TAKEN), Some(NOTE_REPAID)].repeat(2)
        );
    }

    #[test]
    fn a_member_with_68000_lots_is_planned_at_once() {
        // Issue 13 attack 5: the plan was quadratic in a member's lots. Ten times the lots
        // must cost about ten times the time (a quadratic plan: a hundred times), timed in
        // the same run so that a loaded machine slows both alike; each best of three.
        let member = |n: usize| {
            let mut lots: Vec<HqLot> = (0..n)
                .map(|i| lot(&format!("l{i}"), 1, Some("2027-01-01T00:00:00Z")))
                .collect();
            lots.push(lot("debt", -((n as i64) * 6 / 7), None));
            lots
        };
        let time = |lots: &[HqLot]| {
            (0..3)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let (es, still_owing) = plan(lots, now(), "t");
                    assert!(!still_owing);
                    (start.elapsed(), es.len())
                })
                .min()
                .expect("three runs")
        };
        let (small, _) = time(&member(6_800));
        let (large, entries) = time(&member(68_000));
        assert_eq!(entries, 116_570);
        assert!(
            large < small * 40,
            "10x the lots took {:.1}x the time ({small:?} then {large:?})",
            large.as_secs_f64() / small.as_secs_f64()
        );
    }
}
