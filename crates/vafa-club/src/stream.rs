//! Deterministic unbiased choices from SHA-256: the lottery draw and an offer's hold-out.
//!
//! 1. **Blocks.** For a key `K` (a byte string), block `i` (i = 0, 1, 2, …) is
//!    `SHA-256(K ‖ be64(i))`, where `be64(i)` is `i` as 8 bytes, most significant first.
//! 2. **Words.** Each block gives four 64-bit words, read big-endian from bytes 0–7, 8–15,
//!    16–23 and 24–31 of the digest, used in that order; then the next block.
//! 3. **A number below `n`** (n ≥ 1), by rejection: let `zone = 2^64 mod n`; take the next
//!    word `x`; if `x < zone`, discard it and take the next; otherwise the number is
//!    `x mod n`. The accepted words `zone ≤ x < 2^64` are a whole multiple of `n` in count,
//!    so each result has probability exactly 1/n: no modulo bias. (A word is rejected with
//!    probability below n / 2^64.)

use sha2::{Digest, Sha256};

/// An endless stream of 64-bit words from SHA-256 in counter mode (steps 1–2).
pub struct Stream {
    key: Vec<u8>,
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl Stream {
    pub fn new(key: Vec<u8>) -> Self {
        Stream {
            key,
            counter: 0,
            block: [0; 32],
            used: 4,
        }
    }

    /// The next word.
    pub fn next_word(&mut self) -> u64 {
        if self.used == 4 {
            let mut h = Sha256::new();
            h.update(&self.key);
            h.update(self.counter.to_be_bytes());
            self.block = h.finalize().into();
            self.counter = self.counter.wrapping_add(1);
            self.used = 0;
        }
        let at = self.used * 8;
        let mut word = [0u8; 8];
        word.copy_from_slice(&self.block[at..at + 8]);
        self.used += 1;
        u64::from_be_bytes(word)
    }

    /// A number in `0..n`, uniformly (step 3); `0` when `n` is zero.
    pub fn below(&mut self, n: u64) -> u64 {
        uniform_below(n, || self.next_word())
    }
}

/// Step 3 over any source of words: a number in `0..n`, each with probability exactly 1/n;
/// `0` when `n` is zero.
pub fn uniform_below(n: u64, mut next: impl FnMut() -> u64) -> u64 {
    if n == 0 {
        return 0;
    }
    // 2^64 mod n, computed in 64 bits as (2^64 − n) mod n.
    let zone = n.wrapping_neg() % n;
    loop {
        let x = next();
        if x >= zone {
            return x % n;
        }
    }
}

/// Lowercase hex of SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // FIPS 180-2 examples.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn words_are_the_blocks_read_big_endian() {
        // Block 0 of key "k" is SHA-256("k" ‖ 00 00 00 00 00 00 00 00), block 1 ends in 01.
        let b0 = sha256_hex(b"k\0\0\0\0\0\0\0\0");
        let b1 = sha256_hex(b"k\0\0\0\0\0\0\0\x01");
        let mut s = Stream::new(b"k".to_vec());
        let words: Vec<String> = (0..8).map(|_| format!("{:016x}", s.next_word())).collect();
        assert_eq!(words[..4].concat(), b0);
        assert_eq!(words[4..].concat(), b1);
    }

    #[test]
    fn rejects_the_biased_zone() {
        // n = 3: 2^64 mod 3 = 1, so the word 0 is rejected and 1 is accepted (1 mod 3 = 1).
        let mut words = [0u64, 1].into_iter();
        assert_eq!(uniform_below(3, || words.next().unwrap_or(99)), 1);
        // n = 6: 2^64 mod 6 = 4: words 0..=3 rejected; 4 → 4, 5 → 5, u64::MAX → 3.
        let mut words = [3u64, 2, 4].into_iter();
        assert_eq!(uniform_below(6, || words.next().unwrap_or(99)), 4);
        let mut words = [u64::MAX].into_iter();
        assert_eq!(uniform_below(6, || words.next().unwrap_or(99)), 3);
        // A power of two has no zone: 0 is accepted.
        let mut words = [0u64].into_iter();
        assert_eq!(uniform_below(8, || words.next().unwrap_or(99)), 0);
        // n = 1 always gives 0; n = 0 gives 0 without reading.
        assert_eq!(uniform_below(1, || u64::MAX), 0);
        assert_eq!(uniform_below(0, || unreachable!()), 0);
    }

    #[test]
    fn the_zone_is_two_to_the_64_mod_n() {
        for n in [3u64, 5, 7, 10, 100, 1_000_003, u64::MAX] {
            let zone = u64::try_from((1u128 << 64) % u128::from(n)).expect("below n");
            // zone − 1 is the last rejected word, zone the first accepted one.
            let mut words = [zone - 1, zone].into_iter();
            assert_eq!(
                uniform_below(n, || words.next().unwrap_or(0)),
                zone % n,
                "n = {n}"
            );
        }
    }
}
