//! The member on the till (and on their profile): name, mobile, tier, balances, visits,
//! last visit, what they owe, and a flag when their birthday is near.

use chrono::NaiveDate;
use iced::widget::{column, container};
use iced::{Element, Fill};

use crate::bidi::{b, pair, row_dir, start, t};
use crate::theme;
use vafa_core::calendar::{CalendarKind, GivenDate};
use vafa_core::lang::Lang;
use vafa_core::offer::engine::days_from_yearly;
use vafa_core::phone::parse_mobile;
use vafa_service::MemberView;
use vafa_text::format::{Unit, digits, money, num, show_day};
use vafa_text::i18n::{S, tr};
use vafa_text::names;

/// Whether a member's birthday is within a week of `today`.
pub fn birthday_near(m: &MemberView, today: NaiveDate) -> bool {
    let Some(date) = m
        .birth_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    else {
        return false;
    };
    let calendar = m
        .birth_calendar
        .as_deref()
        .and_then(CalendarKind::parse)
        .unwrap_or(CalendarKind::Gregorian);
    days_from_yearly(today, GivenDate { date, calendar }) <= 7
}

/// Name, tier, balances, visits, last visit, birthday flag.
pub fn member_card<'a, M: 'a>(
    lang: Lang,
    unit: Unit,
    m: &'a MemberView,
    today: NaiveDate,
) -> Element<'a, M> {
    let mut col = column![
        start(
            lang,
            b(format!("{} {}", m.first_name, m.last_name)).size(theme::TITLE)
        ),
        start(
            lang,
            t(digits(&local_mobile(&m.mobile), lang)).size(theme::SMALL)
        ),
        start(
            lang,
            row_dir(
                lang,
                vec![
                    pair(
                        lang,
                        tr(lang, S::Tier),
                        names::tier(m.tier.as_deref().unwrap_or("-"), lang)
                    )
                    .into(),
                    pair(
                        lang,
                        tr(lang, S::Credit),
                        money(m.balance.credit, unit, lang)
                    )
                    .into(),
                    pair(lang, tr(lang, S::Points), num(m.balance.points, lang)).into(),
                ]
            )
            .spacing(28)
        ),
        start(
            lang,
            row_dir(
                lang,
                vec![
                    pair(lang, tr(lang, S::Visits), num(m.visits, lang)).into(),
                    pair(
                        lang,
                        tr(lang, S::LastVisit),
                        m.last_visit
                            .as_deref()
                            .map(|d| show_day(d, lang))
                            .unwrap_or_else(|| tr(lang, S::Never).to_string())
                    )
                    .into(),
                ]
            )
            .spacing(28)
        ),
    ]
    .spacing(8);
    if m.owed.credit > 0 {
        col = col.push(start(
            lang,
            t(format!(
                "{}: {}",
                tr(lang, S::Owes),
                money(m.owed.credit, unit, lang)
            ))
            .size(theme::SMALL)
            .color(theme::WARN),
        ));
    }
    if birthday_near(m, today) {
        col = col.push(start(
            lang,
            b(tr(lang, S::Birthday))
                .size(theme::TEXT)
                .color(theme::WARN),
        ));
    }
    container(col)
        .padding(theme::PAD)
        .width(Fill)
        .style(theme::panel)
        .into()
}

/// `+989121234567` → `09121234567`.
pub fn local_mobile(canonical: &str) -> String {
    parse_mobile(canonical)
        .map(|m| m.local())
        .unwrap_or_else(|| canonical.to_string())
}
