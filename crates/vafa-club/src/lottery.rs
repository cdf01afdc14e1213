//! The prize draw ("قرعه‌کشی") that anyone can check (CONTRACT "Lotteries and surveys").
//!
//! `create` fixes a secret seed and publishes its commitment; `draw` freezes the entry list,
//! publishes its hash, reveals the seed and picks the winners; anyone holding the seed and
//! the list repeats the draw. `tests/lottery_reference.py` is an independent implementation
//! of the procedure below in Python (standard library only), checked against this one.
//!
//! ## The procedure
//!
//! 1. **Seed and commitment.** The seed is a non-empty string (vafa makes 64 lowercase hex
//!    digits from 32 random bytes). `commitment` = lowercase hex of SHA-256 of the seed's
//!    UTF-8 bytes.
//! 2. **Entries.** Each entry is a member id and a number of tickets. Ids are non-empty,
//!    unique, and contain no `:`, `\n` or `\r`; tickets are at least 1 and their total at most
//!    2^64 − 1.
//! 3. **The canonical list** is the entries sorted by member id, ascending by UTF-8 bytes
//!    (which is Unicode code point order), each written as `MEMBER_ID:TICKETS\n` (tickets in
//!    decimal, no leading zeros, every line ending in `\n`), concatenated. `list_hash` =
//!    lowercase hex of SHA-256 of its UTF-8 bytes.
//! 4. **The stream.** The key is `K = "vafa-lottery-v1" ‖ 0x00 ‖ seed ‖ 0x00 ‖ list_hash`
//!    (the hash as its 64 ASCII characters). Block `i` = SHA-256(K ‖ i as 8 bytes big-endian),
//!    i = 0, 1, 2, …; each block gives four 64-bit big-endian words (bytes 0–7, 8–15,
//!    16–23, 24–31), used in order.
//! 5. **A number below n** (n ≥ 1): let `zone = 2^64 mod n`; take the next word `x`, and
//!    while `x < zone` take the next one; the number is `x mod n`. (No modulo bias: each
//!    value has probability exactly 1/n.)
//! 6. **The winners.** Let `W` be the number of prizes, at most the number of entries (more
//!    are drawn as many as there are entries). For prize `k` = 1, 2, …, W: `T` = the tickets
//!    of the entries not yet drawn; `r` = a number below `T` (step 5); walk the entries not
//!    yet drawn in canonical order adding their tickets; the first whose running sum exceeds
//!    `r` wins prize `k` and leaves the list. One stream serves all prizes.
//! 7. **Verify.** Recompute the commitment from the revealed seed, the list hash from the
//!    published list, and the winners from both by steps 3–6; the draw stands only if all
//!    three equal what was published.
//!
//! So each ticket has the same chance; a member's chance at a prize is their tickets over the
//! tickets still in the draw; and nobody — not the shop, which committed to the seed before
//! the list was final, nor a member — can steer the result without breaking SHA-256.

use serde::{Deserialize, Serialize};

use crate::report::Rials;
use crate::stream::{Stream, sha256_hex};

/// A member's tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub member_id: String,
    pub tickets: u64,
}

/// Why a list or a draw was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LotteryError {
    EmptySeed,
    /// The member id is empty or contains `:`, `\n` or `\r`.
    BadMemberId(String),
    DuplicateMember(String),
    NoTickets(String),
    /// The total of tickets does not fit 64 bits.
    TooManyTickets,
    NoEntries,
    NoWinners,
}

/// Why a published draw does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// The seed does not hash to the commitment.
    Commitment,
    /// The list does not hash to the published list hash.
    ListHash,
    /// The seed and list give other winners.
    Winners,
}

/// A valid entry list in canonical order (step 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryList {
    pub entries: Vec<Entry>,
    pub total: u64,
    pub list_hash: String,
}

impl EntryList {
    /// Validates `entries` (step 2) and puts them in canonical order.
    pub fn new(mut entries: Vec<Entry>) -> Result<EntryList, LotteryError> {
        entries.sort_by(|a, b| a.member_id.cmp(&b.member_id));
        let mut total: u64 = 0;
        for (i, e) in entries.iter().enumerate() {
            let id = &e.member_id;
            if id.is_empty() || id.contains([':', '\n', '\r']) {
                return Err(LotteryError::BadMemberId(id.clone()));
            }
            if i > 0 && entries[i - 1].member_id == *id {
                return Err(LotteryError::DuplicateMember(id.clone()));
            }
            if e.tickets == 0 {
                return Err(LotteryError::NoTickets(id.clone()));
            }
            total = total
                .checked_add(e.tickets)
                .ok_or(LotteryError::TooManyTickets)?;
        }
        let list_hash = sha256_hex(canonical(&entries).as_bytes());
        Ok(EntryList {
            entries,
            total,
            list_hash,
        })
    }

    /// The canonical text of the list (step 3).
    pub fn canonical(&self) -> String {
        canonical(&self.entries)
    }
}

fn canonical(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(|e| format!("{}:{}\n", e.member_id, e.tickets))
        .collect()
}

/// A member's tickets: one per `per` rials paid in the window, or one per visit when `per`
/// is not given (or not positive).
pub fn tickets(paid: Rials, visits: u64, per: Option<Rials>) -> u64 {
    match per {
        Some(p) if p > 0 => u64::try_from(paid / p).unwrap_or(0),
        _ => visits,
    }
}

/// Step 1: the commitment to a seed.
pub fn commitment(seed: &str) -> String {
    sha256_hex(seed.as_bytes())
}

/// A prize and who won it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Winner {
    pub member_id: String,
    /// 1 for the first drawn.
    pub prize: u32,
    pub tickets: u64,
}

/// CONTRACT `lottery draw`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draw {
    pub seed: String,
    pub commitment: String,
    pub list_hash: String,
    pub winners: Vec<Winner>,
}

/// Draws `prizes` winners from `list` with `seed` (steps 4–6).
pub fn draw(seed: &str, list: &EntryList, prizes: u32) -> Result<Draw, LotteryError> {
    if seed.is_empty() {
        return Err(LotteryError::EmptySeed);
    }
    if list.entries.is_empty() {
        return Err(LotteryError::NoEntries);
    }
    if prizes == 0 {
        return Err(LotteryError::NoWinners);
    }
    let mut key = b"vafa-lottery-v1\0".to_vec();
    key.extend_from_slice(seed.as_bytes());
    key.push(0);
    key.extend_from_slice(list.list_hash.as_bytes());
    let mut stream = Stream::new(key);
    let mut left: Vec<&Entry> = list.entries.iter().collect();
    let mut total = list.total;
    let mut winners = Vec::new();
    for prize in 1..=prizes {
        let r = stream.below(total);
        let mut sum = 0u64;
        let Some(at) = left.iter().position(|e| {
            sum += e.tickets;
            r < sum
        }) else {
            break; // the list is exhausted
        };
        let e = left.remove(at);
        total -= e.tickets;
        winners.push(Winner {
            member_id: e.member_id.clone(),
            prize,
            tickets: e.tickets,
        });
    }
    Ok(Draw {
        seed: seed.to_string(),
        commitment: commitment(seed),
        list_hash: list.list_hash.clone(),
        winners,
    })
}

/// Step 7: whether `published` is the draw of its seed over `list`.
pub fn verify(published: &Draw, list: &EntryList) -> Result<(), Mismatch> {
    if commitment(&published.seed) != published.commitment {
        return Err(Mismatch::Commitment);
    }
    if list.list_hash != published.list_hash {
        return Err(Mismatch::ListHash);
    }
    let prizes = u32::try_from(published.winners.len()).unwrap_or(u32::MAX);
    match draw(&published.seed, list, prizes) {
        Ok(again) if again.winners == published.winners => Ok(()),
        _ => Err(Mismatch::Winners),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, tickets: u64) -> Entry {
        Entry {
            member_id: id.into(),
            tickets,
        }
    }

    fn list(e: &[(&str, u64)]) -> EntryList {
        EntryList::new(e.iter().map(|&(id, t)| entry(id, t)).collect()).expect("valid list")
    }

    #[test]
    fn the_canonical_list_and_its_hash() {
        let l = list(&[("b", 2), ("a", 10), ("ab", 1)]);
        assert_eq!(l.canonical(), "a:10\nab:1\nb:2\n");
        assert_eq!(l.list_hash, sha256_hex(b"a:10\nab:1\nb:2\n"));
        assert_eq!(l.total, 13);
        // Byte order: upper case before lower case, Persian after Latin.
        let l = list(&[("م", 1), ("a", 1), ("Z", 1)]);
        assert_eq!(l.canonical(), "Z:1\na:1\nم:1\n");
        // The empty list is a list (nothing to draw from).
        let empty = list(&[]);
        assert_eq!(
            (empty.total, empty.list_hash.as_str()),
            (0, sha256_hex(b"").as_str())
        );
    }

    #[test]
    fn bad_lists_are_refused_with_the_member() {
        let bad = |e: Vec<Entry>| EntryList::new(e).err();
        assert_eq!(
            bad(vec![entry("", 1)]),
            Some(LotteryError::BadMemberId("".into()))
        );
        assert_eq!(
            bad(vec![entry("a:b", 1)]),
            Some(LotteryError::BadMemberId("a:b".into()))
        );
        assert_eq!(
            bad(vec![entry("a\nb", 1)]),
            Some(LotteryError::BadMemberId("a\nb".into()))
        );
        assert_eq!(
            bad(vec![entry("a\rb", 1)]),
            Some(LotteryError::BadMemberId("a\rb".into()))
        );
        assert_eq!(
            bad(vec![entry("x", 1), entry("a", 1), entry("x", 2)]),
            Some(LotteryError::DuplicateMember("x".into()))
        );
        assert_eq!(
            bad(vec![entry("a", 1), entry("b", 0)]),
            Some(LotteryError::NoTickets("b".into()))
        );
        assert_eq!(
            bad(vec![entry("a", u64::MAX), entry("b", 1)]),
            Some(LotteryError::TooManyTickets)
        );
        assert!(bad(vec![entry("a", u64::MAX)]).is_none());
    }

    #[test]
    fn commitment_is_the_seed_hash() {
        // SHA-256("abc"), FIPS 180-2.
        assert_eq!(
            commitment("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_first_prize_by_hand() {
        // a: 1 ticket, b: 3 tickets → T = 4, tickets 0 → a, 1–3 → b. r = below(4) of the
        // stream keyed "vafa-lottery-v1\0s\0" + list hash; 4 is a power of two: r = word 0 mod 4.
        let l = list(&[("b", 3), ("a", 1)]);
        let mut key = b"vafa-lottery-v1\0s\0".to_vec();
        key.extend_from_slice(l.list_hash.as_bytes());
        let r = Stream::new(key).next_word() % 4;
        let d = draw("s", &l, 1).expect("draw");
        assert_eq!(d.winners[0].member_id, if r == 0 { "a" } else { "b" });
        assert_eq!((d.winners[0].prize, d.winners.len()), (1, 1));
        assert_eq!(d.seed, "s");
        assert_eq!(d.commitment, commitment("s"));
        assert_eq!(d.list_hash, l.list_hash);
    }

    #[test]
    fn winners_are_drawn_without_replacement() {
        let l = list(&[("a", 5), ("b", 1), ("c", 2), ("d", 9)]);
        let d = draw("seed", &l, 10).expect("draw");
        // More prizes than entries: everyone is drawn once, prizes 1–4.
        let mut ids: Vec<&str> = d.winners.iter().map(|w| w.member_id.as_str()).collect();
        assert_eq!(
            d.winners.iter().map(|w| w.prize).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
        for w in &d.winners {
            assert_eq!(
                w.tickets,
                l.entries
                    .iter()
                    .find(|e| e.member_id == w.member_id)
                    .map_or(0, |e| e.tickets)
            );
        }
        ids.sort_unstable();
        assert_eq!(ids, vec!["a", "b", "c", "d"]);
        // The same seed and list give the same winners; the first prizes of a longer draw are
        // the shorter draw.
        assert_eq!(draw("seed", &l, 10), Ok(d.clone()));
        assert_eq!(
            draw("seed", &l, 2).expect("draw").winners[..],
            d.winners[..2]
        );
        // A one-ticket entry alone always wins.
        assert_eq!(
            draw("x", &list(&[("z", 1)]), 1).expect("draw").winners[0].member_id,
            "z"
        );
    }

    #[test]
    fn a_different_list_is_a_different_stream() {
        // Same seed; adding one ticket changes the list hash and with it the stream. Over 40
        // seeds the first winners of the two lists must differ somewhere.
        let l1 = list(&[("a", 1), ("b", 1), ("c", 1), ("d", 1)]);
        let l2 = list(&[("a", 1), ("b", 1), ("c", 1), ("d", 2)]);
        let firsts = |l: &EntryList| -> Vec<String> {
            (0..40)
                .map(|i| {
                    draw(&format!("s{i}"), l, 1).expect("draw").winners[0]
                        .member_id
                        .clone()
                })
                .collect()
        };
        assert_ne!(firsts(&l1), firsts(&l2));
    }

    #[test]
    fn bad_draws_are_refused() {
        let l = list(&[("a", 1)]);
        assert_eq!(draw("", &l, 1), Err(LotteryError::EmptySeed));
        assert_eq!(draw("s", &list(&[]), 1), Err(LotteryError::NoEntries));
        assert_eq!(draw("s", &l, 0), Err(LotteryError::NoWinners));
    }

    #[test]
    fn verify_catches_every_change() {
        let l = list(&[("a", 5), ("b", 1), ("c", 2), ("d", 9)]);
        let d = draw("the seed", &l, 2).expect("draw");
        assert_eq!(verify(&d, &l), Ok(()));
        let mut other = d.clone();
        other.seed = "another seed".into();
        assert_eq!(verify(&other, &l), Err(Mismatch::Commitment));
        let l2 = list(&[("a", 5), ("b", 1), ("c", 2), ("d", 10)]);
        assert_eq!(verify(&d, &l2), Err(Mismatch::ListHash));
        let mut swapped = d.clone();
        swapped.winners.swap(0, 1);
        assert_eq!(verify(&swapped, &l), Err(Mismatch::Winners));
        let mut fewer = d.clone();
        fewer.winners.pop();
        assert_eq!(verify(&fewer, &l), Ok(())); // the first prize alone is still that draw
        let mut none = d.clone();
        none.winners.clear();
        assert_eq!(verify(&none, &l), Err(Mismatch::Winners));
    }

    #[test]
    fn tickets_per_amount_or_visit() {
        // 2,500,000 paid at one per 1,000,000 → 2; no --per: one per visit.
        assert_eq!(tickets(2_500_000, 7, Some(1_000_000)), 2);
        assert_eq!(tickets(999_999, 7, Some(1_000_000)), 0);
        assert_eq!(tickets(1_000_000, 7, Some(1_000_000)), 1);
        assert_eq!(tickets(2_500_000, 7, None), 7);
        assert_eq!(tickets(2_500_000, 7, Some(0)), 7);
        assert_eq!(tickets(2_500_000, 7, Some(-5)), 7);
        assert_eq!(tickets(-5_000_000, 7, Some(1_000_000)), 0);
        assert_eq!(tickets(1, 7, Some(1)), 1);
    }
}
