//! The Club screen's gift cards tab: sell (issue) a card with an amount, an optional
//! expiry and member; load more onto it; its balance, status, expiry and history by swipe;
//! block it with a reason; replace it (its balance follows). The acts are the service's
//! (`gift_*`, the CLI's `vafa gift`); every refusal is the service's error in words.

use iced::widget::{column, container};
use iced::{Element, Fill};

use crate::bidi::{b, para, row_dir, start, t};
use crate::screen::till::typed_rials;
use crate::theme;
use crate::widget::{field_id, primary_button, secondary_button};
use vafa_core::error::{Error, Field};
use vafa_core::gift::GiftStatus;
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::gift::{GiftIssue, GiftView};
use vafa_text::Say;
use vafa_text::club_window::{W, w};
use vafa_text::format::{Unit, money, show_day, show_time};
use vafa_text::gift::{Word, entry_kind, status, word};
use vafa_text::i18n::{S, tr};

pub const CARD_ID: &str = "gift-card";
pub const AMOUNT_ID: &str = "gift-amount";
pub const EXPIRES_ID: &str = "gift-expires";
pub const MEMBER_ID: &str = "gift-member";
pub const REASON_ID: &str = "gift-reason";
pub const NEW_CARD_ID: &str = "gift-new-card";

#[derive(Debug, Default)]
pub struct State {
    pub card: String,
    pub amount: String,
    pub expires: String,
    pub member: String,
    pub reason: String,
    pub new_card: String,
    /// The card last sold, loaded, checked, blocked or replaced.
    pub shown: Option<GiftView>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Card(String),
    Amount(String),
    Expires(String),
    Member(String),
    Reason(String),
    NewCard(String),
    Sell,
    Load,
    Check,
    Block,
    Replace,
}

impl State {
    /// A card read on this tab: its balance, status, expiry and history; a number no
    /// gift card has stays in the card field, ready to sell.
    pub fn card_read(&mut self, v: &Vafa, card: &str, lang: Lang) {
        self.card = card.to_string();
        self.notice = None;
        self.error = None;
        self.check(v, lang);
    }

    fn check(&mut self, v: &Vafa, lang: Lang) {
        match v.gift_show(self.card.trim()) {
            Ok(g) => self.shown = Some(g),
            Err(e) => {
                self.shown = None;
                self.error = Some(e.say(lang));
            }
        }
    }

    fn amount(&self, unit: Unit, lang: Lang) -> Result<i64, String> {
        typed_rials(&self.amount, unit).ok_or_else(|| {
            format!(
                "{}: {}",
                w(lang, W::GiftAmount),
                tr(
                    lang,
                    if self.amount.trim().is_empty() {
                        S::Required
                    } else {
                        S::DigitsOnly
                    }
                )
            )
        })
    }

    fn expires(&self) -> Result<Option<chrono::NaiveDate>, Error> {
        let text = self.expires.trim();
        if text.is_empty() {
            return Ok(None);
        }
        vafa_core::calendar::parse_date(text)
            .map(|d| Some(d.date))
            .map_err(|error| Error::InvalidDate {
                field: Field::Expires,
                value: text.to_string(),
                error,
            })
    }

    /// What `msg` does; the notice after a done act.
    fn act(&mut self, msg: Message, v: &mut Vafa, lang: Lang) -> Result<Option<W>, String> {
        let unit = Unit::of(&v.shop.unit);
        let card = self.card.trim().to_string();
        let done = match msg {
            Message::Sell => {
                let amount = self.amount(unit, lang)?;
                let req = GiftIssue {
                    card,
                    amount,
                    expires: self.expires().map_err(|e| e.say(lang))?,
                    member: Some(self.member.trim().to_string()).filter(|m| !m.is_empty()),
                };
                (v.gift_issue(&req), W::Sold)
            }
            Message::Load => {
                let amount = self.amount(unit, lang)?;
                (v.gift_load(&card, amount), W::Loaded)
            }
            Message::Check => {
                self.check(v, lang);
                return Ok(None);
            }
            Message::Block => (v.gift_block(&card, &self.reason), W::Blocked),
            Message::Replace => (v.gift_replace(&card, self.new_card.trim()), W::Replaced),
            _ => return Ok(None),
        };
        let (g, said) = done;
        let g = g.map_err(|e| e.say(lang))?;
        if said == W::Replaced {
            self.card = g.card.clone();
            self.new_card.clear();
        }
        if matches!(said, W::Sold | W::Loaded) {
            self.amount.clear();
            self.expires.clear();
            self.member.clear();
        }
        if said == W::Blocked {
            self.reason.clear();
        }
        self.shown = Some(g);
        Ok(Some(said))
    }

    pub fn update(&mut self, msg: Message, v: &mut Vafa, lang: Lang) {
        match msg {
            Message::Card(s) => self.card = s,
            Message::Amount(s) => self.amount = s,
            Message::Expires(s) => self.expires = s,
            Message::Member(s) => self.member = s,
            Message::Reason(s) => self.reason = s,
            Message::NewCard(s) => self.new_card = s,
            act => {
                self.notice = None;
                self.error = None;
                match self.act(act, v, lang) {
                    Ok(said) => self.notice = said.map(|x| w(lang, x).to_string()),
                    Err(e) => self.error = Some(e),
                }
            }
        }
    }

    pub fn view(&self, lang: Lang, unit: Unit) -> Element<'_, Message> {
        let mut col = column![
            field_id(
                lang,
                CARD_ID,
                w(lang, W::CardHint),
                &self.card,
                None,
                Message::Card
            ),
            row_dir(
                lang,
                vec![
                    field_id(
                        lang,
                        AMOUNT_ID,
                        w(lang, W::GiftAmount),
                        &self.amount,
                        None,
                        Message::Amount
                    ),
                    field_id(
                        lang,
                        EXPIRES_ID,
                        w(lang, W::ExpiresHint),
                        &self.expires,
                        None,
                        Message::Expires
                    ),
                    field_id(
                        lang,
                        MEMBER_ID,
                        w(lang, W::MemberHint),
                        &self.member,
                        None,
                        Message::Member
                    ),
                ]
            )
            .spacing(12),
            start(
                lang,
                row_dir(
                    lang,
                    vec![
                        primary_button(w(lang, W::Sell), Some(Message::Sell)),
                        secondary_button(w(lang, W::Load), Message::Load),
                        secondary_button(w(lang, W::CheckBalance), Message::Check),
                    ]
                )
                .spacing(12)
            ),
            row_dir(
                lang,
                vec![
                    field_id(
                        lang,
                        REASON_ID,
                        tr(lang, S::BlockReason),
                        &self.reason,
                        None,
                        Message::Reason
                    ),
                    secondary_button(w(lang, W::Block), Message::Block),
                    field_id(
                        lang,
                        NEW_CARD_ID,
                        w(lang, W::NewCard),
                        &self.new_card,
                        None,
                        Message::NewCard
                    ),
                    secondary_button(w(lang, W::Replace), Message::Replace),
                ]
            )
            .spacing(12)
            .align_y(iced::Bottom),
        ]
        .spacing(12);
        col = col.push(match &self.shown {
            Some(g) => card_panel(g, lang, unit),
            None => start(lang, t(w(lang, W::SwipeToCheck)).size(theme::TEXT)).into(),
        });
        col.into()
    }
}

/// A gift card's balance, status, expiry, member, block reason and history.
fn card_panel<'a, M: 'a>(g: &GiftView, lang: Lang, unit: Unit) -> Element<'a, M> {
    let color = match g.status {
        GiftStatus::Active => theme::OK,
        GiftStatus::Empty => theme::WARN,
        GiftStatus::Blocked | GiftStatus::Expired => theme::BAD,
    };
    let expires = g.expires.as_deref().map_or_else(
        || word(lang, Word::Never).to_string(),
        |d| show_day(d, lang),
    );
    let mut col = column![
        start(
            lang,
            b(para(
                lang,
                format!(
                    "{} {} — {}: {}",
                    word(lang, Word::GiftCard),
                    g.card,
                    word(lang, Word::Balance),
                    money(g.balance, unit, lang)
                )
            ))
            .size(theme::TITLE)
        ),
        start(
            lang,
            t(format!(
                "{}: {}",
                word(lang, Word::Status),
                status(g.status, lang)
            ))
            .size(theme::TEXT)
            .color(color)
        ),
        start(
            lang,
            t(format!("{}: {expires}", word(lang, Word::Expires))).size(theme::TEXT)
        ),
    ]
    .spacing(6);
    let mut extra = Vec::new();
    if let Some(m) = &g.member_id {
        extra.push(format!("{}: {m}", word(lang, Word::Member)));
    }
    if let Some(r) = &g.reason {
        extra.push(format!("{}: {r}", status(GiftStatus::Blocked, lang)));
    }
    if let Some(by) = &g.replaced_by {
        extra.push(format!("{}: {by}", word(lang, Word::ReplacedBy)));
    }
    for line in extra {
        col = col.push(start(lang, t(para(lang, line)).size(theme::TEXT)));
    }
    if !g.history.is_empty() {
        col = col.push(start(lang, b(w(lang, W::History)).size(theme::TEXT)));
    }
    for h in g.history.iter().rev() {
        col = col.push(start(
            lang,
            t(para(
                lang,
                format!(
                    "{} — {} — {}",
                    show_time(&h.at, lang),
                    entry_kind(h.kind, lang),
                    money(h.amount, unit, lang)
                ),
            ))
            .size(theme::SMALL)
            .color(theme::MUTED),
        ));
    }
    container(col)
        .padding(12)
        .width(Fill)
        .style(theme::panel)
        .into()
}
