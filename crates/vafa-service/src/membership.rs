//! Membership rules (SPEC R2): `[membership] min_purchase`. Voluntary at 0; otherwise a
//! guest sale of at least that much offers enrolment, and the sale is then counted for the
//! new member once (a visit, the spend, the cashback).
//!
//! The guest sale may already be at head office, and records are facts that are never
//! changed, so counting it for the member is written with the kinds head office already
//! checks (no wire change): the guest sale is voided (reason: counted for the member) and
//! the same sale (same time, lines and amounts) is recorded for the member, in one
//! transaction. Both ids are derived from the guest sale's, so doing it twice finds the
//! first result and credits nothing more; a guest sale is counted for one member only.
//! A sale that had a discount is refused: what was paid could not stay as it was.

use std::sync::Arc;

use chrono::DateTime;

use vafa_core::config::ShopConfig;
use vafa_core::error::{Attach, Error, Result};
use vafa_core::ids::{derived_id, parse_id};
use vafa_core::money::Rials;
use vafa_core::record::{Record, VoidRecord};
use vafa_core::sale::Redeem;
use vafa_core::staff::Action;
use vafa_store as store;

use super::members::{MemberKey, member_of};
use super::sales::{explained, result_of, write_sale};
use super::{SaleResult, Vafa};

impl Vafa {
    /// `[membership] min_purchase` (rials; 0: voluntary), through the same import as
    /// `vafa config import` (audited, sent to head office).
    pub fn set_min_purchase(&mut self, rials: Rials) -> Result<ShopConfig> {
        let mut config = self.config().clone();
        config.membership.min_purchase = rials;
        self.import_config(&config.to_toml())
    }

    /// Whether the result of a guest sale offers enrolment.
    pub fn offers_enrolment(&self, sale: &SaleResult) -> bool {
        sale.member_id.is_none()
            && sale.sale_id.is_some()
            && !sale.dry_run
            && self.config().membership.offers_enrolment(sale.gross)
    }

    /// Counts the guest sale `sale_id` for the member `member_id` (just enrolled): see the
    /// module. Again with the same member: the first result, nothing credited twice.
    pub fn attach_guest_sale(&mut self, sale_id: &str, member_id: &str) -> Result<SaleResult> {
        self.require(Action::Sell)?;
        let unknown = || Error::UnknownSale { id: sale_id.into() };
        let guest_id = parse_id(sale_id).ok_or_else(unknown)?;
        let refused = |why| Error::NotAttachable {
            id: guest_id.clone(),
            why,
        };
        let member_sale = derived_id("membership-sale", &guest_id);
        let void_id = derived_id("membership-void", &guest_id);
        let now = self.now_utc();
        let at_now = self.now().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let lang = self.shop.lang;
        let rules = Arc::clone(&self.rules);
        let tx = self.write_tx()?;
        let (member, _) = member_of(&tx, &MemberKey::Id(member_id.to_string()))?;
        let guest = store::sales::by_id(&tx, &guest_id)?.ok_or_else(unknown)?;
        if let Some(done) = store::sales::by_id(&tx, &member_sale)? {
            if done.member_id.as_deref() != Some(member.as_str()) {
                return Err(refused(Attach::Voided));
            }
            let offers = vafa_core::offer::stored::decode(&done.offers);
            return result_of(&tx, &done, explained(offers, &rules.names, lang), now);
        }
        if guest.member_id.is_some() {
            return Err(refused(Attach::NotGuest));
        }
        if store::sales::is_voided(&tx, &guest_id)? {
            return Err(refused(Attach::Voided));
        }
        if guest.branch.as_str() != branch {
            return Err(refused(Attach::Elsewhere));
        }
        let membership = &rules.config.membership;
        if !membership.offers_enrolment(guest.gross) {
            return Err(refused(Attach::BelowMinimum {
                min: membership.min_purchase,
            }));
        }
        if guest.discount > 0 || guest.credit_redeemed > 0 {
            return Err(refused(Attach::Discounted));
        }
        // The guest sale goes (it had no ledger entries, so its void has none).
        let reason = vafa_text::membership::counted_for_member(lang);
        store::sales::mark_void(&tx, &guest, &void_id, Some(reason), &at_now)?;
        store::closes::set_void_cashier(&tx, &guest_id, &self.actor.name)?;
        store::outbox::push(
            &tx,
            &Record::Void(VoidRecord {
                id: void_id.as_str().into(),
                sale_id: guest_id.as_str().into(),
                reason: Some(reason.to_string()),
                at: at_now.clone(),
                branch: branch.as_str().into(),
                entries: Vec::new(),
            }),
            &at_now,
        )?;
        // The member's sale: the same time, lines and amount; the money was paid already,
        // so no offer that would change it (a discount, a free item) may apply.
        let mut member_rules = (*rules).clone();
        member_rules.offers.retain(|o| {
            let r = &o.offer.reward;
            r.discount.is_none() && r.discount_percent.is_none() && !r.free_item
        });
        let at = DateTime::parse_from_rfc3339(&guest.at).map_err(|e| Error::Storage {
            detail: format!("sale {guest_id}: time {:?}: {e}", guest.at),
        })?;
        let items = store::sales::items(&tx, &guest_id)?;
        let result = write_sale(
            &tx,
            &member_rules,
            lang,
            &branch,
            &member_sale,
            Some(member.clone()),
            None,
            guest.gross,
            &items,
            Redeem::Nothing,
            at,
            now,
        )?;
        if result.paid != guest.paid {
            return Err(refused(Attach::Discounted));
        }
        store::closes::set_cashier(&tx, &member_sale, &self.actor.name)?;
        self.audit(
            &tx,
            "attach_guest_sale",
            &guest_id,
            serde_json::json!({
                "member_id": member, "sale_id": member_sale, "void_id": void_id,
                "gross": guest.gross, "credit_earned": result.credit_earned,
                "points_earned": result.points_earned,
            }),
        )?;
        tx.commit()?;
        Ok(result)
    }
}
