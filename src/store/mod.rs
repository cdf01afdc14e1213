//! SQLite storage: one module per aggregate, queries as plain functions.

pub mod audit;
pub mod backup;
pub mod cards;
pub mod ledger;
pub mod members;
pub mod offers;
pub mod open;
pub mod outbox;
pub mod sales;
pub mod settings;
pub mod staff;
