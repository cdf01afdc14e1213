//! Vectors derived from the documented byte layouts (shared/fixtures/README.md), the
//! "one card, many spellings" rule, and property tests over every profile.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use vafa_devices::hidpos::build_reports;
use vafa_devices::magtek::build_report;
use vafa_devices::sim::encode_frame;
use vafa_devices::{CardKind, CardRead, PROFILES, decode, typed_card};

fn found(enrolled: &CardRead, read: &CardRead) -> bool {
    let idx = enrolled.index_keys();
    read.lookup_keys().iter().any(|k| idx.contains(k))
}

fn d(profile: &str, bytes: &[u8]) -> CardRead {
    decode(profile, bytes).unwrap_or_else(|e| panic!("{profile} {bytes:?}: {e}"))
}

#[test]
fn em4100_tag_enrolled_from_hex_is_found_from_8h10d_and_w26() {
    // Tag 67 00 3B 51 C6 (fixture RDM6300 frame): last four bytes 0x003B51C6 = 3887558;
    // W26 = byte 3 (0x3B = 59), bytes 4-5 (0x51C6 = 20934).
    let enrolled = d("em4100-rdm6300", b"\x0267003B51C6CB\x03");
    let dec = d("em4100-8h10d", b"0003887558\r");
    let w26 = d("em4100-w26", b"059,20934\r");
    let ascii = d("em4100-ascii", b"67003B51C6\r\n");
    assert!(found(&enrolled, &dec));
    assert!(found(&enrolled, &w26));
    assert!(found(&enrolled, &ascii));
    // 8H10D and W26 readers find each other's enrolments (24 common bits).
    assert!(found(&dec, &w26));
    assert!(found(&w26, &dec));
    // Another tag is not taken for this one.
    let near = d("em4100-8h10d", b"0013887558\r");
    assert!(!found(&enrolled, &near));
}

#[test]
fn mifare_uid_in_reader_order_is_found_reversed_and_in_decimal() {
    let enrolled = d("mifare-uid-hex", b"1EA68671\r");
    for (p, s) in [
        ("mifare-uid-reversed", &b"7186A61E\r"[..]),
        ("mifare-uid-dec", b"1904649758\r"),
        ("mifare-uid-hex", b"1ea68671F0\r"),
    ] {
        let r = decode(p, s);
        if let Ok(r) = r {
            assert!(found(&enrolled, &r), "{p}");
        }
    }
    // 1E^A6^86^71 = 0x4F: with the right check byte it is the same card.
    assert!(found(&enrolled, &d("mifare-uid-hex", b"1EA686714F\r")));
    assert!(decode("mifare-uid-hex", b"1EA68671F0\r").is_err());
}

#[test]
fn barcode_with_or_without_aim_and_upc_as_ean13() {
    let plain = d("barcode-serial", b"5901234123457\r");
    let aim = d("barcode-serial", b"]E05901234123457\r");
    let hid = d(
        "hid-pos",
        &build_reports(Some("]E0"), b"5901234123457", false),
    );
    let shifted = d(
        "hid-pos",
        &build_reports(Some("]E0"), b"5901234123457", true),
    );
    for r in [&aim, &hid, &shifted] {
        assert!(found(&plain, r));
        assert!(found(r, &plain));
    }
    let upc = d("barcode-serial", b"036000291452\r");
    let ean = d(
        "hid-pos",
        &build_reports(Some("]E0"), b"0036000291452", false),
    );
    assert!(found(&upc, &ean) && found(&ean, &upc));
}

#[test]
fn magstripe_text_and_magtek_report_are_one_card() {
    let text = d(
        "magstripe-ascii",
        b"%B6009050000000000^SIMPSON/HOMER J^0000?;6009050000000000=0000?\r",
    );
    let report = build_report(
        [None, Some(";6009050000000000=00000002411111111100?"), None],
        [false; 3],
    );
    let hid = d("magtek-hid", &report);
    assert!(found(&text, &hid));
}

#[test]
fn typed_numbers_match_canonical_numbers_only() {
    let enrolled = d("mifare-uid-hex", b"1EA68671\r");
    assert!(found(&enrolled, &typed_card(" 1EA6 8671 ", None).unwrap()));
    assert!(!found(&enrolled, &typed_card("7186A61E", None).unwrap()));
    // With a profile the typed number is read as that reader prints it.
    assert!(found(
        &enrolled,
        &typed_card("۱۹۰۴۶۴۹۷۵۸", Some("mifare-uid-dec")).unwrap()
    ));
    // A card enrolled by typing the number printed on it is found when a reader reads it.
    let printed = typed_card("590-1234-123457", None).unwrap();
    assert_eq!(printed.kind, CardKind::Text);
    assert!(found(
        &printed,
        &d(
            "hid-pos",
            &build_reports(Some("]E0"), b"5901234123457", false)
        )
    ));
}

#[test]
fn bad_input_never_gives_a_card() {
    let big = vec![b'1'; 100_000];
    for p in PROFILES {
        for input in [&b""[..], b"\0\0\0\0", b"\r\n", &[0xff, 0xfe, 0xfd], &big] {
            let r = decode(p.name, input);
            assert!(
                r.is_err(),
                "{} {:?} gave {r:?}",
                p.name,
                &input[..input.len().min(8)]
            );
            let e = r.unwrap_err();
            assert!(!e.to_string().is_empty() && !e.message_fa().is_empty());
        }
    }
}

proptest! {
    #[test]
    fn no_profile_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for p in PROFILES {
            if let Ok(r) = decode(p.name, &bytes) {
                prop_assert!(!r.card.is_empty());
                prop_assert!(found(&r, &r));
            }
        }
    }

    #[test]
    fn em4100_spellings_always_agree(tag in any::<[u8; 5]>()) {
        let hex: String = tag.iter().map(|b| format!("{b:02X}")).collect();
        let enrolled = d("em4100-rdm6300", &encode_frame("em4100-rdm6300", &hex).unwrap());
        let v = u32::from_be_bytes([tag[1], tag[2], tag[3], tag[4]]);
        let dec = d("em4100-8h10d", format!("{v:010}\r").as_bytes());
        let w = d("em4100-w26", format!("{:03},{:05}\r", tag[2], u16::from_be_bytes([tag[3], tag[4]])).as_bytes());
        prop_assert!(found(&enrolled, &dec));
        prop_assert!(found(&enrolled, &w));
    }

    #[test]
    fn mifare_spellings_always_agree(uid in any::<[u8; 4]>()) {
        prop_assume!(uid[0] != 0x88 && uid[3] != 0x88);
        let hex: String = uid.iter().map(|b| format!("{b:02X}")).collect();
        let rev: String = uid.iter().rev().map(|b| format!("{b:02X}")).collect();
        let dec = u32::from_le_bytes(uid).to_string();
        let a = d("mifare-uid-hex", hex.as_bytes());
        prop_assert_eq!(&d("mifare-uid-reversed", rev.as_bytes()).card, &a.card);
        prop_assert_eq!(&d("mifare-uid-dec", dec.as_bytes()).card, &a.card);
    }
}

#[test]
fn wedge_scan_decodes_and_typing_does_not() {
    use vafa_core::wedge::{WedgeConfig, WedgeOutput, detect};
    let keys = |s: &str, gap: u64| -> Vec<(char, u64)> {
        s.chars()
            .enumerate()
            .map(|(i, c)| (c, 1000 + gap * i as u64))
            .collect()
    };
    // A scanner under a Persian keyboard layout types Persian digits.
    let out = detect(WedgeConfig::default(), &keys("۵۹۰۱۲۳۴۱۲۳۴۵۷\r", 15));
    let [WedgeOutput::Scan(s)] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert_eq!(d("wedge", s.as_bytes()).card, "5901234123457");
    // A magstripe reader in keyboard mode.
    let out = detect(
        WedgeConfig::default(),
        &keys(";6009050000000000=0000?\r", 12),
    );
    let [WedgeOutput::Scan(s)] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert_eq!(d("wedge", s.as_bytes()).kind, CardKind::Magstripe);
    // A person typing the same number is given the keys back, not a card.
    let out = detect(WedgeConfig::default(), &keys("5901234123457\r", 140));
    assert!(out.iter().all(|o| matches!(o, WedgeOutput::Typed(_))));
}
