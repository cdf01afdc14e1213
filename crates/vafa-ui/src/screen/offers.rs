//! Offers: the list with status, uses and budget left; import a file; enable/disable;
//! "try on a member": a dry-run sale showing the same explanation as a real one.

use iced::widget::{button, column, container, scrollable, text_input};
use iced::{Element, Fill, Length, Task};
use vafa_text::Say;

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
}

#[derive(Debug, Clone)]
pub enum Message {
    Path(String),
    Import,
    Toggle(String, bool),
    Who(String),
    Amount(String),
    Try,
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
            Message::Try => {
                let who = self.who.trim();
                let customer = Customer::Member(match parse_mobile(who) {
                    Some(m) => MemberKey::Mobile(m),
                    None => MemberKey::Card(CardInput::typed(who)),
                });
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
        let mut col = column![start(lang, b(tr(lang, S::Offers)).size(theme::TITLE))].spacing(10);
        col = col.push(banners(lang, self.error.as_deref(), self.notice.as_deref()));
        for o in &self.list {
            let status = tr(lang, if o.enabled { S::Enabled } else { S::Disabled });
            let budget = o
                .budget_left
                .map(|b| money(b, unit, lang))
                .unwrap_or_else(|| tr(lang, S::Unlimited).to_string());
            let line = format!(
                "{} ({}) — {status} — {}: {} — {}: {budget}",
                names.get(&o.id, lang),
                o.id,
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
                    primary_button(tr(lang, S::Import), Some(Message::Import)).into(),
                ],
            )
            .spacing(8),
        );
        col = col.push(start(lang, b(tr(lang, S::TryOnMember)).size(theme::TEXT)));
        col = col.push(
            row_dir(
                lang,
                vec![
                    text_input(tr(lang, S::TryCardOrMobile), &self.who)
                        .id(WHO_ID)
                        .align_x(crate::bidi::edge(lang))
                        .on_input(Message::Who)
                        .font(font::REGULAR)
                        .size(theme::TEXT)
                        .padding(10)
                        .into(),
                    text_input(tr(lang, S::Amount), &self.amount)
                        .id(AMOUNT_ID)
                        .align_x(crate::bidi::edge(lang))
                        .on_input(Message::Amount)
                        .on_submit(Message::Try)
                        .font(font::REGULAR)
                        .size(theme::TEXT)
                        .padding(10)
                        .width(200)
                        .into(),
                    primary_button(tr(lang, S::Try), Some(Message::Try)).into(),
                ],
            )
            .spacing(8),
        );
        if let Some(r) = &self.tried {
            col = col.push(explanation(lang, unit, r, names));
        }
        scrollable(container(col).padding(theme::PAD))
            .width(Fill)
            .height(Fill)
            .into()
    }
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
