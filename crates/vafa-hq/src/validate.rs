//! What head office lets a terminal write: every pushed record is checked against what
//! head office itself knows ([`Known`]: its members, lots, sales and balances, and what
//! the batch's earlier records added), never against what the payload claims. A refused
//! record gets its [`Refusal`] (a stable code), is not stored, and the rest of the batch
//! goes on.
//!
//! The rules are pure ([`Known::admit`] on plain data); [`Known::load`] reads what a batch
//! needs from storage in a few queries. In short, a terminal of branch T may write:
//! - a `sale` of T whose amounts are within `0..=MAX_AMOUNT` and agree with its entries,
//!   for a member head office knows: redemptions of that member's lots, earnings of that
//!   member (and referral credit for the member head office knows referred them), expiries
//!   of that member's lots that are due;
//! - a `void` of a sale head office has from T, once, whose entries reverse what that sale
//!   wrote (and expiries that are due);
//! - an `entry` that is an adjustment with its reason, of a member enrolled at T (opening
//!   balances included), or an expiry that is due;
//! - a `member` it enrolled (at T) or an edit of one head office knows, never moving them
//!   to another branch; a mobile change of a member of another branch is held for head
//!   office (`MobileChangeHeld`);
//! - a `card` of a member head office knows, never a decision (`resolved`);
//! - its own offers, switches, occasions and configuration (they stay its own).
//!
//! Every draw takes at most what its lot ever held, every lot is the entry's member's and
//! account's, no balance goes beyond `MAX_AMOUNT`, no state record's time (and no lot's
//! expiry that a till writes off) is ahead of head office's clock by more than
//! [`SKEW_SECONDS`]; all arithmetic is checked.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::HqError;
use super::overdraft::AMOUNT;
use super::storage::{Db, FromRow, Row};
use vafa_core::hq::{HeadOfficeOnly, Refusal};
use vafa_core::ids::{BranchCode, LotId, MemberId, SaleId};
use vafa_core::ledger::{Account, EntryKind};
use vafa_core::money::MAX_AMOUNT;
use vafa_core::protocol::{NOTE_RECOVERY, NOTE_REPAID};
use vafa_core::record::{CardRecord, Entry, Kind, MemberRow, Record, SaleRecord, VoidRecord};
use vafa_core::text::{FIELD_MAX, NAME_MAX, NOTE_MAX};

/// How far ahead of head office's clock a till's time may be (its clock drifts).
pub const SKEW_SECONDS: i64 = 300;

/// A member as head office knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    /// Where they enrolled.
    pub branch: BranchCode,
    pub mobile: String,
    pub referrer: Option<MemberId>,
}

/// A lot as head office knows it: whose, which account, where it was earned, the most it
/// ever held (its opening entry and every give-back), and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotFacts {
    pub member: MemberId,
    pub account: Account,
    pub branch: BranchCode,
    pub held: i64,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A sale as head office knows it, with what it did to each lot (a redemption's draw,
/// negative; an earning's new lot, positive): what its void may reverse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaleFacts {
    pub branch: BranchCode,
    pub member: Option<MemberId>,
    pub voided: bool,
    pub lots: BTreeMap<LotId, i64>,
}

/// What one record may change, as it was before it (to put back if it is refused).
#[derive(Default)]
struct Saved {
    members: Vec<(MemberId, Option<MemberFacts>)>,
    lots: Vec<(LotId, Option<LotFacts>)>,
    sales: Vec<(SaleId, Option<SaleFacts>)>,
    balances: Vec<((MemberId, Account), Option<i64>)>,
}

/// What head office knows that a batch's records touch, as the batch goes on.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub now: DateTime<Utc>,
    pub members: HashMap<MemberId, MemberFacts>,
    pub lots: HashMap<LotId, LotFacts>,
    pub sales: HashMap<SaleId, SaleFacts>,
    /// What each member's account comes to (every entry).
    pub balances: HashMap<(MemberId, Account), i64>,
}

fn bad(amount: i64) -> Refusal {
    Refusal::BadAmount { amount }
}

fn within(amount: i64) -> Result<i64, Refusal> {
    if (0..=MAX_AMOUNT).contains(&amount) {
        Ok(amount)
    } else {
        Err(bad(amount))
    }
}

fn sum<'a>(mut it: impl Iterator<Item = &'a Entry>) -> Result<i64, Refusal> {
    it.try_fold(0i64, |acc, e| {
        acc.checked_add(e.amount).ok_or(bad(e.amount))
    })
}

/// A state record's time (a member's edit, a card's change), read; ahead of `now` by more
/// than the skew, refused: state is ordered by these times at head office and on every
/// till, so one from the future would win over every later edit. (A fact's time is what
/// the till's clock said: a sale is never refused for it.)
fn time(kind: Kind, at: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Refusal> {
    let t = DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Refusal::Unreadable {
            kind,
            detail: format!("{at:?} is not an RFC 3339 time"),
        })?;
    if t > now + chrono::Duration::seconds(SKEW_SECONDS) {
        return Err(Refusal::FutureTime { at: at.to_string() });
    }
    Ok(t)
}

impl Known {
    /// Checks `record` from a terminal of `branch`; if it may be written, takes in what it
    /// adds (its member, lots, sale, balances) for the batch's later records. A refused
    /// record leaves `self` as it was.
    pub fn admit(&mut self, branch: &BranchCode, record: &Record) -> Result<(), Refusal> {
        let saved = self.save(record);
        let outcome = self.check(branch, record);
        if outcome.is_err() {
            self.restore(saved);
        }
        outcome
    }

    /// What `record` may change, as it is now.
    fn save(&self, record: &Record) -> Saved {
        let mut s = Saved::default();
        for e in record.entries() {
            let key = (e.member_id.clone(), e.account);
            s.balances
                .push((key.clone(), self.balances.get(&key).copied()));
            for lot in [Some(LotId::from(e.id.as_str())), e.lot_id.clone()]
                .into_iter()
                .flatten()
            {
                s.lots.push((lot.clone(), self.lots.get(&lot).cloned()));
            }
        }
        let (member, sale) = match record {
            Record::Member(m) => (Some(m.id.clone()), None),
            Record::Sale(x) => (None, Some(x.sale.id.clone())),
            Record::Void(v) => (None, Some(v.sale_id.clone())),
            _ => (None, None),
        };
        if let Some(m) = member {
            s.members.push((m.clone(), self.members.get(&m).cloned()));
        }
        if let Some(id) = sale {
            s.sales.push((id.clone(), self.sales.get(&id).cloned()));
        }
        s
    }

    fn restore(&mut self, saved: Saved) {
        fn put<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, V>, list: Vec<(K, Option<V>)>) {
            // Last saved first: the first value saved for a key is the one it had.
            for (k, v) in list.into_iter().rev() {
                match v {
                    Some(v) => map.insert(k, v),
                    None => map.remove(&k),
                };
            }
        }
        put(&mut self.balances, saved.balances);
        put(&mut self.lots, saved.lots);
        put(&mut self.members, saved.members);
        put(&mut self.sales, saved.sales);
    }

    fn check(&mut self, branch: &BranchCode, record: &Record) -> Result<(), Refusal> {
        let kind = record.kind();
        match record {
            Record::Sale(s) => self.sale(branch, s),
            Record::Void(v) => self.void(branch, v),
            Record::Entry(e) => self.own_entry(branch, e),
            Record::Member(m) => self.member(branch, m),
            Record::Card(c) => self.card(c),
            Record::Offer(_) | Record::OfferStatus(_) | Record::Occasions(_) => Ok(()),
            Record::Config(_) => Ok(()),
            Record::Merge(_) => Err(Refusal::HeadOfficeOnly {
                what: HeadOfficeOnly::Merge,
            }),
        }
        .map_err(|why| match why {
            Refusal::Unreadable { detail, .. } => Refusal::Unreadable { kind, detail },
            other => other,
        })
    }

    fn member_facts(&self, id: &MemberId) -> Result<&MemberFacts, Refusal> {
        self.members
            .get(id)
            .ok_or_else(|| Refusal::UnknownMember { id: id.clone() })
    }

    /// The rules every entry keeps, wherever it travels; books it in `self`.
    fn entry(&mut self, branch: &BranchCode, kind: Kind, e: &Entry) -> Result<(), Refusal> {
        if e.branch != *branch {
            return Err(Refusal::WrongBranch {
                terminal: branch.clone(),
                record: e.branch.clone(),
            });
        }
        if e.amount == 0 || e.amount.unsigned_abs() > MAX_AMOUNT as u64 {
            return Err(bad(e.amount));
        }
        if e.kind == EntryKind::Adjust
            && matches!(e.note.as_deref(), Some(NOTE_RECOVERY | NOTE_REPAID))
        {
            return Err(Refusal::HeadOfficeOnly {
                what: HeadOfficeOnly::Recovery,
            });
        }
        if let Some(note) = &e.note {
            text("note", note, NOTE_MAX)?;
        }
        self.member_facts(&e.member_id)?;
        let key = (e.member_id.clone(), e.account);
        let balance = self.balances.get(&key).copied().unwrap_or(0);
        let after = balance.checked_add(e.amount).ok_or(bad(e.amount))?;
        if e.amount > 0 && after > MAX_AMOUNT {
            return Err(bad(e.amount));
        }
        match (&e.lot_id, e.amount > 0) {
            // A new lot: earned, or given by an adjustment.
            (None, true) => {
                if !matches!(e.kind, EntryKind::Earn | EntryKind::Adjust) {
                    return Err(bad(e.amount));
                }
                let expires_at = match &e.expires_at {
                    Some(t) => Some(time_any(kind, t)?),
                    None => None,
                };
                self.lots.insert(
                    e.id.as_str().into(),
                    LotFacts {
                        member: e.member_id.clone(),
                        account: e.account,
                        branch: e.branch.clone(),
                        held: e.amount,
                        expires_at,
                    },
                );
            }
            (None, false) => return Err(bad(e.amount)),
            (Some(lot), up) => {
                let l = self
                    .lots
                    .get_mut(lot)
                    .ok_or_else(|| Refusal::UnknownLot { lot: lot.clone() })?;
                if l.member != e.member_id || l.account != e.account {
                    return Err(Refusal::LotMismatch { lot: lot.clone() });
                }
                if up {
                    // Only a void or an adjustment gives back to a lot.
                    if !matches!(e.kind, EntryKind::Void | EntryKind::Adjust) {
                        return Err(bad(e.amount));
                    }
                    l.held = l.held.checked_add(e.amount).ok_or(bad(e.amount))?;
                    if l.held > MAX_AMOUNT {
                        return Err(bad(e.amount));
                    }
                } else {
                    if e.kind == EntryKind::Earn {
                        return Err(bad(e.amount));
                    }
                    if -e.amount > l.held {
                        return Err(Refusal::LotMismatch { lot: lot.clone() });
                    }
                    // In a sale or void of the lot's own member the till's clock
                    // decides (a finished sale is never refused for it, and it could
                    // spend the lot anyway); on its own, head office's clock does.
                    if e.kind == EntryKind::Expire
                        && kind == Kind::Entry
                        && l.expires_at
                            .is_none_or(|x| x > self.now + chrono::Duration::seconds(SKEW_SECONDS))
                    {
                        return Err(Refusal::NotExpired { lot: lot.clone() });
                    }
                }
            }
        }
        self.balances.insert(key, after);
        Ok(())
    }

    fn out_of_place(e: &Entry, record: Kind) -> Refusal {
        Refusal::EntryOutOfPlace {
            entry: e.id.clone(),
            kind: e.kind,
            record,
        }
    }

    fn sale(&mut self, branch: &BranchCode, s: &SaleRecord) -> Result<(), Refusal> {
        let row = &s.sale;
        let id = &row.id;
        if row.branch != *branch {
            return Err(Refusal::WrongBranch {
                terminal: branch.clone(),
                record: row.branch.clone(),
            });
        }
        for v in [
            row.gross,
            row.discount,
            row.credit_redeemed,
            row.paid,
            row.credit_earned,
            row.points_earned,
        ] {
            within(v)?;
        }
        let mismatch = || Refusal::SaleMismatch { id: id.clone() };
        let taken = row.discount.checked_add(row.credit_redeemed);
        if taken.is_none_or(|t| t > row.gross) || row.paid > row.gross {
            return Err(mismatch());
        }
        let Some(member) = &row.member_id else {
            // A guest's sale writes no entries. Known from now on, so that its void in
            // the same push (a guest sale counted for a new member) finds it.
            if !s.entries.is_empty() {
                return Err(mismatch());
            }
            self.sales.insert(
                id.clone(),
                SaleFacts {
                    branch: branch.clone(),
                    member: None,
                    voided: false,
                    lots: BTreeMap::new(),
                },
            );
            return Ok(());
        };
        let referrer = self.member_facts(member)?.referrer.clone();
        let referral_note = format!("referral:{member}");
        let of_sale = |e: &Entry| e.sale_id.as_ref() == Some(id);
        let mut lots = BTreeMap::new();
        for e in &s.entries {
            let own = e.member_id == *member;
            match e.kind {
                EntryKind::Expire if own && (e.sale_id.is_none() || of_sale(e)) => {}
                EntryKind::Redeem if own && of_sale(e) && e.account == Account::Credit => {}
                EntryKind::Earn if own && of_sale(e) => {}
                EntryKind::Earn
                    if of_sale(e)
                        && e.account == Account::Credit
                        && referrer.as_ref() == Some(&e.member_id)
                        && e.note.as_deref() == Some(referral_note.as_str()) => {}
                EntryKind::Expire | EntryKind::Redeem | EntryKind::Earn => {
                    return Err(mismatch());
                }
                EntryKind::Void | EntryKind::Adjust => {
                    return Err(Self::out_of_place(e, Kind::Sale));
                }
            }
            self.entry(branch, Kind::Sale, e)?;
            match (e.kind, &e.lot_id) {
                (EntryKind::Redeem, Some(lot)) => {
                    let v: &mut i64 = lots.entry(lot.clone()).or_default();
                    *v = v.checked_add(e.amount).ok_or(bad(e.amount))?;
                }
                (EntryKind::Earn, None) => {
                    lots.insert(e.id.as_str().into(), e.amount);
                }
                _ => {}
            }
        }
        let of = |k: EntryKind, a: Account| {
            sum(s
                .entries
                .iter()
                .filter(move |e| e.kind == k && e.account == a && e.member_id == *member))
        };
        if of(EntryKind::Redeem, Account::Credit)?.checked_neg() != Some(row.credit_redeemed)
            || of(EntryKind::Earn, Account::Credit)? != row.credit_earned
            || of(EntryKind::Earn, Account::Points)? != row.points_earned
        {
            return Err(mismatch());
        }
        self.sales.insert(
            id.clone(),
            SaleFacts {
                branch: branch.clone(),
                member: Some(member.clone()),
                voided: false,
                lots,
            },
        );
        Ok(())
    }

    fn void(&mut self, branch: &BranchCode, v: &VoidRecord) -> Result<(), Refusal> {
        if let Some(r) = &v.reason {
            text("reason", r, NOTE_MAX)?;
        }
        if v.branch != *branch {
            return Err(Refusal::WrongBranch {
                terminal: branch.clone(),
                record: v.branch.clone(),
            });
        }
        let sale = self
            .sales
            .get(&v.sale_id)
            .cloned()
            .ok_or_else(|| Refusal::UnknownSale {
                id: v.sale_id.clone(),
            })?;
        if sale.branch != *branch {
            return Err(Refusal::WrongBranch {
                terminal: branch.clone(),
                record: sale.branch,
            });
        }
        if sale.voided {
            return Err(Refusal::AlreadyVoided {
                id: v.sale_id.clone(),
            });
        }
        let mismatch = || Refusal::SaleMismatch {
            id: v.sale_id.clone(),
        };
        let mut left = sale.lots.clone();
        for e in &v.entries {
            match e.kind {
                EntryKind::Void => {
                    let Some(lot) = &e.lot_id else {
                        return Err(mismatch());
                    };
                    if e.sale_id.as_ref() != Some(&v.sale_id) {
                        return Err(mismatch());
                    }
                    // The opposite of what the sale did to the lot, and no more.
                    let done = left.get_mut(lot).ok_or_else(mismatch)?;
                    if e.amount.signum() == done.signum()
                        || e.amount.unsigned_abs() > done.unsigned_abs()
                    {
                        return Err(mismatch());
                    }
                    *done += e.amount;
                }
                // Expiries the void wrote on the way, of its sale's member.
                EntryKind::Expire if sale.member.as_ref() == Some(&e.member_id) => {}
                EntryKind::Expire => return Err(mismatch()),
                EntryKind::Earn | EntryKind::Redeem | EntryKind::Adjust => {
                    return Err(Self::out_of_place(e, Kind::Void));
                }
            }
            self.entry(branch, Kind::Void, e)?;
        }
        if let Some(s) = self.sales.get_mut(&v.sale_id) {
            s.voided = true;
        }
        Ok(())
    }

    /// An `entry` on its own: an adjustment (with its reason) of the branch's own member
    /// (a draw by adjustment counts in no settlement), or a due expiry.
    fn own_entry(&mut self, branch: &BranchCode, e: &Entry) -> Result<(), Refusal> {
        match e.kind {
            EntryKind::Adjust => {
                if e.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                    return Err(Refusal::MissingReason);
                }
                let m = self.member_facts(&e.member_id)?;
                if m.branch != *branch {
                    return Err(Refusal::NotYourMember {
                        id: e.member_id.clone(),
                        branch: m.branch.clone(),
                    });
                }
            }
            EntryKind::Expire => {}
            EntryKind::Earn | EntryKind::Redeem | EntryKind::Void => {
                return Err(Self::out_of_place(e, Kind::Entry));
            }
        }
        self.entry(branch, Kind::Entry, e)
    }

    fn member(&mut self, branch: &BranchCode, m: &MemberRow) -> Result<(), Refusal> {
        text("first_name", &m.first_name, NAME_MAX)?;
        text("last_name", &m.last_name, NAME_MAX)?;
        let fields: BTreeMap<String, String> =
            serde_json::from_str(&m.fields).map_err(|_| Refusal::Unreadable {
                kind: Kind::Member,
                detail: "fields is not a JSON object of strings".into(),
            })?;
        for (k, v) in &fields {
            text("fields", k, FIELD_MAX)?;
            text("fields", v, FIELD_MAX)?;
        }
        time(Kind::Member, &m.created_at, self.now)?;
        time(Kind::Member, &m.updated_at, self.now)?;
        // As every till writes it: the one spelling a mobile is found under.
        if vafa_core::phone::parse_mobile(&m.mobile).is_none_or(|p| p.as_str() != m.mobile) {
            return Err(Refusal::Unreadable {
                kind: Kind::Member,
                detail: format!("{:?} is not a mobile as tills write it", m.mobile),
            });
        }
        match self.members.get_mut(&m.id) {
            None if m.branch != *branch => Err(Refusal::NotYourMember {
                id: m.id.clone(),
                branch: m.branch.clone(),
            }),
            None => {
                self.members.insert(
                    m.id.clone(),
                    MemberFacts {
                        branch: m.branch.clone(),
                        mobile: m.mobile.clone(),
                        referrer: m.referrer_id.clone(),
                    },
                );
                Ok(())
            }
            Some(k) if k.branch != m.branch => Err(Refusal::NotYourMember {
                id: m.id.clone(),
                branch: k.branch.clone(),
            }),
            Some(k) if k.branch != *branch && k.mobile != m.mobile => {
                Err(Refusal::MobileChangeHeld { id: m.id.clone() })
            }
            Some(k) => {
                k.mobile = m.mobile.clone();
                Ok(())
            }
        }
    }

    fn card(&mut self, c: &CardRecord) -> Result<(), Refusal> {
        if c.resolved {
            return Err(Refusal::HeadOfficeOnly {
                what: HeadOfficeOnly::CardDecision,
            });
        }
        time(Kind::Card, &c.at, self.now)?;
        if let Some(r) = &c.reason {
            text("reason", r, NOTE_MAX)?;
        }
        self.member_facts(&c.member_id)?;
        Ok(())
    }
}

/// Free text a person typed, as every till checks it ([`vafa_core::text`]).
fn text(field: &'static str, value: &str, max: usize) -> Result<(), Refusal> {
    match vafa_core::text::fault(value, max) {
        Some(_) => Err(Refusal::BadText { field, max }),
        None => Ok(()),
    }
}

/// A time that may lie anywhere (an expiry), read.
fn time_any(kind: Kind, at: &str) -> Result<DateTime<Utc>, Refusal> {
    DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Refusal::Unreadable {
            kind,
            detail: format!("{at:?} is not an RFC 3339 time"),
        })
}

// Reading what a batch needs.

struct MemberRowFacts(MemberId, MemberFacts);

impl FromRow for MemberRowFacts {
    fn from_row(r: &Row) -> Result<Self, HqError> {
        Ok(MemberRowFacts(
            r.core("id")?,
            MemberFacts {
                branch: r.core("branch")?,
                mobile: r.get("mobile")?,
                referrer: r.core_opt("referrer_id")?,
            },
        ))
    }
}

struct LotRow(LotId, LotFacts);

impl FromRow for LotRow {
    fn from_row(r: &Row) -> Result<Self, HqError> {
        Ok(LotRow(
            r.core("lot")?,
            LotFacts {
                member: r.core("member_id")?,
                account: r.core("account")?,
                branch: r.core("branch")?,
                held: r.get("held")?,
                expires_at: r
                    .get::<Option<String>>("expires_at")?
                    .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.with_timezone(&Utc)),
            },
        ))
    }
}

struct SaleRowFacts(SaleId, SaleFacts);

impl FromRow for SaleRowFacts {
    fn from_row(r: &Row) -> Result<Self, HqError> {
        Ok(SaleRowFacts(
            r.core("id")?,
            SaleFacts {
                branch: r.core("branch")?,
                member: r.core_opt("member_id")?,
                voided: r.get::<i64>("voided")? != 0,
                lots: BTreeMap::new(),
            },
        ))
    }
}

struct Effect {
    sale: SaleId,
    lot: LotId,
    amount: i64,
}

impl FromRow for Effect {
    fn from_row(r: &Row) -> Result<Self, HqError> {
        Ok(Effect {
            sale: r.core("sale_id")?,
            lot: r.core("lot")?,
            amount: r.get("amount")?,
        })
    }
}

struct BalanceRow(MemberId, Account, i64);

impl FromRow for BalanceRow {
    fn from_row(r: &Row) -> Result<Self, HqError> {
        Ok(BalanceRow(
            r.core("member_id")?,
            r.core("account")?,
            r.get("s")?,
        ))
    }
}

impl Known {
    /// What head office knows of everything `records` name, at `now`.
    pub fn load(
        db: &mut dyn Db,
        records: &[&Record],
        now: DateTime<Utc>,
    ) -> Result<Known, HqError> {
        let mut members = std::collections::BTreeSet::new();
        let mut lots = std::collections::BTreeSet::new();
        let mut sales = std::collections::BTreeSet::new();
        for r in records {
            for e in r.entries() {
                members.insert(e.member_id.to_string());
                if let Some(l) = &e.lot_id {
                    lots.insert(l.to_string());
                }
            }
            match r {
                Record::Sale(s) => {
                    if let Some(m) = &s.sale.member_id {
                        members.insert(m.to_string());
                    }
                }
                Record::Void(v) => {
                    sales.insert(v.sale_id.to_string());
                }
                Record::Member(m) => {
                    members.insert(m.id.to_string());
                }
                Record::Card(c) => {
                    members.insert(c.member_id.to_string());
                }
                Record::Entry(_)
                | Record::Offer(_)
                | Record::OfferStatus(_)
                | Record::Occasions(_)
                | Record::Config(_)
                | Record::Merge(_) => {}
            }
        }
        let (members, lots, sales): (Vec<String>, Vec<String>, Vec<String>) = (
            members.into_iter().collect(),
            lots.into_iter().collect(),
            sales.into_iter().collect(),
        );
        let mut known = Known {
            now,
            ..Known::default()
        };
        for MemberRowFacts(id, f) in db.fetch_in(
            "SELECT id, branch, mobile, referrer_id FROM members WHERE id IN ({list})",
            &members,
        )? {
            known.members.insert(id, f);
        }
        for BalanceRow(m, a, s) in db.fetch_in(
            &format!(
                "SELECT member_id, account, CAST(SUM({AMOUNT}) AS BIGINT) AS s FROM ledger
                 WHERE member_id IN ({{list}}) GROUP BY member_id, account"
            ),
            &members,
        )? {
            known.balances.insert((m, a), s);
        }
        for LotRow(id, f) in db.fetch_in(
            "SELECT o.id AS lot, o.member_id AS member_id, o.account AS account, o.branch AS branch,
                    o.expires_at AS expires_at,
                    o.amount + COALESCE((SELECT CAST(SUM(g.amount) AS BIGINT) FROM ledger g
                                         WHERE g.lot_id = o.id AND g.amount > 0), 0) AS held
             FROM ledger o WHERE o.id IN ({list}) AND o.lot_id IS NULL AND o.amount > 0",
            &lots,
        )? {
            known.lots.insert(id, f);
        }
        for SaleRowFacts(id, f) in db.fetch_in(
            "SELECT id, branch, member_id, voided FROM sales WHERE id IN ({list})",
            &sales,
        )? {
            known.sales.insert(id, f);
        }
        for e in db.fetch_in::<Effect>(
            "SELECT sale_id, COALESCE(lot_id, id) AS lot, amount FROM ledger
             WHERE sale_id IN ({list}) AND kind IN ('earn', 'redeem')",
            &sales,
        )? {
            if let Some(s) = known.sales.get_mut(&e.sale) {
                let v: &mut i64 = s.lots.entry(e.lot).or_default();
                *v = v.saturating_add(e.amount);
            }
        }
        Ok(known)
    }
}

#[cfg(test)]
mod tests;
