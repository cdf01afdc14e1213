//! The totals card under the amount, from the dry run of the sale as typed: the total in
//! large figures, what discount and credit take off, and the cash to collect, largest of
//! all, so the cashier says the right figure before confirming a credit payment.

use iced::widget::text::IntoFragment;
use iced::widget::{column, container, rule};
use iced::{Element, Fill};

use crate::bidi::{b, row_dir, start, t};
use crate::theme;
use vafa_core::lang::Lang;
use vafa_service::SaleResult;
use vafa_text::display::{D, dt};
use vafa_text::format::{Unit, money};
use vafa_text::i18n::{S, tr};

/// One line: the label at the reading edge, the figure at the other.
pub fn line<'a, M: 'a>(
    lang: Lang,
    label: impl IntoFragment<'a>,
    value: String,
    size: u32,
) -> Element<'a, M> {
    row_dir(
        lang,
        vec![
            start(lang, t(label).size(size.min(theme::TITLE))).into(),
            b(value).size(size).into(),
        ],
    )
    .spacing(12)
    .align_y(iced::Center)
    .into()
}

/// What comes off the total: a line for the discount and one for the credit used, each
/// only when there is some.
pub fn deductions<'a, M: 'a>(
    lang: Lang,
    unit: Unit,
    p: &SaleResult,
    size: u32,
) -> Vec<Element<'a, M>> {
    [
        (S::Discount, p.discount),
        (S::CreditUsed, p.credit_redeemed),
    ]
    .into_iter()
    .filter(|(_, v)| *v > 0)
    .map(|(label, v)| {
        line(
            lang,
            tr(lang, label),
            format!("− {}", money(v, unit, lang)),
            size,
        )
    })
    .collect()
}

/// The card.
pub fn totals<'a, M: 'a>(lang: Lang, unit: Unit, p: &SaleResult) -> Element<'a, M> {
    let mut col = column![line(
        lang,
        tr(lang, S::Gross),
        money(p.gross, unit, lang),
        theme::HUGE
    )]
    .spacing(6);
    for l in deductions(lang, unit, p, theme::TEXT) {
        col = col.push(l);
    }
    col = col.push(rule::horizontal(1));
    col = col.push(
        row_dir(
            lang,
            vec![
                start(lang, b(dt(lang, D::CashToCollect)).size(theme::TITLE)).into(),
                b(money(p.paid, unit, lang))
                    .size(theme::TOTAL)
                    .color(theme::PRIMARY)
                    .into(),
            ],
        )
        .spacing(12)
        .align_y(iced::Center),
    );
    container(col)
        .padding(theme::PAD)
        .width(Fill)
        .style(theme::total)
        .into()
}

/// The cash to collect in the action bar (always in sight): the words and the figure.
pub fn to_collect<'a, M: 'a>(lang: Lang, unit: Unit, p: &SaleResult) -> Element<'a, M> {
    container(
        row_dir(
            lang,
            vec![
                t(dt(lang, D::CashToCollect)).size(theme::TEXT).into(),
                b(money(p.paid, unit, lang))
                    .size(theme::TITLE)
                    .color(theme::PRIMARY)
                    .into(),
            ],
        )
        .spacing(10)
        .align_y(iced::Center),
    )
    .padding([4, 12])
    .style(theme::total)
    .into()
}
