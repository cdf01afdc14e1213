//! The push validator's fuzz harness for the stable toolchain (cargo-fuzz, in `fuzz/`,
//! needs nightly): mutates the seed pushes in `fuzz/corpus/push/` (bytes flipped, cut,
//! spliced, and JSON values swapped for the numbers and strings that break validators:
//! 0, -1, 2⁶³−1, −2⁶³, 10¹⁵±1, huge and empty strings, control and bidi characters, other
//! records' ids) and runs each through `push_check::run` for a time budget.
//!
//! `cargo run --release -p vafa-hq --example fuzz_push -- SECONDS [SEED]`; a panic is a
//! crash: the input is written to `fuzz/artifacts/push/` first.

#[path = "push_check.rs"]
mod push_check;

use std::time::{Duration, Instant};

use serde_json::Value;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NUMBERS: &[i64] = &[
    0,
    1,
    -1,
    i64::MAX,
    i64::MIN,
    1_000_000_000_000_000,
    1_000_000_000_000_001,
    -1_000_000_000_000_001,
    200_000,
    -200_000,
    500_000,
    -500_000,
];

fn strings(r: &mut Rng) -> Value {
    let pick = [
        String::new(),
        "A".into(),
        "B".into(),
        "m1".into(),
        "m2".into(),
        "l0".into(),
        "l1".into(),
        "s1".into(),
        "x".repeat(100_000),
        "\0".into(),
        "\u{1b}[2J".into(),
        "\u{202E}".into(),
        "2099-01-01T00:00:00+00:00".into(),
        "2026-11-22T10:00:00+03:30".into(),
        "not a time".into(),
        "+989120000001".into(),
        "earn".into(),
        "redeem".into(),
        "adjust".into(),
        "void".into(),
        "expire".into(),
        "points".into(),
        "{}".into(),
        "{\"a\": 1}".into(),
    ];
    Value::String(pick[r.below(pick.len())].clone())
}

/// Every value in `v`, depth first, for picking one to change.
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

fn nth(v: &mut Value, mut n: usize) -> Option<&mut Value> {
    fn go<'a>(v: &'a mut Value, n: &mut usize) -> Option<&'a mut Value> {
        if *n == 0 {
            return Some(v);
        }
        *n -= 1;
        match v {
            Value::Array(a) => a.iter_mut().find_map(|x| go(x, n)),
            Value::Object(o) => o.values_mut().find_map(|x| go(x, n)),
            _ => None,
        }
    }
    go(v, &mut n)
}

fn mutate_json(r: &mut Rng, v: &mut Value, seeds: &[Value]) {
    for _ in 0..1 + r.below(4) {
        let n = r.below(count(v));
        let Some(slot) = nth(v, n) else { continue };
        *slot = match r.below(7) {
            0 | 1 => Value::from(NUMBERS[r.below(NUMBERS.len())]),
            2 | 3 => strings(r),
            4 => Value::Null,
            5 => Value::Bool(r.below(2) == 0),
            // Another seed's subtree: records from one kind in another's place.
            _ => {
                let s = &seeds[r.below(seeds.len())];
                nth(&mut s.clone(), r.below(count(s)))
                    .cloned()
                    .unwrap_or(Value::Null)
            }
        };
    }
    // Sometimes a record twice (a repeat, or a second draw on one lot).
    if r.below(4) == 0
        && let Some(recs) = v.get_mut("records").and_then(Value::as_array_mut)
        && let Some(first) = recs.first().cloned()
    {
        recs.push(first);
    }
}

fn mutate_bytes(r: &mut Rng, b: &mut Vec<u8>) {
    if b.is_empty() {
        b.push(b'{');
    }
    for _ in 0..1 + r.below(4) {
        let i = r.below(b.len());
        match r.below(4) {
            0 => b[i] = r.next() as u8,
            1 => {
                b.remove(i);
            }
            2 => b.insert(i, b"{}[]\",:0-9e"[r.below(11)]),
            _ => b.truncate(i),
        }
        if b.is_empty() {
            break;
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/push");
    let mut seeds: Vec<Value> = std::fs::read_dir(&dir)
        .expect("the seed corpus")
        .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
        .filter_map(|b| serde_json::from_slice(&b).ok())
        .collect();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    seeds.sort_by_key(|v| v.to_string());
    let artifacts = dir.join("../../artifacts/push");
    let mut r = Rng(seed | 1);
    let (start, budget) = (Instant::now(), Duration::from_secs(seconds));
    let (mut execs, mut decoded, mut records) = (0u64, 0u64, 0u64);
    while start.elapsed() < budget {
        for _ in 0..256 {
            let mut v = seeds[r.below(seeds.len())].clone();
            mutate_json(&mut r, &mut v, &seeds);
            let mut bytes = serde_json::to_vec(&v).unwrap_or_default();
            if r.below(8) == 0 {
                mutate_bytes(&mut r, &mut bytes);
            }
            let outcome = std::panic::catch_unwind(|| push_check::run(&bytes));
            execs += 1;
            match outcome {
                Ok(n) => {
                    decoded += u64::from(n > 0);
                    records += n as u64;
                }
                Err(_) => {
                    std::fs::create_dir_all(&artifacts).expect("artifacts");
                    let path = artifacts.join(format!("crash-{execs}.json"));
                    std::fs::write(&path, &bytes).expect("write artifact");
                    eprintln!("crash after {execs} executions: {}", path.display());
                    std::process::exit(1);
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "fuzz_push: {execs} executions in {secs:.0} s ({:.0}/s), {decoded} decoded as pushes, {records} records checked, no crash",
        execs as f64 / secs
    );
}
