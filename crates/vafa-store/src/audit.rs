//! The audit trail: append with the hash chain, read back, and the head kept apart.

use rusqlite::{Connection, OptionalExtension, named_params};

use super::Result;
use vafa_core::staff::{AuditRecord, GENESIS};

use super::settings;

/// Who did it, from where: the parts of a record the service layer supplies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Act<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub role: &'a str,
    pub terminal: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: &'a serde_json::Value,
}

const HEAD: &str = "audit_head";

/// No field may hold the separator the hash joins fields with.
fn clean(s: &str) -> String {
    s.replace('\u{1f}', " ")
}

/// Appends one record inside the caller's transaction, chained to the last one.
pub fn append(conn: &Connection, act: &Act) -> Result<AuditRecord> {
    let (last_seq, last_hash): (i64, String) = conn
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let mut rec = AuditRecord {
        seq: last_seq + 1,
        at: clean(act.at),
        actor: clean(act.actor),
        role: clean(act.role),
        terminal: clean(act.terminal),
        action: clean(act.action),
        subject: clean(act.subject),
        detail: clean(&act.detail.to_string()),
        prev_hash: last_hash,
        hash: String::new(),
    };
    rec.hash = rec.compute_hash();
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, actor, role, terminal, action, subject, detail, prev_hash, hash)
         VALUES (:seq, :at, :actor, :role, :terminal, :action, :subject, :detail, :prev, :hash)",
    )?
    .execute(named_params! {
        ":seq": rec.seq, ":at": rec.at, ":actor": rec.actor, ":role": rec.role,
        ":terminal": rec.terminal, ":action": rec.action, ":subject": rec.subject,
        ":detail": rec.detail, ":prev": rec.prev_hash, ":hash": rec.hash,
    })?;
    settings::put(conn, HEAD, &format!("{}:{}", rec.seq, rec.hash), &rec.at)?;
    Ok(rec)
}

/// Every record in order (`since`: only those at or after this time, for listing).
pub fn all(conn: &Connection) -> Result<Vec<AuditRecord>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, role, terminal, action, subject, detail, prev_hash, hash
         FROM audit ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(AuditRecord {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                role: r.get(3)?,
                terminal: r.get(4)?,
                action: r.get(5)?,
                subject: r.get(6)?,
                detail: r.get(7)?,
                prev_hash: r.get(8)?,
                hash: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The last record vafa wrote, as kept apart from the trail.
pub fn head(conn: &Connection) -> Result<Option<(i64, String)>> {
    Ok(settings::get(conn, HEAD)?.and_then(|h| {
        let (seq, hash) = h.split_once(':')?;
        Some((seq.parse().ok()?, hash.to_string()))
    }))
}

const ASK: &str = "hq_audit_ask";

/// What to tell head office of the trail with a push: the head, and the hash of each
/// record head office asked about (that the trail still has). `None` before the first
/// record.
pub fn claim(conn: &Connection) -> Result<Option<vafa_core::protocol::AuditClaim>> {
    use vafa_core::protocol::{AuditClaim, AuditMark};
    let Some((seq, hash)) = head(conn)? else {
        return Ok(None);
    };
    let asked: Vec<i64> = settings::get(conn, ASK)?
        .and_then(|a| serde_json::from_str(&a).ok())
        .unwrap_or_default();
    let mut stmt = conn.prepare_cached("SELECT hash FROM audit WHERE seq = ?1")?;
    let mut at = Vec::with_capacity(asked.len());
    for s in asked {
        if let Some(hash) = stmt.query_row([s], |r| r.get::<_, String>(0)).optional()? {
            at.push(AuditMark { seq: s, hash });
        }
    }
    Ok(Some(AuditClaim { seq, hash, at }))
}

/// Keeps what head office asked about for the next push.
pub fn asked(conn: &Connection, seqs: &[i64], now: &str) -> Result<()> {
    settings::put(
        conn,
        ASK,
        &serde_json::to_string(seqs).unwrap_or_else(|_| "[]".into()),
        now,
    )
}
