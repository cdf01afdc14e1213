//! The built-in reader profiles: for each, the transport it usually comes on, how frames are
//! cut from the byte stream, and the pure parser from one frame to a [`CardRead`].

use super::{CardKind, CardRead, ReadError, barcode, em4100, hidpos, magstripe, magtek, mifare};

/// Largest input any parser looks at; anything longer is refused before parsing.
pub const MAX_INPUT: usize = 4096;

/// The way a reader is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    Serial,
    Hid,
    Wedge,
}

/// How a serial byte stream is cut into frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// A frame ends at CR or LF.
    Line,
    /// A frame runs from STX (0x02) to ETX (0x03).
    StxEtx,
    /// One HID input report is one frame (HID POS may continue over several).
    Report,
    /// Keystrokes, cut into bursts by `domain::wedge`.
    Keys,
}

/// One built-in profile.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    pub name: &'static str,
    /// The card technology this profile reads (`Text` for keyboard wedges, which may carry any).
    pub kind: CardKind,
    pub transport: TransportKind,
    pub framing: Framing,
    /// Default baud rate for serial profiles (8 data bits, no parity, 1 stop bit).
    pub baud: u32,
    pub description: &'static str,
    pub parse: fn(&[u8]) -> Result<CardRead, ReadError>,
}

/// Every built-in profile, in the order `vafa devices list` shows them.
pub const PROFILES: &[Profile] = &[
    Profile {
        name: "magstripe-ascii",
        kind: CardKind::Magstripe,
        transport: TransportKind::Serial,
        framing: Framing::Line,
        baud: 9600,
        description: "magnetic stripe reader printing ISO 7813 tracks as text (%...? ;...?)",
        parse: magstripe::parse,
    },
    Profile {
        name: "magtek-hid",
        kind: CardKind::Magstripe,
        transport: TransportKind::Hid,
        framing: Framing::Report,
        baud: 0,
        description: "MagTek non-encrypting USB HID swipe reader (337-byte report)",
        parse: magtek::parse,
    },
    Profile {
        name: "hid-pos",
        kind: CardKind::Barcode,
        transport: TransportKind::Hid,
        framing: Framing::Report,
        baud: 0,
        description: "barcode scanner in USB HID POS mode (usage page 0x8C)",
        parse: hidpos::parse,
    },
    Profile {
        name: "barcode-serial",
        kind: CardKind::Barcode,
        transport: TransportKind::Serial,
        framing: Framing::Line,
        baud: 9600,
        description: "barcode scanner on a serial or USB-CDC port, one code per CR/LF line",
        parse: barcode::parse,
    },
    Profile {
        name: "em4100-rdm6300",
        kind: CardKind::Em4100,
        transport: TransportKind::Serial,
        framing: Framing::StxEtx,
        baud: 9600,
        description: "125 kHz RDM6300 module: STX, 10 hex, 2 hex checksum, ETX",
        parse: em4100::parse_rdm6300,
    },
    Profile {
        name: "em4100-ascii",
        kind: CardKind::Em4100,
        transport: TransportKind::Serial,
        framing: Framing::Line,
        baud: 9600,
        description: "125 kHz reader printing 10 hex digits and CR/LF",
        parse: em4100::parse_ascii,
    },
    Profile {
        name: "em4100-8h10d",
        kind: CardKind::Em4100,
        transport: TransportKind::Serial,
        framing: Framing::Line,
        baud: 9600,
        description: "125 kHz reader printing the last 4 bytes in decimal (10 digits)",
        parse: em4100::parse_8h10d,
    },
    Profile {
        name: "em4100-w26",
        kind: CardKind::Em4100,
        transport: TransportKind::Serial,
        framing: Framing::Line,
        baud: 9600,
        description: "125 kHz reader printing Wiegand-26 as facility,number (077,30211)",
        parse: em4100::parse_w26,
    },
    Profile {
        name: "mifare-uid-hex",
        kind: CardKind::Mifare,
        transport: TransportKind::Serial,
        framing: Framing::Line,
        baud: 9600,
        description: "13.56 MHz reader printing the UID in hex, card byte order",
        parse: mifare::parse_hex,
    },
    Profile {
        name: "mifare-uid-reversed",
        kind: CardKind::Mifare,
        transport: TransportKind::Serial,
        framing: Framing::Line,
        baud: 9600,
        description: "13.56 MHz reader printing the UID in hex, bytes reversed",
        parse: mifare::parse_reversed,
    },
    Profile {
        name: "mifare-uid-dec",
        kind: CardKind::Mifare,
        transport: TransportKind::Serial,
        framing: Framing::Line,
        baud: 9600,
        description: "13.56 MHz reader printing the UID as a decimal number (bytes reversed)",
        parse: mifare::parse_dec,
    },
    Profile {
        name: "wedge",
        kind: CardKind::Text,
        transport: TransportKind::Wedge,
        framing: Framing::Keys,
        baud: 0,
        description: "reader that types like a keyboard (barcode or magstripe)",
        parse: parse_wedge,
    },
];

/// The built-in profile of that name.
pub fn profile(name: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.name == name)
}

/// A keyboard-wedge burst: a magstripe swipe when it starts with a track sentinel, else a
/// barcode.
pub fn parse_wedge(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let text = clean_text(bytes)?;
    if text.starts_with(['%', ';', '+']) {
        magstripe::parse(text.as_bytes())
    } else {
        barcode::parse(text.as_bytes())
    }
}

/// Bytes to trimmed text: refuses oversized input and invalid UTF-8, drops NUL padding,
/// reads Persian/Arabic-Indic digits as ASCII, trims whitespace and control characters at
/// both ends.
pub fn clean_text(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.len() > MAX_INPUT {
        return Err(ReadError::TooLong { len: bytes.len() });
    }
    let no_nul: Vec<u8> = bytes.iter().copied().filter(|b| *b != 0).collect();
    let text = std::str::from_utf8(&no_nul).map_err(|_| ReadError::InvalidCharacters)?;
    let text = vafa_core::digits::normalize_digits(text);
    let trimmed = text.trim_matches(|c: char| c.is_control() || c.is_whitespace());
    if trimmed.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(trimmed.to_string())
}

/// Like [`clean_text`], for profiles whose frame is a single line: inner CR/LF would mean two
/// cards in one frame, and other control characters have no place in a number.
pub fn one_line(bytes: &[u8]) -> Result<String, ReadError> {
    let text = clean_text(bytes)?;
    if text.contains(['\r', '\n']) {
        return Err(ReadError::Frame {
            detail: "more than one line",
        });
    }
    if text.chars().any(char::is_control) {
        return Err(ReadError::InvalidCharacters);
    }
    Ok(text)
}

/// Upper-case hex of bytes.
pub fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Bytes from an even number of hex digits (either case).
pub fn parse_hex(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() || !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_contract_names_exist() {
        for n in [
            "magstripe-ascii",
            "magtek-hid",
            "hid-pos",
            "barcode-serial",
            "em4100-rdm6300",
            "em4100-ascii",
            "em4100-8h10d",
            "em4100-w26",
            "mifare-uid-hex",
            "mifare-uid-reversed",
            "mifare-uid-dec",
            "wedge",
        ] {
            assert!(profile(n).is_some(), "{n}");
        }
        for (i, p) in PROFILES.iter().enumerate() {
            assert!(PROFILES[i + 1..].iter().all(|q| q.name != p.name));
        }
    }

    #[test]
    fn clean_text_rules() {
        assert_eq!(clean_text(b"\0\0 12\r\n\0"), Ok("12".into()));
        assert_eq!(clean_text(b"\0\r\n"), Err(ReadError::Empty));
        assert_eq!(clean_text(&[0xff, 0x31]), Err(ReadError::InvalidCharacters));
        assert_eq!(
            clean_text(&vec![b'1'; MAX_INPUT + 1]),
            Err(ReadError::TooLong { len: MAX_INPUT + 1 })
        );
        assert_eq!(clean_text("۱۲".as_bytes()), Ok("12".into()));
        assert!(one_line(b"12\r34").is_err());
    }

    #[test]
    fn hex_helpers() {
        assert_eq!(parse_hex("0aFF"), Some(vec![10, 255]));
        assert_eq!(parse_hex("0aF"), None);
        assert_eq!(parse_hex("zz"), None);
        assert_eq!(hex_upper(&[10, 255]), "0AFF");
    }

    #[test]
    fn wedge_picks_magstripe_or_barcode() {
        assert_eq!(
            parse_wedge(b";1234=1?\n").unwrap().kind,
            CardKind::Magstripe
        );
        assert_eq!(
            parse_wedge(b"5901234123457\n").unwrap().kind,
            CardKind::Barcode
        );
    }
}
