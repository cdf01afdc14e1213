//! What head office's `vafa-hq report summary|offers|referrals|products|liability` read, as
//! the records of `vafa_club::report` (the till's `vafa_store::reports` reads the same from
//! its own tables). A member merged into another counts as that member; a day is the local
//! day of a sale's `at` (the till's local time); a member's enrolment day is the local day,
//! Iran time, of their record's `created_at` (head office keeps no shop offset).
//! `branch` `""` is the whole chain.

use chrono::{DateTime, NaiveDate};

use super::{Db, FromRow, Row, Val};
use crate::HqError;
use crate::overdraft::AMOUNT;
use vafa_club::report::liability::{Lot, LotKind};
use vafa_club::report::offer_groups::{MemberUses, OfferUses, group_uses};
use vafa_club::report::products::{Basket, Item};
use vafa_club::report::referrals::Referred;
use vafa_club::report::summary::{Member, Sale};

fn day(text: &str) -> Result<NaiveDate, HqError> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
        .map_err(|_| HqError::storage(format!("day {text:?}")))
}

/// The local day (Iran time) of a stored RFC 3339 time.
fn local_day(text: &str) -> Result<NaiveDate, HqError> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => Ok(t
            .with_timezone(&vafa_core::calendar::IRAN_OFFSET)
            .date_naive()),
        Err(_) => day(text),
    }
}

fn window(from: NaiveDate, to: NaiveDate, branch: &str) -> [Val; 3] {
    [
        from.to_string().into(),
        to.to_string().into(),
        branch.into(),
    ]
}

/// Sales of the window not voided, at `$3` (or anywhere): `s` joined to its member `m`.
const SALES_IN: &str = "FROM sales s LEFT JOIN members m ON m.id = s.member_id
     WHERE s.voided = 0 AND substr(s.at, 1, 10) >= $1 AND substr(s.at, 1, 10) <= $2
       AND ($3 = '' OR s.branch = $3)";

impl FromRow for Member {
    fn from_row(r: &Row) -> Result<Member, HqError> {
        let created: Option<String> = r.get("created_at")?;
        Ok(Member {
            id: r.get("id")?,
            enrolled: local_day(created.as_deref().unwrap_or("1970-01-01"))?,
            credit: r.get("credit")?,
            points: r.get("points")?,
        })
    }
}

/// Every member (not merged into another) enrolled at `branch` (or anywhere), with the
/// balances of their ledger and of the members merged into them.
pub fn members(db: &mut dyn Db, branch: &str) -> Result<Vec<Member>, HqError> {
    db.fetch(
        &format!(
            "SELECT m.id AS id, m.created_at AS created_at,
                CAST(COALESCE(b.credit, 0) AS BIGINT) AS credit,
                CAST(COALESCE(b.points, 0) AS BIGINT) AS points
         FROM members m LEFT JOIN (
             SELECT COALESCE(x.merged_into, l.member_id) AS root,
                    SUM(CASE WHEN l.account = 'credit' THEN {AMOUNT} ELSE 0 END) AS credit,
                    SUM(CASE WHEN l.account = 'points' THEN {AMOUNT} ELSE 0 END) AS points
             FROM ledger l LEFT JOIN members x ON x.id = l.member_id
             GROUP BY COALESCE(x.merged_into, l.member_id)) b ON b.root = m.id
         WHERE m.merged_into IS NULL AND ($1 = '' OR m.branch = $1)
         ORDER BY m.id"
        ),
        &[branch.into()],
    )
}

impl FromRow for Sale {
    fn from_row(r: &Row) -> Result<Sale, HqError> {
        Ok(Sale {
            day: day(&r.get::<String>("at")?)?,
            member: r.get("member_id")?,
            paid: r.get("paid")?,
            credit_earned: r.get("credit_earned")?,
            credit_redeemed: r.get("credit_redeemed")?,
            voided: false,
        })
    }
}

/// The window's sales that were not voided, guests' too.
pub fn sales(
    db: &mut dyn Db,
    from: NaiveDate,
    to: NaiveDate,
    branch: &str,
) -> Result<Vec<Sale>, HqError> {
    db.fetch(
        &format!(
            "SELECT s.at AS at, COALESCE(m.merged_into, s.member_id) AS member_id, s.paid AS paid,
                s.credit_earned AS credit_earned, s.credit_redeemed AS credit_redeemed {SALES_IN}"
        ),
        &window(from, to, branch),
    )
}

struct Line {
    sale: String,
    item: Item,
}

impl FromRow for Line {
    fn from_row(r: &Row) -> Result<Line, HqError> {
        Ok(Line {
            sale: r.get("sale_id")?,
            item: Item {
                sku: r.get("sku")?,
                category: r.get("category")?,
                amount: r.get("amount")?,
            },
        })
    }
}

/// The lines of the window's sales that were not voided, one basket per sale with lines.
pub fn baskets(
    db: &mut dyn Db,
    from: NaiveDate,
    to: NaiveDate,
    branch: &str,
) -> Result<Vec<Basket>, HqError> {
    let lines: Vec<Line> = db.fetch(
        &format!(
            "SELECT i.sale_id AS sale_id, i.sku AS sku, i.category AS category, i.amount AS amount
             {SALES_IN_ITEMS} ORDER BY i.sale_id, i.line",
            SALES_IN_ITEMS = SALES_IN.replace(
                "FROM sales s",
                "FROM sale_items i JOIN sales s ON s.id = i.sale_id"
            )
        ),
        &window(from, to, branch),
    )?;
    Ok(Basket::group(lines.into_iter().map(|l| (l.sale, l.item))))
}

impl FromRow for MemberUses {
    fn from_row(r: &Row) -> Result<MemberUses, HqError> {
        Ok(MemberUses {
            offer: r.get("offer_id")?,
            member: r.get("member_id")?,
            first: day(&r.get::<String>("first")?)?,
            uses: u64::try_from(r.get::<i64>("uses")?).unwrap_or(0),
            value: r.get("value")?,
        })
    }
}

/// Every offer used by a member's sale of the window that was not voided, by id.
pub fn offer_uses(
    db: &mut dyn Db,
    from: NaiveDate,
    to: NaiveDate,
    branch: &str,
) -> Result<Vec<OfferUses>, HqError> {
    let rows: Vec<MemberUses> = db.fetch(
        &format!(
            "SELECT o.offer_id AS offer_id, COALESCE(m.merged_into, s.member_id) AS member_id,
                MIN(substr(s.at, 1, 10)) AS first, CAST(COUNT(*) AS BIGINT) AS uses,
                CAST(SUM(o.value) AS BIGINT) AS value
             {} AND s.member_id IS NOT NULL
             GROUP BY o.offer_id, COALESCE(m.merged_into, s.member_id)
             ORDER BY offer_id, member_id",
            SALES_IN.replace(
                "FROM sales s",
                "FROM sale_offers o JOIN sales s ON s.id = o.sale_id"
            )
        ),
        &window(from, to, branch),
    )?;
    Ok(group_uses(rows))
}

/// The ids of the offers head office published (`offers` records), by id.
pub fn offer_ids(db: &mut dyn Db) -> Result<Vec<String>, HqError> {
    db.column(
        "SELECT DISTINCT record_id FROM records WHERE kind = 'offer' ORDER BY record_id",
        &[],
        "record_id",
    )
}

impl FromRow for Referred {
    fn from_row(r: &Row) -> Result<Referred, HqError> {
        let created: Option<String> = r.get("created_at")?;
        Ok(Referred {
            id: r.get("id")?,
            referrer: r.get("referrer")?,
            enrolled: local_day(created.as_deref().unwrap_or("1970-01-01"))?,
            spend: r.get("spend")?,
        })
    }
}

/// Every member someone brought (enrolled at `branch`, or anywhere), with their baskets
/// (theirs and of members merged into them) on the window's days.
pub fn referred(
    db: &mut dyn Db,
    from: NaiveDate,
    to: NaiveDate,
    branch: &str,
) -> Result<Vec<Referred>, HqError> {
    db.fetch(
        "SELECT m.id AS id, COALESCE(r.merged_into, m.referrer_id) AS referrer,
            m.created_at AS created_at,
            CAST(COALESCE((SELECT SUM(s.gross) FROM sales s
                  WHERE s.voided = 0 AND substr(s.at, 1, 10) >= $1 AND substr(s.at, 1, 10) <= $2
                    AND s.member_id IN (SELECT x.id FROM members x WHERE x.id = m.id OR x.merged_into = m.id)),
                0) AS BIGINT) AS spend
         FROM members m LEFT JOIN members r ON r.id = m.referrer_id
         WHERE m.referrer_id IS NOT NULL AND m.merged_into IS NULL AND ($3 = '' OR m.branch = $3)
         ORDER BY m.id",
        &window(from, to, branch),
    )
}

struct OpenLot {
    account: String,
    remaining: i64,
    expires_at: Option<String>,
}

impl FromRow for OpenLot {
    fn from_row(r: &Row) -> Result<OpenLot, HqError> {
        Ok(OpenLot {
            account: r.get("account")?,
            remaining: r.get("remaining")?,
            expires_at: r.get("expires_at")?,
        })
    }
}

/// What remains of every lot of the chain that still holds something (of members enrolled
/// at `branch`, or anywhere), its last day local.
pub fn lots(db: &mut dyn Db, branch: &str) -> Result<Vec<Lot>, HqError> {
    let rows: Vec<OpenLot> = db.fetch(
        &format!(
            "SELECT t.account AS account, t.s AS remaining, o.expires_at AS expires_at FROM (
                 SELECT account, member_id, COALESCE(lot_id, id) AS lot, CAST(SUM({AMOUNT}) AS BIGINT) AS s
                 FROM ledger GROUP BY account, member_id, COALESCE(lot_id, id)) t
             LEFT JOIN ledger o ON o.id = t.lot
             LEFT JOIN members m ON m.id = t.member_id
             WHERE t.s > 0 AND ($1 = '' OR m.branch = $1)"
        ),
        &[branch.into()],
    )?;
    rows.into_iter()
        .map(|l| {
            Ok(Lot {
                kind: if l.account == "points" {
                    LotKind::Points
                } else {
                    LotKind::Credit
                },
                remaining: l.remaining,
                expires: l.expires_at.as_deref().map(local_day).transpose()?,
            })
        })
        .collect()
}

/// The chain's configuration as head office last published it, if it did.
pub fn chain_config(db: &mut dyn Db) -> Result<Option<vafa_core::config::ShopConfig>, HqError> {
    let payload: Vec<String> = db.column(
        "SELECT payload FROM records WHERE kind = 'config' ORDER BY serial DESC LIMIT 1",
        &[],
        "payload",
    )?;
    Ok(payload.first().and_then(|p| serde_json::from_str(p).ok()))
}
