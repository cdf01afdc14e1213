//! The wire protocol between a till and head office (version 1), shared by both sides.
//! Documented in docs/sync-protocol.md. Money is integer rials; times are RFC 3339.

use serde::{Deserialize, Serialize};

use crate::ids::{BranchCode, TerminalId};
use crate::record::{Kind, Record, Unreadable};

/// The protocol version this build speaks. A request with another version is refused
/// with 400 `protocol_version`.
pub const PROTOCOL: u32 = 1;

/// Most records one push may carry.
pub const MAX_BATCH: usize = 1000;

/// Largest request body head office accepts (bytes).
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// The note on head office's entry that takes a member's credit to repay an overdraft.
pub const NOTE_RECOVERY: &str = "overdraft recovery";
/// The note on head office's entry that gives it back to the overdrawn lot.
pub const NOTE_REPAID: &str = "overdraft repaid";

/// One outbox record as the till sends it: a [`Record`]'s kind and payload as the till
/// wrote them (`OutRecord::new`), read back with [`OutRecord::read`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutRecord {
    /// The till's outbox sequence number: strictly increasing within a batch.
    pub seq: i64,
    pub kind: String,
    pub record_id: String,
    pub payload: serde_json::Value,
    pub created_at: String,
}

impl OutRecord {
    pub fn new(seq: i64, record: &Record, created_at: &str) -> OutRecord {
        OutRecord {
            seq,
            kind: record.kind().as_str().to_string(),
            record_id: record.id().to_string(),
            payload: record.payload(),
            created_at: created_at.to_string(),
        }
    }

    pub fn read(&self) -> Result<Record, Unreadable> {
        Record::read(&self.kind, &self.payload)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub protocol: u32,
    pub records: Vec<OutRecord>,
    /// The till's audit trail as it stands now (`docs/sync-protocol.md`, "Anchoring the
    /// audit trail"). Absent from an older till.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditClaim>,
}

/// What a till says of its audit trail with a push: its head, and the hash of each record
/// head office asked about (`PushResponse::audit_ask`) that it still has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditClaim {
    pub seq: i64,
    pub hash: String,
    #[serde(default)]
    pub at: Vec<AuditMark>,
}

/// One record of a till's audit trail: its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditMark {
    pub seq: i64,
    pub hash: String,
}

/// A record head office refused: the till parks it and goes on with the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    pub seq: i64,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub protocol: u32,
    /// Sequence numbers stored now or before (a repeated delivery is acknowledged again).
    pub acked: Vec<i64>,
    pub rejected: Vec<Rejected>,
    /// The audit records head office wants the till's hash of with its next push: heads
    /// the till reported before (what a rewrite would change).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audit_ask: Vec<i64>,
}

/// One record coming down to a till: a [`Record`]'s kind and payload as head office
/// stored them, read with [`InRecord::read`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InRecord {
    /// Head office's position of this record; the till asks for what follows it.
    pub cursor: i64,
    pub kind: String,
    pub record_id: String,
    /// The branch it came from (`null` for head office's own records).
    pub branch: Option<BranchCode>,
    pub payload: serde_json::Value,
}

impl InRecord {
    pub fn read(&self) -> Result<Record, Unreadable> {
        Record::read(&self.kind, &self.payload)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub protocol: u32,
    pub records: Vec<InRecord>,
    pub next_cursor: i64,
    /// More records wait after `next_cursor`.
    pub more: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    pub terminal_id: TerminalId,
    pub branch: BranchCode,
    pub server_time: String,
    /// The largest push body head office takes, in bytes (at most [`MAX_BODY`]; added
    /// after protocol 1 began: an older head office leaves it out, and takes `MAX_BODY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_body: Option<usize>,
}

/// The body of every 4xx/5xx answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

/// The dedup key head office stores a record under: facts by `(kind, record_id)`; state
/// records (member, card, offer...) by their content and time, so that a repeated
/// delivery is stored once while two real edits of one member are both kept.
pub fn dedup_key(
    kind: Kind,
    record_id: &str,
    created_at: &str,
    payload: &serde_json::Value,
) -> String {
    let fact = kind.is_fact();
    let kind = kind.as_str();
    if fact {
        format!("{kind}:{record_id}")
    } else {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(kind.as_bytes());
        h.update([0]);
        h.update(record_id.as_bytes());
        h.update([0]);
        h.update(created_at.as_bytes());
        h.update([0]);
        h.update(payload.to_string().as_bytes());
        format!("{kind}:{record_id}:{}", hex(&h.finalize()))
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a terminal token, as head office stores it.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_token_hashes_are_lower_case_sha_256() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn facts_are_kept_once_by_id_and_state_by_content_and_time() {
        let p = serde_json::json!({"a": 1});
        assert_eq!(dedup_key(Kind::Sale, "s1", "t", &p), "sale:s1");
        assert_eq!(
            dedup_key(Kind::Sale, "s1", "t", &p),
            dedup_key(Kind::Sale, "s1", "u", &serde_json::json!({"a": 2}))
        );
        let k = dedup_key(Kind::Member, "m1", "t", &p);
        assert!(
            k.starts_with("member:m1:") && k.len() == "member:m1:".len() + 64,
            "{k}"
        );
        assert_eq!(k, dedup_key(Kind::Member, "m1", "t", &p), "a repeat");
        for other in [
            dedup_key(Kind::Member, "m1", "u", &p),
            dedup_key(Kind::Member, "m1", "t", &serde_json::json!({"a": 2})),
            dedup_key(Kind::Card, "m1", "t", &p),
        ] {
            assert_ne!(k, other);
        }
        // The parts are kept apart: "m1" + "t1" is not "m1t" + "1".
        assert_ne!(
            dedup_key(Kind::Member, "m1", "t1", &p),
            dedup_key(Kind::Member, "m1t", "1", &p)
        );
    }
}
