//! The membership rule in the settings screen: `[membership] min_purchase`, typed in the
//! shop's unit, saved through the same import as `vafa config import` (audited, sent to
//! head office). 0 is voluntary membership.

use iced::Element;
use iced::widget::{column, text_input};

use crate::bidi::{pair, start, t};
use crate::screen::till::typed_rials;
use crate::theme;
use crate::widget::primary_button;
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_text::Say;
use vafa_text::format::{Unit, money, num};
use vafa_text::i18n::{S, tr};
use vafa_text::membership::{Word, word};

pub const MIN_PURCHASE_ID: &str = "settings-min-purchase";

/// The current minimum in the shop's unit, as a field shows it.
pub fn shown(v: &Vafa, lang: Lang) -> String {
    let rials = v.config().membership.min_purchase;
    match Unit::of(&v.shop.unit) {
        Unit::Rial => num(rials, lang),
        Unit::Toman => num(rials / 10, lang),
    }
}

/// Saves what was typed (in the shop's unit); the error as the person reads it.
pub fn save(v: &mut Vafa, typed: &str, lang: Lang) -> Result<(), String> {
    let text = if typed.trim().is_empty() { "0" } else { typed };
    let Some(rials) = typed_rials(text, Unit::of(&v.shop.unit)) else {
        return Err(format!(
            "{}: {}",
            word(lang, Word::MinPurchase),
            tr(lang, S::Required)
        ));
    };
    v.set_min_purchase(rials)
        .map(|_| ())
        .map_err(|e| e.say(lang))
}

/// The settings section: the field (the value typed, else the saved one) and its button.
pub fn section<'a, M: Clone + 'a>(
    v: &Vafa,
    lang: Lang,
    typed: Option<&str>,
    on_input: fn(String) -> M,
    on_save: M,
) -> Element<'a, M> {
    let unit = Unit::of(&v.shop.unit);
    let value = typed.map(str::to_string).unwrap_or_else(|| shown(v, lang));
    column![
        start(
            lang,
            pair(
                lang,
                word(lang, Word::MinPurchase),
                money(v.config().membership.min_purchase, unit, lang),
            )
        ),
        text_input(&vafa_text::format::digits("0", lang), &value)
            .id(MIN_PURCHASE_ID)
            .style(crate::theme::input)
            .align_x(crate::bidi::edge(lang))
            .font(crate::font::REGULAR)
            .on_input(on_input)
            .on_submit(on_save.clone())
            .padding(10)
            .size(theme::TEXT),
        start(
            lang,
            t(word(lang, Word::MinPurchaseHint)).size(theme::SMALL)
        ),
        start(
            lang,
            primary_button(word(lang, Word::SaveMinPurchase), Some(on_save))
        ),
    ]
    .spacing(8)
    .into()
}
