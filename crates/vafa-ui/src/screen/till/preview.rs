//! The offers that will apply to the sale as typed (a dry run of it), on the till while
//! the amount is typed.

use iced::widget::{column, container};
use iced::{Element, Fill};

use crate::bidi::{b, start, t};
use crate::theme;
use crate::widget::offer_line;
use vafa_core::lang::Lang;
use vafa_service::SaleResult;
use vafa_text::format::{Unit, money};
use vafa_text::i18n::{S, tr};
use vafa_text::names::OfferNames;

/// The eligible offers of `preview` (the chosen ones marked), and what is paid after them.
pub fn offers_preview<'a, M: 'a>(
    lang: Lang,
    unit: Unit,
    preview: Option<&SaleResult>,
    names: &OfferNames,
) -> Element<'a, M> {
    let Some(p) = preview else {
        return start(
            lang,
            t(tr(lang, S::TypeAmountForOffers))
                .size(theme::SMALL)
                .color(theme::MUTED),
        )
        .into();
    };
    let eligible: Vec<_> = p.offers.iter().filter(|o| o.eligible).collect();
    let mut col = column![start(
        lang,
        b(tr(lang, S::OffersThatApply)).size(theme::TEXT)
    )]
    .spacing(6);
    if eligible.is_empty() {
        col = col.push(start(
            lang,
            t(tr(lang, S::NoOfferApplies)).size(theme::SMALL),
        ));
    }
    for o in eligible {
        let mark = if o.chosen { "✔ " } else { "" };
        col = col.push(offer_line(
            lang,
            unit,
            o,
            names,
            mark,
            if o.chosen { theme::OK } else { theme::MUTED },
        ));
    }
    if p.discount > 0 || p.credit_redeemed > 0 {
        col = col.push(start(
            lang,
            b(format!(
                "{}: {}",
                tr(lang, S::Paid),
                money(p.paid, unit, lang)
            ))
            .size(theme::TEXT),
        ));
    }
    container(col)
        .padding(12)
        .width(Fill)
        .style(theme::panel)
        .into()
}
