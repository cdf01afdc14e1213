//! The local POS API (`vafa pos serve`) through the real binary on 127.0.0.1:0, over a shop
//! in a temp dir with the fixed clock: every endpoint and every bad input of issue 20, a
//! client retrying through a proxy that drops answers, and the card handed over from the
//! till.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "pos/api.rs"]
mod api;
#[path = "pos/faults.rs"]
mod faults;
#[path = "pos/holoo.rs"]
mod holoo;
#[path = "pos/server.rs"]
mod server;
#[path = "pos/watch.rs"]
mod watch;
