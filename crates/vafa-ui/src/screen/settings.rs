//! Settings: card readers (saved, live status, add/remove, live test read), the window's
//! language, the shop's language (a setting of the shop's, on its audit trail), toman/rial,
//! shop and branch, head office.

use std::collections::BTreeMap;
use vafa_text::Say;

use iced::widget::{button, column, container, scrollable, text_input};
use iced::{Element, Fill, Length, Task};

use crate::bidi::{b, pair, para, row_dir, start, t};
use crate::font;
use crate::sync::SyncStatus;
use crate::theme;
use crate::widget::{banners, choice, primary_button};
use vafa_core::lang::Lang;
use vafa_devices::{CardRead, ReaderConfig, ReaderStatus};
use vafa_service::Vafa;
use vafa_text::format::{Unit, num, show_day};
use vafa_text::i18n::{S, lang_name, tr};

pub const SPEC_ID: &str = "settings-reader-spec";

#[derive(Debug, Default)]
pub struct State {
    pub readers: Vec<ReaderConfig>,
    /// Devices seen by "Detect devices": a line to show, and the reader spec to use it.
    pub detected: Option<Vec<(String, String)>>,
    pub spec: String,
    pub last_read: Option<(String, CardRead)>,
    pub notice: Option<String>,
    pub error: Option<String>,
    /// `[membership] min_purchase` as typed (`None`: the saved value is shown).
    pub min_purchase: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The window's language (this machine only).
    Lang(Lang),
    /// The shop's language: the command line's, receipts'.
    ShopLang(Lang),
    Unit(&'static str),
    Spec(String),
    AddReader,
    RemoveReader(String),
    Detect,
    Use(String),
    MinPurchase(String),
    SaveMinPurchase,
}

/// What the app must do after a settings change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Saved readers changed: restart the reader workers.
    ReadersChanged,
    /// The window is to show this language.
    WindowLang(Lang),
}

impl State {
    pub fn load(&mut self, v: &Vafa, lang: Lang) {
        match v.readers() {
            Ok(r) => self.readers = r,
            Err(e) => self.error = Some(e.say(lang)),
        }
    }

    pub fn update(
        &mut self,
        msg: Message,
        v: &mut Vafa,
        lang: Lang,
    ) -> (Task<Message>, Option<Event>) {
        self.notice = None;
        self.error = None;
        let event = match msg {
            Message::Lang(l) => Some(Event::WindowLang(l)),
            Message::ShopLang(l) => {
                match v.set_shop_lang(l) {
                    Ok(()) => self.notice = Some(tr(lang, S::Saved).to_string()),
                    Err(e) => self.error = Some(e.say(lang)),
                }
                None
            }
            Message::Unit(u) => {
                if let Err(e) = v.set_unit(u) {
                    self.error = Some(e.say(lang));
                }
                None
            }
            Message::Spec(s) => {
                self.spec = s;
                None
            }
            Message::Detect => {
                self.detected = Some(detect());
                None
            }
            Message::MinPurchase(s) => {
                // Echoed in the window's digits (Persian ۰–۹ and «٬» in Persian).
                let echoed =
                    vafa_text::format::digits(&vafa_core::digits::normalize_digits(&s), lang);
                self.min_purchase = Some(match lang {
                    Lang::Fa => echoed.replace(',', "٬"),
                    Lang::En => echoed,
                });
                None
            }
            Message::SaveMinPurchase => {
                let typed = self.min_purchase.clone().unwrap_or_default();
                match super::membership::save(v, &typed, lang) {
                    Ok(()) => {
                        self.min_purchase = None;
                        self.notice = Some(tr(lang, S::Saved).to_string());
                    }
                    Err(e) => self.error = Some(e),
                }
                None
            }
            Message::Use(spec) => {
                self.spec = spec;
                None
            }
            Message::AddReader => match v.add_reader(self.spec.trim()) {
                Ok(_) => {
                    self.spec.clear();
                    self.notice = Some(tr(lang, S::Saved).to_string());
                    Some(Event::ReadersChanged)
                }
                Err(e) => {
                    self.error = Some(e.say(lang));
                    None
                }
            },
            Message::RemoveReader(name) => match v.remove_reader(&name) {
                Ok(()) => Some(Event::ReadersChanged),
                Err(e) => {
                    self.error = Some(e.say(lang));
                    None
                }
            },
        };
        self.load(v, lang);
        (Task::none(), event)
    }

    pub fn view<'a>(
        &'a self,
        v: &'a Vafa,
        lang: Lang,
        statuses: &'a BTreeMap<String, ReaderStatus>,
        sync: &SyncStatus,
    ) -> Element<'a, Message> {
        let unit = Unit::of(&v.shop.unit);
        let shop_lang = v.lang();
        let mut col = column![start(lang, b(tr(lang, S::Settings)).size(theme::TITLE))].spacing(12);
        col = col.push(banners(lang, self.error.as_deref(), self.notice.as_deref()));
        col = col.push(lang_choice(lang, S::Language, lang, Message::Lang));
        col = col.push(lang_choice(
            lang,
            S::ShopLanguage,
            shop_lang,
            Message::ShopLang,
        ));
        col = col.push(start(
            lang,
            row_dir(
                lang,
                vec![
                    t(tr(lang, S::MoneyUnit)).size(theme::TEXT).into(),
                    choice(
                        tr(lang, S::Toman),
                        unit == Unit::Toman,
                        Message::Unit("toman"),
                    ),
                    choice(tr(lang, S::Rial), unit == Unit::Rial, Message::Unit("rial")),
                ],
            )
            .spacing(12)
            .align_y(iced::Center),
        ));
        col = col.push(start(
            lang,
            pair(
                lang,
                tr(lang, S::ShopAndBranch),
                format!(
                    "{} — {} ({})",
                    v.shop.name, v.shop.branch_name, v.shop.branch_code
                ),
            ),
        ));
        let ho = match (&sync.url, sync.online) {
            (Some(url), true) => format!("{url} — {}", tr(lang, S::Connected)),
            (Some(url), false) => format!("{url} — {}", tr(lang, S::Disconnected)),
            (None, _) => tr(lang, S::NotConnected).to_string(),
        };
        col = col.push(start(
            lang,
            pair(lang, tr(lang, S::HeadOffice), {
                let mut line = format!(
                    "{ho} — {} {}",
                    num(sync.unsynced, lang),
                    tr(lang, S::Unsynced)
                );
                if let Some(t) = &sync.last_success {
                    let when = show_day(t, lang);
                    line.push_str(&format!(" — {} {when}", tr(lang, S::LastSync)));
                }
                if let Some(e) = &sync.last_error {
                    line.push_str(&format!(" — {e}"));
                }
                line
            }),
        ));
        if let Some(bk) = &sync.backup {
            let mut line = match &bk.last_ok {
                Some(t) => format!("{} {}", tr(lang, S::LastGoodBackup), show_day(t, lang)),
                None => tr(lang, S::NoBackupYet).to_string(),
            };
            if bk.stale {
                line.push_str(&format!(" — {}", tr(lang, S::BackupOld)));
            }
            if let Some(e) = &bk.last_error {
                line.push_str(&format!(" — {e}"));
            }
            col = col.push(start(lang, pair(lang, tr(lang, S::Backup), line)));
        }
        col = col.push(start(lang, b(tr(lang, S::Readers)).size(theme::TEXT)));
        if self.readers.is_empty() && statuses.is_empty() {
            col = col.push(start(lang, t(tr(lang, S::NoReaders)).size(theme::SMALL)));
        }
        for (name, status) in statuses {
            let saved = self.readers.iter().any(|r| &r.name == name);
            let line = format!("{name} — {}", status_text(lang, status));
            let mut items: Vec<Element<'a, Message>> = vec![
                t(para(lang, line))
                    .size(theme::SMALL)
                    .width(Length::Fill)
                    .into(),
            ];
            if saved {
                items.push(
                    button(t(tr(lang, S::Remove)).size(theme::SMALL))
                        .padding(8)
                        .style(button::danger)
                        .on_press(Message::RemoveReader(name.clone()))
                        .into(),
                );
            }
            col = col.push(
                container(row_dir(lang, items).spacing(8))
                    .padding(8)
                    .style(theme::panel),
            );
        }
        for r in self
            .readers
            .iter()
            .filter(|r| !statuses.contains_key(&r.name))
        {
            col = col.push(
                container(
                    row_dir(
                        lang,
                        vec![
                            t(format!("{} — {}", r.name, r.profile))
                                .size(theme::SMALL)
                                .width(Length::Fill)
                                .into(),
                            button(t(tr(lang, S::Remove)).size(theme::SMALL))
                                .padding(8)
                                .style(button::danger)
                                .on_press(Message::RemoveReader(r.name.clone()))
                                .into(),
                        ],
                    )
                    .spacing(8),
                )
                .padding(8)
                .style(theme::panel),
            );
        }
        col = col.push(start(
            lang,
            button(t(tr(lang, S::Detect)).size(theme::TEXT))
                .padding(12)
                .style(crate::theme::secondary)
                .on_press(Message::Detect),
        ));
        match &self.detected {
            Some(list) if list.is_empty() => {
                col = col.push(start(lang, t(tr(lang, S::NoDevices)).size(theme::SMALL)));
            }
            Some(list) => {
                for (line, spec) in list {
                    col = col.push(
                        row_dir(
                            lang,
                            vec![
                                t(para(lang, line.clone()))
                                    .size(theme::SMALL)
                                    .width(Length::Fill)
                                    .into(),
                                button(t(tr(lang, S::UseDevice)).size(theme::SMALL))
                                    .padding(8)
                                    .on_press(Message::Use(spec.clone()))
                                    .into(),
                            ],
                        )
                        .spacing(8),
                    );
                }
            }
            None => {}
        }
        col = col.push(
            row_dir(
                lang,
                vec![
                    text_input(tr(lang, S::ReaderSpecHint), &self.spec)
                        .style(crate::theme::input)
                        .id(SPEC_ID)
                        .align_x(crate::bidi::edge(lang))
                        .on_input(Message::Spec)
                        .on_submit(Message::AddReader)
                        .font(font::REGULAR)
                        .size(theme::SMALL)
                        .padding(10)
                        .into(),
                    primary_button(tr(lang, S::AddReader), Some(Message::AddReader)),
                ],
            )
            .spacing(8),
        );
        let last = match &self.last_read {
            // In words: the reader, the number in the window's digits, the kind of card.
            Some((reader, read)) => format!(
                "{}: {} ({})",
                if reader == "keyboard" {
                    vafa_text::display::keyboard(lang)
                } else {
                    reader.as_str()
                },
                vafa_text::format::digits(&read.card, lang),
                vafa_text::display::card_kind(lang, read.kind.as_str()),
            ),
            None => tr(lang, S::NoReadYet).to_string(),
        };
        col = col.push(start(lang, b(tr(lang, S::LastRead)).size(theme::TEXT)));
        col = col.push(
            container(start(lang, t(last).size(theme::TEXT)))
                .padding(12)
                .style(theme::panel),
        );
        // The membership rule last: the readers' controls stay where they were.
        col = col.push(super::membership::section(
            v,
            lang,
            self.min_purchase.as_deref(),
            Message::MinPurchase,
            Message::SaveMinPurchase,
        ));
        scrollable(container(col).padding(theme::PAD))
            .width(Fill)
            .height(Fill)
            .into()
    }
}

pub fn status_text(lang: Lang, s: &ReaderStatus) -> String {
    match s {
        ReaderStatus::Connected => tr(lang, S::Connected).to_string(),
        ReaderStatus::Disconnected { reason } => {
            format!("{} ({reason})", tr(lang, S::Disconnected))
        }
        ReaderStatus::Error {
            message,
            message_fa,
            ..
        } => format!(
            "{}: {}",
            tr(lang, S::ReaderError),
            lang.pick(message_fa, message)
        ),
    }
}

/// Serial ports and HID devices present now, each with the reader spec that would use it
/// (the suggested profile, or `barcode-serial` / `hidpos` to change).
fn detect() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in vafa_devices::serial::list_ports().unwrap_or_default() {
        let profile = p.suggested_profile.unwrap_or("barcode-serial");
        let name = p.path.rsplit('/').next().unwrap_or("reader").to_string();
        let line = format!(
            "{} {} — {profile}",
            p.path,
            p.product.as_deref().unwrap_or("")
        );
        out.push((line, format!("{name}={profile}@{}", p.path)));
    }
    for h in vafa_devices::hid::list_hid().unwrap_or_default() {
        let Some(profile) = h.suggested_profile else {
            continue;
        };
        let line = format!(
            "USB {:04x}:{:04x} {} — {profile}",
            h.vendor_id,
            h.product_id,
            h.product.as_deref().unwrap_or("")
        );
        let spec = format!(
            "usb-{:04x}={profile}@usb:{:04x}:{:04x}",
            h.product_id, h.vendor_id, h.product_id
        );
        out.push((line, spec));
    }
    out
}

/// A row choosing between the languages: `label`, then each language in itself, `current`
/// marked.
fn lang_choice<'a>(
    lang: Lang,
    label: S,
    current: Lang,
    msg: fn(Lang) -> Message,
) -> Element<'a, Message> {
    let options = [Lang::Fa, Lang::En].map(|l| choice(lang_name(l), current == l, msg(l)));
    let mut items = vec![t(tr(lang, label)).size(theme::TEXT).into()];
    items.extend(options);
    start(lang, row_dir(lang, items).spacing(12).align_y(iced::Center)).into()
}
