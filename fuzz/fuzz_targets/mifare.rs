#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for p in ["mifare-uid-hex", "mifare-uid-reversed", "mifare-uid-dec"] {
        let r = vafa_devices::decode(p, data);
        if let Ok(read) = &r {
            assert!(matches!(read.card.len(), 8 | 14 | 20), "{}", read.card);
            assert!(read.card.bytes().all(|b| b.is_ascii_hexdigit()));
        }
        common::check(&r);
    }
});
