//! Offers: the list with status, uses and budget left; import a file; enable/disable;
//! "try on a member": a dry-run sale showing the same explanation as a real one.

use iced::widget::{button, column, container, scrollable, text_input};
use iced::{Element, Fill, Length, Task};
use vafa_text::Say;

use super::offer_form::{self, Form, Outcome};
use crate::bidi::{b, para, row_dir, start, t};
use crate::font;
use crate::screen::till::typed_rials;
use crate::theme;
use crate::widget::{banners, offer_line, primary_button};
use vafa_core::lang::Lang;
use vafa_core::phone::parse_mobile;
use vafa_service::{CardInput, Customer, MemberKey, OfferView, SaleRequest, SaleResult, Vafa};
use vafa_text::format::{Unit, money, num};
use vafa_text::i18n::{S, tr};
use vafa_text::names::OfferNames;

pub const PATH_ID: &str = "offers-path";
pub const WHO_ID: &str = "offers-who";
pub const AMOUNT_ID: &str = "offers-amount";

#[derive(Debug, Default)]
pub struct State {
    pub list: Vec<OfferView>,
    pub path: String,
    pub who: String,
    pub amount: String,
    pub tried: Option<SaleResult>,
    pub notice: Option<String>,
    pub error: Option<String>,
    /// A new offer being made (`offer_form.rs`).
    pub form: Option<Box<Form>>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Path(String),
    Import,
    Toggle(String, bool),
    Who(String),
    Amount(String),
    Try,
    /// Open the form for a new offer.
    New,
    Form(offer_form::Message),
}

/// The member a "try on a member" is for: a mobile, else a card number as typed.
pub fn customer_of(who: &str) -> Customer {
    let who = who.trim();
    Customer::Member(match parse_mobile(who) {
        Some(m) => MemberKey::Mobile(m),
        None => MemberKey::Card(CardInput::typed(who)),
    })
}

impl State {
    pub fn load(&mut self, v: &Vafa, lang: Lang) {
        match v.list_offers() {
            Ok(l) => self.list = l,
            Err(e) => self.error = Some(e.say(lang)),
        }
    }

    pub fn update(&mut self, msg: Message, v: &mut Vafa, lang: Lang) -> Task<Message> {
        self.notice = None;
        self.error = None;
        match msg {
            Message::Path(p) => self.path = p,
            Message::Who(p) => self.who = p,
            Message::Amount(p) => self.amount = p,
            Message::Import => {
                let path = self.path.trim();
                match std::fs::read_to_string(path) {
                    Ok(text) => match v.import_offers(&text) {
                        Ok(list) => {
                            self.notice = Some(format!(
                                "{} {}",
                                num(list.len() as i64, lang),
                                tr(lang, S::Imported)
                            ))
                        }
                        Err(e) => self.error = Some(e.say(lang)),
                    },
                    Err(e) => {
                        self.error = Some(
                            vafa_core::error::Error::Io {
                                path: path.to_string(),
                                detail: e.to_string(),
                            }
                            .say(lang),
                        )
                    }
                }
                self.load(v, lang);
            }
            Message::Toggle(id, on) => {
                if let Err(e) = v.set_offer_enabled(&id, on) {
                    self.error = Some(e.say(lang));
                }
                self.load(v, lang);
            }
            Message::New => self.form = Some(Box::new(Form::for_shop(v.config()))),
            Message::Form(m) => {
                let Some(form) = self.form.as_mut() else {
                    return Task::none();
                };
                match form.update(m, v, lang) {
                    Outcome::Stay => {}
                    Outcome::Saved(notice) => {
                        self.form = None;
                        self.notice = Some(notice);
                        self.load(v, lang);
                    }
                    Outcome::Cancelled => self.form = None,
                }
            }
            Message::Try => {
                let customer = customer_of(&self.who);
                let Some(amount) = typed_rials(&self.amount, Unit::of(&v.shop.unit)) else {
                    self.error = Some(format!(
                        "{}: {}",
                        tr(lang, S::Amount),
                        tr(lang, S::Required)
                    ));
                    return Task::none();
                };
                let mut req = SaleRequest::new(customer, amount);
                req.dry_run = true;
                match v.sell(&req) {
                    Ok(r) => self.tried = Some(r),
                    Err(e) => {
                        self.tried = None;
                        self.error = Some(e.say(lang));
                    }
                }
            }
        }
        Task::none()
    }

    pub fn view<'a>(&'a self, lang: Lang, unit: Unit, names: &OfferNames) -> Element<'a, Message> {
        if let Some(form) = &self.form {
            return scrollable(form.view(lang, unit, names).map(Message::Form))
                .width(Fill)
                .height(Fill)
                .into();
        }
        let mut col = column![start(lang, b(tr(lang, S::Offers)).size(theme::TITLE))].spacing(10);
        col = col.push(banners(lang, self.error.as_deref(), self.notice.as_deref()));
        col = col.push(start(
            lang,
            primary_button(
                vafa_text::offer_form::word(lang, vafa_text::offer_form::Word::NewOffer),
                Some(Message::New),
            ),
        ));
        for o in &self.list {
            let status = tr(lang, if o.enabled { S::Enabled } else { S::Disabled });
            let budget = o
                .budget_left
                .map(|b| money(b, unit, lang))
                .unwrap_or_else(|| tr(lang, S::Unlimited).to_string());
            let rules = o
                .definition
                .as_ref()
                .map(|d| vafa_text::offer_form::rules(d, unit, lang).join(" · "))
                .unwrap_or_default();
            let line = format!(
                "{} — {rules} — {status} — {}: {} — {}: {budget}",
                names.get(&o.id, lang),
                tr(lang, S::Uses),
                num(o.uses, lang),
                tr(lang, S::BudgetLeft),
            );
            let toggle = button(
                t(tr(lang, if o.enabled { S::Disable } else { S::Enable })).size(theme::SMALL),
            )
            .padding(10)
            .style(if o.enabled {
                button::secondary
            } else {
                button::success
            })
            .on_press(Message::Toggle(o.id.clone(), !o.enabled));
            col = col.push(
                container(
                    row_dir(
                        lang,
                        vec![
                            t(para(lang, line))
                                .size(theme::SMALL)
                                .width(Length::Fill)
                                .into(),
                            toggle.into(),
                        ],
                    )
                    .spacing(8)
                    .align_y(iced::Center),
                )
                .padding(8)
                .style(theme::panel),
            );
        }
        col = col.push(start(lang, b(tr(lang, S::ImportFile)).size(theme::TEXT)));
        col = col.push(
            row_dir(
                lang,
                vec![
                    text_input(tr(lang, S::FilePath), &self.path)
                        .id(PATH_ID)
                        .align_x(crate::bidi::edge(lang))
                        .on_input(Message::Path)
                        .on_submit(Message::Import)
                        .font(font::REGULAR)
                        .size(theme::TEXT)
                        .padding(10)
                        .into(),
                    primary_button(tr(lang, S::Import), Some(Message::Import)),
                ],
            )
            .spacing(8),
        );
        col = col.push(start(lang, b(tr(lang, S::TryOnMember)).size(theme::TEXT)));
        col = col.push(try_row(
            lang,
            (&self.who, &self.amount),
            (WHO_ID, AMOUNT_ID),
            (Message::Who, Message::Amount, Message::Try),
        ));
        if let Some(r) = &self.tried {
            col = col.push(explanation(lang, unit, r, names));
        }
        scrollable(container(col).padding(theme::PAD))
            .width(Fill)
            .height(Fill)
            .into()
    }
}

/// A field's message for its text.
type Typed<M> = fn(String) -> M;

/// "Try on a member": the card or mobile, the amount, and the button (`ids`: the two
/// fields').
pub fn try_row<'a, M: Clone + 'a>(
    lang: Lang,
    (who, amount): (&str, &str),
    ids: (&'static str, &'static str),
    (on_who, on_amount, on_try): (Typed<M>, Typed<M>, M),
) -> Element<'a, M> {
    row_dir(
        lang,
        vec![
            text_input(tr(lang, S::TryCardOrMobile), who)
                .id(ids.0)
                .align_x(crate::bidi::edge(lang))
                .on_input(on_who)
                .font(font::REGULAR)
                .size(theme::TEXT)
                .padding(10)
                .into(),
            text_input(tr(lang, S::Amount), amount)
                .id(ids.1)
                .align_x(crate::bidi::edge(lang))
                .on_input(on_amount)
                .on_submit(on_try.clone())
                .font(font::REGULAR)
                .size(theme::TEXT)
                .padding(10)
                .width(200)
                .into(),
            primary_button(tr(lang, S::Try), Some(on_try)),
        ],
    )
    .spacing(8)
    .into()
}

/// The offer explanation of a sale: the chosen offer first, then every other with why.
pub fn explanation<'a, M: 'a>(
    lang: Lang,
    unit: Unit,
    r: &SaleResult,
    names: &OfferNames,
) -> Element<'a, M> {
    let mut col = column![start(
        lang,
        b(format!(
            "{}: {} — {}: {} — {}: {}",
            tr(lang, S::Discount),
            money(r.discount, unit, lang),
            tr(lang, S::Paid),
            money(r.paid, unit, lang),
            tr(lang, S::CreditEarned),
            money(r.credit_earned, unit, lang)
        ))
        .size(theme::TEXT)
    )]
    .spacing(6);
    let mut lines: Vec<_> = r.offers.iter().collect();
    lines.sort_by_key(|o| (!o.chosen, !o.eligible));
    for o in lines {
        let mark = if o.chosen {
            format!("✔ {} ", tr(lang, S::Chosen))
        } else {
            String::new()
        };
        let color = if o.chosen {
            theme::OK
        } else if o.eligible {
            theme::WARN
        } else {
            theme::MUTED
        };
        col = col.push(offer_line(lang, unit, o, names, &mark, color));
    }
    container(col)
        .padding(12)
        .width(Fill)
        .style(theme::panel)
        .into()
}
