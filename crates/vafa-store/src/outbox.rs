//! Records for head office, written in the same transaction as what they describe.

use rusqlite::Connection;

use super::Result;
use super::sql::Sql;
use vafa_core::record::Record;

/// Queues `record` for head office (its kind, id and payload as it will travel).
pub fn push(conn: &Connection, record: &Record, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO outbox (kind, record_id, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![
        Sql(&record.kind()),
        record.id(),
        record.payload().to_string(),
        at
    ])?;
    Ok(())
}

/// Records head office has not acknowledged yet.
pub fn pending(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM outbox
         WHERE seq > COALESCE((SELECT acked_through FROM sync_state WHERE id = 1), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// One outbox record waiting to go.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub seq: i64,
    pub kind: String,
    pub record_id: String,
    pub payload: String,
    pub created_at: String,
}

/// Up to `limit` records after `after`, in order.
pub fn after(conn: &Connection, after: i64, limit: i64) -> Result<Vec<Waiting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, record_id, payload, created_at FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt
        .query_map([after, limit], |r| {
            Ok(Waiting {
                seq: r.get(0)?,
                kind: r.get(1)?,
                record_id: r.get(2)?,
                payload: r.get(3)?,
                created_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Credit redeemed in sales head office has not acknowledged: (by the whole till, by
/// `member` on local day `day`). What the `[offline]` limits count.
pub fn unacked_redeemed(conn: &Connection, member: &str, day: &str) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        // The sales rows, not the JSON payloads: one pass over the unacknowledged records
        // by key, without parsing a payload.
        "SELECT COALESCE(SUM(s.credit_redeemed), 0),
                COALESCE(SUM(CASE WHEN s.member_id = ?1 AND substr(s.at, 1, 10) = ?2
                    THEN s.credit_redeemed END), 0)
         FROM outbox o JOIN sales s ON s.id = o.record_id
         WHERE o.kind = 'sale' AND s.credit_redeemed > 0
           AND o.seq > COALESCE((SELECT acked_through FROM sync_state WHERE id = 1), 0)",
        [member, day],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
