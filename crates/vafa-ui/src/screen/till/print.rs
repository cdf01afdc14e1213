//! Printing from the till: the result panel's "print receipt" (F7) and, on the idle
//! screen, a reprint of the last sale. The slip is the service's (`vafa receipt` draws the
//! same); a printer that fails says so in the till's error banner and nothing else changes.

use iced::Element;
use iced::widget::button;

use crate::bidi::{row_dir, start, t};
use crate::theme;
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::receipts::draw;
use vafa_text::Say;
use vafa_text::receipt::{Word, word};

/// Prints the receipt of `sale_id` on the shop's printer; the error as the cashier reads it.
pub fn print(v: &Vafa, sale_id: &str, reprint: bool, lang: Lang) -> Result<(), String> {
    let r = v.receipt(sale_id, reprint).map_err(|e| e.say(lang))?;
    let slip = v.receipt_slip(&r);
    let bitmap = draw(&slip, v.paper(None));
    v.print_slip(&bitmap, None, !reprint)
        .map(|_| ())
        .map_err(|e| e.say(lang))
}

/// The button: "print receipt" after a sale, "reprint the last receipt" on idle.
pub fn button_for<'a, M: Clone + 'a>(lang: Lang, reprint: bool, msg: M) -> Element<'a, M> {
    let label = word(
        lang,
        if reprint {
            Word::ReprintLast
        } else {
            Word::PrintReceipt
        },
    );
    start(
        lang,
        button(t(label).size(theme::TEXT))
            .padding(theme::PAD)
            .style(button::secondary)
            .on_press(msg),
    )
    .into()
}

/// The idle screen's "reprint the last receipt" (when there is one) and "end of day".
pub fn idle_buttons<'a>(lang: Lang, reprint: bool) -> Element<'a, super::Message> {
    let mut items = Vec::new();
    if reprint {
        items.push(button_for(lang, true, super::Message::Print));
    }
    items.push(
        button(t(word(lang, Word::EndOfDay)).size(theme::TEXT))
            .padding(theme::PAD)
            .style(button::secondary)
            .on_press(super::Message::EndOfDay)
            .into(),
    );
    row_dir(lang, items).spacing(12).into()
}
