//! The tables `vafa export` writes as CSV, row by row as text.

use rusqlite::Connection;

use super::DbError;

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Members,
    Sales,
    Ledger,
}

impl Table {
    pub fn parse(what: &str) -> Option<Table> {
        Some(match what {
            "members" => Table::Members,
            "sales" => Table::Sales,
            "ledger" => Table::Ledger,
            _ => return None,
        })
    }

    fn sql(self) -> &'static str {
        match self {
            Table::Members => {
                "SELECT m.id, m.first_name, m.last_name, m.mobile, m.birth_date, m.birth_calendar,
                    m.anniversary, m.gender, m.referrer_id, m.fields, m.branch, m.created_at,
                    s.visits, s.first_visit, s.last_visit, s.total_spend, s.credit, s.points,
                    (SELECT group_concat(number || ':' || status, ' ') FROM cards c WHERE c.member_id = m.id) AS cards
                 FROM members m JOIN member_stats s ON s.member_id = m.id ORDER BY m.created_at, m.id"
            }
            Table::Sales => {
                "SELECT s.id, s.member_id, s.card_number, s.branch, s.at, s.gross, s.discount,
                    s.credit_redeemed, s.paid, s.credit_earned, s.points_earned, s.tier,
                    v.at AS voided_at, v.reason AS void_reason
                 FROM sales s LEFT JOIN sale_voids v ON v.sale_id = s.id ORDER BY s.at_utc, s.id"
            }
            Table::Ledger => {
                "SELECT seq, id, member_id, account, amount, kind, lot_id, expires_at, sale_id, at, branch, note
                 FROM ledger ORDER BY seq"
            }
        }
    }
}

/// Calls `each` with the column names, then with every row (NULL and blobs as empty).
pub fn rows<E: From<DbError>>(
    conn: &Connection,
    table: Table,
    mut each: impl FnMut(&[String]) -> Result<(), E>,
) -> Result<(), E> {
    let db = |e: rusqlite::Error| E::from(DbError(e));
    let mut stmt = conn.prepare(table.sql()).map_err(db)?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    each(&names)?;
    let n = names.len();
    let mut rows = stmt.query([]).map_err(db)?;
    while let Some(r) = rows.next().map_err(db)? {
        let mut rec = Vec::with_capacity(n);
        for i in 0..n {
            let v: rusqlite::types::Value = r.get(i).map_err(db)?;
            rec.push(match v {
                rusqlite::types::Value::Null => String::new(),
                rusqlite::types::Value::Integer(x) => x.to_string(),
                rusqlite::types::Value::Real(x) => x.to_string(),
                rusqlite::types::Value::Text(t) => t,
                rusqlite::types::Value::Blob(_) => String::new(),
            });
        }
        each(&rec)?;
    }
    Ok(())
}
