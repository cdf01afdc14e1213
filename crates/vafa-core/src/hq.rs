//! Head office's errors as data: why a request or a command failed ([`HqError`]) and why
//! one pushed record was refused ([`Refusal`]), each with its figures and the stable
//! `code` the wire and `--json` carry. What they say, in English on the wire and in
//! Persian for `vafa-hq --lang fa`, is in `vafa-text` (`hq`).

use crate::error::Error;
use crate::ids::{BranchCode, CardNumber, EntryId, LotId, MemberId, SaleId, TerminalId};
use crate::record::Kind;

/// Why head office answered a request, or a `vafa-hq` command ended, with an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HqError {
    /// A branch code that is not letters, digits, `-` or `_` (at most 32).
    InvalidBranch {
        branch: String,
    },
    /// A terminal name that is empty, too long or has control characters.
    InvalidTerminalName,
    /// `branch owner` without a valid code or an owner.
    InvalidOwner,
    UnknownTerminal {
        id: TerminalId,
    },
    /// A missing, wrong or revoked terminal token.
    Unauthorised,
    /// The till speaks another protocol version (`pulling`: it asked for it on a pull).
    ProtocolVersion {
        theirs: u32,
        pulling: bool,
    },
    /// A push of more records than `max`.
    BatchTooLarge {
        max: usize,
    },
    /// A request body over the limit (`detail`: what the HTTP layer said).
    TooLarge {
        detail: String,
        max: usize,
    },
    /// A request body that could not be read.
    UnreadableBody {
        detail: String,
        max: usize,
    },
    /// A push that is not valid protocol JSON.
    Malformed {
        detail: String,
    },
    /// A pull whose query string is not valid (`detail`: what the HTTP layer said).
    BadQuery {
        detail: String,
    },
    /// A pull's `limit` outside 1 to `max`.
    BadLimit {
        limit: i64,
        max: usize,
    },
    /// Records not in increasing sequence order.
    BadSequence,
    UnknownMember {
        id: MemberId,
    },
    /// No member under the mobile or card given to `member show`.
    NoSuchMember,
    /// `member merge` of members that are not both at head office, unmerged.
    MergeUnknown,
    /// `member merge` with the same member twice.
    MergeSelf,
    /// `member show` without `--mobile` or `--card`.
    MobileOrCard,
    UnknownCard {
        number: CardNumber,
    },
    /// `conflicts approve|reject ID` of no open held mobile change with that id.
    UnknownConflict {
        id: i64,
    },
    InvalidMobile {
        text: String,
    },
    /// `field` (`--from`, `--to`) is not a date.
    InvalidDate {
        field: &'static str,
        text: String,
    },
    /// `--to` is before `--from`.
    DatesReversed,
    /// A report's `--branch` that head office has no terminal or sale of.
    UnknownBranch {
        code: String,
    },
    /// An offers file a till would refuse too (the till's error says why).
    OfferFile(Box<Error>),
    /// A configuration file a till would refuse too.
    ConfigFile(Box<Error>),
    /// A file that could not be read.
    Io {
        path: String,
        detail: String,
    },
    /// A TLS certificate or key that could not be used (`what`: which).
    Tls {
        what: String,
        detail: String,
    },
    /// The database was written by a newer vafa-hq.
    SchemaTooNew {
        found: i64,
        known: i64,
    },
    /// Head office's database failed (the detail stays in head office's log).
    Storage {
        detail: String,
    },
    /// Head office failed inside (the detail stays in head office's log).
    Internal {
        detail: String,
    },
    /// Head office could not listen on `addr`.
    Listen {
        addr: String,
        detail: String,
    },
    /// The server's runtime could not start.
    Runtime {
        detail: String,
    },
    /// The server stopped with an error.
    Serve {
        detail: String,
    },
    /// `vafa-hq audit` found terminals whose audit trail was rewritten (`breaks`: how many
    /// breaks, listed before it).
    AuditBroken {
        breaks: usize,
    },
    /// Head office has too much on at once (connections, pushes, or a request that took
    /// too long): nothing of the request was stored; try again after `retry_after` seconds.
    Busy {
        retry_after: u64,
    },
}

impl HqError {
    pub fn storage(detail: impl Into<String>) -> HqError {
        HqError::Storage {
            detail: detail.into(),
        }
    }

    /// The HTTP status it is answered with.
    pub fn status(&self) -> u16 {
        match self {
            HqError::Unauthorised => 401,
            HqError::UnknownTerminal { .. }
            | HqError::UnknownMember { .. }
            | HqError::NoSuchMember
            | HqError::MergeUnknown
            | HqError::UnknownCard { .. }
            | HqError::UnknownConflict { .. }
            | HqError::UnknownBranch { .. } => 404,
            HqError::BatchTooLarge { .. } | HqError::TooLarge { .. } => 413,
            HqError::Storage { .. } | HqError::SchemaTooNew { .. } | HqError::Busy { .. } => 503,
            HqError::Internal { .. }
            | HqError::Listen { .. }
            | HqError::Runtime { .. }
            | HqError::Serve { .. } => 500,
            HqError::InvalidBranch { .. }
            | HqError::InvalidTerminalName
            | HqError::InvalidOwner
            | HqError::ProtocolVersion { .. }
            | HqError::UnreadableBody { .. }
            | HqError::Malformed { .. }
            | HqError::BadQuery { .. }
            | HqError::BadLimit { .. }
            | HqError::BadSequence
            | HqError::MergeSelf
            | HqError::MobileOrCard
            | HqError::InvalidMobile { .. }
            | HqError::InvalidDate { .. }
            | HqError::DatesReversed
            | HqError::OfferFile(_)
            | HqError::ConfigFile(_)
            | HqError::Io { .. }
            | HqError::Tls { .. } => 400,
            HqError::AuditBroken { .. } => 409,
        }
    }

    /// The stable code (`error.code` on the wire and in `--json`).
    pub fn code(&self) -> &'static str {
        match self {
            HqError::InvalidBranch { .. } | HqError::InvalidOwner => "invalid_branch",
            HqError::InvalidTerminalName => "invalid_name",
            HqError::UnknownTerminal { .. } => "unknown_terminal",
            HqError::Unauthorised => "unauthorised",
            HqError::ProtocolVersion { .. } => "protocol_version",
            HqError::BatchTooLarge { .. } => "batch_too_large",
            HqError::TooLarge { .. } => "too_large",
            HqError::UnreadableBody { .. } => "unreadable_body",
            HqError::Malformed { .. } | HqError::BadQuery { .. } | HqError::BadLimit { .. } => {
                "malformed"
            }
            HqError::BadSequence => "bad_sequence",
            HqError::UnknownMember { .. } | HqError::NoSuchMember | HqError::MergeUnknown => {
                "unknown_member"
            }
            HqError::MergeSelf | HqError::MobileOrCard => "usage",
            HqError::UnknownCard { .. } => "unknown_card",
            HqError::UnknownConflict { .. } => "unknown_conflict",
            HqError::UnknownBranch { .. } => "unknown_branch",
            HqError::InvalidMobile { .. } => "invalid_mobile",
            HqError::InvalidDate { .. } | HqError::DatesReversed => "invalid_date",
            HqError::OfferFile(_) => "offer_file",
            HqError::ConfigFile(_) => "config_file",
            HqError::Io { .. } => "io",
            HqError::Tls { .. } => "tls",
            HqError::SchemaTooNew { .. } | HqError::Storage { .. } => "storage",
            HqError::Internal { .. } => "internal",
            HqError::Listen { .. } => "listen",
            HqError::Runtime { .. } => "runtime",
            HqError::Serve { .. } => "serve",
            HqError::AuditBroken { .. } => "audit_broken",
            HqError::Busy { .. } => "busy",
        }
    }

    /// A fault inside head office, whose detail a till is not told (it goes to head
    /// office's own log).
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            HqError::Storage { .. }
                | HqError::SchemaTooNew { .. }
                | HqError::Internal { .. }
                | HqError::Listen { .. }
                | HqError::Runtime { .. }
                | HqError::Serve { .. }
        )
    }
}

impl std::fmt::Display for HqError {
    /// For logs and `Debug`-like contexts: the code and the figures (people read the
    /// sentences vafa-text makes).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {self:?}", self.code())
    }
}

impl std::error::Error for HqError {}

/// Why head office refused one pushed record (the rest of the batch goes on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A kind head office does not know, or that a till may not send.
    UnknownKind { kind: String },
    /// `record_id` empty or over 200 characters.
    BadRecordId,
    /// `created_at` that is not an RFC 3339 time.
    BadCreatedAt { text: String },
    /// A `seq` below 1 or not above the batch's previous one (`after`; 0 for the first).
    OutOfSequence { seq: i64, after: i64 },
    /// The payload is not what its kind needs.
    Unreadable { kind: Kind, detail: String },
    /// A sale whose id is not its `record_id`.
    SaleIdMismatch,
    /// A record of another branch than the terminal's (for a void: the sale's branch, as
    /// head office knows it).
    WrongBranch {
        terminal: BranchCode,
        record: BranchCode,
    },
    /// Only head office writes it: a card decision (`resolved`), a merge, an overdraft
    /// recovery.
    HeadOfficeOnly { what: HeadOfficeOnly },
    /// A ledger entry outside the record that would justify it (an `earn`, `redeem` or
    /// `void` on its own, an entry of one kind inside a record of another).
    EntryOutOfPlace {
        entry: EntryId,
        kind: crate::ledger::EntryKind,
        record: Kind,
    },
    /// An amount that is zero, of the wrong sign for its entry, or beyond
    /// `money::MAX_AMOUNT` (alone, or in the balance it would make).
    BadAmount { amount: i64 },
    /// A member head office does not know.
    UnknownMember { id: MemberId },
    /// A lot head office does not know.
    UnknownLot { lot: LotId },
    /// A sale head office does not know.
    UnknownSale { id: SaleId },
    /// An entry on a lot of another member or account, or drawing more than the lot ever
    /// held.
    LotMismatch { lot: LotId },
    /// A member of another branch, for what only their own branch may do (adjust their
    /// balance, enrol them, move them to another branch).
    NotYourMember { id: MemberId, branch: BranchCode },
    /// A sale whose row and entries disagree (what it says it earned, redeemed or paid), or
    /// a void whose entries do not reverse what its sale wrote.
    SaleMismatch { id: SaleId },
    /// A sale voided already.
    AlreadyVoided { id: SaleId },
    /// A time ahead of head office's clock by more than the skew allowed.
    FutureTime { at: String },
    /// An expiry of a lot before it expires.
    NotExpired { lot: LotId },
    /// An adjustment without its reason.
    MissingReason,
    /// A change of the mobile of a member enrolled at another branch: held for head office
    /// to decide (`vafa-hq conflicts`), not applied.
    MobileChangeHeld { id: MemberId },
    /// Free text (a name, a shop's field, a reason) with a control character (NUL, an ANSI
    /// escape), a bidirectional override or isolate, or over `max` characters
    /// ([`crate::text`]).
    BadText { field: &'static str, max: usize },
}

/// What only head office writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadOfficeOnly {
    CardDecision,
    Merge,
    Recovery,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::UnknownKind { .. } => "unknown_kind",
            Refusal::BadRecordId
            | Refusal::BadCreatedAt { .. }
            | Refusal::Unreadable { .. }
            | Refusal::SaleIdMismatch => "bad_record",
            Refusal::OutOfSequence { .. } => "bad_sequence",
            Refusal::WrongBranch { .. } => "wrong_branch",
            Refusal::HeadOfficeOnly { .. } => "head_office_only",
            Refusal::EntryOutOfPlace { .. } => "entry_out_of_place",
            Refusal::BadAmount { .. } => "bad_amount",
            Refusal::UnknownMember { .. } => "unknown_member",
            Refusal::UnknownLot { .. } => "unknown_lot",
            Refusal::UnknownSale { .. } => "unknown_sale",
            Refusal::LotMismatch { .. } => "lot_mismatch",
            Refusal::NotYourMember { .. } => "not_your_member",
            Refusal::SaleMismatch { .. } => "sale_mismatch",
            Refusal::AlreadyVoided { .. } => "already_voided",
            Refusal::FutureTime { .. } => "future_time",
            Refusal::NotExpired { .. } => "not_expired",
            Refusal::MissingReason => "missing_reason",
            Refusal::MobileChangeHeld { .. } => "held_for_head_office",
            Refusal::BadText { .. } => "bad_text",
        }
    }
}

/// What `vafa-hq member show` finds: one member, or every member enrolled under one
/// mobile (a conflict to merge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberShow {
    One(MemberView),
    EnrolledTwice(Vec<MemberView>),
}

impl serde::Serialize for MemberShow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            MemberShow::One(m) => m.serialize(s),
            MemberShow::EnrolledTwice(list) => {
                let mut map = s.serialize_map(Some(2))?;
                // A stable marker for scripts, not a sentence for people.
                map.serialize_entry("conflict", "mobile enrolled more than once")?;
                map.serialize_entry("members", list)?;
                map.end()
            }
        }
    }
}

/// A member as head office sees them, chain-wide.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemberView {
    pub id: MemberId,
    pub first_name: String,
    pub last_name: String,
    pub mobile: String,
    pub enrolled_at_branch: BranchCode,
    pub merged_into: Option<MemberId>,
    pub balance: Balance,
    /// Credit spent twice at two branches and not recovered yet.
    pub overdraft: i64,
    pub owed_points: i64,
    pub visits: i64,
    pub total_spend: i64,
    pub cards: Vec<CardLine>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Balance {
    pub credit: i64,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CardLine {
    pub number: CardNumber,
    pub status: crate::record::CardStatus,
}

/// One line of `vafa-hq report overdrafts`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OverdraftLine {
    pub member_id: MemberId,
    pub mobile: Option<String>,
    pub name: String,
    pub overdraft: i64,
}

/// What an open conflict is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// One mobile enrolled as two members.
    Mobile,
    /// One card given to two members.
    Card,
    /// A branch changed the mobile of a member enrolled at another branch: held until
    /// head office decides (`key` is the mobile asked for; `first` the member, `second`
    /// the member too).
    MobileChange,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Mobile => "mobile",
            ConflictKind::Card => "card",
            ConflictKind::MobileChange => "mobile_change",
        }
    }
}

impl crate::ids::Text for ConflictKind {
    fn as_text(&self) -> &str {
        self.as_str()
    }
    fn from_text(s: String) -> Option<ConflictKind> {
        match s.as_str() {
            "mobile" => Some(ConflictKind::Mobile),
            "card" => Some(ConflictKind::Card),
            "mobile_change" => Some(ConflictKind::MobileChange),
            _ => None,
        }
    }
}

/// One open conflict (`vafa-hq conflicts`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConflictLine {
    pub id: i64,
    pub kind: ConflictKind,
    /// The mobile or the card number.
    pub key: String,
    pub first: MemberId,
    pub second: MemberId,
    pub at: String,
}

/// `vafa-hq report settlement`: who owes whom between `from` and `to`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Settlement {
    pub from: String,
    pub to: String,
    pub owes: Vec<Owes>,
}

/// What one owner owes another, net, with every entry behind it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Owes {
    pub debtor: String,
    pub creditor: String,
    pub amount: i64,
    /// Each direction before netting, under `A->B`.
    pub gross: std::collections::BTreeMap<String, i64>,
    pub detail: Vec<SpentLine>,
}

/// One entry behind a settlement figure: credit earned at `earned_at`, spent (or given
/// back, or recovered) at `spent_at`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SpentLine {
    pub entry_id: crate::ids::EntryId,
    pub sale_id: Option<crate::ids::SaleId>,
    pub member_id: MemberId,
    pub earned_at: BranchCode,
    pub spent_at: BranchCode,
    pub amount: i64,
    pub at: String,
    pub kind: crate::ledger::EntryKind,
}

/// A terminal whose audit trail no longer continues what it reported to head office
/// (`vafa-hq audit`): at `seq` it once said `seen` and now says `now` (a record rewritten),
/// or its head went back from `seen_seq` to `seq` (records taken off the end).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditBreak {
    pub terminal: TerminalId,
    pub branch: BranchCode,
    pub seq: i64,
    pub kind: AuditBreakKind,
    /// What the till said before: the hash at `seq`, or the head's sequence.
    pub seen: String,
    /// What it says now.
    pub now: String,
    /// When head office heard it.
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditBreakKind {
    /// A record's hash changed.
    Rewritten,
    /// The head went backwards.
    Backwards,
}

/// What head office decided of a held mobile change (`vafa-hq conflicts approve|reject`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MobileDecision {
    pub conflict: i64,
    pub member: MemberId,
    /// The member's mobile now, on every till.
    pub mobile: String,
    pub approved: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Text;

    #[test]
    fn each_error_has_its_status_code_and_kind() {
        let cases = [
            (HqError::Unauthorised, 401, "unauthorised", false),
            (HqError::NoSuchMember, 404, "unknown_member", false),
            (
                HqError::BatchTooLarge { max: 5 },
                413,
                "batch_too_large",
                false,
            ),
            (HqError::BadSequence, 400, "bad_sequence", false),
            (
                HqError::AuditBroken { breaks: 1 },
                409,
                "audit_broken",
                false,
            ),
            (HqError::Busy { retry_after: 5 }, 503, "busy", false),
            (HqError::storage("disk"), 503, "storage", true),
            (
                HqError::Internal { detail: "x".into() },
                500,
                "internal",
                true,
            ),
        ];
        for (e, status, code, internal) in cases {
            assert_eq!(
                (e.status(), e.code(), e.is_internal()),
                (status, code, internal)
            );
            assert!(e.to_string().starts_with(&format!("{code}: ")), "{e}");
        }
        assert_eq!(
            HqError::storage("disk"),
            HqError::Storage {
                detail: "disk".into()
            }
        );
    }

    #[test]
    fn refusals_have_their_codes() {
        assert_eq!(Refusal::MissingReason.code(), "missing_reason");
        assert_eq!(Refusal::BadRecordId.code(), "bad_record");
        assert_eq!(Refusal::SaleIdMismatch.code(), "bad_record");
    }

    #[test]
    fn conflict_kinds_read_back_what_they_write() {
        for k in [
            ConflictKind::Mobile,
            ConflictKind::Card,
            ConflictKind::MobileChange,
        ] {
            assert_eq!(k.as_text(), k.as_str());
            assert_eq!(ConflictKind::from_text(k.as_str().to_string()), Some(k));
            let json = serde_json::to_string(&k).expect("json");
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        assert_eq!(ConflictKind::Mobile.as_str(), "mobile");
        assert_eq!(ConflictKind::from_text("Mobile".into()), None);
    }

    #[test]
    fn a_mobile_enrolled_twice_is_shown_as_a_conflict() {
        let json = serde_json::to_value(MemberShow::EnrolledTwice(Vec::new())).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"conflict": "mobile enrolled more than once", "members": []})
        );
    }

    #[test]
    fn an_unknown_branch_is_not_found_with_its_own_code() {
        let e = HqError::UnknownBranch { code: "X".into() };
        assert_eq!(
            (e.status(), e.code(), e.is_internal()),
            (404, "unknown_branch", false)
        );
        assert_eq!(
            e.to_string(),
            "unknown_branch: UnknownBranch { code: \"X\" }"
        );
    }
}
