#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for p in ["em4100-rdm6300", "em4100-ascii", "em4100-8h10d", "em4100-w26"] {
        let r = vafa_devices::decode(p, data);
        if let Ok(read) = &r {
            assert_eq!(read.kind, vafa_devices::CardKind::Em4100);
        }
        common::check(&r);
    }
});
