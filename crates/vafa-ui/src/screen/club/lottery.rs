//! The Club screen's lottery tab: the lotteries, a form to create one (its window, who
//! takes part, how tickets are earned, how many winners), the entries, the draw (the
//! commitment, the entry list's hash, the seed, the winners) and its printable result on
//! the shop's receipt printer. The acts are the service's (`lottery_*`, the CLI's
//! `vafa lottery`); the result shown for a drawn lottery is the published one, verified.

use iced::widget::{button, column, container};
use iced::{Element, Fill, Length, Task};

use crate::bidi::{b, para, row_dir, start, t};
use crate::screen::till::print::{self, Note};
use crate::theme;
use crate::widget::{field_id, primary_button, secondary_button};
use vafa_core::error::{Error, Field, Why};
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::lottery::{Draw, EntryList, LotteryInput, LotteryView};
use vafa_text::Say;
use vafa_text::club::{Word, word};
use vafa_text::club_window::{W, WinnerLine, tickets_rule, w, window, winner_line};
use vafa_text::field::label;
use vafa_text::format::{Unit, plain};

/// The form's fields, in order: what each is and its id.
pub const FORM: [(Field, &str); 8] = [
    (Field::ClubId, "lottery-id"),
    (Field::LotteryName, "lottery-name"),
    (Field::WindowFrom, "lottery-from"),
    (Field::WindowTo, "lottery-to"),
    (Field::Per, "lottery-per"),
    (Field::MinVisits, "lottery-min-visits"),
    (Field::Tiers, "lottery-tiers"),
    (Field::Winners, "lottery-winners"),
];

/// Entries listed on screen (the rest are counted; the printed result and the CLI have all).
const SHOWN: usize = 100;

#[derive(Debug, Default)]
pub struct State {
    pub list: Vec<LotteryView>,
    /// The lottery open below the list.
    pub open: Option<LotteryView>,
    pub entries: Option<EntryList>,
    /// The draw, once made (the published one, verified).
    pub draw: Option<Draw>,
    /// The new lottery's fields (in [`FORM`]'s order), while the form is open.
    pub form: Option<Vec<String>>,
    pub print: Option<Note>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Open(String),
    New,
    Field(usize, String),
    Create,
    CancelForm,
    Draw,
    Print,
    Printed(Result<(), String>),
}

/// A whole number typed in the form (any digits), at least `min`; empty: `default`.
fn count(field: Field, text: &str, min: u32, default: u32) -> Result<u32, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(default);
    }
    match vafa_core::digits::normalize_digits(text).parse::<u32>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(Error::Invalid {
            field,
            value: text.to_string(),
            why: Why::BadChars,
        }),
    }
}

fn day(field: Field, text: &str) -> Result<chrono::NaiveDate, Error> {
    vafa_core::calendar::parse_date(text.trim())
        .map(|d| d.date)
        .map_err(|error| Error::InvalidDate {
            field,
            value: text.to_string(),
            error,
        })
}

/// The form's text as the service's input (each field checked as the CLI checks it).
fn input(f: &[String]) -> Result<LotteryInput, Error> {
    let per = f[4].trim();
    Ok(LotteryInput {
        id: f[0].trim().to_string(),
        name: f[1].trim().to_string(),
        from: day(Field::WindowFrom, &f[2])?,
        to: day(Field::WindowTo, &f[3])?,
        per: if per.is_empty() {
            None
        } else {
            // In rials, as its label says (whatever unit the window shows money in).
            Some(
                vafa_core::money::parse_rials(per).map_err(|error| Error::InvalidAmount {
                    field: Field::Per,
                    value: per.to_string(),
                    error,
                })?,
            )
        },
        min_visits: count(Field::MinVisits, &f[5], 0, 0)?,
        tiers: f[6]
            .split([',', '،'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        winners: count(Field::Winners, &f[7], 1, 1)?,
    })
}

impl State {
    pub fn load(&mut self, v: &Vafa, lang: Lang) {
        match v.lotteries() {
            Ok(l) => self.list = l,
            Err(e) => self.error = Some(e.say(lang)),
        }
    }

    /// Opens lottery `id`: its entries so far (or frozen), and its draw if made.
    fn open(&mut self, v: &Vafa, id: &str, lang: Lang) {
        self.print = None;
        let got = (|| -> vafa_core::error::Result<_> {
            let l = v.lottery(id)?;
            let e = v.lottery_entries(id)?;
            let d = if l.drawn {
                Some(v.lottery_verify(id)?)
            } else {
                None
            };
            Ok((l, e, d))
        })();
        match got {
            Ok((l, e, d)) => {
                self.open = Some(l);
                self.entries = Some(e);
                self.draw = d;
            }
            Err(e) => self.error = Some(e.say(lang)),
        }
    }

    pub fn update(&mut self, msg: Message, v: &mut Vafa, lang: Lang) -> Task<Message> {
        if !matches!(msg, Message::Field(..) | Message::Printed(_)) {
            self.notice = None;
            self.error = None;
        }
        match msg {
            Message::Open(id) => {
                self.form = None;
                self.open(v, &id, lang);
            }
            Message::New => self.form = Some(vec![String::new(); FORM.len()]),
            Message::CancelForm => self.form = None,
            Message::Field(i, s) => {
                if let Some(x) = self.form.as_mut().and_then(|f| f.get_mut(i)) {
                    *x = s;
                }
            }
            Message::Create => {
                let Some(f) = &self.form else {
                    return Task::none();
                };
                match input(f).and_then(|i| v.lottery_create(&i)) {
                    Ok(c) => {
                        self.form = None;
                        self.notice = Some(format!(
                            "{} {}",
                            word(lang, Word::LotteryCreated),
                            c.commitment
                        ));
                        self.load(v, lang);
                        self.open(v, &c.lottery.id, lang);
                    }
                    Err(e) => self.error = Some(e.say(lang)),
                }
            }
            Message::Draw => {
                let Some(id) = self.open.as_ref().map(|l| l.lottery.id.clone()) else {
                    return Task::none();
                };
                match v.lottery_draw(&id) {
                    Ok(_) => {
                        self.load(v, lang);
                        self.open(v, &id, lang);
                    }
                    Err(e) => self.error = Some(e.say(lang)),
                }
            }
            Message::Print => {
                let Some(id) = self.open.as_ref().map(|l| l.lottery.id.clone()) else {
                    return Task::none();
                };
                let job = v
                    .lottery_slip(&id)
                    .and_then(|slip| {
                        let bitmap = vafa_service::receipts::draw(&slip, v.paper(None));
                        v.print_job(&bitmap, None, false)
                    })
                    .map_err(|e| e.say(lang));
                let (note, task) = print::start_job(job, lang, Message::Printed);
                self.print = Some(note);
                return task;
            }
            Message::Printed(r) => {
                self.print = Some(match r {
                    Ok(()) => Note::Printed,
                    Err(e) => Note::Failed(e),
                })
            }
        }
        Task::none()
    }

    pub fn view<'a>(&'a self, v: &'a Vafa, lang: Lang, unit: Unit) -> Element<'a, Message> {
        let mut col = column![start(
            lang,
            primary_button(w(lang, W::NewLottery), Some(Message::New))
        )]
        .spacing(10);
        if let Some(f) = &self.form {
            col = col.push(form(f, lang));
        }
        if self.list.is_empty() {
            col = col.push(start(lang, t(w(lang, W::NoLotteries)).size(theme::TEXT)));
        }
        for l in &self.list {
            let x = &l.lottery;
            let state = w(lang, if l.drawn { W::Drawn } else { W::Open });
            let line = format!("{} — {} — {state}", x.name, window(x.from, x.to, lang));
            let on = self.open.as_ref().is_some_and(|o| o.lottery.id == x.id);
            col = col.push(
                button(start(lang, t(super::lead(lang, line)).size(theme::TEXT)))
                    .width(Fill)
                    .padding(10)
                    .style(theme::nav(on))
                    .on_press(Message::Open(x.id.clone())),
            );
        }
        if let (Some(l), Some(e)) = (&self.open, &self.entries) {
            col = col.push(details(v, l, e, self.draw.as_ref(), lang, unit));
            col = col.push(print::note_view(lang, self.print.as_ref()));
        }
        col.into()
    }
}

fn form(f: &[String], lang: Lang) -> Element<'_, Message> {
    let hint = |field: Field| match field {
        Field::Per => Some(w(lang, W::PerHint)),
        Field::Tiers => Some(w(lang, W::TiersHint)),
        _ => None,
    };
    let mut fields: Vec<Element<'_, Message>> = Vec::new();
    for (i, (field, id)) in FORM.iter().enumerate() {
        let mut c = column![field_id(
            lang,
            id,
            label(*field, lang),
            &f[i],
            None,
            move |s| Message::Field(i, s)
        )]
        .width(Length::FillPortion(1));
        if let Some(h) = hint(*field) {
            c = c.push(start(lang, t(h).size(theme::SMALL).color(theme::MUTED)));
        }
        fields.push(c.into());
    }
    let mut rows = column![].spacing(10);
    let mut it = fields.into_iter();
    loop {
        let pair: Vec<_> = it.by_ref().take(4).collect();
        if pair.is_empty() {
            break;
        }
        rows = rows.push(row_dir(lang, pair).spacing(12));
    }
    rows = rows.push(start(
        lang,
        row_dir(
            lang,
            vec![
                primary_button(w(lang, W::Create), Some(Message::Create)),
                secondary_button(w(lang, W::Cancel), Message::CancelForm),
            ],
        )
        .spacing(12),
    ));
    container(rows)
        .padding(12)
        .width(Fill)
        .style(theme::panel)
        .into()
}

fn line<'a, M: 'a>(lang: Lang, s: String) -> Element<'a, M> {
    start(lang, t(para(lang, s)).size(theme::TEXT)).into()
}

/// The open lottery: its rules, its commitment, the entries and the draw.
fn details<'a>(
    v: &'a Vafa,
    l: &'a LotteryView,
    e: &'a EntryList,
    d: Option<&'a Draw>,
    lang: Lang,
    unit: Unit,
) -> Element<'a, Message> {
    let x = &l.lottery;
    let who = if x.tiers.is_empty() {
        w(lang, W::EveryMember).to_string()
    } else {
        x.tiers.join(lang.pick("، ", ", "))
    };
    let mut col = column![
        start(lang, b(x.name.as_str()).size(theme::TITLE)),
        line(lang, window(x.from, x.to, lang)),
        line(
            lang,
            format!(
                "{} — {}: {} — {}: {who} — {}: {}",
                tickets_rule(x.per, unit, lang),
                label(Field::MinVisits, lang),
                plain(x.min_visits, lang),
                label(Field::Tiers, lang),
                label(Field::Winners, lang),
                plain(x.winners, lang)
            )
        ),
        line(
            lang,
            format!("{}: {}", word(lang, Word::Commitment), l.commitment)
        ),
    ]
    .spacing(6);
    match d {
        None => {
            col = col.push(start(
                lang,
                primary_button(w(lang, W::Draw), Some(Message::Draw)),
            ))
        }
        Some(d) => {
            col = col.push(line(
                lang,
                format!("{}: {}", word(lang, Word::Seed), d.seed),
            ));
            col = col.push(start(lang, b(word(lang, Word::Winners)).size(theme::TEXT)));
            for x in &d.winners {
                let wl = WinnerLine {
                    prize: x.prize,
                    who: v.winner_name(&x.member_id),
                    tickets: x.tickets,
                };
                col = col.push(start(
                    lang,
                    b(para(lang, winner_line(&wl, lang)))
                        .size(theme::TEXT)
                        .color(theme::OK),
                ));
            }
            col = col.push(start(
                lang,
                secondary_button(w(lang, W::PrintResult), Message::Print),
            ));
        }
    }
    col = col.push(start(
        lang,
        b(format!(
            "{}: {} — {}: {}",
            word(lang, Word::Entries),
            plain(e.entries.len(), lang),
            word(lang, Word::Total),
            plain(e.total, lang)
        ))
        .size(theme::TEXT),
    ));
    col = col.push(line(
        lang,
        format!("{}: {}", word(lang, Word::ListHash), e.list_hash),
    ));
    for entry in e.entries.iter().take(SHOWN) {
        col = col.push(
            start(
                lang,
                t(super::lead(
                    lang,
                    format!(
                        "{} — {} {}",
                        v.winner_name(&entry.member_id),
                        plain(entry.tickets, lang),
                        word(lang, Word::Tickets)
                    ),
                ))
                .size(theme::SMALL)
                .color(theme::MUTED),
            )
            .padding([0, 12]),
        );
    }
    if e.entries.len() > SHOWN {
        col = col.push(line(
            lang,
            format!("… +{}", plain(e.entries.len() - SHOWN, lang)),
        ));
    }
    container(col)
        .padding(12)
        .width(Fill)
        .style(theme::panel)
        .into()
}
