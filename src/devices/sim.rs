//! A simulated reader for trying vafa without hardware: [`encode_frame`] spells a card the
//! way a profile's reader sends it, and [`VirtualReader`] is a real pseudo-terminal pair whose
//! slave path a serial reader profile can be pointed at.

use super::profiles::{self, TransportKind, hex_upper, parse_hex};
use super::{ReadError, hidpos, magtek};

/// The bytes a reader of `profile` sends for `card` (as the reader would print it: for
/// `em4100-rdm6300`, the 10 hex digits; for the magstripe profiles, the PAN).
pub fn encode_frame(profile: &str, card: &str) -> Result<Vec<u8>, ReadError> {
    let p = profiles::profile(profile).ok_or_else(|| ReadError::UnknownProfile {
        name: profile.chars().take(64).collect(),
    })?;
    let card = crate::domain::digits::normalize_digits(card.trim());
    if card.is_empty() {
        return Err(ReadError::Empty);
    }
    if card.len() > 200 || card.chars().any(char::is_control) {
        return Err(ReadError::InvalidCharacters);
    }
    Ok(match p.name {
        "em4100-rdm6300" => {
            let tag = parse_hex(&card)
                .filter(|t| t.len() == 5)
                .ok_or(ReadError::InvalidCharacters)?;
            let sum = tag.iter().fold(0u8, |a, b| a ^ b);
            let mut f = vec![0x02];
            f.extend_from_slice(hex_upper(&tag).as_bytes());
            f.extend_from_slice(format!("{sum:02X}").as_bytes());
            f.push(0x03);
            f
        }
        "magstripe-ascii" => format!(";{card}=?\r").into_bytes(),
        "magtek-hid" => {
            let t2 = format!(";{card}=?");
            if t2.len() > 110 {
                return Err(ReadError::InvalidCharacters);
            }
            magtek::build_report([None, Some(&t2), None], [false; 3])
        }
        "hid-pos" => hidpos::build_reports(None, card.as_bytes(), false),
        _ if p.transport == TransportKind::Wedge => format!("{card}\r").into_bytes(),
        _ => format!("{card}\r\n").into_bytes(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::devices::{PROFILES, decode};

    #[test]
    fn every_profile_decodes_what_it_encodes() {
        let samples = [
            ("magstripe-ascii", "6009050000000000", "6009050000000000"),
            ("magtek-hid", "6009050000000000", "6009050000000000"),
            ("hid-pos", "5901234123457", "5901234123457"),
            ("barcode-serial", "5901234123457", "5901234123457"),
            ("em4100-rdm6300", "67003B51C6", "67003B51C6"),
            ("em4100-ascii", "67003B51C6", "67003B51C6"),
            ("em4100-8h10d", "3887558", "0003887558"),
            ("em4100-w26", "59,20934", "059,20934"),
            ("mifare-uid-hex", "1EA68671", "1EA68671"),
            ("mifare-uid-reversed", "7186A61E", "1EA68671"),
            ("mifare-uid-dec", "1904649758", "1EA68671"),
            ("wedge", "5901234123457", "5901234123457"),
        ];
        assert_eq!(samples.len(), PROFILES.len());
        for (p, typed, canonical) in samples {
            let f = encode_frame(p, typed).unwrap();
            assert_eq!(decode(p, &f).unwrap().card, canonical, "{p}");
        }
        assert!(encode_frame("em4100-rdm6300", "xyz").is_err());
        assert!(encode_frame("nope", "1").is_err());
    }
}
