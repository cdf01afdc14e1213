//! The lottery draw against an independent implementation of its documented procedure
//! (`lottery_reference.py`, Python standard library), and its odds against the tickets.

use std::io::Write;
use std::process::{Command, Stdio};

use vafa_club::lottery::{Entry, EntryList, commitment, draw, verify};

fn list(e: &[(&str, u64)]) -> EntryList {
    EntryList::new(
        e.iter()
            .map(|&(id, tickets)| Entry {
                member_id: id.to_string(),
                tickets,
            })
            .collect(),
    )
    .expect("valid list")
}

/// Runs the Python reference on `seeds` over `entries` (given in this order, unsorted).
fn reference(seeds: &[String], entries: &[(&str, u64)], prizes: u32) -> Vec<String> {
    let mut input = format!("{prizes}\n{}\n", seeds.len());
    for s in seeds {
        input.push_str(s);
        input.push('\n');
    }
    for (id, t) in entries {
        input.push_str(&format!("{id} {t}\n"));
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lottery_reference.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3 finishes");
    assert!(out.status.success(), "the reference failed");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_string)
        .collect()
}

fn ours(seeds: &[String], entries: &[(&str, u64)], prizes: u32) -> Vec<String> {
    let l = list(entries);
    seeds
        .iter()
        .map(|s| {
            let d = draw(s, &l, prizes).expect("draw");
            assert_eq!(verify(&d, &l), Ok(()));
            let mut line = vec![d.commitment, d.list_hash];
            line.extend(d.winners.into_iter().map(|w| w.member_id));
            line.join(" ")
        })
        .collect()
}

#[test]
fn a_fixed_draw_matches_the_reference_exactly() {
    // The published values of one draw, fixed here so that a change of procedure shows.
    let entries = [
        ("0192f5a0-7c1e-7b3a-9d2e-5f6a7b8c9d01", 3),
        ("0192f5a0-7c1e-7b3a-9d2e-5f6a7b8c9d00", 12),
        ("0192f5a0-7c1e-7b3a-9d2e-5f6a7b8c9d02", 1),
        ("0192f5a0-7c1e-7b3a-9d2e-5f6a7b8c9d03", 7),
        ("0192f5a0-7c1e-7b3a-9d2e-5f6a7b8c9d04", 5),
    ];
    let seed = vec!["5e0b3c1d9a7f4e2b8c6d0a1f3e5b7c9d2a4f6e8b0c1d3e5f7a9b1c3d5e7f9a0b".to_string()];
    let r = reference(&seed, &entries, 3);
    assert_eq!(ours(&seed, &entries, 3), r);
    assert_eq!(r[0].split(' ').next(), Some(commitment(&seed[0]).as_str()));
    // The published values, pinned: commitment, list hash, then prizes 1, 2, 3.
    let pinned = [
        "550b6045f4e564a197de12c26bbffd44b56ba4b250040a7862f1db9795157b26",
        "03e0b3727c7c7a696352214c82cc080a8b5bf6d7f3c4f8a57e512311364aee1a",
        "0192f5a0-7c1e-7b3a-9d2e-5f6a7b8c9d03",
        "0192f5a0-7c1e-7b3a-9d2e-5f6a7b8c9d04",
        "0192f5a0-7c1e-7b3a-9d2e-5f6a7b8c9d00",
    ];
    assert_eq!(r, vec![pinned.join(" ")]);
}

#[test]
fn many_draws_match_the_reference() {
    let seeds: Vec<String> = (0..300).map(|i| format!("seed-{i}")).collect();
    // Persian ids, an id with a space, and uneven tickets.
    let entries = [
        ("مریم", 4),
        ("علی", 1),
        ("a b", 2),
        ("Z", 9),
        ("a", 1),
        ("ab", 30),
    ];
    assert_eq!(ours(&seeds, &entries, 4), reference(&seeds, &entries, 4));
    // More prizes than entries: everyone, in drawn order.
    assert_eq!(
        ours(&seeds[..20], &entries, 9),
        reference(&seeds[..20], &entries, 9)
    );
}

#[test]
fn rejection_sampling_matches_the_reference() {
    // T = 2^63 + 1: 2^64 mod T = 2^63 − 1, so almost half of all words are rejected; the two
    // implementations must reject the same ones.
    let entries = [("big", 1u64 << 63), ("small", 1)];
    let seeds: Vec<String> = (0..200).map(|i| format!("r{i}")).collect();
    let a = ours(&seeds, &entries, 1);
    assert_eq!(a, reference(&seeds, &entries, 1));
    // And the small entry, one ticket in 2^63 + 1, never won.
    assert!(a.iter().all(|l| l.ends_with(" big")));
}

#[test]
fn the_first_prize_is_proportional_to_tickets() {
    // Chi-squared goodness of fit over 10,000 draws with seeds "chi-0" … "chi-9999" (fixed, so
    // the statistic is fixed and the test never flakes). Tickets 1, 2, 3, 4, 10 of 20:
    // expected first prizes E = 10,000 × t / 20 = 500, 1,000, 1,500, 2,000, 5,000.
    // X² = Σ (observed − E)² / E with 4 degrees of freedom; the critical value at p = 0.001
    // is 18.467. A draw that ignored tickets would give X² in the thousands.
    let tickets = [("a", 1u64), ("b", 2), ("c", 3), ("d", 4), ("e", 10)];
    let l = list(&tickets);
    let mut observed = [0u64; 5];
    for i in 0..10_000 {
        let d = draw(&format!("chi-{i}"), &l, 1).expect("draw");
        let k = tickets
            .iter()
            .position(|t| t.0 == d.winners[0].member_id)
            .expect("an entry");
        observed[k] += 1;
    }
    let chi2: f64 = tickets
        .iter()
        .zip(observed)
        .map(|(&(_, t), o)| {
            let e = 10_000.0 * t as f64 / 20.0;
            (o as f64 - e).powi(2) / e
        })
        .sum();
    eprintln!("first prize: X² = {chi2:.3}, observed {observed:?}");
    assert!(chi2 < 18.467, "X² = {chi2}, observed {observed:?}");
    // The second prize, given the first: with "e" (10) out, a b c d share 10 tickets.
    let mut second = [0u64; 4];
    let mut n = 0u64;
    for i in 0..10_000 {
        let d = draw(&format!("chi2-{i}"), &l, 2).expect("draw");
        if d.winners[0].member_id == "e" {
            n += 1;
            let k = tickets[..4]
                .iter()
                .position(|t| t.0 == d.winners[1].member_id)
                .expect("a, b, c or d");
            second[k] += 1;
        }
    }
    // df = 3, critical value at p = 0.001: 16.266.
    let chi2: f64 = tickets[..4]
        .iter()
        .zip(second)
        .map(|(&(_, t), o)| {
            let e = n as f64 * t as f64 / 10.0;
            (o as f64 - e).powi(2) / e
        })
        .sum();
    eprintln!("second prize: X² = {chi2:.3}, observed {second:?} of {n}");
    assert!(chi2 < 16.266, "X² = {chi2}, observed {second:?} of {n}");
}
