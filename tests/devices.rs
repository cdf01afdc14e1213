//! Card readers: `vafa devices`, the public vectors and fixtures, HID readers replayed.
//! One test binary (each module was one). The serial readers on pseudo-terminals stay in
//! `devices_serial.rs`, alone, so that their timing checks never compete.

#[path = "devices/cli.rs"]
mod cli;
#[path = "devices/fixtures.rs"]
mod fixtures;
#[path = "devices/hid.rs"]
mod hid;
#[path = "devices/vectors.rs"]
mod vectors;
