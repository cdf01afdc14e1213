//! Enrolment at the counter: four fields, the card by a swipe, optional fields folded away.
//! Fields are checked as they are typed (through the same parsers the service uses);
//! nothing is saved until all are valid, and the service checks again.

use iced::widget::{button, column, container};
use iced::{Element, Task};
use vafa_text::Say;

use crate::bidi::{b, row_dir, start, t};
use crate::theme;
use crate::widget::{banners, field, primary_button, secondary_button};
use vafa_core::calendar::parse_date;
use vafa_core::digits::normalize_digits;
use vafa_core::error::Error;
use vafa_core::lang::Lang;
use vafa_core::member::Gender;
use vafa_core::phone::parse_mobile;
use vafa_service::{CardInput, MemberInput, MemberKey, MemberView, Vafa};
use vafa_text::format::{digits, show_day};
use vafa_text::i18n::{S, tr};

pub const FIRST_ID: &str = "enrol-first";

#[derive(Debug, Default)]
pub struct State {
    pub first: String,
    pub last: String,
    pub mobile: String,
    pub birth: String,
    pub anniversary: String,
    pub gender: Option<&'static str>,
    pub referrer: String,
    pub card: String,
    pub more: bool,
    /// Set after a first attempt to save: empty required fields are marked from then on.
    pub tried: bool,
    /// The member who already has this mobile (name), checked as it is typed.
    pub duplicate: Option<(String, String)>,
    /// The member who already has the card typed or swiped (id), checked as it comes.
    pub card_taken: Option<String>,
    pub error: Option<String>,
    /// Editing this member (the same form; a new card in the card field replaces theirs).
    pub editing: Option<String>,
    /// Enrolling the guest of this sale: it counts for them once enrolled (`till/join.rs`).
    pub for_sale: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    First(String),
    Last(String),
    Mobile(String),
    Birth(String),
    Anniversary(String),
    Gender(&'static str),
    Referrer(String),
    Card(String),
    ToggleMore,
    Save,
    Cancel,
    /// Open the member who already has the mobile typed.
    OpenDuplicate,
    /// Open the member who already has the card typed or swiped.
    OpenCardOwner,
}

#[derive(Debug, Clone)]
pub enum Event {
    Enrolled(Box<MemberView>),
    Edited(Box<MemberView>),
    Cancelled,
    /// Open this member's profile (the one who already has the mobile typed).
    Open(String),
}

/// One field's problem, in the window's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Required,
    BadMobile,
    BadDate,
    NotLeapYear,
}

impl Problem {
    fn text(self, lang: Lang) -> &'static str {
        if self == Problem::NotLeapYear {
            return vafa_text::display::dt(lang, vafa_text::display::D::NotLeapYear);
        }
        tr(
            lang,
            match self {
                Problem::Required => S::Required,
                Problem::BadMobile => S::BadMobile,
                Problem::BadDate | Problem::NotLeapYear => S::BadDate,
            },
        )
    }
}

impl State {
    pub fn with(card: Option<String>, mobile: Option<String>, v: &Vafa) -> Self {
        let mut s = State {
            card: card.unwrap_or_default(),
            mobile: mobile.unwrap_or_default(),
            ..State::default()
        };
        s.check_duplicate(v);
        s
    }

    /// The form filled with a member's details, to edit them.
    pub fn edit(m: &MemberView, lang: Lang) -> Self {
        let date = |d: &Option<String>| d.as_deref().map(|d| show_day(d, lang)).unwrap_or_default();
        State {
            first: m.first_name.clone(),
            last: m.last_name.clone(),
            mobile: crate::screen::till::local_mobile(&m.mobile),
            birth: normalize_digits(&date(&m.birth_date)),
            anniversary: normalize_digits(&date(&m.anniversary)),
            gender: match m.gender.as_deref() {
                Some("f") => Some("f"),
                Some("m") => Some("m"),
                _ => None,
            },
            // Their active card: a swipe or another number typed here replaces it on save.
            card: m
                .cards
                .iter()
                .find(|c| c.status == "active")
                .map(|c| c.number.clone())
                .unwrap_or_default(),
            editing: Some(m.id.clone()),
            ..State::default()
        }
    }

    fn required(&self, value: &str) -> Option<Problem> {
        (self.tried && value.trim().is_empty()).then_some(Problem::Required)
    }

    fn first_problem(&self) -> Option<Problem> {
        self.required(&self.first)
    }
    fn last_problem(&self) -> Option<Problem> {
        self.required(&self.last)
    }
    fn mobile_problem(&self) -> Option<Problem> {
        if self.mobile.trim().is_empty() {
            return self.required(&self.mobile);
        }
        parse_mobile(&self.mobile)
            .is_none()
            .then_some(Problem::BadMobile)
    }
    fn date_problem(value: &str) -> Option<Problem> {
        match parse_date(value) {
            _ if value.trim().is_empty() => None,
            Ok(_) => None,
            Err(vafa_core::calendar::DateError::NotLeapYear) => Some(Problem::NotLeapYear),
            Err(_) => Some(Problem::BadDate),
        }
    }
    fn referrer_problem(&self) -> Option<Problem> {
        (!self.referrer.trim().is_empty() && parse_mobile(&self.referrer).is_none())
            .then_some(Problem::BadMobile)
    }

    fn valid(&self) -> bool {
        self.first_problem().is_none()
            && self.last_problem().is_none()
            && self.mobile_problem().is_none()
            && Self::date_problem(&self.birth).is_none()
            && Self::date_problem(&self.anniversary).is_none()
            && self.referrer_problem().is_none()
            && self.duplicate.is_none()
            && self.card_taken.is_none()
    }

    /// Whether the card field holds another member's card (not this one's own).
    pub(crate) fn check_card(&mut self, v: &Vafa) {
        let card = self.card.trim();
        self.card_taken = (!card.is_empty())
            .then(|| v.find_member(&MemberKey::Card(CardInput::typed(card))).ok())
            .flatten()
            .filter(|o| Some(&o.id) != self.editing.as_ref())
            .map(|o| o.id);
    }

    pub(crate) fn check_duplicate(&mut self, v: &Vafa) {
        self.duplicate = parse_mobile(&self.mobile).and_then(|m| {
            v.find_member(&MemberKey::Mobile(m))
                .ok()
                .filter(|o| Some(&o.id) != self.editing.as_ref())
                .map(|o| (o.id.clone(), format!("{} {}", o.first_name, o.last_name)))
        });
    }

    /// A card read while this screen is open fills the card field.
    pub fn card_read(&mut self, v: &Vafa, number: &str) {
        self.card = number.to_string();
        self.check_card(v);
    }

    pub fn update(
        &mut self,
        msg: Message,
        v: &mut Vafa,
        lang: Lang,
    ) -> (Task<Message>, Option<Event>) {
        self.error = None;
        match msg {
            Message::First(s) => self.first = s,
            Message::Last(s) => self.last = s,
            // Digits are kept as ASCII and shown in the reader's digits (`view`).
            Message::Mobile(s) => {
                self.mobile = normalize_digits(&s);
                self.check_duplicate(v);
            }
            Message::Birth(s) => self.birth = normalize_digits(&s),
            Message::Anniversary(s) => self.anniversary = normalize_digits(&s),
            Message::Gender(g) => self.gender = Some(g),
            Message::Referrer(s) => self.referrer = s,
            Message::Card(s) => {
                self.card = normalize_digits(&s);
                self.check_card(v);
            }
            Message::ToggleMore => self.more = !self.more,
            Message::Cancel => return (Task::none(), Some(Event::Cancelled)),
            Message::OpenDuplicate => {
                if let Some((id, _)) = &self.duplicate {
                    return (Task::none(), Some(Event::Open(id.clone())));
                }
            }
            Message::OpenCardOwner => {
                if let Some(id) = &self.card_taken {
                    return (Task::none(), Some(Event::Open(id.clone())));
                }
            }
            Message::Save => return (Task::none(), self.save(v, lang)),
        }
        (Task::none(), None)
    }

    pub fn save(&mut self, v: &mut Vafa, lang: Lang) -> Option<Event> {
        self.tried = true;
        if !self.valid() {
            self.error = Some(tr(lang, S::FixFields).to_string());
            return None;
        }
        let opt = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        // Checked as typed (`valid`): what does not parse here was left empty.
        let date = |s: &str| opt(s).and_then(|d| parse_date(&d).ok());
        let input = MemberInput {
            first: opt(&self.first),
            last: opt(&self.last),
            mobile: parse_mobile(&self.mobile),
            birth: date(&self.birth),
            anniversary: date(&self.anniversary),
            gender: self.gender.and_then(Gender::parse),
            referrer: parse_mobile(&self.referrer),
            card: opt(&self.card).map(CardInput::typed),
            ..MemberInput::default()
        };
        let saved = match &self.editing {
            Some(id) => v.edit_member(id, &input),
            None => v.enrol(&input),
        };
        match saved {
            Ok(m) if self.editing.is_some() => Some(Event::Edited(Box::new(m))),
            Ok(m) => Some(Event::Enrolled(Box::new(m))),
            Err(e) => {
                if let Error::DuplicateMobile { .. } = e {
                    self.check_duplicate(v);
                }
                self.check_card(v);
                self.error = Some(e.say(lang));
                None
            }
        }
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let p = |x: Option<Problem>| x.map(|p| p.text(lang));
        let birth_hint = tr(
            lang,
            if lang == Lang::Fa {
                S::BirthDateHintFa
            } else {
                S::BirthDateHintEn
            },
        );
        let title = tr(
            lang,
            if self.editing.is_some() {
                S::EditMember
            } else {
                S::Enrol
            },
        );
        let mut col = column![start(lang, b(title).size(theme::TITLE))].spacing(12);
        col = col.push(banners(lang, self.error.as_deref(), None));
        col = col.push(
            iced::widget::Column::with_children(vec![
                crate::widget::field_id(
                    lang,
                    FIRST_ID,
                    tr(lang, S::FirstName),
                    &self.first,
                    p(self.first_problem()),
                    Message::First,
                ),
                field(
                    lang,
                    tr(lang, S::LastName),
                    "",
                    &self.last,
                    p(self.last_problem()),
                    Message::Last,
                ),
            ])
            .spacing(12),
        );
        let dup = self
            .duplicate
            .as_ref()
            .map(|(_, name)| format!("{} {name}", tr(lang, S::DuplicateMobile)));
        let mobile_error = p(self.mobile_problem()).map(str::to_string).or(dup);
        col = col.push(
            iced::widget::Column::with_children(vec![
                mobile_field(lang, &digits(&self.mobile, lang), mobile_error),
                match &self.duplicate {
                    Some(_) => open_member(lang, Message::OpenDuplicate),
                    None => iced::widget::space().into(),
                },
                field(
                    lang,
                    tr(lang, S::BirthDate),
                    birth_hint,
                    &digits(&self.birth, lang),
                    p(Self::date_problem(&self.birth)),
                    Message::Birth,
                ),
            ])
            .spacing(12),
        );
        col = col.push(field(
            lang,
            tr(lang, S::Card),
            tr(lang, S::CardSwipeHint),
            &digits(&self.card, lang),
            self.card_taken
                .as_ref()
                .map(|_| tr(lang, S::CardOfAnotherMember)),
            Message::Card,
        ));
        if self.card_taken.is_some() {
            col = col.push(open_member(lang, Message::OpenCardOwner));
        }
        col = col.push(start(
            lang,
            button(
                t(tr(
                    lang,
                    if self.more {
                        S::LessFields
                    } else {
                        S::MoreFields
                    },
                ))
                .size(theme::SMALL),
            )
            .style(button::text)
            .on_press(Message::ToggleMore),
        ));
        if self.more {
            col = col.push(field(
                lang,
                tr(lang, S::Anniversary),
                birth_hint,
                &digits(&self.anniversary, lang),
                p(Self::date_problem(&self.anniversary)),
                Message::Anniversary,
            ));
            let g = |label: S, code: &'static str| -> Element<'_, Message> {
                let style = if self.gender == Some(code) {
                    crate::theme::primary
                } else {
                    crate::theme::secondary
                };
                button(t(tr(lang, label)).size(theme::TEXT))
                    .padding(12)
                    .style(style)
                    .on_press(Message::Gender(code))
                    .into()
            };
            col = col.push(start(
                lang,
                row_dir(
                    lang,
                    vec![
                        t(tr(lang, S::Gender)).size(theme::TEXT).into(),
                        g(S::Female, "f"),
                        g(S::Male, "m"),
                    ],
                )
                .spacing(12),
            ));
            col = col.push(field(
                lang,
                tr(lang, S::ReferrerMobile),
                "09…",
                &self.referrer,
                p(self.referrer_problem()),
                Message::Referrer,
            ));
        }
        crate::widget::with_action_bar(
            lang,
            start(lang, container(col).padding(theme::PAD).max_width(640)),
            vec![
                primary_button(tr(lang, S::Save), Some(Message::Save)),
                secondary_button(tr(lang, S::Cancel), Message::Cancel),
            ],
        )
    }
}

/// "Open that member" under a field whose value is already another member's.
fn open_member(lang: Lang, msg: Message) -> Element<'static, Message> {
    start(
        lang,
        button(
            t(vafa_text::display::dt(
                lang,
                vafa_text::display::D::OpenMember,
            ))
            .size(theme::TEXT),
        )
        .padding([8, 16])
        .style(crate::theme::secondary)
        .on_press(msg),
    )
    .into()
}

fn mobile_field<'a>(lang: Lang, value: &str, error: Option<String>) -> Element<'a, Message> {
    // The error text is owned (it names the duplicate member): leak-free by building the
    // column here rather than through `field`, which borrows.
    let mut col = column![field(
        lang,
        tr(lang, S::Mobile),
        match lang {
            Lang::Fa => "۰۹۱۲۱۲۳۴۵۶۷",
            Lang::En => "09121234567",
        },
        value,
        None,
        Message::Mobile
    )]
    .spacing(4);
    if let Some(e) = error {
        col = col.push(start(lang, t(e).size(theme::SMALL).color(theme::BAD)));
    }
    col.into()
}
