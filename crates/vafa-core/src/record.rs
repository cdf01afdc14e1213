//! The records tills and head office exchange (docs/sync-protocol.md), one type each:
//! [`Record`] is every kind with its typed payload. On the wire a record is adjacently
//! tagged, `{"kind": "sale", "payload": {...}}`, inside the envelope of a push or a pull
//! (`protocol`). Producers build a `Record`; consumers read one with [`Record::read`] and
//! `match` it, so a new kind that a side does not handle does not compile.
//!
//! The envelope keeps a record's kind and payload as they travel (`OutRecord`,
//! `InRecord`): a till forwards its outbox as written, and a record this build cannot
//! read is refused or skipped on its own, with the reason, never failing its batch.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::ShopConfig;
use crate::ids::{BranchCode, CardNumber, EntryId, LotId, MemberId, SaleId, Text, VoidId};
use crate::ledger::{Account, EntryKind};
use crate::occasions::OccasionFile;
use crate::offer::Offer;
use crate::sale::Item;

/// Every kind of record, with its payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Record {
    /// A finished sale, with the ledger entries it wrote.
    Sale(Box<SaleRecord>),
    /// A sale undone, with its reversing entries.
    Void(VoidRecord),
    /// One ledger entry on its own (an opening balance, an adjustment, a recovery).
    Entry(Entry),
    /// A member's row: an enrolment or an edit.
    Member(MemberRow),
    /// A card given, blocked or (from head office) resolved.
    Card(CardRecord),
    /// An offer definition.
    Offer(Box<Offer>),
    /// An offer switched on or off on a till.
    OfferStatus(OfferStatusRecord),
    /// A till's occasions calendar.
    Occasions(OccasionFile),
    /// A shop configuration.
    Config(Box<ShopConfig>),
    /// Head office merged one member into another.
    Merge(MergeRecord),
}

/// The kind of a record, as `kind` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Sale,
    Void,
    Entry,
    Member,
    Card,
    Offer,
    OfferStatus,
    Occasions,
    Config,
    Merge,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Sale,
        Kind::Void,
        Kind::Entry,
        Kind::Member,
        Kind::Card,
        Kind::Offer,
        Kind::OfferStatus,
        Kind::Occasions,
        Kind::Config,
        Kind::Merge,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sale => "sale",
            Kind::Void => "void",
            Kind::Entry => "entry",
            Kind::Member => "member",
            Kind::Card => "card",
            Kind::Offer => "offer",
            Kind::OfferStatus => "offer_status",
            Kind::Occasions => "occasions",
            Kind::Config => "config",
            Kind::Merge => "merge",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A fact happens once: head office stores it once by `(kind, record_id)`. The other
    /// kinds are state, stored by their content and time (see `protocol::dedup_key`).
    pub fn is_fact(self) -> bool {
        match self {
            Kind::Sale | Kind::Void | Kind::Entry => true,
            Kind::Member
            | Kind::Card
            | Kind::Offer
            | Kind::OfferStatus
            | Kind::Occasions
            | Kind::Config
            | Kind::Merge => false,
        }
    }

    /// Whether a till may push it (a merge is head office's alone).
    pub fn from_till(self) -> bool {
        match self {
            Kind::Merge => false,
            Kind::Sale
            | Kind::Void
            | Kind::Entry
            | Kind::Member
            | Kind::Card
            | Kind::Offer
            | Kind::OfferStatus
            | Kind::Occasions
            | Kind::Config => true,
        }
    }

    /// Whether a terminal's record of this kind goes down to the other tills. A till's own
    /// offers, occasions and configuration stay its own; chain-wide ones come from head
    /// office, whose every record goes to every till.
    pub fn shared(self) -> bool {
        match self {
            Kind::Sale | Kind::Void | Kind::Entry | Kind::Member | Kind::Card => true,
            Kind::Offer | Kind::OfferStatus | Kind::Occasions | Kind::Config | Kind::Merge => false,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Text for Kind {
    fn as_text(&self) -> &str {
        self.as_str()
    }
    fn from_text(s: String) -> Option<Kind> {
        Kind::parse(&s)
    }
}

/// Why a record's kind and payload do not make a [`Record`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// A kind this build does not know.
    UnknownKind(String),
    /// The payload is not what the kind needs: serde's account of what is wrong.
    Payload { kind: Kind, detail: String },
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Sale(_) => Kind::Sale,
            Record::Void(_) => Kind::Void,
            Record::Entry(_) => Kind::Entry,
            Record::Member(_) => Kind::Member,
            Record::Card(_) => Kind::Card,
            Record::Offer(_) => Kind::Offer,
            Record::OfferStatus(_) => Kind::OfferStatus,
            Record::Occasions(_) => Kind::Occasions,
            Record::Config(_) => Kind::Config,
            Record::Merge(_) => Kind::Merge,
        }
    }

    /// The id the record travels under (`record_id`): what it is about.
    pub fn id(&self) -> &str {
        match self {
            Record::Sale(s) => &s.sale.id,
            Record::Void(v) => &v.id,
            Record::Entry(e) => &e.id,
            Record::Member(m) => &m.id,
            Record::Card(c) => &c.number,
            Record::Offer(o) => &o.id,
            Record::OfferStatus(s) => &s.id,
            Record::Occasions(_) => "occasions",
            Record::Config(_) => "config",
            Record::Merge(m) => &m.from,
        }
    }

    /// The payload as JSON (what `payload` carries on the wire).
    pub fn payload(&self) -> Value {
        let v = match self {
            Record::Sale(s) => serde_json::to_value(s),
            Record::Void(v) => serde_json::to_value(v),
            Record::Entry(e) => serde_json::to_value(e),
            Record::Member(m) => serde_json::to_value(m),
            Record::Card(c) => serde_json::to_value(c),
            Record::Offer(o) => serde_json::to_value(o),
            Record::OfferStatus(s) => serde_json::to_value(s),
            Record::Occasions(o) => serde_json::to_value(o),
            Record::Config(c) => serde_json::to_value(c),
            Record::Merge(m) => serde_json::to_value(m),
        };
        // Every payload is plain data (strings, integers, decimals as strings, maps with
        // string keys): serialising it to a JSON value cannot fail.
        v.unwrap_or(Value::Null)
    }

    /// Reads a record from its kind and payload as they travel.
    pub fn read(kind: &str, payload: &Value) -> Result<Record, Unreadable> {
        Record::read_from(kind, payload)
    }

    /// Reads a record from its kind and its payload's JSON text, straight into the typed
    /// record (no JSON tree in between: head office reads pushes so, and a payload that
    /// is not its kind's shape costs no more memory than its text).
    pub fn read_json(kind: &str, payload: &str) -> Result<Record, Unreadable> {
        let mut d = serde_json::Deserializer::from_str(payload);
        let record = Record::read_from(kind, &mut d)?;
        d.end().map_err(|e| Unreadable::Payload {
            kind: record.kind(),
            detail: e.to_string(),
        })?;
        Ok(record)
    }

    fn read_from<'de, D>(kind: &str, payload: D) -> Result<Record, Unreadable>
    where
        D: serde::Deserializer<'de>,
    {
        let kind = Kind::parse(kind).ok_or_else(|| Unreadable::UnknownKind(kind.to_string()))?;
        fn de<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(
            kind: Kind,
            d: D,
        ) -> Result<T, Unreadable> {
            T::deserialize(d).map_err(|e| Unreadable::Payload {
                kind,
                detail: e.to_string(),
            })
        }
        Ok(match kind {
            Kind::Sale => Record::Sale(de(kind, payload)?),
            Kind::Void => Record::Void(de(kind, payload)?),
            Kind::Entry => Record::Entry(de(kind, payload)?),
            Kind::Member => Record::Member(de(kind, payload)?),
            Kind::Card => Record::Card(de(kind, payload)?),
            Kind::Offer => Record::Offer(de(kind, payload)?),
            Kind::OfferStatus => Record::OfferStatus(de(kind, payload)?),
            Kind::Occasions => Record::Occasions(de(kind, payload)?),
            Kind::Config => Record::Config(de(kind, payload)?),
            Kind::Merge => Record::Merge(de(kind, payload)?),
        })
    }

    /// The ledger entries the record carries.
    pub fn entries(&self) -> &[Entry] {
        match self {
            Record::Sale(s) => &s.entries,
            Record::Void(v) => &v.entries,
            Record::Entry(e) => std::slice::from_ref(e),
            Record::Merge(m) => &m.entries,
            Record::Member(_)
            | Record::Card(_)
            | Record::Offer(_)
            | Record::OfferStatus(_)
            | Record::Occasions(_)
            | Record::Config(_) => &[],
        }
    }
}

/// One ledger entry as written (append-only) and as it travels inside `sale`, `void`,
/// `entry` and `merge` records. A positive entry without `lot_id` opens a lot; one with
/// `lot_id` changes that lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: EntryId,
    pub member_id: MemberId,
    pub account: Account,
    pub amount: i64,
    pub kind: EntryKind,
    #[serde(default)]
    pub lot_id: Option<LotId>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub sale_id: Option<SaleId>,
    pub at: String,
    pub branch: BranchCode,
    #[serde(default)]
    pub note: Option<String>,
}

impl Entry {
    /// A new entry with a fresh id, no lot, expiry, sale or note.
    pub fn new(
        member_id: &str,
        account: Account,
        amount: i64,
        kind: EntryKind,
        at: &str,
        branch: &str,
    ) -> Entry {
        Entry {
            id: EntryId::fresh(),
            member_id: member_id.into(),
            account,
            amount,
            kind,
            lot_id: None,
            expires_at: None,
            sale_id: None,
            at: at.to_string(),
            branch: branch.into(),
            note: None,
        }
    }
}

/// A member as a till stores and sends them (enrolment and every edit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: MemberId,
    pub first_name: String,
    pub last_name: String,
    pub mobile: String,
    pub birth_date: Option<String>,
    pub birth_calendar: Option<String>,
    pub anniversary: Option<String>,
    pub anniversary_calendar: Option<String>,
    pub gender: Option<String>,
    pub referrer_id: Option<MemberId>,
    /// The shop's own fields, a JSON object of strings.
    pub fields: String,
    /// Where the member enrolled.
    pub branch: BranchCode,
    pub created_at: String,
    pub updated_at: String,
}

impl MemberRow {
    /// A member with a name and mobile, enrolled at `branch` at `at`, and nothing else yet
    /// (no dates, gender, referrer or shop fields).
    pub fn new(
        id: MemberId,
        first_name: String,
        last_name: String,
        mobile: String,
        branch: BranchCode,
        at: &str,
    ) -> MemberRow {
        MemberRow {
            id,
            first_name,
            last_name,
            mobile,
            birth_date: None,
            birth_calendar: None,
            anniversary: None,
            anniversary_calendar: None,
            gender: None,
            referrer_id: None,
            fields: "{}".into(),
            branch,
            created_at: at.to_string(),
            updated_at: at.to_string(),
        }
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A sale as a till stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRow {
    pub id: SaleId,
    pub member_id: Option<MemberId>,
    pub card_number: Option<CardNumber>,
    pub branch: BranchCode,
    pub at: String,
    pub at_utc: String,
    pub gross: i64,
    pub discount: i64,
    pub credit_redeemed: i64,
    pub paid: i64,
    pub credit_earned: i64,
    pub points_earned: i64,
    pub tier: Option<String>,
    /// The offer explanation, JSON (empty in a `sale` record: it stays with the till's
    /// own sale).
    pub offers: String,
    pub created_at: String,
}

/// `sale`: the sale, its lines, the offers chosen, and the entries it wrote (expiries,
/// redemptions, cashback, points, referral credit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaleRecord {
    pub sale: SaleRow,
    /// The chosen offers' lines, as the engine that chose them wrote them. Carried and
    /// kept as sent, never read: their shape is the engine's, and a record must stay
    /// readable by a head office or till of another version.
    #[serde(default)]
    pub offers: Vec<Value>,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub entries: Vec<Entry>,
}

/// `void`: a sale undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoidRecord {
    pub id: VoidId,
    pub sale_id: SaleId,
    pub reason: Option<String>,
    pub at: String,
    pub branch: BranchCode,
    /// The reversing entries (and any expiry written on the way).
    #[serde(default)]
    pub entries: Vec<Entry>,
}

/// Whether a card may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardStatus {
    Active,
    Blocked,
}

impl CardStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::Active => "active",
            CardStatus::Blocked => "blocked",
        }
    }
    pub fn parse(s: &str) -> Option<CardStatus> {
        match s {
            "active" => Some(CardStatus::Active),
            "blocked" => Some(CardStatus::Blocked),
            _ => None,
        }
    }
}

impl Text for CardStatus {
    fn as_text(&self) -> &str {
        self.as_str()
    }
    fn from_text(s: String) -> Option<CardStatus> {
        CardStatus::parse(&s)
    }
}

/// `card`: a card given to a member (`active`, with the keys it is found under), blocked
/// (with the reason, and the card that replaced it), or head office's decision that it
/// belongs to `member_id` (`resolved`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardRecord {
    pub number: CardNumber,
    pub member_id: MemberId,
    pub status: CardStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<CardNumber>,
    pub at: String,
    /// The branch that gave the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<BranchCode>,
    /// The spellings a till finds the card under (its number's first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<Vec<String>>,
    /// Head office's decision on a card given to two members: it belongs to `member_id`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resolved: bool,
}

/// `offer_status`: a till switched one of its offers on or off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferStatusRecord {
    pub id: String,
    pub enabled: bool,
    pub at: String,
}

/// `merge`: head office merged `from` into `keep` (one person enrolled twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRecord {
    /// KEEP's member row as its till last sent it.
    pub keep: MemberRow,
    pub from: MemberId,
    /// The entries that move FROM's lots to KEEP.
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// FROM's cards, now KEEP's.
    #[serde(default)]
    pub cards: Vec<MergedCard>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedCard {
    pub number: CardNumber,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry() -> Entry {
        let mut e = Entry::new("m1", Account::Credit, 500, EntryKind::Earn, "t", "A");
        e.id = "e1".into();
        e
    }

    fn member() -> MemberRow {
        MemberRow {
            id: "m1".into(),
            first_name: "Ali".into(),
            last_name: "Rezaei".into(),
            mobile: "09120000001".into(),
            birth_date: None,
            birth_calendar: None,
            anniversary: None,
            anniversary_calendar: None,
            gender: None,
            referrer_id: None,
            fields: "{}".into(),
            branch: "A".into(),
            created_at: "t".into(),
            updated_at: "t".into(),
        }
    }

    fn one_of_each() -> Vec<Record> {
        let sale = SaleRow {
            id: "s1".into(),
            member_id: Some("m1".into()),
            card_number: None,
            branch: "A".into(),
            at: "t".into(),
            at_utc: "t".into(),
            gross: 1000,
            discount: 0,
            credit_redeemed: 0,
            paid: 1000,
            credit_earned: 50,
            points_earned: 1,
            tier: None,
            offers: String::new(),
            created_at: "t".into(),
        };
        vec![
            Record::Sale(Box::new(SaleRecord {
                sale,
                offers: vec![json!({"id": "o"})],
                items: vec![],
                entries: vec![entry()],
            })),
            Record::Void(VoidRecord {
                id: "v1".into(),
                sale_id: "s1".into(),
                reason: None,
                at: "t".into(),
                branch: "A".into(),
                entries: vec![],
            }),
            Record::Entry(entry()),
            Record::Member(member()),
            Record::Card(CardRecord {
                number: "123".into(),
                member_id: "m1".into(),
                status: CardStatus::Active,
                reason: None,
                replaced_by: None,
                at: "t".into(),
                branch: Some("A".into()),
                keys: Some(vec!["123".into()]),
                resolved: false,
            }),
            Record::Offer(Box::new(
                serde_json::from_value(json!({"id": "o1"})).expect("offer"),
            )),
            Record::OfferStatus(OfferStatusRecord {
                id: "o1".into(),
                enabled: false,
                at: "t".into(),
            }),
            Record::Occasions(OccasionFile::default()),
            Record::Config(Box::default()),
            Record::Merge(MergeRecord {
                keep: member(),
                from: "m2".into(),
                entries: vec![entry()],
                cards: vec![MergedCard { number: "9".into() }],
                at: "t".into(),
            }),
        ]
    }

    #[test]
    fn every_kind_is_kind_and_payload_on_the_wire_and_reads_back() {
        let all = one_of_each();
        assert_eq!(
            all.iter().map(Record::kind).collect::<Vec<_>>(),
            Kind::ALL.to_vec()
        );
        for r in all {
            let wire = serde_json::to_value(&r).expect("json");
            assert_eq!(wire["kind"], r.kind().as_str(), "{wire}");
            assert_eq!(wire["payload"], r.payload(), "{wire}");
            assert_eq!(Kind::parse(r.kind().as_str()), Some(r.kind()));
            let read = Record::read(r.kind().as_str(), &r.payload()).expect("reads");
            assert_eq!(read, r);
            let whole: Record = serde_json::from_value(wire).expect("adjacent");
            assert_eq!(whole, r);
        }
    }

    #[test]
    fn what_does_not_read_says_why() {
        assert_eq!(
            Record::read("bogus", &json!({})),
            Err(Unreadable::UnknownKind("bogus".into()))
        );
        let mut e = serde_json::to_value(entry()).expect("json");
        e["kind"] = json!("bogus");
        match Record::read("entry", &e) {
            Err(Unreadable::Payload { kind, detail }) => {
                assert_eq!(kind, Kind::Entry);
                assert!(detail.contains("bogus"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_card_payload_keeps_its_shapes() {
        let block = json!({"number": "1", "member_id": "m", "status": "blocked", "reason": "lost", "at": "t"});
        let Ok(Record::Card(c)) = Record::read("card", &block) else {
            panic!("card");
        };
        assert_eq!(c.status, CardStatus::Blocked);
        assert_eq!(Record::Card(c).payload(), block);
    }
}
