//! Head office and sync end to end, and under faults (a killed head office, a fault-
//! injecting proxy). One test binary (each module was one); needs the `vafa-hq` binary,
//! which `cargo test --workspace` builds.

mod common;

#[path = "sync/anchor.rs"]
mod anchor;

#[path = "sync/faults.rs"]
mod faults;
#[path = "sync/flows.rs"]
mod flows;
#[path = "sync/gift.rs"]
mod gift;
#[path = "sync/held.rs"]
mod held;
#[path = "sync/membership.rs"]
mod membership;
#[path = "sync/overdraft.rs"]
mod overdraft;
#[path = "sync/reports.rs"]
mod reports;
#[path = "sync/text.rs"]
mod text;
#[path = "sync/trust.rs"]
mod trust;
#[path = "sync/uptime.rs"]
mod uptime;
