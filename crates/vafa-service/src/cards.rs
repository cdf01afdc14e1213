//! Assign, block and replace cards; find the member behind a card.

use serde::Serialize;
use vafa_store::Connection;

use super::Vafa;
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::gift::{CardKind, GiftError};
use vafa_core::ids::{CardNumber, parse_id};
use vafa_core::record::{CardRecord, CardStatus, Record};
use vafa_core::staff::Action;
use vafa_store as store;

/// A card number as a reader or a person gave it, with the keys it is indexed and looked
/// up under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedCard {
    pub number: String,
    pub index_keys: Vec<String>,
    pub lookup_keys: Vec<String>,
}

/// A card number as a reader printed it (`profile`) or as a person typed it (no profile),
/// through the reader profiles of `devices`: one card is found however its reader spells it.
pub(crate) fn typed_card(text: &str, profile: Option<&str>) -> Result<TypedCard> {
    let read = vafa_devices::typed_card(text, profile)?;
    let mut lookup_keys = read.lookup_keys();
    if read.kind == vafa_devices::CardKind::Text {
        // A number typed in lower case still finds a card whose reader prints upper case
        // (EM4100 and Mifare hex).
        let upper = read.card.to_ascii_uppercase();
        if upper != read.card {
            lookup_keys.push(upper);
        }
    }
    if read.card.chars().count() > 64 {
        return Err(Error::Invalid {
            field: Field::Card,
            value: text.to_string(),
            why: Why::TooLong,
        });
    }
    Ok(TypedCard {
        index_keys: read.index_keys(),
        lookup_keys,
        number: read.card,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardView {
    pub number: String,
    pub member_id: String,
    pub status: String,
    pub reason: Option<String>,
    pub replaced_by: Option<String>,
    pub kind: String,
}

impl From<store::cards::CardRow> for CardView {
    fn from(c: store::cards::CardRow) -> Self {
        CardView {
            number: c.number.into(),
            member_id: c.member_id.into(),
            status: c.status.as_str().into(),
            reason: c.reason,
            replaced_by: c.replaced_by.map(String::from),
            kind: c.kind,
        }
    }
}

/// The record that tells head office a card was blocked.
fn blocked(
    row: &store::cards::CardRow,
    reason: &str,
    replaced_by: Option<CardNumber>,
    at: &str,
) -> Record {
    Record::Card(CardRecord {
        number: row.number.clone(),
        member_id: row.member_id.clone(),
        status: CardStatus::Blocked,
        reason: Some(reason.to_string()),
        replaced_by,
        at: at.to_string(),
        branch: None,
        keys: None,
        resolved: false,
    })
}

/// Assigns a member's card inside an open transaction.
pub(crate) fn assign_in(
    conn: &Connection,
    member_id: &str,
    card: &TypedCard,
    at: &str,
    branch: &str,
) -> Result<()> {
    assign_kind_in(conn, member_id, card, at, branch, &CardKind::Member)
}

/// Assigns a card of `kind` inside an open transaction; a number that is a gift card is
/// refused as one already in use.
pub(crate) fn assign_kind_in(
    conn: &Connection,
    member_id: &str,
    card: &TypedCard,
    at: &str,
    branch: &str,
    kind: &CardKind,
) -> Result<()> {
    if kind.is_gift() {
        return Err(Error::Invalid {
            field: Field::CardKind,
            value: kind.as_str().into(),
            why: Why::UnknownChoice,
        });
    }
    let mut keys = card.lookup_keys.clone();
    keys.push(card.number.clone());
    if store::gift::by_keys(conn, &keys)?.is_some() {
        return Err(GiftError::CardInUse {
            card: card.number.clone(),
        }
        .into());
    }
    if let Some(existing) = store::cards::by_keys(conn, &card.lookup_keys)?
        .or(store::cards::by_number(conn, &card.number)?)
    {
        let owner = store::members::by_id(conn, &existing.member_id)?
            .map(|m| m.full_name())
            .unwrap_or_default();
        return Err(Error::CardTaken {
            card: card.number.clone(),
            member: owner,
        });
    }
    store::cards::insert_kind(
        conn,
        &card.number,
        member_id,
        &card.index_keys,
        at,
        kind.as_str(),
    )?;
    let record = Record::Card(CardRecord {
        number: card.number.as_str().into(),
        member_id: member_id.into(),
        status: CardStatus::Active,
        reason: None,
        replaced_by: None,
        at: at.to_string(),
        branch: Some(branch.into()),
        keys: Some(card.index_keys.clone()),
        resolved: false,
    });
    store::outbox::push(conn, &record, at)?;
    Ok(())
}

/// The card behind a read: refused if unknown or blocked (with the reason it was blocked).
/// The one place the till decides whether a card may be used.
pub(crate) fn active_card(conn: &Connection, card: &TypedCard) -> Result<store::cards::CardRow> {
    let row =
        store::cards::by_keys(conn, &card.lookup_keys)?.ok_or_else(|| Error::UnknownCard {
            card: card.number.clone(),
        })?;
    if row.status == CardStatus::Blocked {
        return Err(Error::BlockedCard {
            card: row.number.into(),
            reason: row.reason.unwrap_or_default(),
        });
    }
    Ok(row)
}

impl Vafa {
    /// The member a card belongs to, refusing unknown and blocked cards.
    pub fn member_of_card(&self, text: &str, profile: Option<&str>) -> Result<(String, String)> {
        let row = active_card(&self.conn, &typed_card(text, profile)?)?;
        Ok((row.member_id.into(), row.number.into()))
    }

    /// The member a card read by a device belongs to (its technology keys and spellings
    /// are all tried), refusing unknown and blocked cards: what the till window calls on a
    /// swipe.
    pub fn member_of_read(&self, read: &vafa_devices::CardRead) -> Result<(String, String)> {
        let card = TypedCard {
            number: read.card.clone(),
            index_keys: read.index_keys(),
            lookup_keys: read.lookup_keys(),
        };
        let row = active_card(&self.conn, &card)?;
        Ok((row.member_id.into(), row.number.into()))
    }

    pub fn assign_card(
        &mut self,
        member_id: &str,
        number: &str,
        profile: Option<&str>,
    ) -> Result<CardView> {
        self.assign_card_of_kind(member_id, number, profile, &CardKind::Member)
    }

    /// Assigns a card of `kind` (`member`, `discount`, a design; not `gift`: a gift card
    /// is issued with `gift_issue`).
    pub fn assign_card_of_kind(
        &mut self,
        member_id: &str,
        number: &str,
        profile: Option<&str>,
        kind: &CardKind,
    ) -> Result<CardView> {
        self.require(Action::Enrol)?;
        let card = typed_card(number, profile)?;
        let id = parse_id(member_id).ok_or_else(|| Error::UnknownMember {
            key: member_id.into(),
        })?;
        let now = self.now_utc().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        if store::members::by_id(&tx, &id)?.is_none() {
            return Err(Error::UnknownMember {
                key: member_id.into(),
            });
        }
        assign_kind_in(&tx, &id, &card, &now, &branch, kind)?;
        let row = store::cards::by_number(&tx, &card.number)?;
        tx.commit()?;
        row.map(CardView::from)
            .ok_or(Error::UnknownCard { card: card.number })
    }

    pub fn block_card(&mut self, number: &str, reason: Option<&str>) -> Result<CardView> {
        self.require(Action::ManageCards)?;
        let card = typed_card(number, None)?;
        let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => super::text_field(Field::Reason, r, vafa_core::text::NOTE_MAX)?,
            None => self.lang().pick("گم شده", "lost").to_string(),
        };
        let now = self.now_utc().to_rfc3339();
        let tx = self.write_tx()?;
        // A card that is already blocked is refused with the reason it was blocked.
        let row = active_card(&tx, &card)?;
        store::cards::block(&tx, &row.number, &reason, None, &now)?;
        self.audit(
            &tx,
            "card_block",
            &row.number,
            serde_json::json!({"member_id": row.member_id, "reason": reason}),
        )?;
        store::outbox::push(&tx, &blocked(&row, &reason, None, &now), &now)?;
        let out = store::cards::by_number(&tx, &row.number)?;
        tx.commit()?;
        out.map(CardView::from)
            .ok_or(Error::UnknownCard { card: card.number })
    }

    /// Blocks `old` and gives its member `new`; balance and history stay with the member.
    pub fn replace_card(
        &mut self,
        old: &str,
        new: &str,
        profile: Option<&str>,
    ) -> Result<CardView> {
        self.require(Action::ManageCards)?;
        let old_card = typed_card(old, None)?;
        let new_card = typed_card(new, profile)?;
        let now = self.now_utc().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        let row = store::cards::by_keys(&tx, &old_card.lookup_keys)?.ok_or_else(|| {
            Error::UnknownCard {
                card: old_card.number.clone(),
            }
        })?;
        self.replace_in(&tx, &row, &new_card, &now, &branch)?;
        let out = store::cards::by_number(&tx, &new_card.number)?;
        tx.commit()?;
        out.map(CardView::from).ok_or(Error::UnknownCard {
            card: new_card.number,
        })
    }

    /// Gives `old`'s member `new` and blocks `old` (unless it is blocked already), in the
    /// caller's transaction: the one replacement the card screen and the member edit share.
    pub(crate) fn replace_in(
        &self,
        tx: &Connection,
        old: &store::cards::CardRow,
        new: &TypedCard,
        now: &str,
        branch: &str,
    ) -> Result<()> {
        let reason = format!(
            "{} {}",
            self.lang().pick("جایگزین با", "replaced by"),
            new.number
        );
        // The new card is of the old one's kind (a lost discount card is replaced by one).
        let kind = CardKind::parse(&old.kind).unwrap_or(CardKind::Member);
        assign_kind_in(tx, &old.member_id, new, now, branch, &kind)?;
        self.audit(
            tx,
            "card_replace",
            &old.number,
            serde_json::json!({"member_id": old.member_id, "new": new.number, "old_status": old.status}),
        )?;
        if old.status != CardStatus::Blocked {
            store::cards::block(tx, &old.number, &reason, Some(&new.number), now)?;
            let by = new.number.as_str().into();
            store::outbox::push(tx, &blocked(old, &reason, Some(by), now), now)?;
        }
        Ok(())
    }
}
