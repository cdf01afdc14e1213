//! The errors a person can meet, as data: each with a stable `code` (for scripts and
//! `--json`). What they say, in the shop's language, is in `vafa-text` (`Say`).

use crate::calendar::DateError;
pub use crate::field::Field;
use crate::money::AmountError;
use crate::sale::{ItemError, SaleError};
use crate::staff::{Action, Break, PinError, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// No shop in this data directory yet.
    NotInitialised {
        dir: String,
    },
    AlreadyInitialised {
        dir: String,
    },
    /// The database could not be opened or read.
    DatabaseUnreadable {
        path: String,
        detail: String,
    },
    /// The file is a database, but not vafa's.
    NotVafaDatabase {
        path: String,
    },
    /// Written by a newer vafa.
    DatabaseTooNew {
        found: i64,
        supported: i64,
    },
    /// Something went wrong in storage (disk full, I/O error...). Nothing was saved.
    Storage {
        detail: String,
    },
    Io {
        path: String,
        detail: String,
    },
    /// An input's value was not acceptable; `field` says which (each front names it).
    Invalid {
        field: Field,
        value: String,
        why: Why,
    },
    InvalidMobile {
        value: String,
    },
    InvalidDate {
        field: Field,
        value: String,
        error: DateError,
    },
    InvalidAmount {
        field: Field,
        value: String,
        error: AmountError,
    },
    InvalidItem {
        value: String,
        error: ItemError,
    },
    DuplicateMobile {
        mobile: String,
        member: String,
    },
    UnknownMember {
        key: String,
    },
    UnknownCard {
        card: String,
    },
    BlockedCard {
        card: String,
        reason: String,
    },
    CardTaken {
        card: String,
        member: String,
    },
    UnknownSale {
        id: String,
    },
    AlreadyVoided {
        id: String,
    },
    /// A guest sale that cannot be counted for a new member (`[membership] min_purchase`).
    NotAttachable {
        id: String,
        why: Attach,
    },
    /// A sale of another branch: only its own branch voids it (head office refuses a void
    /// from anywhere else).
    VoidElsewhere {
        id: String,
        branch: String,
    },
    /// An adjustment, or a change of mobile, of a member enrolled at another branch: only
    /// that branch (or head office) may make it (head office refuses it from anywhere
    /// else).
    OtherBranchMember {
        id: String,
        branch: String,
    },
    /// Voiding would take back credit or points the member has already spent.
    VoidSpent {
        id: String,
        account: &'static str,
        spent: i64,
    },
    Sale(SaleError),
    Config {
        line: Option<usize>,
        key: String,
        reason: crate::config::Fault,
    },
    /// An offers file with a fault; nothing was imported.
    OfferFile {
        offer: String,
        line: Option<usize>,
        field: String,
        reason: crate::offer::OfferFault,
    },
    /// A card reader problem: a read that gave no card number, or a reader that could not
    /// be used. `shown` is set when the devices CLI already printed it as JSON.
    Reader {
        code: &'static str,
        en: String,
        fa: String,
        shown: bool,
    },
    /// A CSV import with bad rows: (line, message) pairs; the good rows were imported.
    /// `vafa sync` before `vafa hq connect`.
    NotConnected,
    /// A receipt to print with no printer given or configured (`[printer] target`).
    NoPrinter,
    /// The receipt printer could not be reached or written to (`detail`: the system's words).
    Printer {
        target: String,
        detail: String,
    },
    /// Head office could not be reached or answered with a server error.
    HqUnreachable {
        url: String,
        detail: String,
    },
    /// Head office refused the request (wrong or revoked token, wrong version...).
    HqRefused {
        status: u16,
        code: String,
        message: String,
    },
    /// Credit spending stopped or capped by the `[offline]` rules until the till syncs.
    OfflineLimit {
        why: OfflineWhy,
        /// Credit still allowed (rials).
        allowed: i64,
    },
    ImportRows {
        imported: usize,
        bad: Vec<(usize, RowError)>,
    },
    /// The signed-in person's role may not do this.
    Forbidden {
        who: String,
        role: Role,
        action: Action,
        needed: Role,
    },
    /// Wrong name or PIN; `left` tries before the account locks (None: no lockout).
    WrongPin {
        left: Option<u32>,
    },
    AccountLocked {
        name: String,
        /// Local time the lock lifts, as HH:MM.
        until: String,
    },
    AccountDisabled {
        name: String,
    },
    UnknownStaff {
        name: String,
    },
    StaffExists {
        name: String,
    },
    InvalidPin {
        error: PinError,
    },
    /// Disabling this account would leave no active admin.
    LastAdmin {
        name: String,
    },
    /// Nobody may give a role above their own.
    RoleAboveOwn {
        role: Role,
    },
    /// A manual adjustment would take more than the member has.
    AdjustOverBalance {
        account: &'static str,
        requested: i64,
        available: i64,
    },
    /// The configured backup folder is not there (a drive not plugged in?).
    BackupFolderMissing {
        folder: String,
    },
    /// `vafa audit` found the chain broken.
    AuditBroken {
        at: Break,
    },
    /// A report's window ends before it starts (`--from` after `--to`).
    ReversedWindow {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    /// A campaign while the till sends no SMS: no provider, or `campaign` not in `[sms]
    /// events`.
    SmsOff,
    /// A campaign whose estimated cost is over its budget (rials; `None`: the price of a
    /// part is not configured, so the cost is unknown). Nothing was queued.
    CampaignOverBudget {
        cost: Option<i64>,
        budget: i64,
    },
    /// A lottery or survey act refused (`club`).
    Club(crate::club::ClubError),
    Gift(crate::gift::GiftError),
    /// The database is held by another program (a backup, a restore) for longer than a
    /// till waits; nothing was written. Try again shortly.
    Busy,
    /// A sale id already recorded for another request (the POS API: same id, other body).
    SaleIdReused {
        id: String,
    },
    /// The POS API: no token, or one that is unknown or revoked.
    Unauthorized,
    /// The POS API: a request from an address the shop has not allowed (`[pos] allow`).
    PeerRefused {
        peer: String,
    },
    /// The POS API: a body that is not the JSON the endpoint takes (serde's words).
    MalformedRequest {
        detail: String,
    },
    /// The shop's cash-register program sent an invoice that cannot be read: which invoice,
    /// which of its fields (the program's own name for it) and what the field held.
    InvoiceUnreadable {
        invoice: String,
        field: String,
        value: String,
    },
    /// The POS API: a body over the limit (bytes).
    RequestTooLarge {
        limit: usize,
    },
    /// The POS API: no such endpoint.
    NoSuchEndpoint {
        path: String,
    },
    /// No POS token with this name (`vafa pos revoke`), or one made twice.
    UnknownPosToken {
        name: String,
    },
    PosTokenExists {
        name: String,
    },
}

/// Why one row of an import was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowError {
    /// Not a readable row (the CSV reader's words).
    Unreadable(String),
    Refused(Error),
}

/// Why a guest sale cannot be counted for a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// It is a member's sale already.
    NotGuest,
    /// It was voided (or already counted for another member).
    Voided,
    /// It was made at another branch.
    Elsewhere,
    /// Under `[membership] min_purchase` (rials), or membership is voluntary (0).
    BelowMinimum { min: i64 },
    /// It had a discount: what was paid would not be what the member's sale says.
    Discounted,
}

/// Why a generic field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Empty,
    TooLong,
    BadChars,
    UnknownChoice,
    BadId,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<SaleError> for Error {
    fn from(e: SaleError) -> Self {
        match e {
            SaleError::Item(error) => Error::InvalidItem {
                value: String::new(),
                error,
            },
            e => Error::Sale(e),
        }
    }
}

impl Error {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotInitialised { .. } => "not_initialised",
            Error::AlreadyInitialised { .. } => "already_initialised",
            Error::DatabaseUnreadable { .. } => "database_unreadable",
            Error::NotVafaDatabase { .. } => "not_vafa_database",
            Error::DatabaseTooNew { .. } => "database_too_new",
            Error::Storage { .. } => "storage",
            Error::Io { .. } => "io",
            Error::Invalid { .. } => "invalid",
            Error::InvalidMobile { .. } => "invalid_mobile",
            Error::InvalidDate { .. } => "invalid_date",
            Error::InvalidAmount { .. } => "invalid_amount",
            Error::InvalidItem { .. } => "invalid_item",
            Error::DuplicateMobile { .. } => "duplicate_mobile",
            Error::UnknownMember { .. } => "unknown_member",
            Error::UnknownCard { .. } => "unknown_card",
            Error::BlockedCard { .. } => "blocked_card",
            Error::CardTaken { .. } => "card_taken",
            Error::UnknownSale { .. } => "unknown_sale",
            Error::AlreadyVoided { .. } => "already_voided",
            Error::NotAttachable { .. } => "not_attachable",
            Error::VoidSpent { .. } => "void_spent",
            Error::VoidElsewhere { .. } => "void_other_branch",
            Error::OtherBranchMember { .. } => "other_branch_member",
            Error::Sale(SaleError::ItemsMismatch { .. }) => "items_mismatch",
            Error::Sale(SaleError::GuestCannotRedeem) => "guest_cannot_redeem",
            Error::Sale(SaleError::RedeemOverBalance { .. }) => "redeem_over_balance",
            Error::Sale(SaleError::RedeemOverLimit { .. }) => "redeem_over_limit",
            Error::Sale(SaleError::Item(_)) => "invalid_item",
            Error::Config { .. } => "invalid_config",
            Error::OfferFile { .. } => "invalid_offers",
            Error::Reader { code, .. } => code,
            Error::ImportRows { .. } => "import_rows",
            Error::NotConnected => "not_connected",
            Error::NoPrinter => "no_printer",
            Error::Printer { .. } => "printer_failed",
            Error::HqUnreachable { .. } => "hq_unreachable",
            Error::HqRefused { .. } => "hq_refused",
            Error::OfflineLimit { why, .. } => why.code(),
            Error::Forbidden { .. } => "forbidden",
            Error::WrongPin { .. } => "wrong_pin",
            Error::AccountLocked { .. } => "account_locked",
            Error::AccountDisabled { .. } => "account_disabled",
            Error::UnknownStaff { .. } => "unknown_staff",
            Error::StaffExists { .. } => "staff_exists",
            Error::InvalidPin { .. } => "invalid_pin",
            Error::LastAdmin { .. } => "last_admin",
            Error::RoleAboveOwn { .. } => "role_above_own",
            Error::AdjustOverBalance { .. } => "adjust_over_balance",
            Error::BackupFolderMissing { .. } => "backup_folder_missing",
            Error::AuditBroken { .. } => "audit_broken",
            Error::ReversedWindow { .. } => "reversed_window",
            Error::SmsOff => "sms_off",
            Error::CampaignOverBudget { .. } => "campaign_over_budget",
            Error::Club(e) => e.code(),
            Error::Gift(e) => e.code(),
            Error::Busy => "busy",
            Error::SaleIdReused { .. } => "sale_id_reused",
            Error::Unauthorized => "unauthorized",
            Error::PeerRefused { .. } => "peer_refused",
            Error::MalformedRequest { .. } => "malformed_request",
            Error::InvoiceUnreadable { .. } => "invoice_unreadable",
            Error::RequestTooLarge { .. } => "request_too_large",
            Error::NoSuchEndpoint { .. } => "no_such_endpoint",
            Error::UnknownPosToken { .. } => "unknown_pos_token",
            Error::PosTokenExists { .. } => "pos_token_exists",
        }
    }
}

/// Which `[offline]` rule stopped credit spending (the rules are in `offline`).
pub use crate::offline::OfflineWhy;

/// For developers (logs, `Box<dyn Error>`): the code and the data. What a person reads is
/// `vafa_text::Say`.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {self:?}", self.code())
    }
}

impl std::error::Error for Error {}

impl From<crate::gift::GiftError> for Error {
    fn from(e: crate::gift::GiftError) -> Self {
        Error::Gift(e)
    }
}

impl From<crate::club::ClubError> for Error {
    fn from(e: crate::club::ClubError) -> Self {
        Error::Club(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sale::ItemError;

    #[test]
    fn a_sale_error_becomes_its_own_error_and_a_bad_item_an_invalid_item() {
        assert_eq!(
            Error::from(SaleError::Item(ItemError::Shape)),
            Error::InvalidItem {
                value: String::new(),
                error: ItemError::Shape
            }
        );
        let e = Error::from(SaleError::GuestCannotRedeem);
        assert_eq!(e, Error::Sale(SaleError::GuestCannotRedeem));
        assert_eq!(e.code(), "guest_cannot_redeem");
        assert_eq!(Error::Busy.code(), "busy");
        assert!(Error::Busy.to_string().starts_with("busy: "));
        assert_eq!(Error::SmsOff.code(), "sms_off");
        let over = Error::CampaignOverBudget {
            cost: Some(2),
            budget: 1,
        };
        assert_eq!(over.code(), "campaign_over_budget");
        let club = Error::from(crate::club::ClubError::Answer {
            fault: crate::club::AnswerFault::NoAnswers,
        });
        assert_eq!(club.code(), "invalid_answer");
    }
}
