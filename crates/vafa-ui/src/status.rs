//! The status bar along the top of every screen: the language button, the shop, chips for
//! the card readers, head office and the backup (a drawn icon in its state's colour and a
//! word), who is signed in, and the clock.

use iced::widget::{button, container, text::Wrapping};
use iced::{Element, Fill};

use vafa_devices::ReaderStatus;
use vafa_service::Vafa;
use vafa_text::format::{clock, num};
use vafa_text::i18n::{S, lang_name, tr};

use super::app::{App, Message, other};
use super::bidi::{b, row_dir, start, t};
use super::theme;
use super::widget::icon;

impl App {
    /// Always visible: readers, head office, backup, who is signed in, date and time.
    pub(crate) fn status_bar(&self, v: &Vafa) -> Element<'_, Message> {
        let lang = self.lang();
        let connected = self
            .statuses
            .values()
            .filter(|s| matches!(s, ReaderStatus::Connected))
            .count();
        let (reader_color, readers) = if self.statuses.is_empty() {
            (theme::INK, format!("{} ⌨", tr(lang, S::ReadersShort)))
        } else {
            (
                if connected == self.statuses.len() {
                    theme::OK
                } else {
                    theme::BAD
                },
                format!(
                    "{} {}/{}",
                    tr(lang, S::ReadersShort),
                    num(connected as i64, lang),
                    num(self.statuses.len() as i64, lang),
                ),
            )
        };
        let mut items: Vec<Element<'_, Message>> = vec![
            button(t(lang_name(other(lang))).size(theme::SMALL))
                .padding([4, 10])
                .style(theme::secondary)
                .on_press(Message::ToggleLang)
                .into(),
            // The shop's name takes what room is left (and is cut first, not the clock).
            container(
                b(v.shop.name.clone())
                    .size(theme::TEXT)
                    .wrapping(Wrapping::None),
            )
            .width(Fill)
            .clip(true)
            .into(),
            chip(lang, icon::reader(reader_color), readers),
        ];
        // Head office's state only where there is one (no "Offline" alarm otherwise).
        if self.sync.url.is_some() {
            let s = &self.sync;
            let color = match (s.online, s.unsynced) {
                (true, 0) => theme::OK,
                (true, _) => theme::PRIMARY,
                (false, _) => theme::WARN,
            };
            let words = format!(
                "{} · {} {}",
                tr(lang, if s.online { S::Online } else { S::Offline }),
                num(s.unsynced, lang),
                tr(lang, S::Unsynced)
            );
            items.push(chip(
                lang,
                icon::sync(color, s.online && s.unsynced == 0),
                words,
            ));
        }
        // The backup only when it needs a look (a small screen has no room for good news).
        if self.sync.backup.as_ref().is_some_and(|b| b.stale) {
            items.push(chip(
                lang,
                icon::backup(theme::WARN),
                tr(lang, S::BackupOld).to_string(),
            ));
        }
        if let Some(words) = super::pos::status_words(&self.pos, lang) {
            items.push(chip(lang, icon::reader(theme::BAD), words));
        }
        if let Some(who) = &self.staff {
            items.push(
                button(t(format!("{who} · {}", tr(lang, S::SwitchShort))).size(theme::SMALL))
                    .padding([4, 10])
                    .style(theme::secondary)
                    .on_press(Message::Lock)
                    .into(),
            );
        }
        items.push(
            b(clock(&v.now(), lang))
                .size(theme::TEXT)
                .wrapping(Wrapping::None)
                .into(),
        );
        container(start(
            lang,
            row_dir(lang, items).spacing(12).align_y(iced::Center),
        ))
        .padding([8, 16])
        .width(Fill)
        .style(theme::bar)
        .into()
    }
}

/// An icon and its word on a white chip.
fn chip<'a>(
    lang: vafa_core::lang::Lang,
    icon: Element<'a, Message>,
    words: String,
) -> Element<'a, Message> {
    container(
        row_dir(
            lang,
            vec![
                icon,
                t(words)
                    .size(theme::SMALL)
                    .color(theme::INK)
                    .wrapping(Wrapping::None)
                    .into(),
            ],
        )
        .spacing(6)
        .align_y(iced::Center),
    )
    .padding([3, 10])
    .style(theme::chip)
    .into()
}
