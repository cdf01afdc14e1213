//! Pure rules: money, dates, phones, ledger arithmetic, tiers, sales, offers, and the
//! keyboard-wedge burst detector. No I/O here: this module imports neither rusqlite,
//! iced, reqwest nor tokio.

pub mod calendar;
pub mod config;
pub mod digits;
pub mod ids;
pub mod lang;
pub mod ledger;
pub mod money;
pub mod occasions;
pub mod offer;
pub mod phone;
pub mod sale;
pub mod staff;
pub mod wedge;
