//! Till ↔ head office: the wire protocol (shared with `hq`) and the till's sync client.

pub mod client;
