//! SQLite storage: one module per aggregate, queries as plain functions.

pub mod audit;
pub mod backup;
pub mod cards;
mod db;
pub mod export;
pub mod ledger;
pub mod members;
pub mod offers;
pub mod open;
pub mod outbox;
pub mod sales;
pub mod settings;
pub mod shop;
pub mod staff;
pub mod sync;

pub(crate) use db::Db;
pub use db::{DbError, Result, Tx, begin, write};
pub use rusqlite::Connection;
