//! What tills pull: the record log after a cursor, less the asking terminal's own records
//! and other terminals' records that stay theirs.

use std::sync::OnceLock;

use super::HqError;
use super::storage::{FromRow, Pool, Row, Sql};
use super::terminals::Terminal;
use vafa_core::ids::BranchCode;
use vafa_core::protocol::{InRecord, MAX_BATCH, PROTOCOL, PullResponse};
use vafa_core::record::Kind;

/// One stored record, as the log holds it.
struct Stored {
    serial: i64,
    kind: String,
    record_id: String,
    branch: Option<BranchCode>,
    payload: String,
}

impl FromRow for Stored {
    fn from_row(r: &Row) -> Result<Stored, HqError> {
        Ok(Stored {
            serial: r.get("serial")?,
            kind: r.get("kind")?,
            record_id: r.get("record_id")?,
            branch: r.core_opt("branch")?,
            payload: r.get("payload")?,
        })
    }
}

/// The query: other terminals' records of the kinds that go to every till
/// (`Kind::shared`), and all of head office's own.
fn query() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        let shared: Vec<String> = Kind::ALL
            .into_iter()
            .filter(|k| k.shared())
            .map(|k| format!("'{k}'"))
            .collect();
        format!(
            "SELECT serial, kind, record_id, branch, payload FROM records
             WHERE serial > $1 AND (terminal_id IS NULL OR (terminal_id <> $2 AND kind IN ({})))
             ORDER BY serial LIMIT $3",
            shared.join(", ")
        )
    })
}

/// What follows `cursor` for this terminal: other terminals' members, cards, sales,
/// voids and entries, and head office's own offers, configuration, card decisions,
/// merges and recoveries.
pub fn pull(pool: &Pool, t: &Terminal, cursor: i64, limit: i64) -> Result<PullResponse, HqError> {
    let limit = limit.clamp(1, MAX_BATCH as i64);
    let rows = pool.read(|db| {
        db.fetch::<Stored>(
            query(),
            &[cursor.into(), Sql(&t.id).into(), (limit + 1).into()],
        )
    })?;
    let more = rows.len() as i64 > limit;
    let mut records = Vec::with_capacity(rows.len());
    for r in rows.into_iter().take(limit as usize) {
        let payload = serde_json::from_str(&r.payload)
            .map_err(|e| HqError::storage(format!("record {}: {e}", r.serial)))?;
        records.push(InRecord {
            cursor: r.serial,
            kind: r.kind,
            record_id: r.record_id,
            branch: r.branch,
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
