//! The till: idle prompt → member (or guest) → amount, credit → confirm → result → idle.
//! Every decision (who the card belongs to, offers, rewards) is the service's. The member
//! card, the offers preview and the result panel are in their own modules.

mod api_sale;
pub mod basket;
pub mod close;
mod join;
mod member_card;
mod preview;
pub mod print;
mod result;
mod switch;
pub mod totals;
mod typing;
mod view;

pub use member_card::{birthday_near, local_mobile, member_card};

use std::time::{Duration, Instant};
use vafa_text::Say;

use iced::widget::operation;
use iced::{Element, Task};

use crate::widget::secondary_button;
use vafa_core::error::Error;
use vafa_core::lang::Lang;
use vafa_core::money::Rials;
use vafa_core::phone::parse_mobile;
use vafa_core::sale::Redeem;
use vafa_devices::CardRead;
use vafa_service::{Customer, MemberKey, MemberView, SaleRequest, SaleResult, Vafa};
use vafa_text::format::{Unit, money};
use vafa_text::i18n::{S, tr};

pub const LOOKUP_ID: &str = "till-lookup";
pub const AMOUNT_ID: &str = "till-amount";
pub const REDEEM_ID: &str = "till-redeem";
/// The result panel goes back to idle by itself after this long.
pub const RESULT_FOR: Duration = Duration::from_secs(8);

#[derive(Debug, Clone)]
pub enum Stage {
    Idle,
    Member(Box<MemberView>),
    Guest,
    Done {
        result: Box<SaleResult>,
        member: Option<Box<MemberView>>,
        at: Instant,
    },
    UnknownCard(String),
    Blocked {
        card: String,
        reason: String,
        /// Whose card it is (id, name), so the cashier can open them and replace it.
        owner: Option<(String, String)>,
    },
    /// The end-of-day panel (`close.rs`).
    Close(Box<close::Panel>),
}

#[derive(Debug)]
pub struct State {
    pub stage: Stage,
    pub lookup: String,
    pub amount: String,
    pub redeem: bool,
    pub redeem_amount: String,
    /// A dry run of the sale as typed: the offers that will apply.
    pub preview: Option<SaleResult>,
    pub show_others: bool,
    pub error: Option<String>,
    /// The category buttons and the basket's lines (`basket.rs`).
    pub basket: basket::Basket,
    /// The last sale recorded here, for "reprint" (F7).
    pub last_sale: Option<String>,
    /// Another card read while an amount was half typed: asked before switching.
    pub switch: Option<CardRead>,
    /// The last print job: sent off, printed, or why not (it outlives the sale's screen).
    pub print_note: Option<print::Note>,
    /// A guest sale on screen that reached `[membership] min_purchase` (`join.rs`).
    pub join: Option<String>,
    /// A line of good news (the sale counted for the new member).
    pub notice: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            stage: Stage::Idle,
            lookup: String::new(),
            amount: String::new(),
            redeem: false,
            redeem_amount: String::new(),
            preview: None,
            show_others: false,
            error: None,
            basket: basket::Basket::default(),
            last_sale: None,
            switch: None,
            print_note: None,
            join: None,
            notice: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    LookupChanged(String),
    Lookup,
    Guest,
    AmountChanged(String),
    RedeemToggled(bool),
    RedeemChanged(String),
    Confirm,
    Cancel,
    ToggleOthers,
    Pad(&'static str),
    PadBack,
    PadClear,
    EnrolCard,
    Basket(basket::Message),
    /// Print the result's receipt, or on idle reprint the last one (F7).
    Print,
    /// Open the end-of-day panel (F6).
    EndOfDay,
    Close(close::Message),
    /// The other card's customer replaces this one (what was typed goes).
    SwitchCard,
    /// The other card is ignored; the sale goes on.
    KeepCustomer,
    /// Void the last sale (F8).
    VoidLast,
    /// A print job's outcome (sent off the window's thread), as the cashier reads it.
    Printed(Result<(), String>),
    /// Enrol the guest of the sale on screen; the sale then counts for them (`join.rs`).
    EnrolForSale,
    /// A blocked card's owner: open their profile (to replace the card).
    OpenOwner,
}

/// What the till asks of the app.
#[derive(Debug, Clone)]
pub enum Event {
    /// Open the void screen on the last sale.
    VoidLast,
    /// Open this member's profile (a blocked card's owner: to replace it).
    OpenMember(String),
    /// Open enrolment with this card number filled in.
    Enrol {
        card: Option<String>,
        mobile: Option<String>,
    },
    /// Open enrolment for the guest of this sale (it then counts for the new member).
    EnrolForSale(String),
}

/// Money as typed in the shop's unit → rials (`None`: not a number). Separators and
/// Persian digits are accepted.
pub fn typed_rials(text: &str, unit: Unit) -> Option<Rials> {
    let v = vafa_core::money::parse_rials(text).ok()?;
    match unit {
        Unit::Rial => Some(v),
        Unit::Toman => v.checked_mul(10),
    }
}

impl State {
    fn reset(&mut self) {
        let categories = std::mem::take(&mut self.basket.categories);
        let last = self.last_sale.take();
        let note = self.print_note.take();
        *self = State::default();
        self.basket.categories = categories;
        self.last_sale = last;
        self.print_note = note;
    }

    fn show_member(&mut self, m: MemberView) -> Task<Message> {
        self.reset();
        self.stage = Stage::Member(Box::new(m));
        operation::focus(AMOUNT_ID)
    }

    /// A card from a reader or a keyboard-wedge burst. With an amount half typed for a
    /// customer, another customer's card asks first; the same customer's card again is
    /// nothing new. With a customer on screen, a code that is no card but one of the
    /// shop's SKUs (a barcode scanner reads like a card reader) is an item for the basket.
    /// The card is looked up once.
    pub fn card(&mut self, v: &mut Vafa, read: &CardRead, lang: Lang) -> Task<Message> {
        self.basket.catalogue(v.config());
        let found = v.member_of_read(read);
        let customer = matches!(self.stage, Stage::Member(_) | Stage::Guest);
        if customer && matches!(found, Err(Error::UnknownCard { .. })) {
            let typed = typed_rials(&self.amount, Unit::of(&v.shop.unit));
            match self.basket.scan(&read.card, typed) {
                basket::Scan::NotASku => {}
                basket::Scan::NeedsPrice => {
                    self.error = Some(
                        vafa_text::receipt::word(lang, vafa_text::receipt::Word::SkuNeedsPrice)
                            .to_string(),
                    );
                    return operation::focus(AMOUNT_ID);
                }
                scan => {
                    if scan == basket::Scan::AddedAtTyped {
                        self.amount.clear();
                    }
                    self.error = None;
                    self.refresh_preview(v, lang);
                    return operation::focus(AMOUNT_ID);
                }
            }
        }
        if self.is_typing() {
            let same = match (&self.stage, &found) {
                (Stage::Member(m), Ok((id, _))) => &m.id == id,
                _ => false,
            };
            if !same {
                self.switch = Some(read.clone());
            }
            return operation::focus(AMOUNT_ID);
        }
        match found.and_then(|(id, _)| v.member_view(&id)) {
            Ok(m) => self.show_member(m),
            Err(e) => self.refused(v, lang, e, &read.card),
        }
    }

    /// An amount (or credit to use) is typed for the customer on screen.
    pub fn is_typing(&self) -> bool {
        matches!(self.stage, Stage::Member(_) | Stage::Guest)
            && !(self.amount.trim().is_empty()
                && self.redeem_amount.trim().is_empty()
                && self.basket.lines.is_empty())
    }

    fn switch_to(&mut self, v: &Vafa, read: &CardRead, lang: Lang) -> Task<Message> {
        match v
            .member_of_read(read)
            .and_then(|(id, _)| v.member_view(&id))
        {
            Ok(m) => self.show_member(m),
            Err(e) => self.refused(v, lang, e, &read.card),
        }
    }

    fn refused(&mut self, v: &Vafa, lang: Lang, e: Error, card: &str) -> Task<Message> {
        self.reset();
        match e {
            Error::UnknownCard { .. } => self.stage = Stage::UnknownCard(card.to_string()),
            Error::BlockedCard { card, reason } => {
                let owner = vafa_store::cards::by_number(v.conn(), &card)
                    .ok()
                    .flatten()
                    .and_then(|row| v.member_view(row.member_id.as_str()).ok())
                    .map(|m| (m.id, format!("{} {}", m.first_name, m.last_name)));
                self.stage = Stage::Blocked {
                    card,
                    reason,
                    owner,
                };
            }
            other => {
                self.error = Some(other.say(lang));
                return operation::focus(LOOKUP_ID);
            }
        }
        Task::none()
    }

    /// Once a second: the result panel goes back to idle by itself.
    pub fn tick(&mut self, now: Instant) -> Task<Message> {
        if let Stage::Done { at, .. } = &self.stage
            && now.duration_since(*at) >= RESULT_FOR
        {
            self.reset();
            return operation::focus(LOOKUP_ID);
        }
        Task::none()
    }

    /// The field the keys belong in now (after F12, a banner, a click elsewhere).
    pub fn focus(&self) -> Task<Message> {
        match self.stage {
            Stage::Idle => operation::focus(LOOKUP_ID),
            Stage::Member(_) | Stage::Guest => operation::focus(AMOUNT_ID),
            _ => Task::none(),
        }
    }

    pub fn is_idle(&self) -> bool {
        matches!(self.stage, Stage::Idle)
    }

    fn request(&self, v: &Vafa, dry_run: bool, lang: Lang) -> Option<Result<SaleRequest, String>> {
        let customer = match &self.stage {
            Stage::Member(m) => Customer::id(m.id.clone()),
            Stage::Guest => Customer::Guest,
            _ => return None,
        };
        let unit = Unit::of(&v.shop.unit);
        let Some((amount, items)) = self.basket.sale(typed_rials(&self.amount, unit)) else {
            return Some(Err(tr(lang, S::Amount).to_string()));
        };
        let mut req = SaleRequest::new(customer, amount);
        req.items = items;
        req.dry_run = dry_run;
        if self.redeem && matches!(self.stage, Stage::Member(_)) {
            req.redeem = if self.redeem_amount.trim().is_empty() {
                Redeem::All
            } else {
                match typed_rials(&self.redeem_amount, unit) {
                    Some(r) => Redeem::Amount(r),
                    None => return Some(Err(tr(lang, S::CreditToUse).to_string())),
                }
            };
        }
        Some(Ok(req))
    }

    pub(crate) fn refresh_preview(&mut self, v: &mut Vafa, lang: Lang) {
        self.preview = match self.request(v, true, lang) {
            Some(Ok(req)) => v.sell(&req).ok(),
            _ => None,
        };
    }

    pub fn update(
        &mut self,
        msg: Message,
        v: &mut Vafa,
        lang: Lang,
    ) -> (Task<Message>, Option<Event>) {
        self.basket.catalogue(v.config());
        match msg {
            Message::Basket(m) => {
                let typed = typed_rials(&self.amount, Unit::of(&v.shop.unit));
                if self.basket.update(m, typed) {
                    self.amount.clear();
                }
                self.refresh_preview(v, lang);
            }
            Message::Print => return (self.print(v, lang), None),
            Message::Printed(r) => {
                self.print_note = Some(match r {
                    Ok(()) => print::Note::Printed,
                    Err(e) => print::Note::Failed(e),
                });
            }
            Message::EndOfDay => self.end_of_day(v, lang, None),
            Message::Close(close::Message::Print) => return (self.print_close(v, lang), None),
            Message::Close(m) => self.end_of_day(v, lang, Some(m)),
            Message::LookupChanged(s) => {
                self.lookup = s;
                self.error = None;
            }
            Message::Lookup => return (self.lookup(v, lang), None),
            Message::Guest => {
                self.reset();
                self.stage = Stage::Guest;
                return (operation::focus(AMOUNT_ID), None);
            }
            Message::AmountChanged(s) => {
                match typing::typed_amount(&s, Unit::of(&v.shop.unit), lang) {
                    Ok(s) => {
                        self.amount = s;
                        self.error = None;
                    }
                    Err(why) => self.error = Some(tr(lang, why).to_string()),
                }
                self.refresh_preview(v, lang);
            }
            Message::RedeemToggled(on) => {
                self.redeem = on;
                self.refresh_preview(v, lang);
                // The keys go on where they are needed: the credit to use, or the amount.
                return (
                    operation::focus(if on { REDEEM_ID } else { AMOUNT_ID }),
                    None,
                );
            }
            Message::RedeemChanged(s) => {
                match typing::typed_amount(&s, Unit::of(&v.shop.unit), lang) {
                    Ok(s) => self.redeem_amount = s,
                    Err(why) => self.error = Some(tr(lang, why).to_string()),
                }
                self.refresh_preview(v, lang);
            }
            Message::ToggleOthers => self.show_others = !self.show_others,
            Message::Pad(c) => {
                match self.stage {
                    Stage::Idle => self.lookup.push_str(c),
                    Stage::Member(_) | Stage::Guest => {
                        let next = format!("{}{c}", self.amount);
                        match typing::typed_amount(&next, Unit::of(&v.shop.unit), lang) {
                            Ok(s) => {
                                self.amount = s;
                                self.error = None;
                            }
                            Err(why) => self.error = Some(tr(lang, why).to_string()),
                        }
                        self.refresh_preview(v, lang);
                        return (Task::none(), None);
                    }
                    _ => {}
                }
                self.error = None;
            }
            Message::PadBack => match self.stage {
                Stage::Idle => {
                    self.lookup.pop();
                }
                _ => {
                    self.amount.pop();
                    self.refresh_preview(v, lang);
                }
            },
            Message::PadClear => {
                if self.is_idle() {
                    self.lookup.clear();
                } else {
                    self.amount.clear();
                    self.preview = None;
                }
            }
            // Nothing is sold while the question about another card is open.
            Message::Confirm if self.switch.is_some() => {}
            Message::Confirm => return (self.confirm(v, lang), None),
            Message::SwitchCard => {
                if let Some(read) = self.switch.take() {
                    return (self.switch_to(v, &read, lang), None);
                }
            }
            Message::VoidLast => return (Task::none(), Some(Event::VoidLast)),
            Message::KeepCustomer => {
                self.switch = None;
                return (operation::focus(AMOUNT_ID), None);
            }
            Message::Cancel if self.switch.is_some() => {
                self.switch = None;
                return (operation::focus(AMOUNT_ID), None);
            }
            Message::Cancel => {
                self.reset();
                return (operation::focus(LOOKUP_ID), None);
            }
            Message::EnrolForSale => {
                if let Some(sale) = self.join.take() {
                    self.reset();
                    return (Task::none(), Some(Event::EnrolForSale(sale)));
                }
            }
            Message::OpenOwner => {
                if let Stage::Blocked {
                    owner: Some((id, _)),
                    ..
                } = &self.stage
                {
                    let id = id.clone();
                    self.reset();
                    return (Task::none(), Some(Event::OpenMember(id)));
                }
            }
            Message::EnrolCard => {
                let card = match &self.stage {
                    Stage::UnknownCard(c) => Some(c.clone()),
                    _ => None,
                };
                let mobile = match &self.error {
                    Some(_) if parse_mobile(&self.lookup).is_some() => Some(self.lookup.clone()),
                    _ => None,
                };
                self.reset();
                return (Task::none(), Some(Event::Enrol { card, mobile }));
            }
        }
        (Task::none(), None)
    }

    /// Enter: look up on idle, sell with a member or guest, back to idle after a result.
    pub fn confirm(&mut self, v: &mut Vafa, lang: Lang) -> Task<Message> {
        match &self.stage {
            Stage::Idle => self.lookup(v, lang),
            Stage::Member(_) | Stage::Guest => self.sell(v, lang),
            Stage::Done { .. } | Stage::Blocked { .. } => {
                self.reset();
                operation::focus(LOOKUP_ID)
            }
            Stage::UnknownCard(_) | Stage::Close(_) => Task::none(),
        }
    }

    fn lookup(&mut self, v: &mut Vafa, lang: Lang) -> Task<Message> {
        let text = self.lookup.trim().to_string();
        if text.is_empty() {
            return Task::none();
        }
        if let Some(m) = parse_mobile(&text) {
            return match v.find_member(&MemberKey::Mobile(m)) {
                Ok(member) => self.show_member(member),
                Err(Error::UnknownMember { .. }) => {
                    self.error = Some(tr(lang, S::NoSuchMember).to_string());
                    Task::none()
                }
                Err(e) => {
                    self.error = Some(e.say(lang));
                    Task::none()
                }
            };
        }
        match vafa_devices::typed_card(&text, None) {
            Ok(read) => self.card(v, &read, lang),
            Err(e) => {
                self.error = Some(Error::from(e).say(lang));
                Task::none()
            }
        }
    }

    fn sell(&mut self, v: &mut Vafa, lang: Lang) -> Task<Message> {
        let req = match self.request(v, false, lang) {
            Some(Ok(r)) => r,
            Some(Err(field)) => {
                self.error = Some(format!("{field}: {}", tr(lang, S::Required)));
                return operation::focus(AMOUNT_ID);
            }
            None => return Task::none(),
        };
        match v.sell(&req) {
            Ok(result) => {
                let printed = result.sale_id.clone().filter(|_| v.config().printer.auto);
                self.done(v, result);
                let task = match printed {
                    Some(id) => self.start_print(print::receipt_job(v, &id, false, lang), lang),
                    None => Task::none(),
                };
                self.join_offer(v);
                task
            }
            Err(e) => {
                self.error = Some(e.say(lang));
                Task::none()
            }
        }
    }
}

/// "Void last sale F8", on the idle screen and the result panel.
pub(super) fn void_last_button<'a>(lang: Lang) -> Element<'a, Message> {
    secondary_button(tr(lang, S::VoidLastKey), Message::VoidLast)
}

/// The "pay with credit" toggle's text: a box, ticked when on, and the credit there is.
pub fn redeem_label(lang: Lang, unit: Unit, on: bool, credit: i64) -> String {
    format!(
        "{} {} ({}){}",
        if on { "☑" } else { "☐" },
        tr(lang, S::PayWithCredit),
        money(credit, unit, lang),
        // Tab from the amount turns it on and goes to the credit amount.
        if on { "" } else { " · Tab" }
    )
}

impl State {
    /// F7: print the result's receipt, or on idle reprint the last sale's. The bytes are
    /// made here; the task sends them (the window does not wait for the printer).
    pub fn print(&mut self, v: &Vafa, lang: Lang) -> Task<Message> {
        let (id, reprint) = match &self.stage {
            Stage::Done { result, .. } => (result.sale_id.clone(), false),
            Stage::Idle => (self.last_sale.clone(), true),
            _ => (None, false),
        };
        match id {
            Some(id) => self.start_print(print::receipt_job(v, &id, reprint, lang), lang),
            None => Task::none(),
        }
    }

    /// The close panel's "print".
    fn print_close(&mut self, v: &Vafa, lang: Lang) -> Task<Message> {
        match &self.stage {
            Stage::Close(p) => self.start_print(p.print_job(v, lang), lang),
            _ => Task::none(),
        }
    }

    fn start_print(
        &mut self,
        job: Result<vafa_service::receipts::PrintJob, String>,
        lang: Lang,
    ) -> Task<Message> {
        let (note, task) = print::start_job(job, lang, Message::Printed);
        self.print_note = Some(note);
        task
    }
}

impl State {
    /// F6 and the end-of-day panel's buttons.
    fn end_of_day(&mut self, v: &mut Vafa, lang: Lang, msg: Option<close::Message>) {
        self.error = None;
        let next = match (&self.stage, msg) {
            (_, None) => close::Panel::load(v, false, lang).map(Some),
            (Stage::Close(p), Some(m)) => {
                if matches!(m, close::Message::Back) {
                    self.reset();
                    return;
                }
                p.update(&m, v, lang)
            }
            _ => Ok(None),
        };
        match next {
            Ok(Some(p)) => self.stage = Stage::Close(Box::new(p)),
            Ok(None) => {}
            Err(e) => self.error = Some(e),
        }
    }
}
