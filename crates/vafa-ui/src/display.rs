//! The till's windows: the cashier's, and the customer display (a second window for a
//! screen facing the customer, [`super::screen::customer`]), opened from Settings or F11
//! and reopened with the till on this machine ([`super::prefs`]).

use iced::widget::{button, container};
use iced::window;
use iced::{Element, Size, Task, Theme};

use vafa_text::display::{D, dt};
use vafa_text::format::Unit;

use super::app::{App, Message, Phase};
use super::screen::customer;
use super::theme;

impl App {
    /// The cashier's window (at `size`) and, when this machine uses one, the display.
    pub fn open_windows(&mut self, size: Size) -> Task<Message> {
        let (id, opened) = window::open(window::Settings {
            size,
            ..window::Settings::default()
        });
        self.main_window = Some(id);
        let display = if super::prefs::customer_display(&self.dir) {
            self.open_display()
        } else {
            Task::none()
        };
        opened.discard().chain(display)
    }

    fn open_display(&mut self) -> Task<Message> {
        if self.customer.is_some() {
            return Task::none();
        }
        let (id, opened) = window::open(window::Settings {
            size: Size::new(1024.0, 600.0),
            ..window::Settings::default()
        });
        self.customer = Some(id);
        opened.discard()
    }

    /// Opens or closes the customer display, and remembers which on this machine.
    pub(crate) fn toggle_display(&mut self) -> Task<Message> {
        let on = self.customer.is_none();
        if let Err(e) = super::prefs::set_customer_display(&self.dir, on) {
            eprintln!("vafa: the customer display's setting was not remembered: {e}");
        }
        match self.customer.take() {
            Some(id) => window::close(id),
            None => self.open_display(),
        }
    }

    /// A window went: the cashier's ends the till; the display's is only forgotten.
    pub(crate) fn window_closed(&mut self, id: window::Id) -> Task<Message> {
        if self.customer == Some(id) {
            self.customer = None;
            Task::none()
        } else if self.main_window == Some(id) {
            iced::exit()
        } else {
            Task::none()
        }
    }

    /// What window `id` shows.
    pub fn view_window(&self, id: window::Id) -> Element<'_, Message> {
        if self.customer == Some(id) {
            self.customer_view()
        } else {
            self.view()
        }
    }

    /// The customer display's content (for the second window, and for tests).
    pub fn customer_view(&self) -> Element<'_, Message> {
        let lang = self.lang();
        match &self.vafa {
            Some(v) => customer::view(
                lang,
                Unit::of(&v.shop.unit),
                &v.shop.name,
                matches!(self.phase, Phase::Main).then_some(&self.till),
                v.offer_names(),
            ),
            None => iced::widget::space().into(),
        }
    }

    pub fn title_of(&self, id: window::Id) -> String {
        if self.customer == Some(id) {
            dt(self.lang(), D::DisplayTitle).to_string()
        } else {
            self.title()
        }
    }

    pub fn theme_of(&self, _id: window::Id) -> Theme {
        theme::theme()
    }
}

impl App {
    /// The customer display's line at the top of Settings: what it is, and Open/Close.
    pub(crate) fn display_setting(&self) -> Element<'_, Message> {
        use super::bidi::{row_dir, start, t};
        let lang = self.lang();
        let open = self.customer.is_some();
        container(start(
            lang,
            row_dir(
                lang,
                vec![
                    t(format!(
                        "{}: {}",
                        dt(lang, D::CustomerDisplay),
                        dt(lang, D::CustomerDisplayHint)
                    ))
                    .size(theme::SMALL)
                    .width(iced::Fill)
                    .into(),
                    button(t(dt(lang, if open { D::CloseIt } else { D::Open })).size(theme::TEXT))
                        .padding([8, 16])
                        .style(move |th, st| {
                            if open {
                                theme::secondary(th, st)
                            } else {
                                theme::primary(th, st)
                            }
                        })
                        .on_press(Message::CustomerDisplay)
                        .into(),
                ],
            )
            .spacing(12)
            .align_y(iced::Center),
        ))
        .padding([8, 16])
        .into()
    }
}
