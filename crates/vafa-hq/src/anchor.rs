//! The tills' audit trails, anchored at head office (issue 13 item 9). With each push a
//! till says its audit head (sequence number and hash) and the hash of each earlier record
//! head office asked about; head office keeps all of it (`audit_marks`, in arrival order)
//! and asks next time about the heads it has from that terminal. `vafa-hq audit` names a
//! terminal that once said one hash at a sequence number and now says another, or whose
//! head went backwards: its trail was rewritten after head office heard of it.
//!
//! What this cannot see (`docs/sync-protocol.md`): a rewrite before a record was ever
//! reported; a till whose software (not only its database) was changed to repeat the old
//! hashes; a rewrite that is never followed by another push.

use std::collections::HashMap;

use super::HqError;
use super::storage::{Db, FromRow, Pool, Row, Sql};
use super::terminals::Terminal;
use vafa_core::hq::{AuditBreak, AuditBreakKind};
use vafa_core::ids::{BranchCode, TerminalId};
use vafa_core::protocol::AuditClaim;

/// At most this many earlier heads are asked about with each push (spread over them all,
/// the first and the latest included).
pub const ASK_MAX: usize = 16;

/// Keeps what `claim` says (what is new of it) and returns what to ask about next time.
pub fn note(
    db: &mut dyn Db,
    t: &Terminal,
    claim: Option<&AuditClaim>,
    at: &str,
) -> Result<Vec<i64>, HqError> {
    if let Some(c) = claim {
        // As many as head office asks about, no more (a push's size bounds nothing else).
        let marks =
            c.at.iter()
                .take(ASK_MAX)
                .map(|m| (m.seq, &m.hash, 0i64))
                .chain([(c.seq, &c.hash, 1)]);
        for (seq, hash, head) in marks {
            let known: i64 = db.scalar(
                "SELECT COUNT(*) AS n FROM audit_marks WHERE terminal_id = $1 AND seq = $2 AND hash = $3 AND head = $4",
                &[Sql(&t.id).into(), seq.into(), hash.into(), head.into()],
                "n",
            )?;
            if known == 0 {
                db.exec(
                    "INSERT INTO audit_marks (terminal_id, branch, seq, hash, head, received_at) VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        Sql(&t.id).into(),
                        Sql(&t.branch).into(),
                        seq.into(),
                        hash.into(),
                        head.into(),
                        at.into(),
                    ],
                )?;
            }
        }
    }
    let heads: Vec<i64> = db.column(
        "SELECT DISTINCT seq FROM audit_marks WHERE terminal_id = $1 AND head = 1 ORDER BY seq",
        &[Sql(&t.id).into()],
        "seq",
    )?;
    Ok(spread(&heads, ASK_MAX))
}

/// At most `max` of `all`, evenly spread, the first and the last included.
fn spread(all: &[i64], max: usize) -> Vec<i64> {
    if all.len() <= max {
        return all.to_vec();
    }
    let last = all.len() - 1;
    let mut out: Vec<i64> = (0..max).map(|i| all[i * last / (max - 1)]).collect();
    out.dedup();
    out
}

struct Mark {
    terminal: TerminalId,
    branch: BranchCode,
    seq: i64,
    hash: String,
    head: bool,
    at: String,
}

impl FromRow for Mark {
    fn from_row(r: &Row) -> Result<Mark, HqError> {
        Ok(Mark {
            terminal: r.core("terminal_id")?,
            branch: r.core("branch")?,
            seq: r.get("seq")?,
            hash: r.get("hash")?,
            head: r.get::<i64>("head")? == 1,
            at: r.get("received_at")?,
        })
    }
}

/// Every break in what the terminals reported, in the order head office heard them.
pub fn breaks(pool: &Pool) -> Result<Vec<AuditBreak>, HqError> {
    let marks: Vec<Mark> = pool.read(|db| {
        db.fetch(
            "SELECT terminal_id, branch, seq, hash, head, received_at FROM audit_marks ORDER BY id",
            &[],
        )
    })?;
    Ok(find(&marks))
}

fn find(marks: &[Mark]) -> Vec<AuditBreak> {
    // Per terminal: the first hash heard at each sequence number, and the highest head.
    let mut hashes: HashMap<(&TerminalId, i64), &str> = HashMap::new();
    let mut highest: HashMap<&TerminalId, i64> = HashMap::new();
    let mut out = Vec::new();
    for m in marks {
        let brk = |kind, seen: String, now: String| AuditBreak {
            terminal: m.terminal.clone(),
            branch: m.branch.clone(),
            seq: m.seq,
            kind,
            seen,
            now,
            at: m.at.clone(),
        };
        match hashes.get(&(&m.terminal, m.seq)) {
            Some(h) if *h != m.hash => {
                out.push(brk(
                    AuditBreakKind::Rewritten,
                    h.to_string(),
                    m.hash.clone(),
                ));
            }
            Some(_) => {}
            None => {
                hashes.insert((&m.terminal, m.seq), &m.hash);
            }
        }
        if m.head {
            let top = highest.entry(&m.terminal).or_insert(m.seq);
            if m.seq < *top {
                out.push(brk(
                    AuditBreakKind::Backwards,
                    top.to_string(),
                    m.seq.to_string(),
                ));
            }
            *top = (*top).max(m.seq);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(seq: i64, hash: &str, head: bool) -> Mark {
        Mark {
            terminal: "t1".into(),
            branch: BranchCode::from("A"),
            seq,
            hash: hash.into(),
            head,
            at: "t".into(),
        }
    }

    #[test]
    fn a_changed_hash_or_a_head_gone_back_is_a_break_a_continuation_is_not() {
        let honest = [mark(3, "a", true), mark(3, "a", false), mark(7, "b", true)];
        assert!(find(&honest).is_empty());
        let rewritten = [mark(3, "a", true), mark(3, "x", false), mark(9, "c", true)];
        let b = find(&rewritten);
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].seq, b[0].kind), (3, AuditBreakKind::Rewritten));
        let back = [mark(7, "b", true), mark(5, "z", true)];
        assert_eq!(find(&back)[0].kind, AuditBreakKind::Backwards);
    }

    #[test]
    fn asks_about_a_spread_of_heads() {
        assert_eq!(spread(&[1, 2, 3], 16), [1, 2, 3]);
        let all: Vec<i64> = (1..=100).collect();
        let s = spread(&all, 16);
        assert_eq!(s.len(), 16);
        assert_eq!((s[0], s[15]), (1, 100));
    }
}
