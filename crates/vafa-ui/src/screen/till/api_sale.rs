//! A sale the shop's cash-register program recorded through the POS API while the window
//! is open: the till shows it as its own result panel (and the customer display with it).

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

    /// Shows `result`, recorded by the POS program, as the till's last sale.
    pub fn api_sale(&mut self, v: &Vafa, result: SaleResult, lang: Lang) {
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
        self.notice = Some(tr(lang, S::SaleFromPos).to_string());
    }
}
