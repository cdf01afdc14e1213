#!/usr/bin/env python3
"""An independent implementation of vafa's lottery draw, from the numbered procedure in
crates/vafa-club/src/lottery.rs (steps 1-7). Standard library only.

Input on stdin:
    line 1: the number of prizes
    line 2: the number of seeds S
    the next S lines: one seed each
    every other line: MEMBER_ID TICKETS (any order; the id is everything before the last space)
Output on stdout, one line per seed:
    COMMITMENT LIST_HASH WINNER1 WINNER2 ...
"""
import hashlib
import sys


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(entries):
    # Step 3: sorted by the UTF-8 bytes of the id, "ID:TICKETS\n" each.
    ordered = sorted(entries, key=lambda e: e[0].encode("utf-8"))
    return ordered, "".join("%s:%d\n" % (m, t) for m, t in ordered)


class Words:
    """Step 4: SHA-256 in counter mode, four big-endian 64-bit words per block."""

    def __init__(self, key: bytes):
        self.key = key
        self.counter = 0
        self.pending = []

    def next(self) -> int:
        if not self.pending:
            digest = hashlib.sha256(self.key + self.counter.to_bytes(8, "big")).digest()
            self.counter += 1
            self.pending = [int.from_bytes(digest[i:i + 8], "big") for i in (0, 8, 16, 24)]
        return self.pending.pop(0)

    def below(self, n: int) -> int:
        # Step 5: reject words below 2^64 mod n.
        zone = (1 << 64) % n
        while True:
            x = self.next()
            if x >= zone:
                return x % n


def draw(seed: str, entries, prizes: int):
    ordered, text = canonical(entries)
    list_hash = sha256_hex(text.encode("utf-8"))
    key = b"vafa-lottery-v1\x00" + seed.encode("utf-8") + b"\x00" + list_hash.encode("ascii")
    words = Words(key)
    left = list(ordered)
    winners = []
    # Step 6.
    for _ in range(min(prizes, len(left))):
        r = words.below(sum(t for _, t in left))
        running = 0
        for i, (member, tickets) in enumerate(left):
            running += tickets
            if r < running:
                winners.append(member)
                del left[i]
                break
    return sha256_hex(seed.encode("utf-8")), list_hash, winners


def main():
    lines = sys.stdin.read().split("\n")
    prizes = int(lines[0])
    n = int(lines[1])
    seeds = lines[2:2 + n]
    entries = []
    for line in lines[2 + n:]:
        if line:
            member, tickets = line.rsplit(" ", 1)
            entries.append((member, int(tickets)))
    for seed in seeds:
        commitment, list_hash, winners = draw(seed, entries, prizes)
        print(" ".join([commitment, list_hash] + winners))


if __name__ == "__main__":
    main()
