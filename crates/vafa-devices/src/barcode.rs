//! Barcodes as text: one code per CR/LF line, optionally led by an AIM symbology identifier
//! (`]E0` EAN-13, `]C1` GS1-128, `]Q1` QR ...). The canonical number is the data without the
//! AIM id. A UPC-A code and the same code as EAN-13 with a leading zero are one card.

use super::profiles::clean_text;
use super::{CardKind, CardRead, ReadError};

/// Longest code accepted as a card number.
const MAX_CODE: usize = 512;

/// AAMVA PDF417 header (`@`, LF, RS, CR): driving licences, not loyalty cards.
const AAMVA_HEADER: &str = "@\n\u{1e}\r";

/// Parses one CR/LF-terminated line (empty and control-only lines around it are skipped).
pub fn parse(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let text = clean_text(bytes)?;
    let body = text.strip_prefix(AAMVA_HEADER).unwrap_or(&text);
    let mut lines = body
        .split(['\r', '\n'])
        .map(|l| l.trim_matches(|c: char| c.is_control() || c.is_whitespace()))
        .filter(|l| !l.is_empty() && *l != "@");
    let line = lines.next().ok_or(ReadError::Empty)?;
    if lines.next().is_some() {
        return Err(ReadError::Frame {
            detail: "more than one line",
        });
    }
    parse_line(line, "text")
}

/// One code, possibly with an AIM id in front.
pub fn parse_line(line: &str, format: &str) -> Result<CardRead, ReadError> {
    let (symbology, data) = split_aim(line);
    if data.is_empty() {
        return Err(ReadError::Empty);
    }
    if data.len() > MAX_CODE {
        return Err(ReadError::TooLong { len: data.len() });
    }
    // GS (0x1D) separates GS1 fields; any other control character is noise.
    if data.chars().any(|c| c.is_control() && c != '\u{1d}') {
        return Err(ReadError::InvalidCharacters);
    }
    let mut read = CardRead::new(CardKind::Barcode, data, format);
    read.symbology = symbology;
    Ok(read)
}

/// Splits `]Xm` off the front; returns the symbology's name and the data.
pub fn split_aim(line: &str) -> (Option<String>, &str) {
    let b = line.as_bytes();
    if b.len() >= 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphanumeric() {
        // The first three bytes are ASCII, so 3 is a char boundary.
        let data = line.get(3..).unwrap_or_default();
        return (Some(symbology_name(b[1], b[2])), data);
    }
    (None, line)
}

/// Name of an AIM symbology identifier (`]` + code character + modifier).
pub fn symbology_name(code: u8, modifier: u8) -> String {
    let name = match (code, modifier) {
        (b'E', b'4') => "EAN-8",
        (b'E', b'3') => "EAN-13 with add-on",
        (b'E', _) => "EAN-13",
        (b'C', b'1') => "GS1-128",
        (b'C', _) => "Code 128",
        (b'A', _) => "Code 39",
        (b'G', _) => "Code 93",
        (b'F', _) => "Codabar",
        (b'I', _) => "ITF",
        (b'L', _) => "PDF417",
        (b'Q', _) => "QR Code",
        (b'd', b'2') => "GS1 DataMatrix",
        (b'd', _) => "Data Matrix",
        (b'e', _) => "GS1 DataBar",
        (b'z', _) => "Aztec",
        _ => return format!("AIM ]{}{}", char::from(code), char::from(modifier)),
    };
    name.to_string()
}

/// Whether an all-digit code has a valid GTIN (mod 10) check digit.
pub fn gtin_check_ok(code: &str) -> bool {
    let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != code.len() || digits.len() < 8 {
        return false;
    }
    let (body, check) = digits.split_at(digits.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

/// The code and its other spellings: UPC-A (12 digits) and EAN-13 with a leading zero.
pub fn equivalent_codes(code: &str) -> Vec<String> {
    let mut out = vec![code.to_string()];
    if code.len() == 12 && gtin_check_ok(code) {
        out.push(format!("0{code}"));
    } else if code.len() == 13
        && let Some(upc) = code.strip_prefix('0')
        && gtin_check_ok(code)
    {
        out.push(upc.to_string());
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn aim_ids_and_lines() {
        let r = parse(b"]E05901234123457\r").unwrap();
        assert_eq!(r.card, "5901234123457");
        assert_eq!(r.symbology.as_deref(), Some("EAN-13"));
        let r = parse(b"5901234123457\r\n").unwrap();
        assert_eq!((r.card.as_str(), r.symbology), ("5901234123457", None));
        assert_eq!(
            parse(b"]C1\x1d0109501101530003")
                .unwrap()
                .symbology
                .as_deref(),
            Some("GS1-128")
        );
        assert_eq!(
            parse(b"]X0abc").unwrap().symbology.as_deref(),
            Some("AIM ]X0")
        );
        assert_eq!(parse("٤٢٦٣٢٦\r".as_bytes()).unwrap().card, "426326");
    }

    #[test]
    fn empty_and_bad_lines() {
        assert_eq!(parse(b"@\n\x1e\r\r"), Err(ReadError::Empty));
        assert_eq!(parse(b"\r\n\r\n"), Err(ReadError::Empty));
        assert_eq!(parse(b"]E0\r"), Err(ReadError::Empty));
        assert!(parse(b"123\r456\r").is_err());
        assert!(parse(b"12\x0734").is_err());
        assert!(parse(&[0xc3, 0x28]).is_err());
        assert!(parse(&[b'1'; 600]).is_err());
    }

    #[test]
    fn upc_a_is_ean13_with_leading_zero() {
        assert!(gtin_check_ok("036000291452"));
        assert!(gtin_check_ok("5901234123457"));
        assert!(!gtin_check_ok("5901234123458"));
        let upc = parse(b"036000291452").unwrap();
        let ean = parse(b"]E00036000291452").unwrap();
        assert!(
            ean.lookup_keys()
                .iter()
                .any(|k| upc.index_keys().contains(k))
        );
        assert!(
            upc.lookup_keys()
                .iter()
                .any(|k| ean.index_keys().contains(k))
        );
        // A 12-digit code with a wrong check digit is not widened.
        assert_eq!(equivalent_codes("036000291453").len(), 1);
    }
}
