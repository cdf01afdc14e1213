//! The loyalty club's pure arithmetic: the figures of `vafa report`, the lottery draw and
//! survey statistics. Plain functions over plain data — no I/O, no storage, no clock — so
//! that the till and head office compute the same answers from the same records.
//!
//! One rounding rule for every published decimal and money average ([`figures`]); money is
//! `i64` rials; no floats.

#[cfg(test)]
mod contract_json;
pub mod figures;
pub mod lottery;
pub mod report;
pub mod stream;
pub mod survey;
