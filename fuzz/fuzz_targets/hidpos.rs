#![no_main]
mod common;
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use vafa_devices::hidpos::{Assembler, REPORT_LEN};

fuzz_target!(|data: &[u8]| {
    common::check(&vafa_devices::decode("hid-pos", data));
    // Report by report through the worker's assembler, with the first byte of each chunk
    // choosing how late it comes.
    let mut a = Assembler::default();
    let mut now = Instant::now();
    for chunk in data.chunks(REPORT_LEN) {
        now += Duration::from_millis(u64::from(chunk[0]) * 4);
        if let Some(e) = a.expire(now) {
            assert_eq!(e.code(), "continuation_timeout");
        }
        let mut r = chunk.to_vec();
        if let Some(first) = r.first_mut() {
            *first = 2;
        }
        match a.push(&r, now) {
            Ok(Some(read)) => common::check(&Ok(read)),
            Ok(None) => assert!(a.in_progress()),
            Err(e) => common::check(&Err(e)),
        }
    }
});
