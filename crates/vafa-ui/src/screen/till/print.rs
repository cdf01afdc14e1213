//! Printing from the till: the result panel's "print receipt" (F7) and, on the idle
//! screen, a reprint of the last sale. The slip is the service's (`vafa receipt` draws the
//! same). The slip's bytes are made on the window's thread (quick); sending them waits for
//! the printer (a network printer up to 5 s to connect, a serial port up to 20 s to write),
//! so that happens on a thread of its own and the window goes on; the outcome comes back as
//! [`super::Message::Printed`] and is shown under the banner ([`note_view`]). A printer that
//! fails says so and nothing else changes.

use iced::widget::{button, container, space};
use iced::{Element, Task};

use crate::bidi::{row_dir, start, t};
use crate::theme;
use vafa_core::error::Error;
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::receipts::{PrintJob, draw};
use vafa_text::Say;
use vafa_text::receipt::{Word, word};

/// Where the last print job is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Sent off; the printer has not answered yet.
    Sending,
    Printed,
    /// The error as the cashier reads it.
    Failed(String),
}

/// The print job of the receipt of `sale_id` on the shop's printer (nothing sent yet);
/// the error as the cashier reads it.
pub fn receipt_job(v: &Vafa, sale_id: &str, reprint: bool, lang: Lang) -> Result<PrintJob, String> {
    let r = v.receipt(sale_id, reprint).map_err(|e| e.say(lang))?;
    let slip = v.receipt_slip(&r);
    let bitmap = draw(&slip, v.paper(None));
    v.print_job(&bitmap, None, !reprint)
        .map_err(|e| e.say(lang))
}

/// Sends `job` on a thread of its own: the task ends with the outcome, as the cashier
/// reads it, when the printer has taken the bytes or the transport gave up.
pub fn send(job: PrintJob, lang: Lang) -> Task<Result<(), String>> {
    Task::perform(
        async move {
            let target = job.target().to_string();
            let failed = |detail: String| {
                Err(Error::Printer {
                    target: target.clone(),
                    detail,
                }
                .say(lang))
            };
            let (tx, rx) = iced::futures::channel::oneshot::channel();
            let spawned = std::thread::Builder::new()
                .name("vafa-print".into())
                .spawn(move || {
                    let _ = tx.send(job.send().map(|_| ()).map_err(|e| e.say(lang)));
                });
            if let Err(e) = spawned {
                return failed(e.to_string());
            }
            rx.await.unwrap_or_else(|_| failed(String::new()))
        },
        |r| r,
    )
}

/// A print job made (or refused) on the window's thread, sent off it: the note to show
/// now and the task that brings the outcome.
pub fn start_job<M: Send + 'static>(
    job: Result<PrintJob, String>,
    lang: Lang,
    done: fn(Result<(), String>) -> M,
) -> (Note, Task<M>) {
    match job {
        Ok(job) => (Note::Sending, send(job, lang).map(done)),
        Err(e) => (Note::Failed(e), Task::none()),
    }
}

/// The note under the banner: "printing…", "printed", or why not.
pub fn note_view<'a, M: 'a>(lang: Lang, note: Option<&Note>) -> Element<'a, M> {
    match note {
        None => space().into(),
        Some(Note::Sending) => start(lang, t(word(lang, Word::Printing)).size(theme::TEXT)).into(),
        Some(Note::Printed) => start(lang, t(word(lang, Word::PrintDone)).size(theme::TEXT)).into(),
        Some(Note::Failed(e)) => container(start(lang, t(e.clone()).size(theme::TEXT)))
            .padding(12)
            .style(theme::alert)
            .into(),
    }
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
        crate::widget::focusable(
            label,
            button(t(label).size(theme::TEXT))
                .padding(theme::PAD)
                .style(button::secondary)
                .on_press(msg.clone()),
            Some(msg),
        ),
    )
    .into()
}

/// The idle screen's "reprint the last receipt" (when there is one) and "end of day".
pub fn idle_buttons<'a>(lang: Lang, reprint: bool) -> Element<'a, super::Message> {
    let mut items = Vec::new();
    if reprint {
        items.push(button_for(lang, true, super::Message::Print));
    }
    items.push(crate::widget::focusable(
        word(lang, Word::EndOfDay),
        button(t(word(lang, Word::EndOfDay)).size(theme::TEXT))
            .padding(theme::PAD)
            .style(button::secondary)
            .on_press(super::Message::EndOfDay),
        Some(super::Message::EndOfDay),
    ));
    row_dir(lang, items).spacing(12).into()
}
