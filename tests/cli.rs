//! The `vafa` command line through the real binary on real database files in temp dirs,
//! and staff permissions through the service and the CLI. One test binary (each module
//! was one), so it links once.

mod common;

#[path = "cli/club.rs"]
mod club;
#[path = "cli/gift.rs"]
mod gift;
#[path = "cli/members.rs"]
mod members;
#[path = "cli/membership.rs"]
mod membership;
#[path = "cli/offers.rs"]
mod offers;
#[path = "cli/readers.rs"]
mod readers;
#[path = "cli/receipts.rs"]
mod receipts;
#[path = "cli/reports.rs"]
mod reports;
#[path = "cli/sales.rs"]
mod sales;
#[path = "cli/staff.rs"]
mod staff;
#[path = "cli/suggest.rs"]
mod suggest;
