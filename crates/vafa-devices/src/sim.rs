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
    let card = vafa_core::digits::normalize_digits(card.trim());
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

/// A virtual serial reader: a real pseudo-terminal pair. Point a serial reader profile at
/// [`VirtualReader::path`]; every card sent comes out of that port as the profile's reader
/// would send it. Dropping it is unplugging the reader.
#[cfg(feature = "hardware")]
pub struct VirtualReader {
    master: Pty,
    /// Kept open so the port stays usable between readers' opens.
    _slave: Pty,
    path: String,
    profile: String,
}

#[cfg(feature = "hardware")]
impl VirtualReader {
    pub fn new(profile: &str) -> Result<Self, String> {
        let p = profiles::profile(profile).ok_or_else(|| format!("unknown profile {profile:?}"))?;
        if p.transport != TransportKind::Serial {
            return Err(format!(
                "profile {profile} is not a serial profile: simulate a serial one (e.g. barcode-serial)"
            ));
        }
        let (master, slave, path) = pty_pair()?;
        Ok(Self {
            master,
            _slave: slave,
            path,
            profile: profile.to_string(),
        })
    }

    /// The port to configure the reader with (`/dev/pts/N`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Sends one card as the profile's reader would.
    pub fn send_card(&mut self, card: &str) -> Result<(), String> {
        let frame = encode_frame(&self.profile, card).map_err(|e| e.to_string())?;
        self.send_raw(&frame)
    }

    /// Sends raw bytes (partial frames, noise).
    pub fn send_raw(&mut self, bytes: &[u8]) -> Result<(), String> {
        use std::io::Write;
        self.master.write_all(bytes).map_err(|e| e.to_string())?;
        self.master.flush().map_err(|e| e.to_string())
    }
}

#[cfg(all(feature = "hardware", unix))]
type Pty = serialport::TTYPort;

#[cfg(all(feature = "hardware", unix))]
fn pty_pair() -> Result<(Pty, Pty, String), String> {
    let (master, slave) = serialport::TTYPort::pair().map_err(|e| e.to_string())?;
    let path = serialport::SerialPort::name(&slave)
        .ok_or_else(|| "the pseudo-terminal has no name".to_string())?;
    Ok((master, slave, path))
}

/// Windows has no pseudo-terminals: there is no simulated reader (real readers work).
#[cfg(all(feature = "hardware", not(unix)))]
type Pty = std::fs::File;

#[cfg(all(feature = "hardware", not(unix)))]
fn pty_pair() -> Result<(Pty, Pty, String), String> {
    Err("the simulated reader needs a pseudo-terminal, which Windows does not have".to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{PROFILES, decode};

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
