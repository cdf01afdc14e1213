//! The till's view: the stage in a scrolled body above an action bar that always shows
//! (Confirm/Cancel, Next customer...), and the keypad.

use chrono::NaiveDate;
use iced::widget::{button, column, container, scrollable, space, text_input};
use iced::{Element, Fill};

use super::{AMOUNT_ID, LOOKUP_ID, REDEEM_ID, redeem_label, typed_rials};
use super::{Message, Stage, State, member_card, preview, result, switch, void_last_button};
use crate::bidi::{b, para, row_dir, start, t};
use crate::theme;
use crate::widget::{action_bar, keypad, primary_button, secondary_button};
use vafa_core::lang::Lang;
use vafa_core::phone::parse_mobile;
use vafa_service::MemberView;
use vafa_text::display::{D, dt};
use vafa_text::format::{Unit, digits, money};
use vafa_text::i18n::{S, tr};
use vafa_text::names::OfferNames;

impl State {
    pub fn view<'a>(
        &'a self,
        lang: Lang,
        unit: Unit,
        today: NaiveDate,
        names: &OfferNames,
    ) -> Element<'a, Message> {
        let main: Element<'a, Message> = match &self.stage {
            Stage::Idle => self.idle(lang),
            Stage::Member(m) => self.selling(lang, unit, Some(m), today, names),
            Stage::Guest => self.selling(lang, unit, None, today, names),
            Stage::Done { result, member, .. } => {
                let done = result::done(
                    lang,
                    unit,
                    result,
                    member.as_deref(),
                    self.show_others,
                    names,
                );
                match super::join::offer(lang, self) {
                    Some(offer) => column![offer, done].spacing(12).into(),
                    None => done,
                }
            }
            Stage::UnknownCard(card) => column![
                start(lang, b(tr(lang, S::UnknownCard)).size(theme::TITLE)),
                start(lang, t(digits(card, lang)).size(theme::TEXT)),
            ]
            .spacing(16)
            .into(),
            Stage::Close(panel) => panel.view(lang).map(Message::Close),
            Stage::Blocked {
                card,
                reason,
                owner,
            } => {
                let mut col = column![
                    start(lang, b(tr(lang, S::BlockedCard)).size(theme::TITLE)),
                    start(lang, t(digits(card, lang)).size(theme::TEXT)),
                ]
                .spacing(12);
                if let Some((_, name)) = owner {
                    col = col.push(start(
                        lang,
                        b(format!("{} {name}", dt(lang, D::CardOf))).size(theme::TITLE),
                    ));
                }
                col = col.push(start(
                    lang,
                    t(format!("{}: {}", tr(lang, S::BlockedReason), reason)).size(theme::TEXT),
                ));
                col = col.push(start(
                    lang,
                    t(para(lang, dt(lang, D::BlockedWhatToDo).to_string())).size(theme::TEXT),
                ));
                container(col)
                    .padding(theme::PAD)
                    .style(theme::alert)
                    .into()
            }
        };
        let error: Element<'a, Message> = match &self.error {
            Some(e) => container(start(lang, t(e.as_str()).size(theme::TEXT)))
                .padding(12)
                .style(theme::alert)
                .into(),
            None => space().into(),
        };
        let pad = keypad(
            lang,
            Message::Pad,
            Message::PadBack,
            Message::PadClear,
            Message::Confirm,
        );
        // The print job's note and good news only when there are some (no empty gaps).
        let mut body = column![error].spacing(16).padding(theme::PAD);
        if self.print_note.is_some() {
            body = body.push(super::print::note_view(lang, self.print_note.as_ref()));
        }
        if let Some(n) = &self.notice {
            body = body.push(start(
                lang,
                t(n.as_str()).size(theme::TEXT).color(theme::OK),
            ));
        }
        let body = body.push(main);
        let actions = self.actions(lang, unit);
        // The keypad scrolls on its own when the window is too low for it; the action bar
        // runs under both, the whole width of the window (room for every button at 800).
        let panes = row_dir(
            lang,
            vec![
                scrollable(body).width(Fill).height(Fill).into(),
                scrollable(container(pad).padding(theme::PAD))
                    .height(Fill)
                    .into(),
            ],
        )
        .height(Fill);
        if actions.is_empty() {
            panes.into()
        } else {
            column![panes, action_bar(lang, actions)].into()
        }
    }

    fn idle(&self, lang: Lang) -> Element<'_, Message> {
        let mut col = column![
            space().height(40),
            start(lang, b(tr(lang, S::SwipePrompt)).size(theme::HUGE)),
            text_input(tr(lang, S::SwipeHint), &self.lookup)
                .style(crate::theme::input)
                .align_x(crate::bidi::edge(lang))
                .id(LOOKUP_ID)
                .on_input(Message::LookupChanged)
                .on_submit(Message::Lookup)
                .font(crate::font::REGULAR)
                .size(theme::TITLE)
                .padding(theme::PAD),
            row_dir(
                lang,
                vec![
                    primary_button(tr(lang, S::Find), Some(Message::Lookup)),
                    crate::widget::focusable(
                        tr(lang, S::GuestSale),
                        button(t(tr(lang, S::GuestSale)).size(theme::TEXT))
                            .padding(theme::PAD)
                            .style(crate::theme::secondary)
                            .on_press(Message::Guest),
                        Some(Message::Guest),
                    ),
                    void_last_button(lang),
                ],
            )
            .spacing(12)
            // On a narrow screen the buttons go on to a second line, never squeezed.
            .wrap()
            .vertical_spacing(12)
            .align_x(crate::bidi::edge(lang)),
        ]
        .spacing(20);
        if self.error.is_some() && parse_mobile(&self.lookup).is_some() {
            col = col.push(start(
                lang,
                crate::widget::focusable(
                    tr(lang, S::Enrol),
                    button(t(format!("{} (F2)", tr(lang, S::Enrol))).size(theme::TEXT))
                        .padding(theme::PAD)
                        .style(crate::theme::primary)
                        .on_press(Message::EnrolCard),
                    Some(Message::EnrolCard),
                ),
            ));
        }
        col = col.push(start(
            lang,
            super::print::idle_buttons(lang, self.last_sale.is_some()),
        ));
        col = col.push(space().height(30));
        col = col.push(start(
            lang,
            t(para(lang, tr(lang, S::Keys).to_string()))
                .size(theme::SMALL)
                .color(theme::MUTED),
        ));
        col.into()
    }

    fn selling<'a>(
        &'a self,
        lang: Lang,
        unit: Unit,
        member: Option<&'a MemberView>,
        today: NaiveDate,
        names: &OfferNames,
    ) -> Element<'a, Message> {
        let mut col = column![].spacing(14);
        if let Some(read) = &self.switch {
            col = col.push(switch::ask(lang, &read.card));
        }
        match member {
            Some(m) => col = col.push(member_card(lang, unit, m, today)),
            None => col = col.push(start(lang, b(tr(lang, S::Guest)).size(theme::TITLE))),
        }
        let unit_name = tr(
            lang,
            match unit {
                Unit::Rial => S::Rial,
                Unit::Toman => S::Toman,
            },
        );
        col = col.push(start(
            lang,
            t(format!("{} ({unit_name})", tr(lang, S::Amount))).size(theme::TEXT),
        ));
        col = col.push(
            text_input(
                match lang {
                    Lang::Fa => "۰",
                    Lang::En => "0",
                },
                &self.amount,
            )
            .style(crate::theme::input)
            .align_x(crate::bidi::edge(lang))
            .id(AMOUNT_ID)
            .on_input(Message::AmountChanged)
            .on_submit(Message::Confirm)
            .font(crate::font::REGULAR)
            .size(theme::HUGE)
            .padding(theme::PAD),
        );
        // The total and the cash to collect, as the dry run of the sale works them out;
        // until it can, the amount as the till reads it.
        match (&self.preview, typed_rials(&self.amount, unit)) {
            (Some(p), Some(_)) => col = col.push(super::totals::totals(lang, unit, p)),
            (None, Some(r)) => {
                col = col.push(start(
                    lang,
                    b(format!("= {}", money(r, unit, lang))).size(theme::TEXT),
                ))
            }
            _ => {}
        }
        if let Some(m) = member
            && m.balance.credit > 0
        {
            let toggle = button(
                t(redeem_label(lang, unit, self.redeem, m.balance.credit)).size(theme::TEXT),
            )
            .padding(theme::PAD)
            .style(if self.redeem {
                crate::theme::primary
            } else {
                crate::theme::secondary
            })
            .on_press(Message::RedeemToggled(!self.redeem));
            col = col.push(start(lang, toggle));
            if self.redeem {
                col = col.push(
                    text_input(tr(lang, S::CreditToUse), &self.redeem_amount)
                        .style(crate::theme::input)
                        .id(REDEEM_ID)
                        .align_x(crate::bidi::edge(lang))
                        .on_input(Message::RedeemChanged)
                        .on_submit(Message::Confirm)
                        .font(crate::font::REGULAR)
                        .size(theme::TEXT)
                        .padding(12),
                );
            }
        }
        col = col.push(self.basket.view(lang, unit).map(Message::Basket));
        col = col.push(preview::offers_preview(
            lang,
            unit,
            self.preview.as_ref(),
            names,
        ));
        col.into()
    }
    /// The buttons of the action bar for the stage on screen.
    fn actions<'a>(&self, lang: Lang, unit: Unit) -> Vec<Element<'a, Message>> {
        match &self.stage {
            Stage::Idle => Vec::new(),
            Stage::Member(_) | Stage::Guest => {
                let mut v = vec![
                    primary_button(tr(lang, S::Confirm), Some(Message::Confirm)),
                    secondary_button(tr(lang, S::Cancel), Message::Cancel),
                ];
                // The cash to collect stays in sight above the fold, whatever the screen.
                if let (Some(p), Some(_)) = (&self.preview, typed_rials(&self.amount, unit)) {
                    v.push(super::totals::to_collect(lang, unit, p));
                }
                v
            }
            Stage::Done { .. } => vec![
                primary_button(tr(lang, S::NextCustomer), Some(Message::Confirm)),
                void_last_button(lang),
                super::print::button_for(lang, false, Message::Print),
            ],
            Stage::Close(_) => Vec::new(),
            Stage::UnknownCard(_) => vec![
                primary_button(tr(lang, S::EnrolThisCard), Some(Message::EnrolCard)),
                secondary_button(tr(lang, S::Cancel), Message::Cancel),
            ],
            Stage::Blocked { owner, .. } => {
                let mut v = Vec::new();
                if owner.is_some() {
                    v.push(primary_button(
                        dt(lang, D::OpenOwner),
                        Some(Message::OpenOwner),
                    ));
                }
                v.push(secondary_button(tr(lang, S::Cancel), Message::Cancel));
                v
            }
        }
    }
}
