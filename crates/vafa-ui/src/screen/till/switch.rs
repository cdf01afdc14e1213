//! The question when another card is read while an amount is half typed for a customer.

use iced::Element;
use iced::widget::{column, container};

use super::Message;
use crate::bidi::{b, row_dir, start, t};
use crate::theme;
use crate::widget::{primary_button, secondary_button};
use vafa_core::lang::Lang;
use vafa_text::format::digits;
use vafa_text::i18n::{S, tr};

pub fn ask<'a>(lang: Lang, card: &str) -> Element<'a, Message> {
    container(
        column![
            start(
                lang,
                b(format!(
                    "{}: {}",
                    tr(lang, S::AnotherCard),
                    digits(card, lang)
                ))
                .size(theme::TEXT)
            ),
            start(lang, t(tr(lang, S::AnotherCardHint)).size(theme::SMALL)),
            row_dir(
                lang,
                vec![
                    primary_button(tr(lang, S::KeepCustomer), Some(Message::KeepCustomer)).into(),
                    secondary_button(tr(lang, S::SwitchCustomer), Message::SwitchCard).into(),
                ]
            )
            .spacing(12),
        ]
        .spacing(10),
    )
    .padding(theme::PAD)
    .style(theme::alert)
    .into()
}
