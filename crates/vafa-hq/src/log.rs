//! Head office's own records in the record log (`records`), which every till pulls:
//! chain-wide offers and configuration, card decisions, merges and overdraft recoveries.

use super::HqError;
use super::storage::{Db, Sql};
use vafa_core::protocol::dedup_key;
use vafa_core::record::Record;

/// Appends head office's `record`, made at `at`, to the log (once: a record with the same
/// dedup key is there already).
pub fn store_own(db: &mut dyn Db, record: &Record, at: &str) -> Result<(), HqError> {
    let payload = record.payload();
    let dedup = match record {
        // One merge of a member, ever.
        Record::Merge(m) => format!("merge:{}", m.from),
        _ => dedup_key(record.kind(), record.id(), at, &payload),
    };
    db.exec(
        "INSERT INTO records (dedup, kind, record_id, terminal_id, branch, seq, payload, created_at, received_at)
         VALUES ($1, $2, $3, NULL, NULL, 0, $4, $5, $5) ON CONFLICT (dedup) DO NOTHING",
        &[
            dedup.into(),
            Sql(&record.kind()).into(),
            record.id().into(),
            payload.to_string().into(),
            at.into(),
        ],
    )?;
    Ok(())
}
