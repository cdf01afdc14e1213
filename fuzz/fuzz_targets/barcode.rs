#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check(&vafa_devices::decode("barcode-serial", data));
    common::check(&vafa_devices::decode("wedge", data));
});
