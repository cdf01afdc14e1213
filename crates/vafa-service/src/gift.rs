//! Gift cards (CONTRACT "Gift cards and discount cards"): issue and load (sold at the till:
//! loading earns nothing), show, block, replace, and paying part or all of a sale with one.
//! Selling and spending a gift card are cashier acts (`sell`); blocking and replacing one
//! are card management (`manage_cards`). Every act is on the audit trail.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use vafa_store::Connection;

use super::Vafa;
use super::cards::{TypedCard, typed_card};
use vafa_core::error::{Error, Field, Result};
use vafa_core::gift::{BlockReason, GiftCard, GiftEntryKind, GiftError, GiftStatus, check_issue};
use vafa_core::ids::{new_id, parse_id};
use vafa_core::money::Rials;
use vafa_core::staff::Action;
use vafa_store::{self as store, gift::GiftEntry, gift::GiftRow};

/// `--gift NUMBER[:RIALS]`: the card as given and the amount asked (`None`: all it holds,
/// up to what is left to pay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftPay {
    pub card: String,
    pub amount: Option<Rials>,
}

/// `vafa gift issue`: a new card and what it is sold with.
#[derive(Debug, Clone)]
pub struct GiftIssue {
    pub card: String,
    pub amount: Rials,
    /// Its last day; `None`: it never expires.
    pub expires: Option<NaiveDate>,
    /// Bought for this member (by id).
    pub member: Option<String>,
}

/// An expired card's balance written off by `vafa gift expire` (breakage, kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GiftExpired {
    pub card: String,
    pub amount: Rials,
    /// Its last day.
    pub expires: String,
}

/// One entry of a card's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GiftHistory {
    pub at: String,
    pub kind: &'static str,
    pub amount: Rials,
    pub sale_id: Option<String>,
    pub branch: String,
}

/// What `vafa gift show --json` prints (and every gift command answers with).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GiftView {
    pub card: String,
    pub balance: Rials,
    pub status: GiftStatus,
    pub expires: Option<String>,
    pub member_id: Option<String>,
    pub reason: Option<String>,
    pub replaced_by: Option<String>,
    pub history: Vec<GiftHistory>,
}

fn day_of(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Why a stored card is blocked; `None` while it is not.
fn blocked(row: &GiftRow) -> Option<BlockReason> {
    (row.status == "blocked").then(|| {
        BlockReason::of(row.reason.as_deref(), row.replaced_by.as_deref())
            .unwrap_or(BlockReason::Given(String::new()))
    })
}

/// The core's view of a stored card.
fn card_of(conn: &Connection, row: &GiftRow) -> Result<GiftCard> {
    Ok(GiftCard {
        card: row.number.clone(),
        balance: store::gift::balance(conn, &row.number)?,
        blocked: blocked(row),
        expires: day_of(&row.expires),
    })
}

/// The gift card behind a number as given, or `unknown_gift`.
pub(crate) fn find(conn: &Connection, card: &TypedCard) -> Result<GiftRow> {
    let mut keys = card.lookup_keys.clone();
    keys.push(card.number.clone());
    store::gift::by_keys(conn, &keys)?.ok_or_else(|| {
        GiftError::UnknownGift {
            card: card.number.clone(),
        }
        .into()
    })
}

/// The card that holds `card`'s value now: itself, or the card it was replaced by (and so
/// on, for a card replaced more than once).
pub(crate) fn current(conn: &Connection, card: &str) -> Result<String> {
    let mut at = card.to_string();
    // A chain of replacements is finite: each new card was free when it was issued.
    for _ in 0..1_000 {
        match store::gift::by_keys(conn, std::slice::from_ref(&at))?.and_then(|r| r.replaced_by) {
            Some(next) => at = next,
            None => break,
        }
    }
    Ok(at)
}

/// Whether a number is free for a new card: neither a member's card nor a gift card.
pub(crate) fn refuse_taken(conn: &Connection, card: &TypedCard) -> Result<()> {
    let mut keys = card.lookup_keys.clone();
    keys.push(card.number.clone());
    let member_card = store::cards::by_keys(conn, &keys)?.is_some()
        || store::cards::by_number(conn, &card.number)?.is_some();
    if member_card || store::gift::by_keys(conn, &keys)?.is_some() {
        return Err(GiftError::CardInUse {
            card: card.number.clone(),
        }
        .into());
    }
    Ok(())
}

fn view(conn: &Connection, row: &GiftRow, today: NaiveDate) -> Result<GiftView> {
    let card = card_of(conn, row)?;
    let history = store::gift::history(conn, &row.number)?
        .into_iter()
        .map(|e| GiftHistory {
            kind: GiftEntryKind::parse(&e.kind).map_or("?", GiftEntryKind::as_str),
            at: e.at,
            amount: e.amount,
            sale_id: e.sale_id,
            branch: e.branch,
        })
        .collect();
    Ok(GiftView {
        card: row.number.clone(),
        balance: card.balance,
        status: card.status(today),
        expires: row.expires.clone(),
        member_id: row.member_id.clone(),
        reason: row.reason.clone(),
        replaced_by: row.replaced_by.clone(),
        history,
    })
}

/// Writes one entry of `kind` on `card`.
pub(crate) fn entry(
    conn: &Connection,
    card: &str,
    amount: Rials,
    kind: GiftEntryKind,
    sale_id: Option<&str>,
    branch: &str,
    at: &str,
) -> Result<GiftEntry> {
    let e = GiftEntry {
        id: new_id(),
        card: card.to_string(),
        amount,
        kind: kind.as_str().to_string(),
        sale_id: sale_id.map(str::to_string),
        branch: branch.to_string(),
        at: at.to_string(),
    };
    store::gift::append(conn, &e)?;
    Ok(e)
}

/// A gift card paying for a sale, decided inside the sale's transaction: how much it takes
/// of `due` (what is left to pay after discount and credit), or why it may not.
pub(crate) fn spend_in(
    conn: &Connection,
    card: &str,
    asked: Option<Rials>,
    due: Rials,
    today: NaiveDate,
) -> Result<(GiftRow, Rials)> {
    let row = find(conn, &typed_card(card, None)?)?;
    let taken = card_of(conn, &row)?.spend(asked, due, today)?;
    Ok((row, taken))
}

/// A sale's void gives back exactly what a gift card paid for it (even if the card has since
/// been blocked or has expired: its value is not lost by a void), onto the card or the card
/// that replaced it. Returns what went back.
pub(crate) fn give_back(conn: &Connection, sale_id: &str, branch: &str, at: &str) -> Result<Rials> {
    let mut back = 0;
    for g in store::gift::entries_of_sale(conn, sale_id)? {
        if g.kind == GiftEntryKind::Redeem.as_str() {
            let card = current(conn, &g.card)?;
            entry(
                conn,
                &card,
                -g.amount,
                GiftEntryKind::Void,
                Some(sale_id),
                branch,
                at,
            )?;
            back -= g.amount;
        }
    }
    Ok(back)
}

/// The kinds of card a member holds for the offers: the card shown, or (found by mobile or
/// id) their active cards.
pub(crate) fn card_kinds(
    conn: &Connection,
    member: &str,
    card: Option<&str>,
) -> Result<Vec<vafa_core::gift::CardKind>> {
    let rows = match card {
        Some(c) => store::cards::by_number(conn, c)?.into_iter().collect(),
        None => store::cards::of_member(conn, member)?
            .into_iter()
            .filter(|c| c.status == vafa_core::record::CardStatus::Active)
            .collect::<Vec<_>>(),
    };
    Ok(rows
        .iter()
        .filter_map(|c| vafa_core::gift::CardKind::parse(&c.kind))
        .collect())
}

impl Vafa {
    /// Pays up to `due` rials of sale `sale_id` (recorded at `at`) with the gift card `g`,
    /// inside the sale's transaction: the redemption entry, the sale's gift line, the
    /// `[offline]` gift limits and the audit trail. Returns what the card paid.
    pub(crate) fn pay_with_gift(
        &self,
        tx: &Connection,
        sale_id: &str,
        g: &GiftPay,
        due: Rials,
        at: DateTime<FixedOffset>,
        now: DateTime<Utc>,
    ) -> Result<Rials> {
        // Expiry is judged on today's date, not the sale's: a sale backdated with `at` must
        // not spend a card that has expired since (nor value loaded after that day).
        let today = now.with_timezone(&at.timezone()).date_naive();
        let (row, taken) = spend_in(tx, &g.card, g.amount, due, today)?;
        if taken <= 0 {
            return Ok(0);
        }
        let branch = &self.shop.branch_code;
        let at_s = at.to_rfc3339();
        let k = GiftEntryKind::Redeem;
        entry(tx, &row.number, -taken, k, Some(sale_id), branch, &at_s)?;
        store::gift::record_sale(tx, sale_id, &row.number, taken)?;
        super::sync::check_gift_offline(tx, self.config(), &row.number, taken, now)?;
        self.audit(
            tx,
            "gift_redeem",
            &row.number,
            serde_json::json!({"sale_id": sale_id, "amount": taken}),
        )?;
        Ok(taken)
    }

    /// `vafa gift issue`: a new gift card sold with `amount` rials on it.
    pub fn gift_issue(&mut self, req: &GiftIssue) -> Result<GiftView> {
        self.require(Action::Sell)?;
        let card = typed_card(&req.card, None)?;
        let today = self.now().date_naive();
        check_issue(req.amount, req.expires, today)?;
        let member = match &req.member {
            Some(m) => Some(parse_id(m).ok_or_else(|| Error::UnknownMember { key: m.clone() })?),
            None => None,
        };
        let at = self.now().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        if let Some(m) = &member
            && store::members::by_id(&tx, m)?.is_none()
        {
            return Err(Error::UnknownMember { key: m.clone() });
        }
        refuse_taken(&tx, &card)?;
        let expires = req.expires.map(|d| d.format("%Y-%m-%d").to_string());
        store::gift::insert(
            &tx,
            &card.number,
            expires.as_deref(),
            member.as_deref(),
            &branch,
            &at,
        )?;
        let e = entry(
            &tx,
            &card.number,
            req.amount,
            GiftEntryKind::Load,
            None,
            &branch,
            &at,
        )?;
        store::closes::set_gift_cashier(&tx, &e.id, &self.actor.name)?;
        self.audit(
            &tx,
            "gift_issue",
            &card.number,
            serde_json::json!({"amount": req.amount, "expires": expires, "member_id": member}),
        )?;
        let row = find(&tx, &card)?;
        let out = view(&tx, &row, today)?;
        tx.commit()?;
        Ok(out)
    }

    /// `vafa gift load`: more value sold onto a card (refused when blocked or expired).
    pub fn gift_load(&mut self, number: &str, amount: Rials) -> Result<GiftView> {
        self.require(Action::Sell)?;
        let card = typed_card(number, None)?;
        let today = self.now().date_naive();
        let at = self.now().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        let row = find(&tx, &card)?;
        card_of(&tx, &row)?.load(amount, today)?;
        let e = entry(
            &tx,
            &row.number,
            amount,
            GiftEntryKind::Load,
            None,
            &branch,
            &at,
        )?;
        store::closes::set_gift_cashier(&tx, &e.id, &self.actor.name)?;
        self.audit(
            &tx,
            "gift_load",
            &row.number,
            serde_json::json!({"amount": amount}),
        )?;
        let out = view(&tx, &row, today)?;
        tx.commit()?;
        Ok(out)
    }

    /// `vafa gift show`: balance, status, expiry and history (a balance check by swipe).
    pub fn gift_show(&self, number: &str) -> Result<GiftView> {
        self.require(Action::Sell)?;
        let card = typed_card(number, None)?;
        let row = find(&self.conn, &card)?;
        view(&self.conn, &row, self.now().date_naive())
    }

    /// `vafa gift block`: the card may no longer be loaded or spent; its value stays.
    pub fn gift_block(&mut self, number: &str, reason: &str) -> Result<GiftView> {
        self.require(Action::ManageCards)?;
        let reason = super::text_field(Field::Reason, reason, vafa_core::text::NOTE_MAX)?;
        let card = typed_card(number, None)?;
        let today = self.now().date_naive();
        let at = self.now().to_rfc3339();
        let tx = self.write_tx()?;
        let row = find(&tx, &card)?;
        if let Some(reason) = blocked(&row) {
            return Err(GiftError::Blocked {
                card: row.number,
                reason,
            }
            .into());
        }
        store::gift::block(&tx, &row.number, Some(&reason), None, &at)?;
        self.audit(
            &tx,
            "gift_block",
            &row.number,
            serde_json::json!({"reason": reason}),
        )?;
        let row = find(&tx, &card)?;
        let out = view(&tx, &row, today)?;
        tx.commit()?;
        Ok(out)
    }

    /// `vafa gift expire` (and the till's housekeeping): every card past its last day that
    /// still holds value gets an `expire` entry for all of it, in one transaction. The
    /// value is breakage: kept in the ledger, never deleted (a void of a sale it paid
    /// gives back onto the card, and the next run writes that off again).
    pub fn gift_expire(&mut self) -> Result<Vec<GiftExpired>> {
        self.require(Action::ManageCards)?;
        let today = self.now().date_naive();
        let at = self.now().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        let mut out = Vec::new();
        for row in store::gift::expired_before(&tx, &today.format("%Y-%m-%d").to_string())? {
            let Some(amount) = card_of(&tx, &row)?.breakage(today) else {
                continue;
            };
            let k = GiftEntryKind::Expire;
            entry(&tx, &row.number, -amount, k, None, &branch, &at)?;
            self.audit(
                &tx,
                "gift_expire",
                &row.number,
                serde_json::json!({"amount": amount}),
            )?;
            out.push(GiftExpired {
                card: row.number,
                amount,
                expires: row.expires.unwrap_or_default(),
            });
        }
        tx.commit()?;
        Ok(out)
    }

    /// `vafa gift replace`: a lost card (blocked or not) gives its balance, expiry and
    /// member to a new card, in a pair of `transfer` entries; the old one stays blocked.
    pub fn gift_replace(&mut self, old: &str, new: &str) -> Result<GiftView> {
        self.require(Action::ManageCards)?;
        let old_card = typed_card(old, None)?;
        let new_card = typed_card(new, None)?;
        let today = self.now().date_naive();
        let at = self.now().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        let row = find(&tx, &old_card)?;
        if let Some(by) = &row.replaced_by {
            return Err(GiftError::Blocked {
                card: row.number.clone(),
                reason: BlockReason::Replaced { by: by.clone() },
            }
            .into());
        }
        refuse_taken(&tx, &new_card)?;
        let balance = store::gift::balance(&tx, &row.number)?;
        store::gift::insert(
            &tx,
            &new_card.number,
            row.expires.as_deref(),
            row.member_id.as_deref(),
            &row.branch,
            &at,
        )?;
        // The staff's reason stays when it was blocked first; else `replaced_by` says why.
        let reason = row.reason.as_deref();
        store::gift::block(&tx, &row.number, reason, Some(&new_card.number), &at)?;
        if balance != 0 {
            let k = GiftEntryKind::Transfer;
            entry(&tx, &row.number, -balance, k, None, &branch, &at)?;
            entry(&tx, &new_card.number, balance, k, None, &branch, &at)?;
        }
        self.audit(
            &tx,
            "gift_replace",
            &row.number,
            serde_json::json!({"new": new_card.number, "balance": balance}),
        )?;
        let new_row = find(&tx, &new_card)?;
        let out = view(&tx, &new_row, today)?;
        tx.commit()?;
        Ok(out)
    }
}
