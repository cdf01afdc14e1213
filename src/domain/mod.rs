//! Pure rules: money, dates, phones, ledger arithmetic, tiers, sales. No I/O here: this
//! module imports neither rusqlite, iced, reqwest nor tokio.

pub mod calendar;
pub mod digits;
pub mod money;
pub mod phone;
pub mod wedge;
