//! Mifare / NTAG (ISO 14443-A) UIDs of 4, 7 or 10 bytes, as readers print them: hex in the
//! card's byte order, hex reversed, or decimal of the reversed bytes; sometimes with a
//! trailing XOR check byte (BCC) or the 0x88 cascade tag in front of a 7-byte UID.
//! Canonical: upper-case hex in the card's byte order.

use super::profiles::{self, hex_upper, one_line};
use super::{CardKind, CardRead, ReadError};

const CASCADE_TAG: u8 = 0x88;

/// UID in hex, card byte order (`1EA68671`, `1E:A6:86:71`, `1e a6 86 71`).
pub fn parse_hex(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let uid = uid_bytes(bytes)?;
    Ok(CardRead::new(
        CardKind::Mifare,
        hex_upper(&normalize(&uid)?),
        "hex",
    ))
}

/// UID in hex with the bytes reversed (`7186A61E`).
pub fn parse_reversed(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let mut uid = uid_bytes(bytes)?;
    // A check byte is sent after the reversed UID: drop it before turning the bytes round.
    if matches!(uid.len(), 5 | 8 | 11)
        && let Some((check, body)) = uid.split_last()
        && xor(body) == *check
    {
        uid.pop();
    }
    uid.reverse();
    Ok(CardRead::new(
        CardKind::Mifare,
        hex_upper(&normalize(&uid)?),
        "reversed",
    ))
}

/// UID as the decimal of its reversed bytes (`1904649758` = 0x7186A61E): 4 bytes when it fits
/// 32 bits, else 7 bytes.
pub fn parse_dec(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let line = one_line(bytes)?;
    if !line.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ReadError::InvalidCharacters);
    }
    if line.len() > 17 {
        return Err(ReadError::OutOfRange);
    }
    let v: u64 = line.parse().map_err(|_| ReadError::OutOfRange)?;
    let le = v.to_le_bytes();
    let uid = if v <= u64::from(u32::MAX) {
        &le[..4]
    } else if v < (1u64 << 56) {
        &le[..7]
    } else {
        return Err(ReadError::OutOfRange);
    };
    Ok(CardRead::new(
        CardKind::Mifare,
        hex_upper(&normalize(uid)?),
        "dec",
    ))
}

fn uid_bytes(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let line = one_line(bytes)?;
    let compact: String = line
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-'))
        .collect();
    let compact = compact
        .strip_prefix("0x")
        .or_else(|| compact.strip_prefix("0X"))
        .unwrap_or(&compact);
    if !compact.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ReadError::InvalidCharacters);
    }
    profiles::parse_hex(compact).ok_or(ReadError::Frame {
        detail: "odd number of hex digits",
    })
}

fn xor(b: &[u8]) -> u8 {
    b.iter().fold(0, |a, x| a ^ x)
}

/// Strips a cascade tag or check byte and checks the UID length.
pub fn normalize(uid: &[u8]) -> Result<Vec<u8>, ReadError> {
    let uid = match uid.len() {
        4 | 7 | 10 => uid,
        8 if uid[0] == CASCADE_TAG => &uid[1..],
        5 | 8 | 11 => {
            let (body, check) = uid.split_at(uid.len() - 1);
            if xor(body) != check[0] {
                return Err(ReadError::Checksum {
                    what: "UID check byte",
                });
            }
            body
        }
        _ => {
            return Err(ReadError::Frame {
                detail: "a UID has 4, 7 or 10 bytes",
            });
        }
    };
    if uid.len() == 4 && uid[0] == CASCADE_TAG {
        // 0x88 announces that the UID goes on in a second cascade level we did not get.
        return Err(ReadError::Incomplete);
    }
    Ok(uid.to_vec())
}

/// How else the UID is printed: reversed hex, and decimal (reversed and card order, also
/// zero-padded to 10 digits for 4-byte UIDs), for cards enrolled by typing.
pub fn spellings(card: &str) -> Vec<String> {
    let Some(uid) = profiles::parse_hex(card) else {
        return Vec::new();
    };
    let mut rev = uid.clone();
    rev.reverse();
    let mut out = vec![hex_upper(&rev)];
    if uid.len() <= 8 {
        let mut be = [0u8; 8];
        let mut le = [0u8; 8];
        be[8 - uid.len()..].copy_from_slice(&uid);
        le[8 - rev.len()..].copy_from_slice(&rev);
        for v in [u64::from_be_bytes(le), u64::from_be_bytes(be)] {
            out.push(v.to_string());
            if uid.len() == 4 {
                out.push(format!("{v:010}"));
            }
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_uid() {
        assert_eq!(parse_hex(b"1EA68671\r").unwrap().card, "1EA68671");
        assert_eq!(parse_hex(b"1e:a6:86:71").unwrap().card, "1EA68671");
        assert_eq!(parse_reversed(b"7186A61E\r").unwrap().card, "1EA68671");
        assert_eq!(parse_dec(b"1904649758\r").unwrap().card, "1EA68671");
        assert_eq!(parse_dec(b"0001904649758").unwrap().card, "1EA68671");
        assert_eq!(parse_hex(b"DD17380AF8\r").unwrap().card, "DD17380A");
        assert_eq!(parse_reversed(b"0A3817DDF8").unwrap().card, "DD17380A");
        // 7-byte UID with and without the cascade tag; in decimal.
        assert_eq!(parse_hex(b"04A2B3C4D5E6F7").unwrap().card, "04A2B3C4D5E6F7");
        assert_eq!(
            parse_hex(b"8804A2B3C4D5E6F7").unwrap().card,
            "04A2B3C4D5E6F7"
        );
        let v = u64::from_le_bytes([0x04, 0xA2, 0xB3, 0xC4, 0xD5, 0xE6, 0xF7, 0]);
        assert_eq!(
            parse_dec(v.to_string().as_bytes()).unwrap().card,
            "04A2B3C4D5E6F7"
        );
    }

    #[test]
    fn bad_uids() {
        assert_eq!(
            parse_hex(b"DD17380AF9"),
            Err(ReadError::Checksum {
                what: "UID check byte"
            })
        );
        assert_eq!(parse_hex(b"88A2B3C4"), Err(ReadError::Incomplete));
        assert!(parse_hex(b"1EA686").is_err());
        assert!(parse_hex(b"1EA6867").is_err());
        assert!(parse_hex(b"1EA6867G").is_err());
        assert!(parse_dec(b"99999999999999999999").is_err());
        assert!(parse_dec(b"72057594037927936").is_err());
        assert!(parse_dec(b"12a").is_err());
        assert_eq!(parse_dec(b"\r\n"), Err(ReadError::Empty));
    }

    #[test]
    fn found_from_every_spelling() {
        let enrolled = parse_hex(b"1EA68671").unwrap();
        let idx = enrolled.index_keys();
        for r in [
            parse_reversed(b"7186A61E").unwrap(),
            parse_dec(b"1904649758").unwrap(),
        ] {
            assert!(r.lookup_keys().iter().any(|k| idx.contains(k)));
        }
        // Enrolled by typing the decimal printed on the card, then tapped.
        let typed = crate::typed_card("1904649758", None).unwrap();
        assert!(enrolled.lookup_keys().contains(&typed.index_keys()[0]));
    }
}
