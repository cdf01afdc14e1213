//! EM4100 125 kHz tags (5 bytes: one version/customer byte and a 32-bit number), as readers
//! print them:
//!
//! - RDM6300 frame: STX, 10 ASCII hex (the tag), 2 ASCII hex (XOR of the 5 bytes), ETX;
//! - 10 hex digits and CR/LF (canonical form);
//! - 8H10D: the last four bytes as a 10-digit decimal (the first byte is lost);
//! - W26 (Wiegand 26): byte 3 in decimal, a comma, bytes 4-5 in decimal (`077,30211`).
//!
//! A tag read in the richer form carries the keys of the poorer ones, so a tag enrolled from
//! one reader is found from the others ([`keys`]).

use super::profiles::{hex_upper, one_line, parse_hex};
use super::{CardKind, CardRead, ReadError};

const STX: u8 = 0x02;
const ETX: u8 = 0x03;

/// RDM6300 frame: `STX` + 10 hex + 2 hex checksum + `ETX`.
pub fn parse_rdm6300(bytes: &[u8]) -> Result<CardRead, ReadError> {
    if bytes.len() > super::profiles::MAX_INPUT {
        return Err(ReadError::TooLong { len: bytes.len() });
    }
    let mut frame: &[u8] = trim_padding(bytes);
    if frame.is_empty() {
        return Err(ReadError::Empty);
    }
    // Line noise before the frame (a module powering up, a half frame): the frame starts at
    // the last STX, which cannot occur inside a frame's hex body.
    if let Some(start) = frame.iter().rposition(|&b| b == STX) {
        frame = &frame[start..];
    }
    if frame[0] == STX && !frame.contains(&ETX) {
        return Err(ReadError::Incomplete);
    }
    if frame.len() != 14 || frame[0] != STX || frame[13] != ETX {
        return Err(ReadError::Frame {
            detail: "not an RDM6300 frame",
        });
    }
    let body = std::str::from_utf8(&frame[1..13]).map_err(|_| ReadError::Frame {
        detail: "not an RDM6300 frame",
    })?;
    let all = parse_hex(body).ok_or(ReadError::Frame {
        detail: "not hex digits",
    })?;
    let (tag, sum) = all.split_at(5);
    if tag.iter().fold(0u8, |a, b| a ^ b) != sum[0] {
        return Err(ReadError::Checksum { what: "RDM6300" });
    }
    Ok(CardRead::new(CardKind::Em4100, hex_upper(tag), "hex"))
}

/// Drops NUL, CR and LF around a binary frame.
fn trim_padding(bytes: &[u8]) -> &[u8] {
    let pad = |b: &u8| matches!(b, 0 | b'\r' | b'\n');
    let start = bytes.iter().position(|b| !pad(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !pad(b)).map_or(start, |e| e + 1);
    &bytes[start..end]
}

/// 10 hex digits, optionally followed by the 2-digit XOR checksum.
pub fn parse_ascii(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let line = one_line(bytes)?;
    let all = parse_hex(&line).ok_or(if line.bytes().all(|b| b.is_ascii_hexdigit()) {
        ReadError::Frame {
            detail: "odd number of hex digits",
        }
    } else {
        ReadError::InvalidCharacters
    })?;
    match all.len() {
        5 => Ok(CardRead::new(CardKind::Em4100, hex_upper(&all), "hex")),
        6 if all[..5].iter().fold(0u8, |a, b| a ^ b) == all[5] => {
            Ok(CardRead::new(CardKind::Em4100, hex_upper(&all[..5]), "hex"))
        }
        6 => Err(ReadError::Checksum { what: "EM4100" }),
        _ => Err(ReadError::Frame {
            detail: "an EM4100 tag has 10 hex digits",
        }),
    }
}

/// 8H10D: up to 10 decimal digits holding a 32-bit number; canonical zero-padded to 10.
pub fn parse_8h10d(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let line = one_line(bytes)?;
    let v = decimal(&line, 10)?;
    let v = u32::try_from(v).map_err(|_| ReadError::OutOfRange)?;
    Ok(CardRead::new(CardKind::Em4100, fmt_8h10d(v), "8h10d"))
}

/// W26: `facility,number` with facility 0-255 and number 0-65535 (also 8 digits without
/// the comma: 3 + 5).
pub fn parse_w26(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let line = one_line(bytes)?;
    let (a, b) = match line.split_once(',') {
        Some(parts) => parts,
        None if line.len() == 8 && line.is_ascii() => line.split_at(3),
        None => {
            return Err(ReadError::Frame {
                detail: "W26 is facility,number",
            });
        }
    };
    let a = u8::try_from(decimal(a.trim(), 3)?).map_err(|_| ReadError::OutOfRange)?;
    let b = u16::try_from(decimal(b.trim(), 5)?).map_err(|_| ReadError::OutOfRange)?;
    Ok(CardRead::new(
        CardKind::Em4100,
        fmt_w26((u32::from(a) << 16) | u32::from(b)),
        "w26",
    ))
}

fn decimal(s: &str, max_digits: usize) -> Result<u64, ReadError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ReadError::InvalidCharacters);
    }
    if s.len() > max_digits {
        return Err(ReadError::OutOfRange);
    }
    s.parse::<u64>().map_err(|_| ReadError::OutOfRange)
}

fn fmt_8h10d(v: u32) -> String {
    format!("{v:010}")
}

/// W26 of the low 24 bits.
fn fmt_w26(v: u32) -> String {
    format!("{:03},{:05}", (v >> 16) & 0xFF, v & 0xFFFF)
}

/// The 32-bit number of a tag read as hex or 8H10D; `None` for W26 (only 24 bits).
fn low32(read: &CardRead) -> Option<u32> {
    match read.format.as_str() {
        "hex" => {
            let b = parse_hex(&read.card)?;
            let tail: [u8; 4] = b.get(1..5)?.try_into().ok()?;
            Some(u32::from_be_bytes(tail))
        }
        "8h10d" => read.card.parse().ok(),
        _ => None,
    }
}

/// Technology keys, richest first: `em4100:hex:…`, `em4100:8h10d:…`, `em4100:w26:…`.
pub fn keys(read: &CardRead) -> Vec<String> {
    let mut out = Vec::new();
    if read.format == "hex" {
        out.push(format!("em4100:hex:{}", read.card));
    }
    if let Some(v) = low32(read) {
        out.push(format!("em4100:8h10d:{}", fmt_8h10d(v)));
        out.push(format!("em4100:w26:{}", fmt_w26(v)));
    } else if read.format == "w26" {
        out.push(format!("em4100:w26:{}", read.card));
    }
    out
}

/// The poorer spellings as printed on fobs (8H10D, W26), for cards enrolled by typing.
pub fn spellings(read: &CardRead) -> Vec<String> {
    match low32(read) {
        Some(v) => vec![fmt_8h10d(v), fmt_w26(v)],
        None => Vec::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rdm6300() {
        let f = b"\x0267003B51C6CB\x03";
        assert_eq!(parse_rdm6300(f).unwrap().card, "67003B51C6");
        assert_eq!(
            parse_rdm6300(b"\x0267003b51c6cb\x03\r\n").unwrap().card,
            "67003B51C6"
        );
        assert_eq!(
            parse_rdm6300(b"\x0267003B51C6CA\x03"),
            Err(ReadError::Checksum { what: "RDM6300" })
        );
        assert_eq!(parse_rdm6300(b"\x0267003B51"), Err(ReadError::Incomplete));
        // Noise before the frame is skipped; noise alone or after the frame is not a read.
        assert_eq!(
            parse_rdm6300(b"A\x0267003B51C6CB\x03").unwrap().card,
            "67003B51C6"
        );
        assert_eq!(
            parse_rdm6300(b"\x02\x0267003B51C6CB\x03").unwrap().card,
            "67003B51C6"
        );
        assert_eq!(
            parse_rdm6300(b"\x0267003\x0267003B51C6CB\x03")
                .unwrap()
                .card,
            "67003B51C6"
        );
        assert!(parse_rdm6300(b"A").is_err());
        assert!(parse_rdm6300(b"\x0267003B51C6CB\x03A").is_err());
        assert_eq!(parse_rdm6300(b"A\x0267003B"), Err(ReadError::Incomplete));
        assert_eq!(parse_rdm6300(b""), Err(ReadError::Empty));
        assert!(parse_rdm6300(b"\x0267003B51C6C\x03").is_err());
        assert!(parse_rdm6300(b"\x02\xff\xfe003B51C6CB\x03").is_err());
        assert!(parse_rdm6300(b"\x02ZZ003B51C6CB\x03").is_err());
    }

    #[test]
    fn ascii_8h10d_w26() {
        assert_eq!(parse_ascii(b"\n0F0184F07A\r").unwrap().card, "0F0184F07A");
        assert_eq!(parse_ascii(b"67003B51C6CB\r").unwrap().card, "67003B51C6");
        assert!(parse_ascii(b"67003B51C6CC\r").is_err());
        assert!(parse_ascii(b"67003B51C\r").is_err());
        assert!(parse_ascii(b"67003B51CX\r").is_err());
        assert_eq!(parse_8h10d(b"6478258\r").unwrap().card, "0006478258");
        assert_eq!(parse_8h10d(b"4294967295").unwrap().card, "4294967295");
        assert_eq!(parse_8h10d(b"4294967296"), Err(ReadError::OutOfRange));
        assert_eq!(parse_8h10d(b"12345678901"), Err(ReadError::OutOfRange));
        assert_eq!(parse_w26(b"77,30211").unwrap().card, "077,30211");
        assert_eq!(parse_w26(b"07730211").unwrap().card, "077,30211");
        assert_eq!(parse_w26(b"256,1"), Err(ReadError::OutOfRange));
        assert_eq!(parse_w26(b"1,65536"), Err(ReadError::OutOfRange));
        assert!(parse_w26(b"1,").is_err());
        assert!(parse_w26(b"abc").is_err());
    }

    #[test]
    fn one_tag_many_spellings() {
        // Tag 0A 00 4D 76 03: 8H10D 0005076483, W26 077,30211.
        let hex = parse_ascii(b"0A004D7603").unwrap();
        let d = parse_8h10d(b"0005076483").unwrap();
        let w = parse_w26(b"077,30211").unwrap();
        let idx = hex.index_keys();
        assert!(d.lookup_keys().iter().any(|k| idx.contains(k)));
        assert!(w.lookup_keys().iter().any(|k| idx.contains(k)));
        // Enrolled from the poorer reader, found from the richer one.
        let idx_w = w.index_keys();
        assert!(hex.lookup_keys().iter().any(|k| idx_w.contains(k)));
        let idx_d = d.index_keys();
        assert!(hex.lookup_keys().iter().any(|k| idx_d.contains(k)));
        // A different tag does not match.
        let other = parse_ascii(b"0A004D7604").unwrap();
        assert!(!other.lookup_keys().iter().any(|k| idx.contains(k)));
    }

    #[test]
    fn fixture_note_rdm_8h10d() {
        let r = parse_rdm6300(b"\x0267003B51C6CB\x03").unwrap();
        assert!(
            r.index_keys()
                .contains(&"em4100:8h10d:0003887558".to_string())
        );
    }
}
