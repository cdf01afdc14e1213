//! The Club screen (issue 18): three tabs, gift cards ([`gift`]), lotteries ([`lottery`])
//! and phone surveys ([`survey`]). No F-key (F1-F12 are taken): it is reached from the
//! navigation bar, by a click or by Tab and Enter. A card read while it shows goes to the
//! gift card tab (a balance check by swipe).

pub mod gift;
pub mod lottery;
pub mod survey;

use iced::keyboard::Key;
use iced::widget::{column, container, scrollable};
use iced::{Element, Fill, Task};

use crate::bidi::{b, row_dir, start};
use crate::theme;
use crate::widget::{banners, choice};
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_text::club_window::{W, w};
use vafa_text::format::Unit;

/// A line that may begin with a name in the other script (a Persian name in the English
/// window, a Latin card number in the Persian one), fixed to the window's direction by a
/// leading mark (the paragraph would otherwise follow its first strong letter).
pub fn lead(lang: Lang, s: String) -> String {
    match lang {
        Lang::Fa => crate::bidi::para(lang, s),
        Lang::En => format!("\u{200E}{s}"),
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Gift,
    Lottery,
    Survey,
}

#[derive(Debug, Default)]
pub struct State {
    pub tab: Tab,
    pub gift: gift::State,
    pub lottery: lottery::State,
    pub survey: survey::State,
}

#[derive(Debug, Clone)]
pub enum Message {
    Tab(Tab),
    Gift(gift::Message),
    Lottery(lottery::Message),
    Survey(survey::Message),
}

impl State {
    /// The screen opens: the lists as they are now.
    pub fn load(&mut self, v: &Vafa, lang: Lang) {
        self.lottery.load(v, lang);
        self.survey.load(v, lang);
    }

    /// Every text field of the screen, for the key guard's snapshot (a fixed order).
    pub fn texts(&mut self) -> Vec<&mut String> {
        let g = &mut self.gift;
        let mut all = vec![
            &mut g.card,
            &mut g.amount,
            &mut g.expires,
            &mut g.member,
            &mut g.reason,
            &mut g.new_card,
            &mut self.survey.note,
        ];
        if let Some(f) = self.lottery.form.as_mut() {
            all.extend(f.iter_mut());
        }
        all
    }

    /// Notices said in the old language go when the window's language changes.
    pub fn forget_notices(&mut self) {
        self.gift.notice = None;
        self.lottery.notice = None;
        self.survey.notice = None;
    }

    /// A card read on this screen: the gift card tab shows its balance.
    pub fn card_read(&mut self, v: &Vafa, card: &str, lang: Lang) {
        self.tab = Tab::Gift;
        self.gift.card_read(v, card, lang);
    }

    /// A card that could not be read, in words, on the tab showing.
    pub fn refuse(&mut self, why: String) {
        match self.tab {
            Tab::Gift => self.gift.error = Some(why),
            Tab::Lottery => self.lottery.error = Some(why),
            Tab::Survey => self.survey.error = Some(why),
        }
    }

    /// A key no field took: on a call, a digit answers and Enter records.
    pub fn key(&mut self, key: &Key, text: Option<&str>, v: &mut Vafa, lang: Lang) -> bool {
        if self.tab != Tab::Survey || !self.survey.calling() {
            return false;
        }
        if matches!(key, Key::Named(iced::keyboard::key::Named::Enter)) {
            self.survey.update(survey::Message::Record, v, lang);
            return true;
        }
        let typed = text
            .or(match key {
                Key::Character(c) => Some(c.as_str()),
                _ => None,
            })
            .map(vafa_core::digits::normalize_digits);
        match typed.as_deref().and_then(|s| s.parse::<u32>().ok()) {
            Some(d) if (1..=9).contains(&d) => {
                self.survey.digit(d);
                true
            }
            _ => false,
        }
    }

    pub fn update(&mut self, msg: Message, v: &mut Vafa, lang: Lang) -> Task<Message> {
        match msg {
            Message::Tab(t) => {
                self.tab = t;
                self.load(v, lang);
            }
            Message::Gift(m) => self.gift.update(m, v, lang),
            Message::Lottery(m) => return self.lottery.update(m, v, lang).map(Message::Lottery),
            Message::Survey(m) => self.survey.update(m, v, lang),
        }
        Task::none()
    }

    pub fn view<'a>(&'a self, v: &'a Vafa, lang: Lang, unit: Unit) -> Element<'a, Message> {
        let tabs = [
            (Tab::Gift, W::GiftTab),
            (Tab::Lottery, W::LotteryTab),
            (Tab::Survey, W::SurveyTab),
        ]
        .into_iter()
        .map(|(tab, label)| choice(w(lang, label), self.tab == tab, Message::Tab(tab)));
        let head: Vec<Element<'a, Message>> =
            std::iter::once(b(w(lang, W::Club)).size(theme::TITLE).into())
                .chain(tabs)
                .collect();
        let (error, notice) = match self.tab {
            Tab::Gift => (&self.gift.error, &self.gift.notice),
            Tab::Lottery => (&self.lottery.error, &self.lottery.notice),
            Tab::Survey => (&self.survey.error, &self.survey.notice),
        };
        let body = match self.tab {
            Tab::Gift => self.gift.view(lang, unit).map(Message::Gift),
            Tab::Lottery => self.lottery.view(v, lang, unit).map(Message::Lottery),
            Tab::Survey => self.survey.view(lang).map(Message::Survey),
        };
        let col = column![
            start(lang, row_dir(lang, head).spacing(16).align_y(iced::Center)),
            banners(lang, error.as_deref(), notice.as_deref()),
            body,
        ]
        .spacing(12);
        scrollable(container(col).padding(theme::PAD))
            .width(Fill)
            .height(Fill)
            .into()
    }
}
