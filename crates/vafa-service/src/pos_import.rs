//! Invoices from the shop's own cash-register or accounting program (a connector that polls
//! it, `vafa pos holoo`; a folder its exports are dropped into, `vafa pos watch`), recorded
//! as sales for the member whose mobile or card is on them. Each invoice once: its sale id
//! is made from the source and the invoice's id, and the invoice's content is kept with it
//! (the same id with other content is refused, `SaleIdReused`). Where a source got to is
//! kept in the till's settings, so that a connector resumes after a restart.

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::pos::{RequestKey, sha256_hex};
use super::{Actor, CardInput, Customer, MemberKey, SaleRequest, SaleResult, Vafa};
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::ids::derived_id;
use vafa_core::money::Rials;
use vafa_core::phone::parse_mobile;
use vafa_core::sale::Item;
use vafa_core::staff::Role;
use vafa_store as store;

/// An invoice as a source gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Invoice {
    /// The program's own id for it (its invoice number).
    pub id: String,
    pub mobile: Option<String>,
    pub card: Option<String>,
    pub amount: Rials,
    /// The lines, when they add up to `amount` (else none).
    pub items: Vec<Item>,
    /// When it was made; now if `None`.
    pub at: Option<DateTime<FixedOffset>>,
}

/// What became of one invoice.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    /// Recorded now.
    Recorded(Box<SaleResult>),
    /// Recorded before (the same invoice again: nothing new).
    Again(Box<SaleResult>),
    /// Nobody's mobile or card on it: not a member's sale, nothing recorded.
    NoCustomer,
}

/// The settings key of a source's place.
fn cursor_key(source: &str) -> String {
    format!("pos_import_cursor:{source}")
}

impl Invoice {
    /// The member it names, if any (a malformed mobile is refused).
    fn customer(&self) -> Result<Option<Customer>> {
        fn text(s: &Option<String>) -> Option<&str> {
            s.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        match (text(&self.mobile), text(&self.card)) {
            (Some(m), _) => parse_mobile(m)
                .map(|m| Some(Customer::Member(MemberKey::Mobile(m))))
                .ok_or_else(|| Error::InvalidMobile { value: m.into() }),
            (None, Some(c)) => Ok(Some(Customer::Member(MemberKey::Card(CardInput {
                number: c.into(),
                profile: None,
            })))),
            (None, None) => Ok(None),
        }
    }

    /// What identifies its content: the same invoice sent again hashes the same.
    fn digest(&self) -> String {
        let items: Vec<_> = self
            .items
            .iter()
            .map(|i| json!([i.sku, i.qty.to_string(), i.unit_price]))
            .collect();
        let body = json!({
            "id": self.id, "mobile": self.mobile, "card": self.card, "amount": self.amount,
            "items": items, "at": self.at.map(|t| t.to_rfc3339()),
        });
        sha256_hex(body.to_string().as_bytes())
    }
}

impl Vafa {
    /// From now on this till acts as the connector for `source` (a cashier named
    /// `pos:SOURCE` in the audit trail, as a POS token does).
    pub fn act_as_connector(&mut self, source: &str) {
        self.act_as(Actor {
            name: format!("pos:{source}"),
            role: Role::Cashier,
            staff: true,
        });
    }

    /// Records `invoice` from `source` once (or, with `dry_run`, says whether it would be
    /// taken, recording nothing).
    pub fn import_invoice(
        &mut self,
        source: &str,
        invoice: &Invoice,
        dry_run: bool,
    ) -> Result<Imported> {
        if invoice.id.trim().is_empty() {
            return Err(Error::Invalid {
                field: Field::SaleId,
                value: String::new(),
                why: Why::Empty,
            });
        }
        let Some(customer) = invoice.customer()? else {
            return Ok(Imported::NoCustomer);
        };
        let id = derived_id(&format!("import:{source}"), invoice.id.trim());
        let before = store::sales::by_id(&self.conn, &id)?.is_some();
        let req = SaleRequest {
            items: invoice.items.clone(),
            at: invoice.at,
            dry_run,
            id: Some(id),
            request: Some(RequestKey {
                body_sha256: invoice.digest(),
                token: format!("import:{source}"),
            }),
            ..SaleRequest::new(customer, invoice.amount)
        };
        let result = Box::new(self.sell(&req)?);
        Ok(if before {
            Imported::Again(result)
        } else {
            Imported::Recorded(result)
        })
    }

    /// Where `source` got to (what it gave with its last batch), if anywhere.
    pub fn import_cursor(&self, source: &str) -> Result<Option<String>> {
        Ok(store::settings::get(&self.conn, &cursor_key(source))?)
    }

    /// Keeps where `source` got to.
    pub fn set_import_cursor(&self, source: &str, cursor: &str) -> Result<()> {
        let now = self.now_utc().to_rfc3339();
        let tx = self.write_tx()?;
        store::settings::put(&tx, &cursor_key(source), cursor, &now)?;
        tx.commit()?;
        Ok(())
    }
}
