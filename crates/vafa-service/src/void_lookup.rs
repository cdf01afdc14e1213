//! Finding the sale to void, for a front that shows what a void gives back before it is
//! confirmed: by its receipt number (the sale id), or this branch's latest sale.

use vafa_core::error::{Error, Result};
use vafa_core::staff::Action;
use vafa_store as store;
use vafa_store::sales::SaleRow;

use super::Vafa;

/// A sale as a void sees it.
#[derive(Debug, Clone)]
pub struct SaleToVoid {
    pub sale: SaleRow,
    pub voided: bool,
}

impl Vafa {
    /// The sale `id` (a receipt number; Persian digits and spaces accepted).
    pub fn sale_to_void(&self, id: &str) -> Result<SaleToVoid> {
        let typed = vafa_core::digits::normalize_digits(id.trim());
        let unknown = || Error::UnknownSale { id: typed.clone() };
        let id = vafa_core::ids::parse_id(&typed).ok_or_else(unknown)?;
        let sale = store::sales::by_id(&self.conn, &id)?.ok_or_else(unknown)?;
        let voided = store::sales::is_voided(&self.conn, &sale.id)?;
        Ok(SaleToVoid { sale, voided })
    }

    /// This branch's latest sale not yet voided, if there is one.
    pub fn last_sale_to_void(&self) -> Result<Option<SaleToVoid>> {
        Ok(
            store::sales::last_not_voided(&self.conn, self.shop.branch_code.as_str())?.map(
                |sale| SaleToVoid {
                    sale,
                    voided: false,
                },
            ),
        )
    }

    /// Whether the person signed in may void a sale themselves (else a supervisor's PIN).
    pub fn may_void(&self) -> bool {
        self.may(Action::Void)
    }
}
