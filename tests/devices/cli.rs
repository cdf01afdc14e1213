//! `vafa devices` commands through `vafa::cli::devices::run`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use vafa::cli::devices::{DevicesCmd, run};

fn run_json(cmd: DevicesCmd) -> (bool, Value) {
    let mut out = Vec::new();
    let ok = run(cmd, true, &mut out).is_ok();
    let text = String::from_utf8(out).unwrap();
    let last = text.lines().last().unwrap_or("null");
    (ok, serde_json::from_str(last).unwrap())
}

fn decode(profile: &str, hex: Option<&str>, text: Option<&str>) -> DevicesCmd {
    DevicesCmd::Decode {
        profile: profile.into(),
        hex: hex.map(Into::into),
        text: text.map(Into::into),
    }
}

#[test]
fn decode_prints_the_card_as_json() {
    let (ok, v) = run_json(decode(
        "em4100-rdm6300",
        Some("02 36373030334235314336434203"),
        None,
    ));
    assert!(ok);
    assert_eq!(v["kind"], "em4100");
    assert_eq!(v["card"], "67003B51C6");
    assert_eq!(v["format"], "hex");
    assert!(v.get("symbology").is_none());
    let (ok, v) = run_json(decode("barcode-serial", None, Some(r"]E05901234123457\r")));
    assert!(ok);
    assert_eq!(v["symbology"], "EAN-13");
    let (ok, v) = run_json(decode("mifare-uid-dec", None, Some("۱۹۰۴۶۴۹۷۵۸")));
    assert!(ok);
    assert_eq!(v["card"], "1EA68671");
}

#[test]
fn decode_errors_are_json_objects_and_err() {
    let (ok, v) = run_json(decode(
        "em4100-rdm6300",
        Some("0236373030334235314336434103"),
        None,
    ));
    assert!(!ok);
    assert_eq!(v["error"]["code"], "checksum");
    assert!(v["error"]["message"].as_str().unwrap().len() > 10);
    assert!(v["error"]["message_fa"].as_str().is_some());
    let (ok, v) = run_json(decode("nope", None, Some("1")));
    assert!(!ok);
    assert_eq!(v["error"]["code"], "unknown_profile");
    let (ok, v) = run_json(decode("barcode-serial", None, None));
    assert!(!ok);
    assert_eq!(v["error"]["code"], "usage");
    let (ok, v) = run_json(decode("barcode-serial", Some("abc"), None));
    assert!(!ok);
    assert_eq!(v["error"]["code"], "usage");
}

#[test]
fn human_output() {
    let mut out = Vec::new();
    run(
        decode(
            "magstripe-ascii",
            None,
            Some("%B4111111111111111^DOE/JANE^1805?"),
        ),
        false,
        &mut out,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "magstripe card 4111111111111111 (track1)\n"
    );
}

#[test]
fn list_shows_profiles_even_without_devices() {
    let (ok, v) = run_json(DevicesCmd::List);
    assert!(ok);
    assert_eq!(v["profiles"].as_array().unwrap().len(), 12);
    let mut out = Vec::new();
    run(DevicesCmd::List, false, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Serial ports:") && text.contains("HID devices:"));
}

#[test]
fn listen_needs_readers() {
    let (ok, v) = run_json(DevicesCmd::Listen {
        seconds: Some(1),
        readers: vec![],
    });
    assert!(!ok);
    assert_eq!(v["error"]["code"], "usage");
}

#[test]
fn simulate_prints_its_port() {
    let (ok, v) = run_json(DevicesCmd::Simulate {
        profile: "barcode-serial".into(),
        card: vec![],
        wait_ms: 0,
        gap_ms: 0,
        seconds: Some(0),
    });
    assert!(ok);
    assert!(v["path"].as_str().unwrap().starts_with("/dev/"));
    let (ok, v) = run_json(DevicesCmd::Simulate {
        profile: "hid-pos".into(),
        card: vec![],
        wait_ms: 0,
        gap_ms: 0,
        seconds: Some(0),
    });
    assert!(!ok);
    assert_eq!(v["error"]["code"], "device");
}
