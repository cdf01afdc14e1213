//! Cards read through reader profiles, end to end: one card, many spellings, through
//! `vafa member enrol` and `vafa sale`; saved readers survive a restart.

use crate::common;
use common::Shop;

#[test]
fn an_em4100_tag_enrolled_from_one_reader_is_found_from_the_others() {
    let s = Shop::new();
    let id = s.json(&[
        "member",
        "enrol",
        "--first",
        "A",
        "--last",
        "B",
        "--mobile",
        "09121234567",
        "--card",
        "67003B51C6",
        "--profile",
        "em4100-ascii",
    ])["id"]
        .as_str()
        .expect("id")
        .to_string();
    for (card, profile) in [
        ("0003887558", "em4100-8h10d"),
        ("059,20934", "em4100-w26"),
        ("67003b51c6", "em4100-ascii"),
    ] {
        let r = s.json(&[
            "sale",
            "--card",
            card,
            "--profile",
            profile,
            "--amount",
            "100000",
        ]);
        assert_eq!(r["member_id"], id.as_str(), "{profile}");
    }
    // Typed by a person, in lower case, without a profile.
    assert_eq!(
        s.json(&["member", "show", "--card", "67003b51c6"])["id"],
        id.as_str()
    );
    // A bad read is refused with the reader's own reason, and nothing is recorded.
    let before = s.counts();
    let (code, msg, _) = s.fails(&[
        "sale",
        "--card",
        "12345",
        "--profile",
        "em4100-8h10d",
        "--amount",
        "1000",
    ]);
    assert!(!code.is_empty() && !msg.is_empty(), "{code}: {msg}");
    assert_eq!(s.counts(), before);
}

#[test]
fn a_barcode_with_or_without_its_aim_id_and_upc_as_ean() {
    let s = Shop::new();
    s.json(&[
        "member",
        "enrol",
        "--first",
        "A",
        "--last",
        "B",
        "--mobile",
        "09121234567",
        "--card",
        "036000291452",
        "--profile",
        "barcode-serial",
    ]);
    for (card, profile) in [
        ("]E00036000291452", "barcode-serial"),
        ("0036000291452", "barcode-serial"),
    ] {
        let r = s.json(&["member", "show", "--card", card, "--profile", profile]);
        assert_eq!(r["mobile"], "+989121234567", "{card}");
    }
}

#[test]
fn saved_readers_survive_a_restart() {
    let s = Shop::new();
    s.json(&["devices", "add", "front=barcode-serial@/dev/ttyUSB0:9600"]);
    s.json(&["devices", "add", "swipe=magtek-hid@usb:0801:0002"]);
    // Each command is a new process: what it lists was read back from the database.
    let all = s.json(&["devices", "readers"]);
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    assert_eq!(all[0]["name"], "front");
    assert_eq!(all[0]["transport"]["path"], "/dev/ttyUSB0");
    s.json(&["devices", "remove", "front"]);
    assert_eq!(
        s.json(&["devices", "readers"]).as_array().map(Vec::len),
        Some(1)
    );
    let (code, _, _) = s.fails(&["devices", "remove", "front"]);
    assert_eq!(code, "invalid");
    let (code, _, _) = s.fails(&["devices", "add", "front=no-such-profile@/dev/ttyUSB0"]);
    assert!(!code.is_empty());
}
