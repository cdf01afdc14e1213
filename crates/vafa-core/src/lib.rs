//! vafa's pure rules: money, dates, phones, ledger arithmetic, tiers, sales, offers, the
//! keyboard-wedge burst detector, the sync wire's record types and the errors as data.
//! No I/O here: this crate depends on neither rusqlite, iced, tokio, axum, ureq nor
//! postgres (`.ci/layers` checks it).

pub mod basket;
pub mod calendar;
pub mod club;
pub mod config;
pub mod digits;
pub mod error;
pub mod field;
pub mod gift;
pub mod hq;
pub mod ids;
pub mod lang;
pub mod ledger;
#[cfg(test)]
mod ledger_props;
pub mod lot;
pub mod member;
pub mod money;
pub mod occasions;
pub mod offer;
pub mod offline;
pub mod overdraft;
pub mod phone;
pub mod protocol;
pub mod receipt;
pub mod record;
pub mod sale;
pub mod sms;
pub mod sms_template;
pub mod staff;
pub mod text;
pub mod wedge;
