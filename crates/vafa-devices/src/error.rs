//! Why a read did not give a card number: one typed error, with a message a shopkeeper can
//! act on, in English (`Display`) and Persian ([`ReadError::message_fa`]).

use serde::Serialize;

/// A failed read. Every parser returns one of these instead of panicking or guessing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("Nothing was read. Swipe or scan the card again.")]
    Empty,
    #[error("The card was read only in part. Swipe or scan it again in one smooth motion.")]
    Incomplete,
    #[error(
        "The reader could not read track {track} of the card. Swipe again; if it keeps failing, clean the card or type its number."
    )]
    BadRead { track: u8 },
    #[error("The card was read with an error ({what} check failed). Read it again.")]
    Checksum { what: &'static str },
    #[error(
        "The reader sent data in an unexpected form ({detail}). Check that the reader's profile matches the reader."
    )]
    Frame { detail: &'static str },
    #[error(
        "The reader sent characters that cannot be part of a card number. Check the reader's profile."
    )]
    InvalidCharacters,
    #[error("The reader sent more data than any card holds ({len} bytes). Read the card again.")]
    TooLong { len: usize },
    #[error("The number read is out of range for this card format. Check the reader's profile.")]
    OutOfRange,
    #[error(
        "The reader sent a report of an unknown kind (report id {id}). Check the reader's profile."
    )]
    UnknownReport { id: u8 },
    #[error(
        "The two tracks of the card give different numbers. The card may be damaged: type its number instead."
    )]
    TracksDisagree,
    #[error("The scanner started sending a code but did not finish it. Scan again.")]
    ContinuationTimeout,
    #[error(
        "There is no card reader profile named \"{name}\". Run `vafa devices list` to see the profiles."
    )]
    UnknownProfile { name: String },
}

impl ReadError {
    /// A stable machine code, used in `--json` output and by the GUI.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Incomplete => "incomplete",
            Self::BadRead { .. } => "bad_read",
            Self::Checksum { .. } => "checksum",
            Self::Frame { .. } => "frame",
            Self::InvalidCharacters => "invalid_characters",
            Self::TooLong { .. } => "too_long",
            Self::OutOfRange => "out_of_range",
            Self::UnknownReport { .. } => "unknown_report",
            Self::TracksDisagree => "tracks_disagree",
            Self::ContinuationTimeout => "continuation_timeout",
            Self::UnknownProfile { .. } => "unknown_profile",
        }
    }

    /// The same message in Persian, for the till window.
    pub fn message_fa(&self) -> String {
        match self {
            Self::Empty => "چیزی خوانده نشد. کارت را دوباره بکشید یا اسکن کنید.".into(),
            Self::Incomplete => {
                "فقط بخشی از کارت خوانده شد. کارت را دوباره، یکنواخت و بدون مکث بکشید.".into()
            }
            Self::BadRead { track } => format!(
                "دستگاه نتوانست شیار {track} کارت را بخواند. دوباره بکشید؛ اگر باز نشد کارت را تمیز کنید یا شماره را تایپ کنید."
            ),
            Self::Checksum { .. } => "کارت با خطا خوانده شد (رقم کنترل نادرست). دوباره بخوانید.".into(),
            Self::Frame { .. } => {
                "دستگاه داده‌ای با قالب نامنتظر فرستاد. بررسی کنید که نوع دستگاه در تنظیمات درست باشد.".into()
            }
            Self::InvalidCharacters => {
                "دستگاه نویسه‌هایی فرستاد که در شماره کارت نمی‌آیند. نوع دستگاه را در تنظیمات بررسی کنید.".into()
            }
            Self::TooLong { .. } => "دستگاه داده‌ای بیش از گنجایش هر کارتی فرستاد. دوباره بخوانید.".into(),
            Self::OutOfRange => {
                "عدد خوانده‌شده برای این نوع کارت معتبر نیست. نوع دستگاه را در تنظیمات بررسی کنید.".into()
            }
            Self::UnknownReport { id } => {
                format!("دستگاه گزارشی از نوع ناشناخته فرستاد (شناسه {id}). نوع دستگاه را بررسی کنید.")
            }
            Self::TracksDisagree => {
                "دو شیار کارت شماره‌های متفاوتی دارند. شاید کارت آسیب دیده باشد؛ شماره را تایپ کنید.".into()
            }
            Self::ContinuationTimeout => "اسکنر ارسال کد را شروع کرد ولی تمام نکرد. دوباره اسکن کنید.".into(),
            Self::UnknownProfile { name } => format!(
                "نوع دستگاهی به نام «{name}» وجود ندارد. با `vafa devices list` فهرست را ببینید."
            ),
        }
    }

    /// The error as the JSON object the CLI prints: `{"code", "message", "message_fa"}`.
    pub fn to_json(&self) -> ErrorJson {
        ErrorJson {
            code: self.code().to_string(),
            message: self.to_string(),
            message_fa: self.message_fa(),
        }
    }
}

/// Serialisable form of an error, as printed under `{"error": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorJson {
    pub code: String,
    pub message: String,
    pub message_fa: String,
}

impl From<ReadError> for vafa_core::error::Error {
    fn from(e: ReadError) -> Self {
        vafa_core::error::Error::Reader {
            code: e.code(),
            en: e.to_string(),
            fa: e.message_fa(),
            shown: false,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_code_and_both_languages() {
        let all = [
            ReadError::Empty,
            ReadError::Incomplete,
            ReadError::BadRead { track: 2 },
            ReadError::Checksum { what: "LRC" },
            ReadError::Frame { detail: "x" },
            ReadError::InvalidCharacters,
            ReadError::TooLong { len: 9000 },
            ReadError::OutOfRange,
            ReadError::UnknownReport { id: 7 },
            ReadError::TracksDisagree,
            ReadError::ContinuationTimeout,
            ReadError::UnknownProfile { name: "x".into() },
        ];
        for e in all {
            assert!(!e.code().is_empty());
            assert!(e.to_string().len() > 20);
            assert!(
                e.message_fa()
                    .chars()
                    .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
            );
        }
    }
}
