//! MagTek non-encrypting USB HID swipe readers (vendor 0x0801): one 337-byte input report.
//! Bytes 0-2: decode status of tracks 1-3 (bit 0 set = error); bytes 3-5: valid length of
//! tracks 1-3; byte 6: card encode type; bytes 7-116, 117-226, 227-336: tracks 1, 2, 3 as
//! ASCII from start to end sentinel, zero padded. The tracks then go through the ISO 7813
//! text parser. Encrypting MagneSafe readers (vendor page 0xFF00) are not supported.

use super::magstripe::{self, Track};
use super::{CardRead, ReadError};

/// Length of the input report.
pub const REPORT_LEN: usize = 337;
const TRACK_LEN: usize = 110;
const TRACK_START: usize = 7;

/// Parses one report.
pub fn parse(report: &[u8]) -> Result<CardRead, ReadError> {
    if report.is_empty() {
        return Err(ReadError::Empty);
    }
    if report.len() < REPORT_LEN {
        return Err(ReadError::Incomplete);
    }
    if report.len() > REPORT_LEN {
        return Err(ReadError::Frame {
            detail: "not a 337-byte MagTek report",
        });
    }
    let mut tracks = Vec::new();
    for i in 0..3 {
        let status = report[i];
        let len = usize::from(report[3 + i]);
        let number = (i + 1) as u8; // i < 3, so the cast is exact
        if status & 1 == 1 {
            tracks.push(Track {
                number,
                content: "E".into(),
                error: true,
            });
            continue;
        }
        if len == 0 {
            continue;
        }
        if len > TRACK_LEN {
            return Err(ReadError::Frame {
                detail: "track length larger than its field",
            });
        }
        let start = TRACK_START + TRACK_LEN * i;
        let data = &report[start..start + len];
        let text = std::str::from_utf8(data).map_err(|_| ReadError::InvalidCharacters)?;
        let mut parsed = magstripe::split_tracks(text)?;
        if parsed.len() == 1
            && let Some(mut t) = parsed.pop()
        {
            // A sentinel-less track 3 would otherwise be taken for track 2.
            t.number = number;
            tracks.push(t);
        } else {
            return Err(ReadError::Frame {
                detail: "several tracks in one field",
            });
        }
    }
    if tracks.is_empty() {
        // Blank card (encode type 3) or nothing decoded on any track.
        return Err(ReadError::Empty);
    }
    magstripe::pan_from_tracks(&tracks)
}

/// Builds a report from track texts (used by tests, the simulator and fuzz seeds).
pub fn build_report(tracks: [Option<&str>; 3], errors: [bool; 3]) -> Vec<u8> {
    let mut r = vec![0u8; REPORT_LEN];
    for i in 0..3 {
        if errors[i] {
            r[i] = 1;
            continue;
        }
        if let Some(t) = tracks[i] {
            let b = &t.as_bytes()[..t.len().min(TRACK_LEN)];
            r[3 + i] = b.len() as u8; // at most 110
            let start = TRACK_START + TRACK_LEN * i;
            r[start..start + b.len()].copy_from_slice(b);
        }
    }
    r
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_track2_then_track1() {
        let r = build_report(
            [
                Some("%B6009050000000000^SIMPSON/HOMER^0000?"),
                Some(";6009050000000000=0000?"),
                None,
            ],
            [false; 3],
        );
        assert_eq!(parse(&r).unwrap().card, "6009050000000000");
        let r = build_report(
            [Some("%B4111111111111111^DOE^1805?"), None, None],
            [false, true, false],
        );
        let read = parse(&r).unwrap();
        assert_eq!(
            (read.card.as_str(), read.format.as_str()),
            ("4111111111111111", "track1")
        );
    }

    #[test]
    fn errors() {
        let r = build_report([None, None, None], [true, true, false]);
        assert_eq!(parse(&r), Err(ReadError::BadRead { track: 1 }));
        let r = build_report([None, None, None], [false; 3]);
        assert_eq!(parse(&r), Err(ReadError::Empty));
        assert_eq!(parse(&[]), Err(ReadError::Empty));
        assert_eq!(parse(&[0; 64]), Err(ReadError::Incomplete));
        assert!(parse(&[0; 400]).is_err());
        let mut r = build_report([None, Some(";1234=1?"), None], [false; 3]);
        r[4] = 200;
        assert!(parse(&r).is_err());
        r[4] = 5; // cut inside the track: no end sentinel
        assert_eq!(parse(&r), Err(ReadError::Incomplete));
        let mut r = build_report([None, Some(";1234=1?"), None], [false; 3]);
        r[TRACK_START + TRACK_LEN + 1] = 0xff;
        assert_eq!(parse(&r), Err(ReadError::InvalidCharacters));
    }
}
