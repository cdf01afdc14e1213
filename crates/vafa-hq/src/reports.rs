//! What head office reports: a member's chain-wide standing, who owes credit spent twice,
//! and settlement between branch owners.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::HqError;
use super::clock::now_utc;
use super::overdraft::{self, LOT_NET};
use super::storage::{Db, FromRow, Pool, Row, Sql};
use vafa_core::hq::{
    Balance, CardLine, MemberShow, MemberView, OverdraftLine, Owes, Settlement, SpentLine,
};
use vafa_core::ids::{BranchCode, MemberId};

/// `vafa-hq member show`: the member(s) a mobile or card names, with chain-wide balances.
/// More than one member means the mobile was enrolled twice (a conflict to resolve).
pub fn member_show(
    pool: &Pool,
    mobile: Option<&str>,
    card: Option<&str>,
) -> Result<MemberShow, HqError> {
    let ids: Vec<Sql<MemberId>> = pool.read(|db| match (mobile, card) {
        (Some(m), _) => {
            let m = vafa_core::phone::parse_mobile(m).ok_or_else(|| HqError::InvalidMobile {
                text: m.to_string(),
            })?;
            db.column(
                "SELECT id FROM members WHERE mobile = $1 AND merged_into IS NULL ORDER BY id",
                &[m.as_str().into()],
                "id",
            )
        }
        (None, Some(c)) => db.column(
            "SELECT member_id FROM cards WHERE number = $1",
            &[c.trim().into()],
            "member_id",
        ),
        (None, None) => Err(HqError::MobileOrCard),
    })?;
    let mut out = Vec::new();
    for Sql(id) in ids {
        out.push(pool.read(|db| member_view(db, &id))?);
    }
    match out.len() {
        0 => Err(HqError::NoSuchMember),
        1 => Ok(MemberShow::One(out.remove(0))),
        _ => Ok(MemberShow::EnrolledTwice(out)),
    }
}

/// A member's row at head office.
struct MemberHead {
    id: MemberId,
    first_name: String,
    last_name: String,
    mobile: String,
    branch: BranchCode,
    merged_into: Option<MemberId>,
}

impl FromRow for MemberHead {
    fn from_row(r: &Row) -> Result<MemberHead, HqError> {
        Ok(MemberHead {
            id: r.core("id")?,
            first_name: r.get("first_name")?,
            last_name: r.get("last_name")?,
            mobile: r.get("mobile")?,
            branch: r.core("branch")?,
            merged_into: r.core_opt("merged_into")?,
        })
    }
}

impl FromRow for CardLine {
    fn from_row(r: &Row) -> Result<CardLine, HqError> {
        Ok(CardLine {
            number: r.core("number")?,
            status: r.core("status")?,
        })
    }
}

/// A member's sales, voided ones left out.
struct SalesTotal {
    visits: i64,
    total_spend: i64,
}

impl FromRow for SalesTotal {
    fn from_row(r: &Row) -> Result<SalesTotal, HqError> {
        Ok(SalesTotal {
            visits: r.get("visits")?,
            total_spend: r.get("total_spend")?,
        })
    }
}

/// One member as head office sees them, with the members merged into them.
pub fn member_view(db: &mut dyn Db, id: &str) -> Result<MemberView, HqError> {
    let m: MemberHead = db
        .fetch_opt(
            "SELECT id, first_name, last_name, mobile, branch, merged_into FROM members WHERE id = $1",
            &[id.into()],
        )?
        .ok_or_else(|| HqError::UnknownMember { id: id.into() })?;
    // Live lots are what the member may spend; lots drawn below zero are what they owe.
    let st = overdraft::standing(db, id, now_utc())?;
    let cards: Vec<CardLine> = db.fetch(
        "SELECT number, status FROM cards WHERE member_id = $1 ORDER BY number",
        &[id.into()],
    )?;
    let sales: Option<SalesTotal> = db.fetch_opt(
        "SELECT COUNT(DISTINCT SUBSTR(at, 1, 10)) AS visits, CAST(COALESCE(SUM(gross), 0) AS BIGINT) AS total_spend FROM sales
         WHERE member_id IN (SELECT id FROM members WHERE id = $1 OR merged_into = $1) AND voided = 0",
        &[id.into()],
    )?;
    Ok(MemberView {
        id: m.id,
        first_name: m.first_name,
        last_name: m.last_name,
        mobile: m.mobile,
        enrolled_at_branch: m.branch,
        merged_into: m.merged_into,
        balance: Balance {
            credit: st.credit,
            points: st.points,
        },
        overdraft: st.owed_credit,
        owed_points: st.owed_points,
        visits: sales.as_ref().map(|s| s.visits).unwrap_or(0),
        total_spend: sales.as_ref().map(|s| s.total_spend).unwrap_or(0),
        cards,
    })
}

/// One member who owes (a row of the overdrafts report).
struct Owing {
    member_id: MemberId,
    mobile: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    overdraft: i64,
}

impl FromRow for Owing {
    fn from_row(r: &Row) -> Result<Owing, HqError> {
        Ok(Owing {
            member_id: r.core("member_id")?,
            mobile: r.get("mobile")?,
            first_name: r.get("first_name")?,
            last_name: r.get("last_name")?,
            overdraft: r.get("overdraft")?,
        })
    }
}

/// Members whose credit was spent beyond what its lots held (two branches spending one
/// balance while apart) and is not yet recovered, largest first; a merged member's debt
/// is shown under the member it was merged into.
pub fn overdrafts(pool: &Pool) -> Result<Vec<OverdraftLine>, HqError> {
    let rows: Vec<Owing> = pool.read(|db| {
        db.fetch(
            &format!(
                "SELECT o.root AS member_id, r.mobile AS mobile, r.first_name AS first_name,
                        r.last_name AS last_name, o.over AS overdraft FROM (
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
    Ok(rows
        .into_iter()
        .map(|o| OverdraftLine {
            name: format!(
                "{} {}",
                o.first_name.unwrap_or_default(),
                o.last_name.unwrap_or_default()
            ),
            member_id: o.member_id,
            mobile: o.mobile,
            overdraft: o.overdraft,
        })
        .collect())
}

fn parse_day(field: &'static str, text: &str) -> Result<NaiveDate, HqError> {
    vafa_core::calendar::parse_date(text)
        .map(|g| g.date)
        .map_err(|_| HqError::InvalidDate {
            field,
            text: text.to_string(),
        })
}

/// A branch and its owner.
struct Owner {
    code: BranchCode,
    owner: String,
}

impl FromRow for Owner {
    fn from_row(r: &Row) -> Result<Owner, HqError> {
        Ok(Owner {
            code: r.core("code")?,
            owner: r.get("owner")?,
        })
    }
}

/// A ledger entry that moved credit between branches, as it is in the ledger (`amount`
/// drawn is negative).
struct Moved(SpentLine);

impl FromRow for Moved {
    fn from_row(r: &Row) -> Result<Moved, HqError> {
        Ok(Moved(SpentLine {
            entry_id: r.core("entry_id")?,
            sale_id: r.core_opt("sale_id")?,
            member_id: r.core("member_id")?,
            earned_at: r.core("earned_at")?,
            spent_at: r.core("spent_at")?,
            amount: r.get("amount")?,
            at: r.get("at")?,
            kind: r.core("kind")?,
        }))
    }
}

/// `vafa-hq report settlement`: for credit earned at one owner's branch and spent at
/// another owner's between `from` and `to` (inclusive, shop-local days), who owes whom,
/// with every entry behind each figure. A void that gives spent credit back reduces it;
/// credit head office took to repay an overdraft counts as spent where the overdrawn
/// lot was earned (see `overdraft`).
pub fn settlement(pool: &Pool, from: &str, to: &str) -> Result<Settlement, HqError> {
    let from_d = parse_day("--from", from)?;
    let to_d = parse_day("--to", to)?;
    if to_d < from_d {
        return Err(HqError::DatesReversed);
    }
    let end = to_d.succ_opt().unwrap_or(to_d);
    let (owners, rows) = pool.read(|db| {
        let owners: BTreeMap<String, String> = db
            .fetch::<Owner>("SELECT code, owner FROM branches", &[])?
            .into_iter()
            .map(|o| (o.code.into_string(), o.owner))
            .collect();
        let rows: Vec<Moved> = db.fetch(
            "SELECT r.id AS entry_id, r.sale_id AS sale_id, r.member_id AS member_id,
                    e.branch AS earned_at, r.branch AS spent_at, r.amount AS amount, r.at AS at,
                    r.kind AS kind
             FROM ledger r JOIN ledger e ON e.id = r.lot_id
             WHERE r.account = 'credit' AND r.branch <> e.branch
               AND ((r.kind = 'redeem' AND r.amount < 0) OR (r.kind = 'void' AND r.amount > 0)
                    OR (r.kind = 'adjust' AND r.note = $3 AND r.amount < 0))
               AND r.at >= $1 AND r.at < $2
             ORDER BY r.at, r.id",
            &[
                from_d.to_string().into(),
                end.to_string().into(),
                overdraft::NOTE_TAKEN.into(),
            ],
        )?;
        Ok((owners, rows))
    })?;
    let owner = |b: &str| owners.get(b).cloned().unwrap_or_else(|| b.to_string());
    let mut pairs: BTreeMap<(String, String), (i64, Vec<SpentLine>)> = BTreeMap::new();
    for Moved(mut line) in rows {
        let (debtor, creditor) = (owner(&line.earned_at), owner(&line.spent_at));
        if debtor == creditor {
            continue;
        }
        line.amount = -line.amount;
        let p = pairs.entry((debtor, creditor)).or_default();
        p.0 = p.0.saturating_add(line.amount);
        p.1.push(line);
    }
    // Net each pair of owners against each other.
    let mut out = Vec::new();
    let keys: Vec<(String, String)> = pairs.keys().cloned().collect();
    let mut done = BTreeSet::new();
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
        let net = ab.0.saturating_sub(ba.0);
        let (debtor, creditor, amount) = if net >= 0 {
            (&a, &b, net)
        } else {
            (&b, &a, net.saturating_neg())
        };
        let mut detail = ab.1;
        detail.extend(ba.1);
        out.push(Owes {
            debtor: debtor.clone(),
            creditor: creditor.clone(),
            amount,
            gross: BTreeMap::from([(format!("{a}->{b}"), ab.0), (format!("{b}->{a}"), ba.0)]),
            detail,
        });
    }
    Ok(Settlement {
        from: from_d.to_string(),
        to: to_d.to_string(),
        owes: out,
    })
}
