//! The Club screen's survey tab: pick a survey, the call list (member, the mobile to dial,
//! the last visit), the call on screen answered in a few keys (a digit per question: 1-5
//! on a scale, a choice's number on a choice; Enter records), "unreachable" or "call
//! later", and the results (answers, mean and each value's count per question). The acts
//! and every check of an answer are the service's (`survey_*`, the CLI's `vafa survey`).

use iced::widget::{button, column, container};
use iced::{Element, Fill, Length};

use crate::bidi::{b, para, row_dir, start, t};
use crate::screen::till::local_mobile;
use crate::theme;
use crate::widget::{choice, field_id, primary_button, secondary_button};
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::survey::{Outcome, SurveyDef, SurveyResults, ToCall};
use vafa_text::Say;
use vafa_text::club::{Word, word};
use vafa_text::club_window::{W, key, w};
use vafa_text::field::label;
use vafa_text::format::{digits, plain, show_day};
use vafa_text::report::decimal;

pub const NOTE_ID: &str = "survey-note";

/// Members on the call list at once.
const CALLS: u32 = 20;

#[derive(Debug, Default)]
pub struct State {
    /// Every survey: id and name.
    pub list: Vec<(String, String)>,
    pub def: Option<SurveyDef>,
    pub calls: Vec<ToCall>,
    /// The call on screen (an index into `calls`).
    pub current: Option<usize>,
    /// The answer typed for each question (in the survey's order).
    pub answers: Vec<Option<String>>,
    /// The question the next key answers.
    pub at: usize,
    pub note: String,
    pub results: Option<SurveyResults>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Pick(String),
    Call(usize),
    Ask(usize),
    /// Question `.0` answered with `.1` (as typed: a scale's digit, a choice's id).
    Answer(usize, String),
    Note(String),
    Record,
    Unreachable,
    Later,
    Results,
}

impl State {
    pub fn load(&mut self, v: &Vafa, lang: Lang) {
        match v.surveys() {
            Ok(l) => self.list = l,
            Err(e) => self.error = Some(e.say(lang)),
        }
        if let Some(id) = self.def.as_ref().map(|d| d.id.clone()) {
            self.calls(v, &id, lang);
        }
    }

    fn calls(&mut self, v: &Vafa, id: &str, lang: Lang) {
        match v.survey_calls(id, CALLS) {
            Ok(c) => {
                self.current = (!c.is_empty()).then_some(0);
                self.calls = c;
            }
            Err(e) => self.error = Some(e.say(lang)),
        }
        self.fresh_call();
    }

    fn fresh_call(&mut self) {
        let n = self.def.as_ref().map_or(0, |d| d.questions.len());
        self.answers = vec![None; n];
        self.at = 0;
        self.note.clear();
    }

    /// A key from the keyboard while the tab shows a call: a digit answers the question
    /// the keys are on and moves to the next. A choice's digit is its place in the list;
    /// whether an answer fits is the service's to say when it is recorded.
    pub fn digit(&mut self, d: u32) {
        let (Some(def), Some(_)) = (&self.def, self.current) else {
            return;
        };
        let Some(q) = def.questions.get(self.at) else {
            return;
        };
        let value = if q.kind == "choice" {
            d.checked_sub(1)
                .and_then(|i| q.choices.get(i as usize))
                .cloned()
                .unwrap_or_else(|| d.to_string())
        } else {
            d.to_string()
        };
        self.answers[self.at] = Some(value);
        self.at = (self.at + 1).min(def.questions.len().saturating_sub(1));
    }

    /// Whether a call is on screen (its keys answer it).
    pub fn calling(&self) -> bool {
        self.current.is_some() && self.def.is_some()
    }

    fn record(&mut self, v: &mut Vafa, outcome: Outcome, lang: Lang) {
        let (Some(def), Some(i)) = (&self.def, self.current) else {
            return;
        };
        let Some(call) = self.calls.get(i) else {
            return;
        };
        let id = def.id.clone();
        let note = Some(self.note.trim()).filter(|n| !n.is_empty());
        match v.survey_answer(&id, &call.member_id, &outcome, note) {
            Ok(()) => {
                self.notice = Some(
                    word(
                        lang,
                        match outcome {
                            Outcome::Answered(_) => Word::AnswerRecorded,
                            _ => Word::CallRecorded,
                        },
                    )
                    .to_string(),
                );
                self.calls(v, &id, lang);
                if self.results.is_some() {
                    self.results = v.survey_results(&id, None).ok();
                }
            }
            Err(e) => self.error = Some(e.say(lang)),
        }
    }

    pub fn update(&mut self, msg: Message, v: &mut Vafa, lang: Lang) {
        if !matches!(
            msg,
            Message::Note(_) | Message::Answer(..) | Message::Ask(_)
        ) {
            self.notice = None;
            self.error = None;
        }
        match msg {
            Message::Pick(id) => match v.survey_def(&id) {
                Ok(d) => {
                    self.def = Some(d);
                    self.results = None;
                    self.calls(v, &id, lang);
                }
                Err(e) => self.error = Some(e.say(lang)),
            },
            Message::Call(i) => {
                self.current = Some(i);
                self.fresh_call();
            }
            Message::Ask(i) => self.at = i,
            Message::Answer(i, value) => {
                if let Some(a) = self.answers.get_mut(i) {
                    *a = Some(value);
                }
                self.at = (i + 1).min(self.answers.len().saturating_sub(1));
            }
            Message::Note(s) => self.note = s,
            Message::Record => {
                let Some(def) = &self.def else { return };
                let pairs = def
                    .questions
                    .iter()
                    .zip(&self.answers)
                    .filter_map(|(q, a)| a.as_ref().map(|a| (q.id.clone(), a.clone())))
                    .collect();
                self.record(v, Outcome::Answered(pairs), lang);
            }
            Message::Unreachable => self.record(v, Outcome::Unreachable, lang),
            Message::Later => self.record(v, Outcome::Later, lang),
            Message::Results => {
                let Some(id) = self.def.as_ref().map(|d| d.id.clone()) else {
                    return;
                };
                match v.survey_results(&id, None) {
                    Ok(r) => self.results = Some(r),
                    Err(e) => self.error = Some(e.say(lang)),
                }
            }
        }
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let mut col = column![].spacing(10);
        if self.list.is_empty() {
            col = col.push(start(lang, t(w(lang, W::NoSurveys)).size(theme::TEXT)));
        }
        let picked = self.def.as_ref().map(|d| d.id.as_str());
        let picks = self
            .list
            .iter()
            .map(|(id, name)| choice(name, picked == Some(id), Message::Pick(id.clone())))
            .collect();
        col = col.push(start(lang, row_dir(lang, picks).spacing(8)));
        let Some(def) = &self.def else {
            return col.into();
        };
        col = col.push(start(
            lang,
            secondary_button(w(lang, W::ShowResults), Message::Results),
        ));
        col = col.push(
            row_dir(
                lang,
                vec![
                    container(self.call_list(lang))
                        .width(Length::FillPortion(2))
                        .into(),
                    container(self.call_view(def, lang))
                        .width(Length::FillPortion(3))
                        .into(),
                ],
            )
            .spacing(12),
        );
        if let Some(r) = &self.results {
            col = col.push(results(def, r, lang));
        }
        col.into()
    }

    fn call_list(&self, lang: Lang) -> Element<'_, Message> {
        let mut col = column![start(lang, b(w(lang, W::CallList)).size(theme::TEXT))].spacing(6);
        if self.calls.is_empty() {
            col = col.push(start(
                lang,
                t(word(lang, Word::NobodyToCall)).size(theme::TEXT),
            ));
        }
        for (i, c) in self.calls.iter().enumerate() {
            let mut s = format!(
                "{} — {} — {}: {}",
                c.name,
                digits(&local_mobile(&c.mobile), lang),
                word(lang, Word::LastVisit),
                show_day(&c.last_visit, lang)
            );
            if c.tries > 0 {
                s.push_str(&format!(
                    " — {} {}",
                    plain(c.tries, lang),
                    w(lang, W::Tries)
                ));
            }
            col = col.push(
                button(start(lang, t(super::lead(lang, s)).size(theme::SMALL)))
                    .width(Fill)
                    .padding(8)
                    .style(theme::nav(self.current == Some(i)))
                    .on_press(Message::Call(i)),
            );
        }
        container(col)
            .padding(12)
            .width(Fill)
            .style(theme::panel)
            .into()
    }

    /// The call on screen: whom to dial, each question with its keys, the outcomes.
    fn call_view<'a>(&'a self, def: &'a SurveyDef, lang: Lang) -> Element<'a, Message> {
        let Some(c) = self.current.and_then(|i| self.calls.get(i)) else {
            return space_panel();
        };
        let mut col = column![
            start(
                lang,
                t(super::lead(
                    lang,
                    format!("{} {}", w(lang, W::Calling), c.name)
                ))
                .size(theme::TEXT)
            ),
            start(
                lang,
                b(format!(
                    "{} {}",
                    w(lang, W::Dial),
                    digits(&local_mobile(&c.mobile), lang)
                ))
                .size(theme::TITLE)
            ),
            start(
                lang,
                t(w(lang, W::KeysHint))
                    .size(theme::SMALL)
                    .color(theme::MUTED)
            ),
        ]
        .spacing(8);
        col = col.push(start(
            lang,
            row_dir(
                lang,
                vec![
                    primary_button(w(lang, W::SaveAnswers), Some(Message::Record)),
                    secondary_button(w(lang, W::Unreachable), Message::Unreachable),
                    secondary_button(w(lang, W::Later), Message::Later),
                ],
            )
            .spacing(12),
        ));
        for (i, q) in def.questions.iter().enumerate() {
            let mark = if i == self.at { "▸ " } else { "" };
            let head = button(start(
                lang,
                b(para(lang, format!("{mark}{}", def.text(&q.id, lang)))).size(theme::TEXT),
            ))
            .width(Fill)
            .padding(4)
            .style(button::text)
            .on_press(Message::Ask(i));
            let given = self.answers.get(i).and_then(|a| a.as_deref());
            let options: Vec<(String, String)> = if q.kind == "choice" {
                q.choices
                    .iter()
                    .enumerate()
                    .map(|(n, c)| (format!("{} {c}", key(n + 1, lang)), c.clone()))
                    .collect()
            } else {
                (1..=5).map(|n| (key(n, lang), n.to_string())).collect()
            };
            let keys = options
                .into_iter()
                .map(|(shown, value)| {
                    let on = given == Some(value.as_str());
                    button(t(shown).size(theme::TEXT))
                        .padding([8, 14])
                        .style(if on { theme::primary } else { theme::secondary })
                        .on_press(Message::Answer(i, value))
                        .into()
                })
                .collect();
            col = col.push(head);
            col = col.push(start(lang, row_dir(lang, keys).spacing(6)));
        }
        col = col.push(field_id(
            lang,
            NOTE_ID,
            label(vafa_core::error::Field::Note, lang),
            &self.note,
            None,
            Message::Note,
        ));
        container(col)
            .padding(12)
            .width(Fill)
            .style(theme::panel)
            .into()
    }
}

fn space_panel<'a, M: 'a>() -> Element<'a, M> {
    iced::widget::space().into()
}

/// The results: per question its text, answers, mean (scales) and each value's count as
/// a bar.
fn results<'a, M: 'a>(def: &SurveyDef, r: &SurveyResults, lang: Lang) -> Element<'a, M> {
    let mut col = column![start(
        lang,
        b(format!(
            "{} — {}: {}",
            word(lang, Word::Results),
            word(lang, Word::Answers),
            plain(r.results.answers, lang)
        ))
        .size(theme::TEXT)
    )]
    .spacing(6);
    for q in &r.results.questions {
        let mean = q
            .mean
            .map(|m| {
                format!(
                    " — {}: {}",
                    word(lang, Word::Mean),
                    decimal(&m.to_string(), lang)
                )
            })
            .unwrap_or_default();
        col = col.push(start(
            lang,
            b(para(
                lang,
                format!(
                    "{} — {}: {}{mean}",
                    def.text(&q.id, lang),
                    word(lang, Word::Answers),
                    plain(q.answers, lang)
                ),
            ))
            .size(theme::SMALL),
        ));
        let most = q.counts.0.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        for (k, n) in &q.counts.0 {
            let bar = "█".repeat(((*n * 20).div_ceil(most)) as usize);
            col = col.push(start(
                lang,
                row_dir(
                    lang,
                    vec![
                        t(digits(k, lang)).size(theme::SMALL).width(80).into(),
                        t(bar).size(theme::SMALL).color(theme::OK).into(),
                        t(plain(n, lang)).size(theme::SMALL).into(),
                    ],
                )
                .spacing(8),
            ));
        }
    }
    container(col)
        .padding(12)
        .width(Fill)
        .style(theme::panel)
        .into()
}
