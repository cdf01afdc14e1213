#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check(&vafa_devices::decode("magtek-hid", data));
    // Also as a full-length report: short inputs padded the way the reader pads.
    let mut r = data.to_vec();
    r.resize(vafa_devices::magtek::REPORT_LEN, 0);
    common::check(&vafa_devices::decode("magtek-hid", &r));
});
