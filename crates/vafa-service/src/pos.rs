//! The local POS API's use cases (`vafa pos`): tokens for the shop's cash-register
//! programs (made once, kept as SHA-256, revocable), signing a request in by its token (a
//! token acts as a cashier named `pos:NAME`; every refusal is audited), quotes that record
//! nothing, and cards swiped at the till for the POS program's current invoice. Sales and
//! voids are the window's and the command line's own (`sell`, `void_sale`).

use chrono::Duration;
use rand::RngCore;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Actor, BalanceOut, GiftPay, SaleOffer, SaleRequest, Vafa};
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::money::Rials;
use vafa_core::sale::Redeem;
use vafa_core::staff::{Action, Role};
use vafa_store::{self as store, pos::TokenRow};

/// The prefix of every POS token (`vpos1_` and 64 hex digits).
pub const TOKEN_PREFIX: &str = "vpos1_";

/// An API sale's identity besides its id: the SHA-256 of the body it was sent with, and the
/// token that sent it. The same id with another body is refused (`SaleIdReused`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey {
    pub body_sha256: String,
    pub token: String,
}

/// What a basket would get, recording nothing (`POST /v1/quote`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub member_id: Option<String>,
    pub gross: Rials,
    pub discount: Rials,
    pub credit_earned: Rials,
    pub points_earned: i64,
    /// The most stored credit this basket may be paid with (the shop's limits applied).
    pub max_redeem: Rials,
    /// When the quote names a gift card: the most of its value this basket may be paid
    /// with (all it holds, up to what is left after discount; its `[offline]` limit applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_gift: Option<Rials>,
    pub balance: Option<BalanceOut>,
    pub tier: Option<String>,
    pub offers: Vec<SaleOffer>,
}

/// A card swiped at the till for the POS program, with its member if the card is known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PendingCardView {
    pub card: String,
    pub swiped_at: String,
    pub member: Option<super::MemberView>,
}

/// The hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A token's name: a staff name (so the audit trail's `pos:NAME` reads like one) without
/// `:` or spaces.
fn token_name(name: &str) -> Result<String> {
    let n = super::staff::staff_name(name)?;
    if n.contains(':') || n.contains(char::is_whitespace) {
        return Err(Error::Invalid {
            field: Field::StaffName,
            value: name.to_string(),
            why: Why::BadChars,
        });
    }
    Ok(n)
}

impl Vafa {
    /// Makes a token for a POS program named `name` and returns it: shown once, kept only
    /// as its SHA-256. An admin's act (the matrix's `staff`), audited.
    pub fn pos_token_new(&mut self, name: &str) -> Result<String> {
        self.require(Action::ManageStaff)?;
        let name = token_name(name)?;
        let mut raw = [0u8; 32];
        rand::rng().fill_bytes(&mut raw);
        let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        let token = format!("{TOKEN_PREFIX}{hex}");
        let now = self.now().to_rfc3339();
        let tx = self.write_tx()?;
        if let Some(t) = store::pos::token_by_name(&tx, &name)?
            && t.revoked_at.is_none()
        {
            return Err(Error::PosTokenExists { name });
        }
        store::pos::put_token(&tx, &name, &sha256_hex(token.as_bytes()), &now)?;
        self.audit(&tx, "pos_token", &name, json!({}))?;
        tx.commit()?;
        Ok(token)
    }

    /// Every POS token's name and state (never the token).
    pub fn pos_tokens(&self) -> Result<Vec<TokenRow>> {
        self.require(Action::ManageStaff)?;
        Ok(store::pos::tokens(&self.conn)?)
    }

    /// Revokes the token named `name`: its next request is refused (401, audited).
    pub fn pos_revoke(&mut self, name: &str) -> Result<TokenRow> {
        self.require(Action::ManageStaff)?;
        let now = self.now().to_rfc3339();
        let tx = self.write_tx()?;
        let row = store::pos::token_by_name(&tx, name.trim())?
            .filter(|t| t.revoked_at.is_none())
            .ok_or_else(|| Error::UnknownPosToken {
                name: name.trim().to_string(),
            })?;
        store::pos::revoke_token(&tx, &row.name, &now)?;
        self.audit(&tx, "pos_revoke", &row.name, json!({}))?;
        let row = store::pos::token_by_name(&tx, &row.name)?.unwrap_or(row);
        tx.commit()?;
        Ok(row)
    }

    /// Who a request's bearer token is: a cashier named `pos:NAME`. No token, an unknown
    /// one or a revoked one is `Unauthorized`, and on the audit trail (`pos_refused`).
    pub fn pos_actor(&self, token: Option<&str>) -> Result<Actor> {
        let hash = token.map(|t| sha256_hex(t.trim().as_bytes()));
        let found = match &hash {
            Some(h) => store::pos::token_by_hash(&self.conn, h)?,
            None => None,
        };
        let why = match &found {
            Some(t) if t.revoked_at.is_none() => {
                return Ok(Actor {
                    name: format!("pos:{}", t.name),
                    role: Role::Cashier,
                    staff: true,
                });
            }
            Some(_) => "revoked token",
            None if token.is_none() => "no token",
            None => "unknown token",
        };
        let who = Actor {
            name: found
                .as_ref()
                .map_or_else(|| "pos:?".to_string(), |t| format!("pos:{}", t.name)),
            role: Role::Cashier,
            staff: true,
        };
        let tx = self.write_tx()?;
        super::staff::audit_as(
            &tx,
            &who,
            &self.terminal,
            &self.now().to_rfc3339(),
            "pos_refused",
            &who.name,
            // A prefix of the hash, never the token: enough to tell two callers apart.
            json!({"why": why, "token_sha256": hash.as_deref().map(|h| &h[..12])}),
        )?;
        tx.commit()?;
        Err(Error::Unauthorized)
    }

    /// What `req`'s basket would get and the most credit it may be paid with; nothing is
    /// recorded (two dry runs of `sell`).
    pub fn quote(&mut self, req: &SaleRequest) -> Result<Quote> {
        let plain = SaleRequest {
            redeem: Redeem::Nothing,
            dry_run: true,
            id: None,
            request: None,
            gift: None,
            ..req.clone()
        };
        let r = self.sell(&plain)?;
        let max_gift = match &req.gift {
            None => None,
            Some(g) => {
                let whole = SaleRequest {
                    gift: Some(GiftPay {
                        card: g.card.clone(),
                        amount: None,
                    }),
                    ..plain.clone()
                };
                Some(match self.sell(&whole) {
                    Ok(w) => w.gift_redeemed,
                    Err(Error::OfflineLimit { allowed, .. }) => allowed.max(0),
                    Err(e) => return Err(e),
                })
            }
        };
        let max_redeem = if r.member_id.is_some() && self.may(Action::Redeem) {
            let all = SaleRequest {
                redeem: Redeem::All,
                ..plain
            };
            match self.sell(&all) {
                Ok(a) => a.credit_redeemed,
                Err(Error::OfflineLimit { allowed, .. }) => allowed.max(0),
                Err(_) => 0,
            }
        } else {
            0
        };
        Ok(Quote {
            member_id: r.member_id,
            gross: r.gross,
            discount: r.discount,
            credit_earned: r.credit_earned,
            points_earned: r.points_earned,
            max_redeem,
            max_gift,
            balance: r.balance,
            tier: r.tier,
            offers: r.offers,
        })
    }

    /// The till window calls this when a card is swiped while the POS program may want
    /// it: `GET /v1/pending-card` hands it over once.
    pub fn pos_card_swiped(&self, card: &str, profile: Option<&str>) -> Result<()> {
        let card = card.trim();
        if card.is_empty() {
            return Err(Error::Invalid {
                field: Field::Card,
                value: String::new(),
                why: Why::Empty,
            });
        }
        let tx = self.write_tx()?;
        store::pos::put_pending(&tx, card, profile, &self.now_utc().to_rfc3339())?;
        tx.commit()?;
        Ok(())
    }

    /// Whether a card swiped in the last `max_age` waits (a read, for the long poll).
    pub fn pos_card_waiting(&self, max_age: Duration) -> Result<bool> {
        let since = (self.now_utc() - max_age).to_rfc3339();
        Ok(store::pos::has_pending(&self.conn, &since)?)
    }

    /// Takes the card swiped last in the last `max_age` (once: the next call does not see
    /// it), with its member when the card is known.
    pub fn pos_take_card(&self, max_age: Duration) -> Result<Option<PendingCardView>> {
        let now = self.now_utc();
        let since = (now - max_age).to_rfc3339();
        let tx = self.write_tx()?;
        let taken = store::pos::take_pending(&tx, &since, &now.to_rfc3339(), &self.actor.name)?;
        tx.commit()?;
        let Some(p) = taken else { return Ok(None) };
        let key = super::MemberKey::Card(super::CardInput {
            number: p.card.clone(),
            profile: p.profile.clone(),
        });
        let member = match self.find_member(&key) {
            Ok(m) => Some(m),
            Err(Error::UnknownCard { .. } | Error::UnknownMember { .. }) => None,
            Err(e) => return Err(e),
        };
        Ok(Some(PendingCardView {
            card: p.card,
            swiped_at: p.swiped_at,
            member,
        }))
    }
}

impl Vafa {
    /// Where the API sales stand now: the till window shows those recorded after it.
    pub fn pos_sales_mark(&self) -> Result<i64> {
        Ok(store::pos::last_sale_seq(&self.conn)?)
    }

    /// The newest API sale recorded after `mark` (the window's last look), as `sell`
    /// answered it, with the mark to look from next; `None` if none came. A read.
    pub fn pos_sale_after(&self, mark: i64) -> Result<Option<(i64, super::SaleResult)>> {
        let Some((seq, id)) = store::pos::sale_after(&self.conn, mark)? else {
            return Ok(None);
        };
        let Some(row) = store::sales::by_id(&self.conn, &id)? else {
            return Ok(None);
        };
        let offers = vafa_core::offer::stored::decode(&row.offers);
        let offers = super::sales::explained(offers, &self.rules.names, self.shop.lang);
        let result = super::sales::result_of(&self.conn, &row, offers, self.now_utc())?;
        Ok(Some((seq, result)))
    }
}

/// Keeps an API sale's body with its id, or refuses the id if it came with another body.
/// Inside the sale's transaction: `existing` says whether the id was already recorded.
pub(crate) fn check_request(
    tx: &store::Connection,
    sale_id: &str,
    key: Option<&RequestKey>,
    existing: bool,
) -> Result<()> {
    let Some(key) = key else { return Ok(()) };
    if existing {
        return match store::pos::sale_body(tx, sale_id)? {
            Some(h) if h != key.body_sha256 => Err(Error::SaleIdReused { id: sale_id.into() }),
            _ => Ok(()),
        };
    }
    Ok(store::pos::put_sale_body(
        tx,
        sale_id,
        &key.body_sha256,
        &key.token,
    )?)
}
