#![no_main]
use libfuzzer_sys::fuzz_target;
use vafa_core::wedge::{WedgeConfig, WedgeDetector, WedgeOutput};

// Input: pairs of (gap byte, key byte) plus a config byte. The detector must give back every
// key: typed keys as they were, scans without their Enter/Tab.
fuzz_target!(|data: &[u8]| {
    let Some((&cfg, rest)) = data.split_first() else {
        return;
    };
    let config = WedgeConfig {
        end_on_idle: cfg & 1 == 1,
        ..WedgeConfig::default()
    };
    let mut d = WedgeDetector::new(config);
    let mut now = 0u64;
    let mut keys = 0usize;
    let mut out = Vec::new();
    let alphabet = ['1', '2', '\u{06F3}', '\u{0664}', 'a', '%', '\r', '\t', '\n', ' '];
    for pair in rest.chunks_exact(2) {
        now += u64::from(pair[0]);
        let c = alphabet[usize::from(pair[1]) % alphabet.len()];
        keys += 1;
        out.extend(d.key(c, now));
        if pair[1] >= 250 {
            out.extend(d.tick(now + 5));
        }
    }
    out.extend(d.tick(now + 100_000));
    assert!(!d.is_holding());
    let mut given = 0usize;
    for o in &out {
        match o {
            WedgeOutput::Typed(s) => given += s.chars().count(),
            WedgeOutput::Scan(s) => {
                assert!(s.chars().count() >= config.min_len);
                assert!(!s.contains(['\r', '\n', '\t']));
                given += s.chars().count() + 1;
            }
        }
    }
    // With end_on_idle a scan may end without a terminator: then it counted one key too many.
    if config.end_on_idle {
        assert!(given >= keys && given <= keys + out.len());
    } else {
        assert_eq!(given, keys);
    }
});
