//! Import, list, enable and disable offers; import the occasions calendar.

use serde::Serialize;

use super::Vafa;
use vafa_core::error::{Error, Result, Why};
use vafa_core::occasions::{OccasionFile, parse_occasions};
use vafa_core::offer::{Offer, ValidOffer, model::validate, parse_offers};
use vafa_core::record::{OfferStatusRecord, Record};
use vafa_core::staff::Action;
use vafa_store as store;
use vafa_text::names::OfferNames;

/// An offer as `vafa offers list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferView {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub priority: i64,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub uses: i64,
    pub total_uses: Option<u64>,
    pub budget: Option<i64>,
    pub budget_left: Option<i64>,
    pub updated_at: String,
    /// The definition (for the window's rules in words; not printed).
    #[serde(skip)]
    pub definition: Option<Offer>,
}

/// What is wrong with an offers file, as every front says it.
fn offer_file_error(e: vafa_core::offer::OfferError) -> Error {
    Error::OfferFile {
        offer: e.offer,
        line: e.line,
        field: e.field,
        reason: e.reason,
    }
}

impl Vafa {
    /// Checks an offers file as `vafa offers import` would, saving nothing: the offers
    /// it holds, or what is wrong (the window's offer form, as it is typed).
    pub fn check_offers(&self, text: &str) -> Result<Vec<Offer>> {
        parse_offers(text)
            .map(|l| l.into_iter().map(|o| o.offer).collect())
            .map_err(offer_file_error)
    }

    /// "Try on a member" for offers not saved yet: a dry run of `req` with the offers of
    /// `text` in force too (replacing any of the same id). Nothing is written.
    pub fn try_offers(
        &mut self,
        text: &str,
        req: &super::SaleRequest,
    ) -> Result<super::SaleResult> {
        self.require(Action::ManageOffers)?;
        let offers = parse_offers(text).map_err(offer_file_error)?;
        let saved = std::sync::Arc::clone(&self.rules);
        let rules = std::sync::Arc::make_mut(&mut self.rules);
        for o in offers {
            rules.offers.retain(|x| x.id != o.id);
            rules.offers.push(o);
        }
        let mut req = req.clone();
        req.dry_run = true;
        let result = self.sell(&req);
        self.rules = saved;
        result
    }

    /// Loads the enabled offers and the occasions calendar into memory (after any change).
    pub(crate) fn reload_offers(&mut self) -> Result<()> {
        let mut offers: Vec<ValidOffer> = Vec::new();
        let mut names = Vec::new();
        for row in store::offers::all(&self.conn)? {
            let Ok(o) = serde_json::from_str::<Offer>(&row.definition) else {
                continue;
            };
            names.push((o.id.clone(), o.name.clone()));
            if !row.enabled {
                continue;
            }
            // Stored offers were validated on import; one that no longer validates (a
            // newer rule) is skipped rather than stopping the till.
            if let Ok(v) = validate(&o) {
                offers.push(v);
            }
        }
        let rules = std::sync::Arc::make_mut(&mut self.rules);
        rules.offers = offers;
        rules.names = OfferNames::new(names);
        rules.occasions = store::settings::get(&self.conn, "occasions")?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        Ok(())
    }

    /// Adds or replaces offers by id from an offers file: all or nothing.
    pub fn import_offers(&mut self, text: &str) -> Result<Vec<OfferView>> {
        self.require(Action::ManageOffers)?;
        let offers = parse_offers(text).map_err(offer_file_error)?;
        let now = self.now_utc().to_rfc3339();
        let tx = self.write_tx()?;
        let before: std::collections::BTreeMap<String, serde_json::Value> =
            store::offers::all(&tx)?
                .into_iter()
                .map(|r| {
                    let def = serde_json::from_str(&r.definition).unwrap_or_default();
                    (r.id, def)
                })
                .collect();
        let detail: Vec<serde_json::Value> = offers
            .iter()
            .map(|o| {
                serde_json::json!({
                    "id": o.offer.id,
                    "before": before.get(&o.offer.id),
                    "after": o.offer,
                })
            })
            .collect();
        self.audit(
            &tx,
            "offers_import",
            &format!("{} offers", offers.len()),
            serde_json::json!(detail),
        )?;
        for o in &offers {
            let json = serde_json::to_string(&o.offer).map_err(|e| Error::Storage {
                detail: e.to_string(),
            })?;
            store::offers::upsert(&tx, &o.offer.id, &json, &now)?;
            store::outbox::push(&tx, &Record::Offer(Box::new(o.offer.clone())), &now)?;
        }
        tx.commit()?;
        self.reload_offers()?;
        let ids: Vec<&str> = offers.iter().map(|o| o.offer.id.as_str()).collect();
        Ok(self
            .list_offers()?
            .into_iter()
            .filter(|v| ids.contains(&v.id.as_str()))
            .collect())
    }

    /// Every offer's name by id, in both languages (for the window, which reads in its
    /// own language).
    pub fn offer_names(&self) -> &OfferNames {
        &self.rules.names
    }

    pub fn list_offers(&self) -> Result<Vec<OfferView>> {
        let lang = self.lang();
        Ok(store::offers::all(&self.conn)?
            .into_iter()
            .filter_map(|row| {
                let o: Offer = serde_json::from_str(&row.definition).ok()?;
                Some(OfferView {
                    definition: Some(o.clone()),
                    name: o
                        .name
                        .as_ref()
                        .map(|n| n.get(lang).to_string())
                        .unwrap_or_else(|| o.id.clone()),
                    enabled: row.enabled,
                    priority: o.priority,
                    valid_from: o.valid_from.clone(),
                    valid_to: o.valid_to.clone(),
                    uses: row.uses,
                    total_uses: o.limit.total_uses,
                    budget: o.limit.budget,
                    budget_left: o.limit.budget.map(|b| (b - row.budget_used).max(0)),
                    updated_at: row.updated_at,
                    id: row.id,
                })
            })
            .collect())
    }

    pub fn set_offer_enabled(&mut self, id: &str, enabled: bool) -> Result<OfferView> {
        self.require(Action::ManageOffers)?;
        let now = self.now_utc().to_rfc3339();
        let tx = self.write_tx()?;
        if !store::offers::set_enabled(&tx, id, enabled, &now)? {
            return Err(Error::Invalid {
                field: vafa_core::error::Field::Offer,
                value: id.into(),
                why: Why::UnknownChoice,
            });
        }
        let record = Record::OfferStatus(OfferStatusRecord {
            id: id.to_string(),
            enabled,
            at: now.clone(),
        });
        store::outbox::push(&tx, &record, &now)?;
        self.audit(
            &tx,
            if enabled {
                "offer_enable"
            } else {
                "offer_disable"
            },
            id,
            serde_json::json!({}),
        )?;
        tx.commit()?;
        self.reload_offers()?;
        self.list_offers()?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| Error::Storage {
                detail: format!("offer {id} vanished"),
            })
    }

    /// Replaces the shop's occasions calendar (lunar holidays, the shop's own days).
    pub fn import_occasions(&mut self, text: &str) -> Result<OccasionFile> {
        self.require(Action::ManageOffers)?;
        let f = parse_occasions(text).map_err(|(line, reason)| Error::Config {
            line,
            key: "occasion".into(),
            reason,
        })?;
        let now = self.now_utc().to_rfc3339();
        let json = serde_json::to_string(&f).map_err(|e| Error::Storage {
            detail: e.to_string(),
        })?;
        let tx = self.write_tx()?;
        let before = store::settings::get(&tx, "occasions")?
            .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok());
        store::settings::put(&tx, "occasions", &json, &now)?;
        self.audit(
            &tx,
            "occasions_import",
            "occasions",
            serde_json::json!({"before": before, "after": f}),
        )?;
        store::outbox::push(&tx, &Record::Occasions(f.clone()), &now)?;
        tx.commit()?;
        self.reload_offers()?;
        Ok(f)
    }
}
