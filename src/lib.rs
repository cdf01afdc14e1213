//! vafa — an offline-first loyalty-club terminal. See README.md for the map of modules.

pub mod cli;
