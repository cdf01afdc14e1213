//! The end-of-day panel on the till (F6): today's or this shift's figures by cashier, as
//! the printed close shows them; close the shift (recorded, audited) and print it. The
//! figures and their words are the service's and vafa-text's (`vafa report close` shows the
//! same).

use iced::Element;
use iced::widget::{button, column, rule};

use crate::bidi::{b, row_dir, start, t};
use crate::theme;
use vafa_core::lang::Lang;
use vafa_core::receipt::{CloseReport, Slip, SlipLine};
use vafa_service::Vafa;
use vafa_service::receipts::{PrintJob, draw};
use vafa_text::Say;
use vafa_text::receipt::{Word, word};

#[derive(Debug, Clone)]
pub enum Message {
    Day,
    Shift,
    CloseShift,
    Print,
    Back,
}

/// What the panel shows.
#[derive(Debug, Clone)]
pub struct Panel {
    pub report: CloseReport,
    pub slip: Slip,
}

impl Panel {
    /// Today's (or this shift's) close; the error as the cashier reads it.
    pub fn load(v: &Vafa, shift: bool, lang: Lang) -> Result<Panel, String> {
        let report = v.close_report(None, shift).map_err(|e| e.say(lang))?;
        let slip = v.close_slip(&report);
        Ok(Panel { report, slip })
    }

    /// A button's act: `Ok(None)` to stay, `Ok(Some(panel))` to show another, `Err` to say.
    pub fn update(&self, msg: &Message, v: &mut Vafa, lang: Lang) -> Result<Option<Panel>, String> {
        match msg {
            Message::Day => Panel::load(v, false, lang).map(Some),
            Message::Shift => Panel::load(v, true, lang).map(Some),
            Message::CloseShift => {
                let report = v.close_shift().map_err(|e| e.say(lang))?;
                let slip = v.close_slip(&report);
                Ok(Some(Panel { report, slip }))
            }
            // Printing is the till's (`print_job`, sent off the window's thread).
            Message::Print | Message::Back => Ok(None),
        }
    }

    /// The close's print job (nothing sent yet); the error as the cashier reads it.
    pub fn print_job(&self, v: &Vafa, lang: Lang) -> Result<PrintJob, String> {
        let bitmap = draw(&self.slip, v.paper(None));
        v.print_job(&bitmap, None, false).map_err(|e| e.say(lang))
    }

    pub fn view<'a>(&'a self, lang: Lang) -> Element<'a, Message> {
        let btn = |w: Word, m: Message| -> Element<'a, Message> {
            crate::widget::focusable(
                word(lang, w),
                button(t(word(lang, w)).size(theme::TEXT))
                    .padding(theme::PAD)
                    .style(crate::theme::secondary)
                    .on_press(m.clone()),
                Some(m),
            )
        };
        let mut col = column![
            row_dir(
                lang,
                vec![
                    btn(Word::ShowDay, Message::Day),
                    btn(Word::ShowShift, Message::Shift),
                    btn(Word::CloseShift, Message::CloseShift),
                    btn(Word::PrintClose, Message::Print),
                    btn(Word::Back, Message::Back),
                ],
            )
            .spacing(8)
        ]
        .spacing(6);
        for line in &self.slip.lines {
            let el: Element<'a, Message> = match line {
                SlipLine::Title(s) => start(lang, b(s.as_str()).size(theme::TITLE)).into(),
                SlipLine::Center(s) | SlipLine::Text(s) => {
                    start(lang, b(s.as_str()).size(theme::TEXT)).into()
                }
                SlipLine::Pair(l, r) | SlipLine::Strong(l, r) => row_dir(
                    lang,
                    vec![
                        t(l.as_str()).size(theme::TEXT).into(),
                        b(r.as_str()).size(theme::TEXT).into(),
                    ],
                )
                .spacing(12)
                .into(),
                SlipLine::Rule => rule::horizontal(1).into(),
                SlipLine::Gap => column![].into(),
            };
            col = col.push(el);
        }
        col.into()
    }
}
