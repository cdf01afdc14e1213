#![no_main]
//! Head office's push validator (the check is shared with the stable harness).
use libfuzzer_sys::fuzz_target;

#[path = "../../crates/vafa-hq/fuzz/push_check.rs"]
mod push_check;

fuzz_target!(|data: &[u8]| {
    push_check::run(data);
});
