//! The customer-facing display: a second window (iced's multi-window daemon) for a screen
//! that faces the customer across the counter. It only reads the till's state: a welcome
//! while idle; the member's first name, the total, what credit takes off, what is to pay
//! and the credit the sale will earn while the cashier types; after the sale, what was
//! paid, what was earned and the new credit. No mobile number, no surname, no other
//! member's data: the screen is public.

use iced::widget::{column, container, space};
use iced::{Element, Fill};

use super::till::totals::{deductions, line};
use super::till::{self, Stage};
use crate::bidi::{b, start, t};
use crate::theme;
use vafa_core::lang::Lang;
use vafa_service::SaleResult;
use vafa_text::display::{D, credit_parts, dt};
use vafa_text::format::{Unit, money};
use vafa_text::i18n::{S, tr};
use vafa_text::names::OfferNames;

/// The display for what the till shows now (`None`: nobody is signed in).
pub fn view<'a, M: 'a>(
    lang: Lang,
    unit: Unit,
    shop: &'a str,
    till: Option<&'a till::State>,
    names: &OfferNames,
) -> Element<'a, M> {
    let big = |s: String| start(lang, b(s).size(theme::TOTAL));
    let mut col = column![].spacing(18);
    match till.map(|t| (t, &t.stage)) {
        Some((till, Stage::Member(_) | Stage::Guest)) => {
            if let Stage::Member(m) = &till.stage {
                col = col.push(big(format!(
                    "{} {}",
                    dt(lang, D::DisplayHello),
                    m.first_name
                )));
            }
            let mut card = column![].spacing(10);
            if let Some(p) = &till.preview {
                card = card.push(line(
                    lang,
                    tr(lang, S::Gross),
                    money(p.gross, unit, lang),
                    theme::HUGE,
                ));
                for l in deductions(lang, unit, p, theme::TITLE) {
                    card = card.push(l);
                }
                card = card.push(line(
                    lang,
                    dt(lang, D::ToPay),
                    money(p.paid, unit, lang),
                    theme::TOTAL,
                ));
                if p.member_id.is_some() {
                    card = card.push(earned(lang, D::YouEarn, money(p.credit_earned, unit, lang)));
                    card = parts(card, lang, unit, p, names);
                }
            }
            if let Stage::Member(m) = &till.stage {
                card = card.push(line(
                    lang,
                    dt(lang, D::YourCredit),
                    money(m.balance.credit, unit, lang),
                    theme::TITLE,
                ));
            }
            col = col.push(panel(card));
        }
        Some((_, Stage::Done { result, member, .. })) => {
            let comma = match lang {
                Lang::Fa => "،",
                Lang::En => ",",
            };
            let thanks = match member {
                Some(m) => format!("{}{comma} {}", dt(lang, D::ThankYou), m.first_name),
                None => dt(lang, D::ThankYou).to_string(),
            };
            col = col.push(big(thanks));
            let mut card = column![line(
                lang,
                tr(lang, S::Paid),
                // What the customer pays in money: a gift card's part is not.
                money(result.money_taken(), unit, lang),
                theme::TOTAL,
            )]
            .spacing(10);
            if result.member_id.is_some() {
                card = card.push(earned(
                    lang,
                    D::YouEarned,
                    money(result.credit_earned, unit, lang),
                ));
                card = parts(card, lang, unit, result, names);
            }
            if let Some(bal) = &result.balance {
                card = card.push(line(
                    lang,
                    dt(lang, D::YourCredit),
                    money(bal.credit, unit, lang),
                    theme::TITLE,
                ));
            }
            col = col.push(panel(card));
        }
        // Idle, and every screen the customer has no business reading (an unknown or
        // blocked card, the end of day): a welcome.
        _ => {
            col = col.push(space().height(40));
            col = col.push(big(dt(lang, D::DisplayWelcome).to_string()));
            col = col.push(start(lang, b(shop).size(theme::HUGE).color(theme::PRIMARY)));
            col = col.push(start(
                lang,
                t(dt(lang, D::DisplayHint))
                    .size(theme::TITLE)
                    .color(theme::MUTED),
            ));
        }
    }
    container(col.padding(32).max_width(1100))
        .center_x(Fill)
        .height(Fill)
        .style(|_| container::Style {
            background: Some(theme::BACKGROUND.into()),
            text_color: Some(theme::INK),
            ..container::Style::default()
        })
        .into()
}

/// Under what the member earns: where it comes from, when an offer added to it.
fn parts<'a, M: 'a>(
    mut card: iced::widget::Column<'a, M>,
    lang: Lang,
    unit: Unit,
    r: &SaleResult,
    names: &OfferNames,
) -> iced::widget::Column<'a, M> {
    for (label, credit) in credit_parts(&r.credit_from, names, lang) {
        card = card.push(line(
            lang,
            format!("· {label}"),
            money(credit, unit, lang),
            theme::TEXT,
        ));
    }
    card
}

fn earned<'a, M: 'a>(lang: Lang, d: D, value: String) -> Element<'a, M> {
    container(line(lang, dt(lang, d), value, theme::HUGE))
        .padding([8, 12])
        .style(theme::good)
        .into()
}

fn panel<'a, M: 'a>(col: iced::widget::Column<'a, M>) -> Element<'a, M> {
    container(col)
        .padding(24)
        .width(Fill)
        .style(theme::panel)
        .into()
}
