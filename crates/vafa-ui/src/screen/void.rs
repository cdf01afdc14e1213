//! Void (refund) a sale: the last one in one key (F8), any one from a member's history or
//! by its receipt number (the sale id). What the void gives back and takes back is shown
//! before it is confirmed; a reason is required; a cashier below the role the staff
//! matrix requires for voids needs a supervisor's name and PIN, checked by the service.

use iced::widget::{column, container, text_input};
use iced::{Element, Task};

use crate::bidi::{b, pair, start, t};
use crate::theme;
use crate::widget::{banners, field_id, primary_button, secondary_button};
use vafa_core::lang::Lang;
use vafa_service::{SaleToVoid, Vafa, VoidResult};
use vafa_text::Say;
use vafa_text::format::{Unit, digits, money, num, show_time};
use vafa_text::i18n::{S, tr};

pub const RECEIPT_ID: &str = "void-receipt";
pub const REASON_ID: &str = "void-reason";
pub const SUPERVISOR_ID: &str = "void-supervisor";
pub const SUPERVISOR_PIN_ID: &str = "void-supervisor-pin";

#[derive(Debug, Default)]
pub struct State {
    pub receipt: String,
    pub found: Option<SaleToVoid>,
    /// Who the sale was for ("Guest" when nobody).
    pub customer: String,
    pub reason: String,
    pub supervisor: String,
    pub supervisor_pin: String,
    pub done: Option<VoidResult>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Receipt(String),
    Find,
    Reason(String),
    Supervisor(String),
    SupervisorPin(String),
    Confirm,
    Cancel,
}

/// What the app does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Back to the till (cancelled, or done and acknowledged).
    Close,
}

impl State {
    /// The void screen on this branch's last sale.
    pub fn last(v: &Vafa, lang: Lang) -> Self {
        let mut s = State::default();
        match v.last_sale_to_void() {
            Ok(Some(found)) => s.show(v, found, lang),
            Ok(None) => s.error = Some(tr(lang, S::NoSaleToVoid).to_string()),
            Err(e) => s.error = Some(e.say(lang)),
        }
        s
    }

    /// The void screen on the sale `id` (from a member's history).
    pub fn of(v: &Vafa, id: &str, lang: Lang) -> Self {
        let mut s = State {
            receipt: id.to_string(),
            ..State::default()
        };
        s.find(v, lang);
        s
    }

    fn find(&mut self, v: &Vafa, lang: Lang) {
        self.found = None;
        self.done = None;
        match v.sale_to_void(&self.receipt) {
            Ok(found) => self.show(v, found, lang),
            Err(e) => self.error = Some(e.say(lang)),
        }
    }

    fn show(&mut self, v: &Vafa, found: SaleToVoid, lang: Lang) {
        self.receipt = found.sale.id.to_string();
        self.customer = match &found.sale.member_id {
            Some(m) => v
                .member_view(m.as_str())
                .map(|m| format!("{} {}", m.first_name, m.last_name))
                .unwrap_or_default(),
            None => tr(lang, S::Guest).to_string(),
        };
        if found.voided {
            self.error = Some(tr(lang, S::AlreadyVoidedSale).to_string());
        }
        self.found = Some(found);
    }

    pub fn update(
        &mut self,
        msg: Message,
        v: &mut Vafa,
        lang: Lang,
    ) -> (Task<Message>, Option<Event>) {
        self.error = None;
        match msg {
            Message::Receipt(s) => self.receipt = s,
            Message::Find => self.find(v, lang),
            Message::Reason(s) => self.reason = s,
            Message::Supervisor(s) => self.supervisor = s,
            Message::SupervisorPin(s) => self.supervisor_pin = s,
            Message::Cancel => return (Task::none(), Some(Event::Close)),
            Message::Confirm if self.done.is_some() => return (Task::none(), Some(Event::Close)),
            Message::Confirm => return (self.confirm(v, lang), None),
        }
        (Task::none(), None)
    }

    fn confirm(&mut self, v: &mut Vafa, lang: Lang) -> Task<Message> {
        let Some(found) = self.found.as_ref().filter(|f| !f.voided) else {
            return Task::none();
        };
        if self.reason.trim().is_empty() {
            self.error = Some(tr(lang, S::VoidReasonNeeded).to_string());
            return iced::widget::operation::focus(REASON_ID);
        }
        let id = found.sale.id.to_string();
        let result = if v.may_void() {
            v.void_sale(&id, Some(self.reason.trim()))
        } else {
            // A supervisor approves at this till: the void is theirs, then the cashier
            // is the actor again.
            let cashier = v.actor().clone();
            match v.login(&self.supervisor, &self.supervisor_pin) {
                Ok(sup) => {
                    v.act_as(sup);
                    let r = v.void_sale(&id, Some(self.reason.trim()));
                    v.act_as(cashier);
                    r
                }
                Err(e) => Err(e),
            }
        };
        self.supervisor_pin.clear();
        match result {
            Ok(r) => {
                self.done = Some(r);
                if let Some(f) = self.found.as_mut() {
                    f.voided = true;
                }
            }
            Err(e) => self.error = Some(e.say(lang)),
        }
        Task::none()
    }

    pub fn view<'a>(&'a self, v: &Vafa, lang: Lang, unit: Unit) -> Element<'a, Message> {
        let mut col = column![start(lang, b(tr(lang, S::VoidSale)).size(theme::TITLE))].spacing(12);
        col = col.push(banners(lang, self.error.as_deref(), None));
        col = col.push(
            text_input(tr(lang, S::ReceiptNumber), &self.receipt)
                .style(crate::theme::input)
                .id(RECEIPT_ID)
                .align_x(crate::bidi::edge(lang))
                .on_input(Message::Receipt)
                .on_submit(Message::Find)
                .font(crate::font::REGULAR)
                .size(theme::TEXT)
                .padding(12),
        );
        let actions: Vec<Element<'a, Message>>;
        if let Some(r) = &self.done {
            col = col.push(done(lang, unit, r));
            actions = vec![primary_button(tr(lang, S::Done), Some(Message::Confirm))];
        } else if let Some(f) = self.found.as_ref().filter(|f| !f.voided) {
            col = col.push(gives_back(lang, unit, f, &self.customer));
            col = col.push(field_id(
                lang,
                REASON_ID,
                tr(lang, S::VoidReason),
                &self.reason,
                None,
                Message::Reason,
            ));
            if !v.may_void() {
                col = col.push(start(
                    lang,
                    t(tr(lang, S::SupervisorNeeded)).size(theme::SMALL),
                ));
                col = col.push(field_id(
                    lang,
                    SUPERVISOR_ID,
                    tr(lang, S::SupervisorName),
                    &self.supervisor,
                    None,
                    Message::Supervisor,
                ));
                col = col.push(
                    text_input(tr(lang, S::Pin), &self.supervisor_pin)
                        .style(crate::theme::input)
                        .id(SUPERVISOR_PIN_ID)
                        .secure(true)
                        .on_input(Message::SupervisorPin)
                        .on_submit(Message::Confirm)
                        .font(crate::font::REGULAR)
                        .size(theme::TEXT)
                        .padding(12),
                );
            }
            actions = vec![
                primary_button(tr(lang, S::ConfirmVoid), Some(Message::Confirm)),
                secondary_button(tr(lang, S::Cancel), Message::Cancel),
            ];
        } else {
            actions = vec![secondary_button(tr(lang, S::Cancel), Message::Cancel)];
        }
        crate::widget::with_action_bar(
            lang,
            start(lang, container(col).padding(theme::PAD).max_width(720)),
            actions,
        )
    }
}

/// The sale, and what voiding it gives back and takes back.
fn gives_back<'a>(
    lang: Lang,
    unit: Unit,
    f: &'a SaleToVoid,
    customer: &'a str,
) -> Element<'a, Message> {
    let s = &f.sale;
    let mut col = column![
        start(lang, b(customer).size(theme::TEXT)),
        start(lang, pair(lang, tr(lang, S::When), show_time(&s.at, lang))),
        start(
            lang,
            pair(lang, tr(lang, S::Gross), money(s.gross, unit, lang))
        ),
        start(
            lang,
            pair(lang, tr(lang, S::Paid), money(s.paid, unit, lang))
        ),
        start(
            lang,
            pair(lang, tr(lang, S::CashToReturn), money(s.paid, unit, lang))
        ),
    ]
    .spacing(6);
    if s.credit_redeemed > 0 {
        col = col.push(start(
            lang,
            pair(
                lang,
                tr(lang, S::CreditGivenBack),
                money(s.credit_redeemed, unit, lang),
            ),
        ));
    }
    if s.credit_earned > 0 {
        col = col.push(start(
            lang,
            pair(
                lang,
                tr(lang, S::CashbackTakenBack),
                money(s.credit_earned, unit, lang),
            ),
        ));
    }
    if s.points_earned > 0 {
        col = col.push(start(
            lang,
            pair(
                lang,
                tr(lang, S::PointsTakenBack),
                num(s.points_earned, lang),
            ),
        ));
    }
    container(col)
        .padding(theme::PAD)
        .style(theme::panel)
        .into()
}

fn done<'a>(lang: Lang, unit: Unit, r: &'a VoidResult) -> Element<'a, Message> {
    let mut col = column![start(
        lang,
        b(format!(
            "{} ({})",
            tr(lang, S::SaleVoided),
            digits(&r.sale_id, lang)
        ))
        .size(theme::TITLE)
    )]
    .spacing(6);
    if r.credit_reversed != 0 {
        col = col.push(start(
            lang,
            pair(
                lang,
                tr(lang, S::CreditChange),
                money(r.credit_reversed, unit, lang),
            ),
        ));
    }
    if let Some(bal) = &r.balance {
        col = col.push(start(
            lang,
            pair(lang, tr(lang, S::CreditNow), money(bal.credit, unit, lang)),
        ));
    }
    container(col)
        .padding(theme::PAD)
        .style(theme::panel)
        .into()
}
