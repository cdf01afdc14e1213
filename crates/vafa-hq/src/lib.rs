//! `vafa-hq`, head office (its own crate: it links neither iced, hidapi nor serialport,
//! nor the till's store or service; `.ci/layers` checks it): terminals, the records every
//! till pushes, what tills pull, chain-wide balances, conflicts and settlement between
//! owners. Storage is SQLite or PostgreSQL behind one interface with typed rows
//! (`storage`); the HTTP API is in `server`.
//!
//! By concern: `terminals` (tokens, branches and owners), `ingest` (a push checked,
//! stored and projected), `pull`, `admin` (chain-wide offers and configuration, merges,
//! card decisions, conflicts), `reports` (a member's standing, overdrafts, settlement),
//! `overdraft` (recovering credit spent twice), `log` (head office's own records).

pub mod admin;
pub mod anchor;
pub mod cli;
pub mod clock;
pub mod club;
pub mod ingest;
pub mod listen;
pub mod log;
pub mod overdraft;
pub mod pull;
pub mod reports;
pub mod schema;
pub mod server;
pub mod storage;
pub mod terminals;
pub mod tls;
pub mod validate;

/// Why a request or command failed, as data (`vafa_core::hq`); `vafa_text::hq` says it.
pub use vafa_core::hq::HqError;
