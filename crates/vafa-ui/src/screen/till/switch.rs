//! The question when another card is read while an amount is half typed for a customer.

use iced::Element;

use super::Message;
use crate::widget::{primary_button, question, secondary_button};
use vafa_core::lang::Lang;
use vafa_text::format::digits;
use vafa_text::i18n::{S, tr};

pub fn ask<'a>(lang: Lang, card: &str) -> Element<'a, Message> {
    question(
        lang,
        format!("{}: {}", tr(lang, S::AnotherCard), digits(card, lang)),
        tr(lang, S::AnotherCardHint),
        vec![
            primary_button(tr(lang, S::KeepCustomer), Some(Message::KeepCustomer)),
            secondary_button(tr(lang, S::SwitchCustomer), Message::SwitchCard),
        ],
    )
}
