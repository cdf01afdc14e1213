//! The words of lotteries and surveys: why an act was refused, and what the command line
//! and the charts say. Exhaustive `match`es: nothing without both languages compiles.

use vafa_core::club::{AnswerFault, ClubError, SurveyFault};
use vafa_core::error::Field;
use vafa_core::lang::Lang;

use crate::format::date;

/// What a refused lottery or survey act says, in `lang`, a wrong input named by `name`
/// (the window's label, the command line's flag).
pub fn club_error(e: &ClubError, lang: Lang, name: &dyn Fn(Field) -> String) -> String {
    let fa = lang == Lang::Fa;
    let day = |d| date(d, lang);
    match e {
        ClubError::LotteryExists { id } => {
            if fa {
                format!("قرعه‌کشی «{id}» از قبل هست؛ شناسهٔ دیگری بدهید.")
            } else {
                format!("Lottery \"{id}\" already exists; give another id.")
            }
        }
        ClubError::UnknownLottery { id } => {
            if fa {
                format!("قرعه‌کشی «{id}» پیدا نشد.")
            } else {
                format!("No lottery \"{id}\".")
            }
        }
        ClubError::ReversedWindow { from, to } => {
            if fa {
                format!(
                    "بازهٔ قرعه‌کشی وارونه است: «{}» ({}) بعد از «{}» ({}) است.",
                    name(Field::WindowFrom),
                    day(*from),
                    name(Field::WindowTo),
                    day(*to)
                )
            } else {
                format!(
                    "The lottery's window is reversed: {} ({}) is after {} ({}).",
                    name(Field::WindowFrom),
                    day(*from),
                    name(Field::WindowTo),
                    day(*to)
                )
            }
        }
        ClubError::WindowInPast { to, today } => {
            if fa {
                format!(
                    "بازهٔ قرعه‌کشی گذشته است: «{}» ({}) پیش از امروز ({}) است.",
                    name(Field::WindowTo),
                    day(*to),
                    day(*today)
                )
            } else {
                format!(
                    "The lottery's window is in the past: {} ({}) is before today ({}).",
                    name(Field::WindowTo),
                    day(*to),
                    day(*today)
                )
            }
        }
        ClubError::AlreadyDrawn { id } => {
            if fa {
                format!(
                    "قرعه‌کشی «{id}» پیش‌تر برگزار شده است و دوباره برگزار نمی‌شود؛ نتیجهٔ منتشرشده را بررسی کنید."
                )
            } else {
                format!(
                    "Lottery \"{id}\" has already been drawn and cannot be drawn again; check its published result."
                )
            }
        }
        ClubError::NotDrawn { id } => {
            if fa {
                format!("قرعه‌کشی «{id}» هنوز برگزار نشده است.")
            } else {
                format!("Lottery \"{id}\" has not been drawn yet.")
            }
        }
        ClubError::WindowOpen { id, to } => {
            if fa {
                format!(
                    "بازهٔ قرعه‌کشی «{id}» تا {} باز است؛ پس از آن برگزار کنید.",
                    day(*to)
                )
            } else {
                format!(
                    "Lottery \"{id}\" is open until {}; draw it after that.",
                    day(*to)
                )
            }
        }
        ClubError::NoEntries { id } => {
            if fa {
                format!("در قرعه‌کشی «{id}» هیچ عضوی بلیت ندارد؛ چیزی برگزار نشد.")
            } else {
                format!("Nobody has a ticket in lottery \"{id}\"; nothing was drawn.")
            }
        }
        ClubError::DrawMismatch { id, what } => {
            let (wfa, wen) = match *what {
                "commitment" => (
                    "بذر با تعهد منتشرشده نمی‌خواند",
                    "the seed does not match the published commitment",
                ),
                "list_hash" => (
                    "فهرست با درهم‌نمای منتشرشده نمی‌خواند",
                    "the entry list does not match its published hash",
                ),
                _ => (
                    "برندگان با بذر و فهرست به دست نمی‌آیند",
                    "the seed and list give other winners",
                ),
            };
            if fa {
                format!("قرعه‌کشی «{id}» تأیید نشد: {wfa}.")
            } else {
                format!("Lottery \"{id}\" does not verify: {wen}.")
            }
        }
        ClubError::UnknownTier { tier } => {
            if fa {
                format!("سطح «{tier}» در پیکربندی فروشگاه نیست.")
            } else {
                format!("The shop has no tier \"{tier}\".")
            }
        }
        ClubError::SurveyFile { fault } => survey_fault(fault, lang),
        ClubError::UnknownSurvey { id } => {
            if fa {
                format!("نظرسنجی «{id}» پیدا نشد؛ ابتدا پروندهٔ آن را وارد کنید.")
            } else {
                format!("No survey \"{id}\"; import its file first.")
            }
        }
        ClubError::Answer { fault } => answer_fault(fault, lang),
        ClubError::AlreadyAnswered { survey, member } => {
            if fa {
                format!("عضو «{member}» پیش‌تر به نظرسنجی «{survey}» پاسخ داده است.")
            } else {
                format!("Member \"{member}\" has already answered survey \"{survey}\".")
            }
        }
    }
}

fn survey_fault(f: &SurveyFault, lang: Lang) -> String {
    let (fa, en) = match f {
        SurveyFault::Unreadable { detail } => (
            format!("خوانده نمی‌شود («{detail}»)"),
            format!("cannot be read ({detail})"),
        ),
        SurveyFault::EmptyId => ("شناسه ندارد".into(), "has no id".into()),
        SurveyFault::NoQuestions => ("پرسشی ندارد".into(), "has no questions".into()),
        SurveyFault::EmptyQuestionId => (
            "پرسشی بی‌شناسه دارد".into(),
            "has a question without an id".into(),
        ),
        SurveyFault::DuplicateQuestion { question } => (
            format!("شناسهٔ پرسش «{question}» را دو بار دارد"),
            format!("has the question id \"{question}\" twice"),
        ),
        SurveyFault::NoChoices { question } => (
            format!("برای پرسش «{question}» گزینه‌ای ندارد"),
            format!("gives question \"{question}\" no choices"),
        ),
        SurveyFault::DuplicateChoice { question, choice } => (
            format!("گزینهٔ «{choice}» را در پرسش «{question}» دو بار دارد"),
            format!("has choice \"{choice}\" twice in question \"{question}\""),
        ),
        SurveyFault::UnknownKind { question, kind } => (
            format!("برای پرسش «{question}» نوع «{kind}» را دارد («scale» یا «choice» باید باشد)"),
            format!("gives question \"{question}\" the kind \"{kind}\" (scale or choice)"),
        ),
    };
    match lang {
        Lang::Fa => format!("پروندهٔ نظرسنجی {fa}؛ چیزی وارد نشد."),
        Lang::En => format!("The survey file {en}; nothing was imported."),
    }
}

fn answer_fault(f: &AnswerFault, lang: Lang) -> String {
    let fa = lang == Lang::Fa;
    match f {
        AnswerFault::NotAPair { text } => {
            if fa {
                format!("«{text}» به شکل «پرسش=پاسخ» نیست؛ چیزی ثبت نشد.")
            } else {
                format!("\"{text}\" is not QUESTION=VALUE; nothing was recorded.")
            }
        }
        AnswerFault::UnknownQuestion { question } => {
            if fa {
                format!("این نظرسنجی پرسش «{question}» ندارد؛ چیزی ثبت نشد.")
            } else {
                format!("The survey has no question \"{question}\"; nothing was recorded.")
            }
        }
        AnswerFault::OutsideScale { question, value } => {
            if fa {
                format!(
                    "پاسخ «{value}» به پرسش «{question}» بیرون از مقیاس ۱ تا ۵ است؛ چیزی ثبت نشد."
                )
            } else {
                format!(
                    "The answer \"{value}\" to \"{question}\" is outside the scale 1 to 5; nothing was recorded."
                )
            }
        }
        AnswerFault::UnknownChoice { question, value } => {
            if fa {
                format!("«{value}» از گزینه‌های پرسش «{question}» نیست؛ چیزی ثبت نشد.")
            } else {
                format!(
                    "\"{value}\" is not one of the choices of \"{question}\"; nothing was recorded."
                )
            }
        }
        AnswerFault::Repeated { question } => {
            if fa {
                format!("پرسش «{question}» دو بار پاسخ داده شده است؛ چیزی ثبت نشد.")
            } else {
                format!("Question \"{question}\" is answered twice; nothing was recorded.")
            }
        }
        AnswerFault::NoAnswers => {
            if fa {
                "پاسخی داده نشد: به پرسشی پاسخ دهید، یا تماس را «پاسخ نداد» ثبت کنید.".into()
            } else {
                "No answers given: answer a question, or record the call as unreachable.".into()
            }
        }
    }
}

/// The command line's and the charts' words for lotteries and surveys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    LotteryCreated,
    Commitment,
    Entries,
    Member,
    Tickets,
    Total,
    ListHash,
    Seed,
    Prize,
    Winners,
    Verified,
    SurveyImported,
    Questions,
    NobodyToCall,
    Mobile,
    LastVisit,
    AnswerRecorded,
    CallRecorded,
    Answers,
    Mean,
    Question,
    Value,
    Count,
    Results,
}

pub fn word(lang: Lang, w: Word) -> &'static str {
    use Lang::{En, Fa};
    match (w, lang) {
        (Word::LotteryCreated, Fa) => {
            "قرعه‌کشی ساخته شد. تعهد (درهم‌نمای SHA-256 بذر پنهان) را منتشر کنید:"
        }
        (Word::LotteryCreated, En) => {
            "Lottery created. Publish its commitment (the SHA-256 of the secret seed):"
        }
        (Word::Commitment, Fa) => "تعهد",
        (Word::Commitment, En) => "Commitment",
        (Word::Entries, Fa) => "شرکت‌کنندگان",
        (Word::Entries, En) => "Entries",
        (Word::Member, Fa) => "عضو",
        (Word::Member, En) => "Member",
        (Word::Tickets, Fa) => "بلیت",
        (Word::Tickets, En) => "Tickets",
        (Word::Total, Fa) => "جمع",
        (Word::Total, En) => "Total",
        (Word::ListHash, Fa) => "درهم‌نمای فهرست",
        (Word::ListHash, En) => "List hash",
        (Word::Seed, Fa) => "بذر",
        (Word::Seed, En) => "Seed",
        (Word::Prize, Fa) => "جایزه",
        (Word::Prize, En) => "Prize",
        (Word::Winners, Fa) => "برندگان",
        (Word::Winners, En) => "Winners",
        (Word::Verified, Fa) => "قرعه‌کشی تأیید شد: بذر، فهرست و برندگان همان منتشرشده‌اند.",
        (Word::Verified, En) => {
            "The draw verifies: the seed, the list and the winners are the published ones."
        }
        (Word::SurveyImported, Fa) => "نظرسنجی وارد شد:",
        (Word::SurveyImported, En) => "Survey imported:",
        (Word::Questions, Fa) => "پرسش",
        (Word::Questions, En) => "questions",
        (Word::NobodyToCall, Fa) => "کسی برای تماس نمانده است.",
        (Word::NobodyToCall, En) => "Nobody left to call.",
        (Word::Mobile, Fa) => "موبایل",
        (Word::Mobile, En) => "Mobile",
        (Word::LastVisit, Fa) => "آخرین مراجعه",
        (Word::LastVisit, En) => "Last visit",
        (Word::AnswerRecorded, Fa) => "پاسخ‌ها ثبت شد.",
        (Word::AnswerRecorded, En) => "Answers recorded.",
        (Word::CallRecorded, Fa) => "تماس ثبت شد؛ عضو دوباره در فهرست تماس می‌آید.",
        (Word::CallRecorded, En) => "Call recorded; the member comes back on the call list.",
        (Word::Answers, Fa) => "پاسخ‌ها",
        (Word::Answers, En) => "Answers",
        (Word::Mean, Fa) => "میانگین",
        (Word::Mean, En) => "Mean",
        (Word::Question, Fa) => "پرسش",
        (Word::Question, En) => "Question",
        (Word::Value, Fa) => "پاسخ",
        (Word::Value, En) => "Answer",
        (Word::Count, Fa) => "شمار",
        (Word::Count, En) => "Count",
        (Word::Results, Fa) => "نتیجهٔ نظرسنجی",
        (Word::Results, En) => "Survey results",
    }
}
