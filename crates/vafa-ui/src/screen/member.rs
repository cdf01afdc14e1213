//! Members: search by name, mobile or card; a profile with balances, tier, visits and
//! cards (block, replace).

use chrono::NaiveDate;
use iced::widget::{button, column, container, scrollable, text_input};
use iced::{Element, Fill, Length, Task};
use vafa_text::Say;

use crate::bidi::{b, pair, para, row_dir, start, t};
use crate::font;
use crate::screen::till::{local_mobile, member_card};
use crate::theme;
use crate::widget::{banners, primary_button};
use vafa_core::lang::Lang;
use vafa_core::phone::parse_mobile;
use vafa_service::{CardInput, MemberKey, MemberView, Vafa};
use vafa_store::ledger::StatementLine;
use vafa_store::sales::SaleRow;
use vafa_text::format::{Unit, digits, money, num, show_day};
use vafa_text::i18n::{S, tr};

pub const SEARCH_ID: &str = "members-search";
pub const BLOCK_ID: &str = "members-block-reason";
pub const NEW_CARD_ID: &str = "members-new-card";
pub const SCROLL_ID: &str = "members-scroll";

#[derive(Debug, Default)]
pub struct State {
    pub query: String,
    pub results: Vec<MemberView>,
    pub searched: bool,
    pub profile: Option<Box<MemberView>>,
    /// The open profile's latest sales and ledger entries.
    pub history: Vec<SaleRow>,
    pub statement: Vec<StatementLine>,
    /// Card being acted on, with the reason (block) or the new number (replace).
    pub block_reason: String,
    pub new_card: String,
    /// A card the cashier asked to block: asked once more before it is blocked.
    pub confirm_block: Option<String>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Query(String),
    Search,
    Open(String),
    Close,
    BlockReason(String),
    /// Block this card: asks first.
    Block(String),
    /// Yes, block the card asked about (Enter).
    ConfirmBlock,
    /// No (Esc).
    CancelBlock,
    NewCard(String),
    Replace(String),
    /// Open the enrolment form on this member (the app routes it).
    Edit,
    /// Void this sale of the member's (the app routes it).
    Void(String),
}

impl State {
    /// A card read while this screen is open: fills the new-card field of an open profile,
    /// or searches for the card's member.
    pub fn card_read(&mut self, v: &Vafa, number: &str, lang: Lang) {
        if self.profile.is_some() {
            self.new_card = number.to_string();
        } else {
            self.query = number.to_string();
            self.search(v, lang);
        }
    }

    fn search(&mut self, v: &Vafa, lang: Lang) {
        self.error = None;
        self.searched = true;
        let q = self.query.trim();
        if q.is_empty() {
            self.results.clear();
            return;
        }
        // A card number first (exact), then names and mobiles.
        let by_card = v
            .find_member(&MemberKey::Card(CardInput::typed(q)))
            .ok()
            .filter(|_| parse_mobile(q).is_none());
        self.results = match by_card {
            Some(m) => vec![m],
            None => match v.find_members(q) {
                Ok(r) => r,
                Err(e) => {
                    self.error = Some(e.say(lang));
                    Vec::new()
                }
            },
        };
    }

    pub fn open(&mut self, v: &Vafa, id: &str, lang: Lang) {
        match v.member_view(id) {
            Ok(m) => {
                // Never the previous member's history under this one's name.
                (self.history, self.statement) = match v.member_history(&m.id, 10) {
                    Ok(hs) => hs,
                    Err(e) => {
                        self.error = Some(e.say(lang));
                        Default::default()
                    }
                };
                self.profile = Some(Box::new(m));
                self.block_reason.clear();
                self.new_card.clear();
                self.confirm_block = None;
            }
            Err(e) => self.error = Some(e.say(lang)),
        }
    }

    pub fn update(&mut self, msg: Message, v: &mut Vafa, lang: Lang) -> Task<Message> {
        self.notice = None;
        self.error = None;
        match msg {
            Message::Query(q) => self.query = q,
            Message::Search => {
                self.search(v, lang);
                // One match (a card, a whole mobile): straight to the profile.
                if let [only] = self.results.as_slice() {
                    let id = only.id.clone();
                    self.open(v, &id, lang);
                }
            }
            Message::Open(id) => {
                self.open(v, &id, lang);
                // A profile opens at its top, never where the last one was scrolled to.
                return top();
            }
            Message::Close => {
                self.profile = None;
                self.confirm_block = None;
                // The list shows names as they are now (after an edit, say).
                if self.searched {
                    self.search(v, lang);
                }
                return Task::batch([iced::widget::operation::focus(SEARCH_ID), top()]);
            }
            Message::BlockReason(s) => self.block_reason = s,
            Message::NewCard(s) => self.new_card = s,
            Message::Edit | Message::Void(_) => {}
            // Asked a second time (Enter again in the reason field): that is the yes.
            Message::Block(card) if self.confirm_block.as_ref() != Some(&card) => {
                self.confirm_block = Some(card);
            }
            Message::Block(_) => return self.update(Message::ConfirmBlock, v, lang),
            Message::CancelBlock => self.confirm_block = None,
            Message::ConfirmBlock => {
                let Some(card) = self.confirm_block.take() else {
                    return Task::none();
                };
                let reason = Some(self.block_reason.as_str()).filter(|r| !r.trim().is_empty());
                match v.block_card(&card, reason) {
                    Ok(_) => self.notice = Some(tr(lang, S::CardBlocked).to_string()),
                    Err(e) => self.error = Some(e.say(lang)),
                }
                self.reopen(v, lang);
            }
            Message::Replace(card) => {
                match v.replace_card(&card, self.new_card.trim(), None) {
                    Ok(_) => self.notice = Some(tr(lang, S::CardReplaced).to_string()),
                    Err(e) => self.error = Some(e.say(lang)),
                }
                self.reopen(v, lang);
            }
        }
        Task::none()
    }

    fn reopen(&mut self, v: &Vafa, lang: Lang) {
        let (notice, error) = (self.notice.take(), self.error.take());
        if let Some(id) = self.profile.as_ref().map(|p| p.id.clone()) {
            self.open(v, &id, lang);
        }
        self.notice = notice;
        self.error = error.or(self.error.take());
    }

    pub fn view<'a>(&'a self, lang: Lang, unit: Unit, today: NaiveDate) -> Element<'a, Message> {
        let mut col = column![].spacing(12);
        col = col.push(banners(lang, self.error.as_deref(), self.notice.as_deref()));
        match &self.profile {
            Some(m) => col = col.push(self.profile_view(lang, unit, m, today)),
            None => {
                col = col.push(start(lang, b(tr(lang, S::Members)).size(theme::TITLE)));
                col = col.push(
                    row_dir(
                        lang,
                        vec![
                            text_input(tr(lang, S::SearchHint), &self.query)
                                .style(crate::theme::input)
                                .align_x(crate::bidi::edge(lang))
                                .id(SEARCH_ID)
                                .on_input(Message::Query)
                                .on_submit(Message::Search)
                                .font(font::REGULAR)
                                .size(theme::TEXT)
                                .padding(12)
                                .into(),
                            primary_button(tr(lang, S::Search), Some(Message::Search)),
                        ],
                    )
                    .spacing(12),
                );
                if self.searched && self.results.is_empty() && self.error.is_none() {
                    col = col.push(start(lang, t(tr(lang, S::NoResults)).size(theme::TEXT)));
                }
                for m in &self.results {
                    let line = format!(
                        "{} {} — {} — {}",
                        m.first_name,
                        m.last_name,
                        digits(&local_mobile(&m.mobile), lang),
                        money(m.balance.credit, unit, lang)
                    );
                    col = col.push(
                        button(start(lang, t(para(lang, line)).size(theme::TEXT)))
                            .width(Fill)
                            .padding(12)
                            .style(crate::theme::secondary)
                            .on_press(Message::Open(m.id.clone())),
                    );
                }
            }
        }
        scrollable(container(col).padding(theme::PAD))
            .id(SCROLL_ID)
            .width(Fill)
            .height(Fill)
            .into()
    }

    fn profile_view<'a>(
        &'a self,
        lang: Lang,
        unit: Unit,
        m: &'a MemberView,
        today: NaiveDate,
    ) -> Element<'a, Message> {
        let mut col = column![
            start(
                lang,
                button(
                    t(match lang {
                        // "Back" points the way the page reads back to.
                        Lang::Fa => format!("{} →", tr(lang, S::Back)),
                        Lang::En => format!("← {}", tr(lang, S::Back)),
                    })
                    .size(theme::TEXT)
                )
                .style(button::text)
                .on_press(Message::Close)
            ),
            row_dir(
                lang,
                vec![
                    start(lang, b(tr(lang, S::Profile)).size(theme::TITLE)).into(),
                    crate::widget::focusable(
                        tr(lang, S::Edit),
                        button(t(tr(lang, S::Edit)).size(theme::TEXT))
                            .padding(10)
                            .style(crate::theme::secondary)
                            .on_press(Message::Edit),
                        Some(Message::Edit),
                    ),
                ]
            )
            .align_y(iced::Center),
            member_card(lang, unit, m, today),
            start(
                lang,
                pair(lang, tr(lang, S::Spent), money(m.total_spend, unit, lang))
            ),
            start(
                lang,
                pair(lang, tr(lang, S::Joined), show_day(&m.created_at, lang))
            ),
        ]
        .spacing(12);
        if let Some(bd) = &m.birth_date {
            col = col.push(start(
                lang,
                pair(lang, tr(lang, S::BirthDate), show_day(bd, lang)),
            ));
        }
        col = col.push(start(lang, b(tr(lang, S::Cards)).size(theme::TEXT)));
        for c in &m.cards {
            let status = match c.status.as_str() {
                "active" => tr(lang, S::Active),
                "blocked" => tr(lang, S::Blocked),
                _ => tr(lang, S::Replaced),
            };
            let mut line = format!("{} — {status}", digits(&c.number, lang));
            if let Some(r) = &c.reason {
                line.push_str(&format!(" ({r})"));
            }
            let mut items: Vec<Element<'a, Message>> = vec![
                t(para(lang, line))
                    .size(theme::TEXT)
                    .width(Length::Fill)
                    .into(),
            ];
            if c.status == "active" {
                let number = c.number.clone();
                items.push(
                    text_input(tr(lang, S::BlockReason), &self.block_reason)
                        .style(crate::theme::input)
                        .id(BLOCK_ID)
                        .align_x(crate::bidi::edge(lang))
                        .on_input(Message::BlockReason)
                        .on_submit(Message::Block(number))
                        .font(font::REGULAR)
                        .size(theme::SMALL)
                        .padding(8)
                        .width(200)
                        .into(),
                );
                items.push(
                    button(t(tr(lang, S::Block)).size(theme::SMALL))
                        .padding(10)
                        .style(button::danger)
                        .on_press(Message::Block(c.number.clone()))
                        .into(),
                );
            }
            // An active card or a blocked one (lost, then found blocked at the till) is
            // replaced by a new number; a replaced one is history.
            if c.status == "active" || c.status == "blocked" {
                let replace =
                    (!self.new_card.trim().is_empty()).then(|| Message::Replace(c.number.clone()));
                items.push(
                    text_input(tr(lang, S::NewCardNumber), &self.new_card)
                        .style(crate::theme::input)
                        .id(NEW_CARD_ID)
                        .align_x(crate::bidi::edge(lang))
                        .on_input(Message::NewCard)
                        .on_submit_maybe(replace.clone())
                        .font(font::REGULAR)
                        .size(theme::SMALL)
                        .padding(8)
                        .width(220)
                        .into(),
                );
                items.push(
                    button(t(tr(lang, S::Replace)).size(theme::SMALL))
                        .padding(10)
                        .style(crate::theme::primary)
                        .on_press_maybe(replace)
                        .into(),
                );
            }
            col = col.push(
                container(row_dir(lang, items).spacing(8).align_y(iced::Center))
                    .padding(8)
                    .style(theme::panel),
            );
            if self.confirm_block.as_deref() == Some(c.number.as_str()) {
                col = col.push(confirm_block(lang, &c.number));
            }
        }
        col = col.push(start(lang, b(tr(lang, S::History)).size(theme::TEXT)));
        for h in &self.history {
            let line = format!(
                "{} — {} {} — {} {} — {} {}",
                show_day(&h.at, lang),
                tr(lang, S::Gross),
                money(h.gross, unit, lang),
                tr(lang, S::Paid),
                money(h.paid, unit, lang),
                tr(lang, S::CreditEarned),
                money(h.credit_earned, unit, lang)
            );
            col = col.push(
                row_dir(
                    lang,
                    vec![
                        t(para(lang, line))
                            .size(theme::SMALL)
                            .width(Length::Fill)
                            .into(),
                        button(t(tr(lang, S::VoidThis)).size(theme::SMALL))
                            .padding([6, 12])
                            .style(crate::theme::secondary)
                            .on_press(Message::Void(h.id.to_string()))
                            .into(),
                    ],
                )
                .align_y(iced::Center),
            );
        }
        col = col.push(start(lang, b(tr(lang, S::Statement)).size(theme::TEXT)));
        for e in &merged(&self.statement) {
            let amount = if e.account == "credit" {
                money(e.amount, unit, lang)
            } else {
                format!("{} {}", num(e.amount, lang), tr(lang, S::Points))
            };
            let line = format!(
                "{} — {} — {amount}",
                show_day(&e.at, lang),
                kind_label(lang, &e.kind)
            );
            col = col.push(start(lang, t(para(lang, line)).size(theme::SMALL)));
        }
        col.into()
    }
}

fn kind_label(lang: Lang, kind: &str) -> &'static str {
    tr(
        lang,
        match kind {
            "earn" => S::KindEarn,
            "redeem" => S::KindRedeem,
            "void" => S::KindVoid,
            "expire" => S::KindExpire,
            _ => S::KindAdjust,
        },
    )
}

/// "Block this card?" with Block (Enter) and Cancel (Esc).
fn confirm_block<'a>(lang: Lang, number: &str) -> Element<'a, Message> {
    use vafa_text::display::{D, dt};
    crate::widget::question(
        lang,
        format!("{} {}", dt(lang, D::BlockAsk), digits(number, lang)),
        dt(lang, D::BlockAskHint),
        vec![
            crate::widget::focusable(
                dt(lang, D::BlockYes),
                button(t(dt(lang, D::BlockYes)).size(theme::TEXT))
                    .padding([10, 16])
                    .style(button::danger)
                    .on_press(Message::ConfirmBlock),
                Some(Message::ConfirmBlock),
            ),
            crate::widget::secondary_button(dt(lang, D::BlockNo), Message::CancelBlock),
        ],
    )
}

/// Scrolls the members screen to its top.
fn top<T>() -> Task<T> {
    iced::widget::operation::snap_to(SCROLL_ID, iced::widget::operation::RelativeOffset::START)
}

/// The statement with one line per payment: the entries one sale made on one account of
/// one kind (a credit payment takes from several lots, one entry each) added together.
pub fn merged(lines: &[StatementLine]) -> Vec<StatementLine> {
    let mut out: Vec<StatementLine> = Vec::new();
    for l in lines {
        match out.last_mut() {
            Some(p)
                if l.sale_id.is_some()
                    && p.sale_id == l.sale_id
                    && p.account == l.account
                    && p.kind == l.kind =>
            {
                p.amount += l.amount;
            }
            _ => out.push(l.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sale: Option<&str>, kind: &str, amount: i64) -> StatementLine {
        StatementLine {
            at: "2026-11-22T10:00:00Z".into(),
            account: "credit".into(),
            amount,
            kind: kind.into(),
            sale_id: sale.map(str::to_string),
            note: None,
        }
    }

    #[test]
    fn one_credit_payment_is_one_statement_line() {
        let lines = [
            line(Some("s2"), "redeem", -30_000),
            line(Some("s2"), "redeem", -20_000),
            line(Some("s2"), "earn", 5_000),
            line(None, "adjust", 1_000),
            line(None, "adjust", 1_000),
            line(Some("s1"), "redeem", -7_000),
        ];
        let m = merged(&lines);
        let got: Vec<_> = m.iter().map(|l| (l.kind.as_str(), l.amount)).collect();
        assert_eq!(
            got,
            [
                ("redeem", -50_000),
                ("earn", 5_000),
                ("adjust", 1_000),
                ("adjust", 1_000),
                ("redeem", -7_000)
            ]
        );
    }
}
