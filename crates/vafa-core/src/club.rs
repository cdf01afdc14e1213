//! Why a lottery or a survey act was refused (CONTRACT "Lotteries and surveys"), as data.
//! The arithmetic is in `vafa-club`; what these say is in `vafa_text::club`.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClubError {
    /// `lottery create` with an id already used.
    LotteryExists {
        id: String,
    },
    UnknownLottery {
        id: String,
    },
    /// The window ends before it starts.
    ReversedWindow {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// The window ends before today.
    WindowInPast {
        to: NaiveDate,
        today: NaiveDate,
    },
    /// A lottery is drawn once.
    AlreadyDrawn {
        id: String,
    },
    /// `verify` of a lottery not drawn yet.
    NotDrawn {
        id: String,
    },
    /// A draw while its window is still open.
    WindowOpen {
        id: String,
        to: NaiveDate,
    },
    /// Nobody earned a ticket.
    NoEntries {
        id: String,
    },
    /// The published draw does not repeat: `what` is `commitment`, `list_hash` or `winners`.
    DrawMismatch {
        id: String,
        what: &'static str,
    },
    /// A tier named in `--tiers` that the shop does not have.
    UnknownTier {
        tier: String,
    },
    /// A survey file that cannot be read (`detail`: the TOML reader's words) or is wrong.
    SurveyFile {
        fault: SurveyFault,
    },
    UnknownSurvey {
        id: String,
    },
    /// One answer refused.
    Answer {
        fault: AnswerFault,
    },
    /// The member has already answered this survey.
    AlreadyAnswered {
        survey: String,
        member: String,
    },
}

/// What is wrong with a survey file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SurveyFault {
    Unreadable {
        detail: String,
    },
    EmptyId,
    NoQuestions,
    EmptyQuestionId,
    DuplicateQuestion {
        question: String,
    },
    NoChoices {
        question: String,
    },
    DuplicateChoice {
        question: String,
        choice: String,
    },
    /// A question's `kind` is neither `scale` nor `choice`.
    UnknownKind {
        question: String,
        kind: String,
    },
}

/// What is wrong with an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerFault {
    /// Not `QUESTION=VALUE`.
    NotAPair {
        text: String,
    },
    UnknownQuestion {
        question: String,
    },
    OutsideScale {
        question: String,
        value: String,
    },
    UnknownChoice {
        question: String,
        value: String,
    },
    Repeated {
        question: String,
    },
    NoAnswers,
}

impl ClubError {
    pub fn code(&self) -> &'static str {
        match self {
            ClubError::LotteryExists { .. } => "lottery_exists",
            ClubError::UnknownLottery { .. } => "unknown_lottery",
            ClubError::ReversedWindow { .. } => "reversed_window",
            ClubError::WindowInPast { .. } => "window_in_past",
            ClubError::AlreadyDrawn { .. } => "already_drawn",
            ClubError::NotDrawn { .. } => "not_drawn",
            ClubError::WindowOpen { .. } => "window_open",
            ClubError::NoEntries { .. } => "no_entries",
            ClubError::DrawMismatch { .. } => "draw_mismatch",
            ClubError::UnknownTier { .. } => "unknown_tier",
            ClubError::SurveyFile { .. } => "invalid_survey",
            ClubError::UnknownSurvey { .. } => "unknown_survey",
            ClubError::Answer {
                fault: AnswerFault::OutsideScale { .. },
            } => "outside_scale",
            ClubError::Answer { .. } => "invalid_answer",
            ClubError::AlreadyAnswered { .. } => "already_answered",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_outside_the_scale_has_its_own_code() {
        let answer = |fault| ClubError::Answer { fault };
        assert_eq!(
            answer(AnswerFault::OutsideScale {
                question: "q".into(),
                value: "9".into()
            })
            .code(),
            "outside_scale"
        );
        assert_eq!(answer(AnswerFault::NoAnswers).code(), "invalid_answer");
    }
}
