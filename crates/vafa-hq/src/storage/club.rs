//! What head office's `vafa-hq report visits|return-rate|rfm` read: the chain's visits, as
//! the records of `vafa_club::report` (the till's `vafa_store::reports` reads the same
//! figures from its own aggregates). A visit is a distinct (member, local day) with a sale
//! that was not voided, at any branch (or at `branch`); its amount is the day's gross.

use chrono::NaiveDate;

use super::{Db, FromRow, Row};
use crate::HqError;
use vafa_club::report::Visit;

impl FromRow for Visit {
    fn from_row(r: &Row) -> Result<Visit, HqError> {
        let day: String = r.get("day")?;
        Ok(Visit {
            member: r.get("member_id")?,
            day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map_err(|_| HqError::storage(format!("sale day {day:?}")))?,
            amount: r.get("amount")?,
        })
    }
}

/// The members' visits on the local days `from ..= to` (a sale's `at` is the till's local
/// time, so its first ten characters are its local day), at `branch` or every branch. A
/// member merged into another is that member: their sales count under the one kept (a
/// merge at head office sets `merged_into` to the kept member, never a chain), so the
/// pair's sales on one day are one visit.
pub fn visits(
    db: &mut dyn Db,
    from: NaiveDate,
    to: NaiveDate,
    branch: Option<&str>,
) -> Result<Vec<Visit>, HqError> {
    db.fetch(
        "SELECT COALESCE(m.merged_into, s.member_id) AS member_id, substr(s.at, 1, 10) AS day,
                CAST(SUM(s.gross) AS BIGINT) AS amount
         FROM sales s LEFT JOIN members m ON m.id = s.member_id
         WHERE s.member_id IS NOT NULL AND s.voided = 0
           AND substr(s.at, 1, 10) >= $1 AND substr(s.at, 1, 10) <= $2
           AND ($3 = '' OR s.branch = $3)
         GROUP BY COALESCE(m.merged_into, s.member_id), substr(s.at, 1, 10)
         ORDER BY member_id, day",
        &[
            from.to_string().into(),
            to.to_string().into(),
            branch.unwrap_or("").into(),
        ],
    )
}

/// Whether head office knows branch `code` (a terminal or a sale of it).
pub fn branch_known(db: &mut dyn Db, code: &str) -> Result<bool, HqError> {
    Ok(db.exists(
        "SELECT 1 AS one FROM terminals WHERE branch = $1",
        &[code.into()],
    )? || db.exists(
        "SELECT 1 AS one FROM sales WHERE branch = $1",
        &[code.into()],
    )?)
}
