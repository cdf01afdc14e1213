//! Why an offers file was refused, as data (the sentences are `vafa_text::offer::fault`'s).

use rust_decimal::Decimal;

use crate::money::Rials;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferFault {
    /// The file is not TOML, or not of the offers' shape: the parser's own message.
    Syntax(String),
    /// An id is 1–64 letters, digits, '-' or '_'.
    BadId,
    /// This id is used by an earlier offer in the file.
    DuplicateId,
    NotPercent(Decimal),
    NotAmount(Rials),
    /// Not a date like 1405-09-01 or 2026-11-22.
    NotDate(String),
    NoSuchDay(String),
    ToBeforeFrom,
    MaxAmountBelowMin,
    MaxVisitsBelowMin,
    /// Must be 1 or more.
    AtLeastOne,
    /// Not one of the weekdays (`sat`...).
    BadWeekday(String),
    /// Not a card kind (`member`, `gift`, `discount` or a design name).
    BadCardKind(String),
    /// Not an hour range like 14:00-17:00.
    BadHours(String),
    /// Must be at most 180 days.
    Over180Days,
    /// Points must be 0 or more.
    NegativePoints,
    /// The points multiplier must be from 0 to 100.
    MultiplierRange,
    /// An offer must give something.
    GivesNothing,
    /// `free_item` or `scope = "items"` needs `when.categories` or `when.skus`.
    NeedsItems,
    /// `referrer_credit` needs `when.referred = true`.
    NeedsReferred,
    /// A limit of 0 would never let the offer apply.
    ZeroLimit,
}
