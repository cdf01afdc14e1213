//! The till's SQLite storage: pragmas and migrations (`open`), one module per aggregate
//! with queries as plain functions, backups, and applying what other branches did
//! (`apply`). Nothing above this crate names rusqlite's error: store functions return
//! [`DbError`], which the service sees as `Error::Storage`.

pub mod apply;
pub mod audit;
pub mod backup;
pub mod cards;
pub mod closes;
pub mod club;
mod db;
pub mod export;
pub mod gift;
pub mod ledger;
pub mod members;
pub mod offers;
pub mod open;
pub mod outbox;
pub mod pos;
pub mod private;
pub mod reports;
pub mod sales;
pub mod settings;
pub mod shop;
pub mod sms;
pub mod sql;
pub mod staff;
pub mod sync;

pub(crate) use db::Db;
pub use db::{DbError, Result, Tx, begin, write};
pub use rusqlite::Connection;
