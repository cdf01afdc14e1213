//! A recorded sale on the till's result panel: the cashier's own (`sell`), or one the shop's
//! cash-register program recorded through the POS API while the window is open (and the
//! customer display with it).

use std::time::Instant;

use vafa_core::lang::Lang;
use vafa_service::{SaleResult, Vafa};
use vafa_text::i18n::{S, tr};

use super::{Stage, State};

impl State {
    /// Nobody on the till: idle, or a result panel that may give way.
    pub fn is_idle_or_done(&self) -> bool {
        matches!(self.stage, Stage::Idle | Stage::Done { .. })
    }

    /// Shows `result` as the till's last sale: the result panel, with its member.
    pub(super) fn done(&mut self, v: &Vafa, result: SaleResult) {
        let member = result
            .member_id
            .as_ref()
            .and_then(|id| v.member_view(id).ok())
            .map(Box::new);
        self.reset();
        self.last_sale = result.sale_id.clone();
        self.stage = Stage::Done {
            result: Box::new(result),
            member,
            at: Instant::now(),
        };
    }

    /// Shows `result`, recorded by the POS program, as the till's last sale.
    pub fn api_sale(&mut self, v: &Vafa, result: SaleResult, lang: Lang) {
        self.done(v, result);
        self.notice = Some(tr(lang, S::SaleFromPos).to_string());
    }
}
