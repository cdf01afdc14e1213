//! `vafa-hq`, head office (its own crate: it links neither iced, hidapi nor serialport,
//! nor the till's store or service; `.ci/layers` checks it): terminals, the records every till pushes, what tills pull,
//! chain-wide balances, conflicts and settlement between owners. Storage is SQLite or
//! PostgreSQL behind one interface (`storage`); the HTTP API is in `server`.

pub mod cli;
pub mod ops;
pub mod overdraft;
pub mod schema;
pub mod server;
pub mod storage;
pub mod tls;

/// An error head office answers with: an HTTP status, a stable code, a message (English,
/// on the wire), and for the `vafa-hq` command line the same in Persian where a manager
/// reads it (`say`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub fa: Option<String>,
}

impl HqError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> HqError {
        HqError {
            status,
            code,
            message: message.into(),
            fa: None,
        }
    }
    /// The message in Persian.
    pub fn fa(mut self, text: impl Into<String>) -> HqError {
        self.fa = Some(text.into());
        self
    }
    /// The message for a person reading `lang`. Persian without a sentence of its own
    /// says what kind of fault it is, with the technical detail after it.
    pub fn say(&self, lang: vafa_core::lang::Lang) -> String {
        use vafa_core::lang::Lang;
        match (lang, &self.fa) {
            (Lang::En, _) => self.message.clone(),
            (Lang::Fa, Some(f)) => f.clone(),
            (Lang::Fa, None) => {
                let kind = vafa_text::hq::hq_kind_fa(self.code);
                format!("{kind}: {}", self.message)
            }
        }
    }
    pub fn storage(detail: impl Into<String>) -> HqError {
        HqError::new(
            503,
            "storage",
            format!("head office storage: {}", detail.into()),
        )
    }
    pub fn bad(code: &'static str, message: impl Into<String>) -> HqError {
        HqError::new(400, code, message)
    }
    pub fn unauthorised() -> HqError {
        HqError::new(
            401,
            "unauthorised",
            "unknown or revoked terminal token: ask head office for a new one",
        )
    }
}

impl std::fmt::Display for HqError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for HqError {}
