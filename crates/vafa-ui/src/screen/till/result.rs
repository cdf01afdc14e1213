//! The result of a recorded sale: its figures, the new balance, the chosen offer and (on
//! request) why each other one was not.

use iced::widget::{button, column, container};
use iced::{Element, Fill};

use super::Message;
use crate::bidi::{b, pair, para, row_dir, start, t};
use crate::theme;
use crate::widget::offer_line;
use vafa_core::lang::Lang;
use vafa_service::{MemberView, SaleResult};
use vafa_text::display::credit_parts;
use vafa_text::format::{Unit, money, num};
use vafa_text::i18n::{S, tr};
use vafa_text::names::OfferNames;
use vafa_text::offer::{Reader, reason};

/// The result panel.
pub fn done<'a>(
    lang: Lang,
    unit: Unit,
    r: &'a SaleResult,
    member: Option<&'a MemberView>,
    show_others: bool,
    names: &OfferNames,
) -> Element<'a, Message> {
    let m = |s, v| -> Element<'a, Message> {
        start(lang, pair(lang, tr(lang, s), money(v, unit, lang))).into()
    };
    let mut col = column![start(
        lang,
        b(tr(lang, S::SaleDone)).size(theme::HUGE).color(theme::OK)
    )]
    .spacing(10);
    if let Some(mv) = member {
        col = col.push(start(
            lang,
            b(format!("{} {}", mv.first_name, mv.last_name)).size(theme::TITLE),
        ));
    }
    col = col.push(m(S::Gross, r.gross));
    col = col.push(m(S::Discount, r.discount));
    col = col.push(m(S::CreditUsed, r.credit_redeemed));
    // `paid` includes what a gift card paid: the money to collect is the rest.
    if r.gift_redeemed > 0 {
        col = col.push(m(S::GiftPaid, r.gift_redeemed));
    }
    col = col.push(m(S::Paid, r.money_taken()));
    if r.member_id.is_some() {
        col = col.push(m(S::CreditEarned, r.credit_earned));
        for (label, credit) in credit_parts(&r.credit_from, names, lang) {
            col = col.push(start(
                lang,
                row_dir(
                    lang,
                    vec![
                        t(format!("· {label}")).size(theme::SMALL).into(),
                        t(money(credit, unit, lang)).size(theme::SMALL).into(),
                    ],
                )
                .spacing(12),
            ));
        }
        col = col.push(start(
            lang,
            pair(lang, tr(lang, S::PointsEarned), num(r.points_earned, lang)),
        ));
    }
    if let Some(bal) = &r.balance {
        col = col.push(start(
            lang,
            b(format!(
                "{}: {} {} · {} {}",
                tr(lang, S::NewBalance),
                tr(lang, S::Credit),
                money(bal.credit, unit, lang),
                tr(lang, S::Points),
                num(bal.points, lang)
            ))
            .size(theme::TEXT),
        ));
    }
    // Every offer that applied, each with its part (offers that combine add up).
    for c in r.offers.iter().filter(|o| o.chosen) {
        col = col.push(offer_line(lang, unit, c, names, "✔ ", theme::OK));
    }
    let others: Vec<_> = r.offers.iter().filter(|o| !o.chosen).collect();
    if !others.is_empty() {
        let label = tr(
            lang,
            if show_others {
                S::HideOthers
            } else {
                S::ShowOthers
            },
        );
        col = col.push(start(
            lang,
            button(t(format!("{label} ({})", num(others.len() as i64, lang))).size(theme::SMALL))
                .style(button::text)
                .on_press(Message::ToggleOthers),
        ));
        if show_others {
            for o in others {
                col = col.push(start(
                    lang,
                    t(para(
                        lang,
                        format!(
                            "{} — {}",
                            names.get(&o.id, lang),
                            reason(&o.why, Reader { names, unit, lang })
                        ),
                    ))
                    .size(theme::SMALL)
                    .color(theme::MUTED),
                ));
            }
        }
    }
    col = col.push(start(
        lang,
        t(tr(lang, S::BackToIdleSoon))
            .size(theme::SMALL)
            .color(theme::MUTED),
    ));
    container(col)
        .padding(theme::PAD)
        .width(Fill)
        .style(theme::good)
        .into()
}
