//! Text and direction. Every piece of text goes through [`t`] (Vazirmatn, advanced
//! shaping); rows that should mirror in Persian go through [`row_dir`]; text that should
//! hug the reading edge goes through [`start`] (iced 0.14 draws right-aligned Persian text
//! wrongly with `text(..).align_x(Right)`, so the container aligns it instead).

use iced::widget::text::{IntoFragment, Shaping};
use iced::widget::{Container, Row, Text, container, text};
use iced::{Element, Fill};

use vafa_core::lang::Lang;

use super::font;

/// Text in Vazirmatn with advanced shaping (joined Persian letters, mixed scripts).
pub fn t<'a>(s: impl IntoFragment<'a>) -> Text<'a> {
    text(s).font(font::REGULAR).shaping(Shaping::Advanced)
}

/// Bold text.
pub fn b<'a>(s: impl IntoFragment<'a>) -> Text<'a> {
    t(s).font(font::BOLD)
}

/// A row whose children read in the language's direction: reversed for Persian.
pub fn row_dir<'a, M: 'a>(lang: Lang, mut children: Vec<Element<'a, M>>) -> Row<'a, M> {
    if lang == Lang::Fa {
        children.reverse();
    }
    Row::with_children(children)
}

/// `el` at the start of the line: the right edge in Persian, the left in English.
pub fn start<'a, M: 'a>(lang: Lang, el: impl Into<Element<'a, M>>) -> Container<'a, M> {
    let c = container(el).width(Fill);
    match lang {
        Lang::Fa => c.align_x(iced::Right),
        Lang::En => c.align_x(iced::Left),
    }
}

/// A label and its value on one line, mirrored in Persian.
pub fn pair<'a, M: 'a>(lang: Lang, label: &'a str, value: String) -> Row<'a, M> {
    row_dir(
        lang,
        vec![
            t(label).size(super::theme::TEXT).into(),
            b(value).size(super::theme::TEXT).into(),
        ],
    )
    .spacing(12)
}

/// A line that mixes Persian with Latin (offer ids, card numbers) laid out right to left
/// in Persian: a leading right-to-left mark fixes the paragraph's direction, which would
/// otherwise follow the first strong letter.
pub fn para(lang: Lang, s: String) -> String {
    match lang {
        Lang::Fa => format!("\u{200F}{s}"),
        Lang::En => s,
    }
}

/// The reading edge, for text fields (`text_input(..).align_x(edge(lang))`).
pub fn edge(lang: Lang) -> iced::alignment::Horizontal {
    match lang {
        Lang::Fa => iced::alignment::Horizontal::Right,
        Lang::En => iced::alignment::Horizontal::Left,
    }
}
