//! Small shared pieces: big buttons, the numeric keypad, a labelled field with its error.

use iced::widget::{Column, button, column, container, text_input};
use iced::{Element, Fill, Length};

use vafa_core::lang::Lang;

pub mod focus;
pub mod icon;

pub use focus::focusable;

use super::bidi::{row_dir, start, t};
use super::font;
use super::theme;
use vafa_text::format::{Unit, digits, money};
use vafa_text::i18n::{S, tr};
use vafa_text::names::OfferNames;
use vafa_text::offer::{Reader, reason};

/// A large primary button (disabled when `on_press` is `None`); Tab reaches it.
pub fn primary_button<'a, M: Clone + 'a>(label: &'a str, on_press: Option<M>) -> Element<'a, M> {
    focusable(
        label,
        button(t(label).size(theme::TEXT))
            .padding(theme::PAD)
            .height(Length::Fixed(theme::TARGET))
            .style(theme::primary)
            .on_press_maybe(on_press.clone()),
        on_press,
    )
}

/// A secondary button; Tab reaches it.
pub fn secondary_button<'a, M: Clone + 'a>(label: &'a str, on_press: M) -> Element<'a, M> {
    focusable(
        label,
        button(t(label).size(theme::TEXT))
            .padding(theme::PAD)
            .height(Length::Fixed(theme::TARGET))
            .style(theme::secondary)
            .on_press(on_press.clone()),
        Some(on_press),
    )
}

/// A keypad key's height: five rows fit beside a form on a 600-pixel-high screen.
const KEY_H: f32 = 56.0;

/// An on-screen numeric keypad for a touch screen without a keyboard.
pub fn keypad<'a, M: Clone + 'a>(
    lang: Lang,
    digit: impl Fn(&'static str) -> M,
    back: M,
    clear: M,
    enter: M,
) -> Element<'a, M> {
    let key = |label: String, msg: M| -> Element<'a, M> {
        button(container(t(label).size(theme::TITLE)).center(Fill))
            .width(Length::Fixed(84.0))
            .height(Length::Fixed(KEY_H))
            .style(theme::key)
            .on_press(msg)
            .into()
    };
    let mut col = Column::new().spacing(8);
    for r in [["7", "8", "9"], ["4", "5", "6"], ["1", "2", "3"]] {
        let keys = r.iter().map(|c| key(digits(c, lang), digit(c))).collect();
        col = col.push(row_dir(Lang::En, keys).spacing(8));
    }
    col = col.push(
        row_dir(
            Lang::En,
            vec![
                key(digits("0", lang), digit("0")),
                key(digits("000", lang), digit("000")),
                key("⌫".into(), back),
            ],
        )
        .spacing(8),
    );
    col = col.push(
        row_dir(
            lang,
            vec![
                button(container(t(tr(lang, S::Clear)).size(theme::TEXT)).center(Fill))
                    .width(Length::Fixed(84.0))
                    .height(Length::Fixed(KEY_H))
                    .style(button::danger)
                    .on_press(clear)
                    .into(),
                button(container(t(tr(lang, S::EnterKey)).size(theme::TEXT)).center(Fill))
                    .width(Length::Fixed(176.0))
                    .height(Length::Fixed(KEY_H))
                    .style(button::success)
                    .on_press(enter)
                    .into(),
            ],
        )
        .spacing(8),
    );
    col.into()
}

/// A labelled text field, its error (in the current language) right under it.
pub fn field<'a, M: Clone + 'a>(
    lang: Lang,
    label: &'a str,
    hint: &'a str,
    value: &str,
    error: Option<&'a str>,
    on_input: impl Fn(String) -> M + 'a,
) -> Element<'a, M> {
    labelled(
        lang,
        text_input(hint, value)
            .id(field_id_of(label))
            .align_x(super::bidi::edge(lang)),
        label,
        error,
        on_input,
    )
}

/// The id of the [`field`] labelled `label` (to focus it, or to find it in a test).
pub fn field_id_of(label: &str) -> String {
    format!("field:{label}")
}

/// [`field`] with an id (to focus it).
pub fn field_id<'a, M: Clone + 'a>(
    lang: Lang,
    id: &'static str,
    label: &'a str,
    value: &'a str,
    error: Option<&'a str>,
    on_input: impl Fn(String) -> M + 'a,
) -> Element<'a, M> {
    labelled(
        lang,
        text_input("", value)
            .id(id)
            .align_x(super::bidi::edge(lang)),
        label,
        error,
        on_input,
    )
}

fn labelled<'a, M: Clone + 'a>(
    lang: Lang,
    input: text_input::TextInput<'a, M>,
    label: &'a str,
    error: Option<&'a str>,
    on_input: impl Fn(String) -> M + 'a,
) -> Element<'a, M> {
    let mut col = column![
        start(lang, t(label).size(theme::SMALL)),
        input
            .on_input(on_input)
            .font(font::REGULAR)
            .size(theme::TEXT)
            .padding(12)
            .style(move |th, st| {
                let mut s = theme::input(th, st);
                if error.is_some() {
                    s.border.color = theme::BAD;
                    s.border.width = 2.0;
                }
                s
            }),
    ]
    .spacing(4);
    if let Some(e) = error {
        col = col.push(start(lang, t(e).size(theme::SMALL).color(theme::BAD)));
    }
    col.into()
}

/// The error and notice banners a screen shows at its top (either may be absent).
pub fn banners<'a, M: 'a>(
    lang: Lang,
    error: Option<&'a str>,
    notice: Option<&'a str>,
) -> Element<'a, M> {
    let mut col = column![].spacing(8);
    if let Some(e) = error {
        col = col.push(
            container(start(lang, t(e).size(theme::TEXT)))
                .padding(12)
                .width(Fill)
                .style(theme::alert),
        );
    }
    if let Some(n) = notice {
        col = col.push(
            container(start(lang, t(n).size(theme::TEXT)))
                .padding(12)
                .width(Fill)
                .style(theme::good),
        );
    }
    col.into()
}

/// One of a few choices (language, unit, gender): highlighted when chosen.
pub fn choice<'a, M: Clone + 'a>(label: &'a str, on: bool, msg: M) -> Element<'a, M> {
    button(t(label).size(theme::TEXT))
        .padding(12)
        .style(if on {
            crate::theme::primary
        } else {
            crate::theme::secondary
        })
        .on_press(msg)
        .into()
}

/// One line of an offer explanation: the offer's name, its value, and why, in the
/// window's language and unit.
pub fn offer_line<'a, M: 'a>(
    lang: Lang,
    unit: Unit,
    o: &vafa_service::SaleOffer,
    names: &OfferNames,
    mark: &str,
    color: iced::Color,
) -> Element<'a, M> {
    let why = reason(&o.why, Reader { names, unit, lang });
    start(
        lang,
        t(super::bidi::para(
            lang,
            format!(
                "{mark}{} — {} — {why}",
                names.get(&o.id, lang),
                money(o.value, unit, lang),
            ),
        ))
        .size(theme::SMALL)
        .color(color),
    )
    .into()
}

/// A screen's body, scrolled when it does not fit, above an action bar that always shows
/// (Confirm, Cancel...: reachable on a 1024×600 or 800×600 screen without scrolling).
pub fn with_action_bar<'a, M: 'a>(
    lang: Lang,
    body: impl Into<Element<'a, M>>,
    actions: Vec<Element<'a, M>>,
) -> Element<'a, M> {
    column![
        iced::widget::scrollable(body).width(Fill).height(Fill),
        action_bar(lang, actions),
    ]
    .into()
}

/// The action bar alone: a white strip along the bottom with the screen's buttons.
pub fn action_bar<'a, M: 'a>(lang: Lang, actions: Vec<Element<'a, M>>) -> Element<'a, M> {
    container(start(
        lang,
        row_dir(lang, actions).spacing(12).align_y(iced::Center),
    ))
    .padding([8, 16])
    .width(Fill)
    .style(theme::action_bar)
    .into()
}

/// A question in a red-edged card: what is asked, a hint, and the answers' buttons.
pub fn question<'a, M: 'a>(
    lang: Lang,
    asked: String,
    hint: &'a str,
    answers: Vec<Element<'a, M>>,
) -> Element<'a, M> {
    container(
        column![
            start(lang, super::bidi::b(asked).size(theme::TEXT)),
            start(lang, t(hint).size(theme::SMALL)),
            start(lang, row_dir(lang, answers).spacing(12)),
        ]
        .spacing(10),
    )
    .padding(theme::PAD)
    .width(Fill)
    .style(theme::alert)
    .into()
}
