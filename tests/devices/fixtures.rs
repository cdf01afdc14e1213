//! Every vector of tests/fixtures/readers.jsonl (copied from shared/fixtures, with the public
//! source of each) through `vafa_devices::decode`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use vafa_devices::decode;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn every_fixture_vector() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/readers.jsonl"
    ))
    .unwrap();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        let name = v["name"].as_str().unwrap();
        assert!(
            v["source"].as_str().is_some_and(|s| !s.is_empty()),
            "{name}: no source"
        );
        let profile = v["profile"].as_str().unwrap();
        let bytes = match (v["text"].as_str(), v["hex"].as_str()) {
            (Some(t), _) => t.as_bytes().to_vec(),
            (None, Some(h)) => hex(h),
            _ => panic!("{name}: no input"),
        };
        let got = decode(profile, &bytes);
        let expect = &v["expect"];
        if let Some(err) = expect["error"].as_str() {
            let e = got.expect_err(name);
            assert_eq!(e.code(), err.replace(' ', "_"), "{name}: {e}");
        } else {
            let r = got.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                r.kind,
                serde_json::from_value(expect["kind"].clone()).unwrap(),
                "{name}"
            );
            assert_eq!(r.card, expect["card"].as_str().unwrap(), "{name}");
            if let Some(f) = expect["format"].as_str() {
                assert_eq!(r.format, f, "{name}");
            }
            if let Some(s) = expect["symbology"].as_str() {
                assert_eq!(r.symbology.as_deref(), Some(s), "{name}");
            }
        }
        n += 1;
    }
    assert_eq!(n, 18);
}
