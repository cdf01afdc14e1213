//! ISO 7813 magnetic stripe tracks as text: track 1 `%B<PAN>^<NAME>^...?`, track 2
//! `;<PAN>=<...>?`, track 3 `+...?`, each optionally followed by its LRC character. Readers
//! replace a track they could not read by `E` (`;E?`). Sentinel-less output (`<PAN>=...?`,
//! `B<PAN>^...`) is accepted when it is the only thing in the frame.

use super::profiles::clean_text;
use super::{CardKind, CardRead, ReadError};

/// A track as it appeared in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    pub number: u8,
    pub content: String,
    /// The reader marked the track as unreadable (`E`).
    pub error: bool,
}

/// The longest PAN ISO 7813 allows (before the `=` field separator).
const MAX_PAN: usize = 19;
/// The most data characters track 2 holds (40 less the two sentinels and the LRC): a
/// loyalty card whose track 2 is only its number (`;60514362659100004742?`, no `=`) is not
/// an ISO 7813 bank card, and its number may be longer than a PAN.
const MAX_TRACK2_NUMBER: usize = 37;

/// Parses a swipe (one or more tracks) into the card's primary account number.
pub fn parse(bytes: &[u8]) -> Result<CardRead, ReadError> {
    let text = clean_text(bytes)?;
    let tracks = split_tracks(&text)?;
    pan_from_tracks(&tracks)
}

/// Cuts the text into tracks, checking sentinels and the optional LRC.
pub fn split_tracks(text: &str) -> Result<Vec<Track>, ReadError> {
    let first = text.chars().next().ok_or(ReadError::Empty)?;
    if !matches!(first, '%' | ';' | '+') {
        return sentinel_less(text).map(|t| vec![t]);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut tracks: Vec<Track> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let number = match c {
            '%' => 1,
            ';' if tracks.iter().any(|t| t.number == 2) => 3,
            ';' => 2,
            '+' => 3,
            '\r' | '\n' | ' ' | '\t' => {
                i += 1;
                continue;
            }
            _ => {
                return Err(ReadError::Frame {
                    detail: "characters outside the tracks",
                });
            }
        };
        let start = i;
        let end = chars[start + 1..]
            .iter()
            .position(|&c| c == '?')
            .map(|p| start + 1 + p)
            .ok_or(ReadError::Incomplete)?;
        let content: String = chars[start + 1..end].iter().collect();
        check_charset(number, &content)?;
        i = end + 1;
        // An LRC character may follow the end sentinel.
        if let Some(&next) = chars.get(i)
            && !matches!(next, '%' | ';' | '+' | '\r' | '\n')
        {
            let expected = lrc(number, &chars[start..=end]);
            if Some(next) != expected {
                return Err(ReadError::Checksum { what: "LRC" });
            }
            i += 1;
        }
        let error = content == "E" || content.is_empty();
        tracks.push(Track {
            number,
            content,
            error,
        });
    }
    Ok(tracks)
}

/// A frame without start sentinel: track 1 when it starts with the format code `B`, else
/// track 2. The end sentinel is optional.
fn sentinel_less(text: &str) -> Result<Track, ReadError> {
    if text.contains(['%', ';']) {
        return Err(ReadError::Frame {
            detail: "start sentinel in the middle",
        });
    }
    let body = text.strip_suffix('?').unwrap_or(text);
    if body.contains('?') {
        return Err(ReadError::Frame {
            detail: "end sentinel in the middle",
        });
    }
    let number = if body.starts_with('B') && body.contains('^') {
        1
    } else {
        2
    };
    check_charset(number, body)?;
    Ok(Track {
        number,
        content: body.to_string(),
        error: body == "E",
    })
}

fn check_charset(number: u8, content: &str) -> Result<(), ReadError> {
    let ok = match number {
        1 => content.chars().all(|c| (' '..='_').contains(&c)),
        _ => content
            .chars()
            .all(|c| ('0'..='?').contains(&c) || c == 'E'),
    };
    if ok {
        Ok(())
    } else {
        Err(ReadError::InvalidCharacters)
    }
}

/// The LRC character of a track from start to end sentinel: XOR of the 6-bit (track 1) or
/// 4-bit (tracks 2, 3) character values, printed in the track's character set.
pub fn lrc(number: u8, track: &[char]) -> Option<char> {
    let (base, mask) = if number == 1 {
        (0x20u32, 0x3Fu32)
    } else {
        (0x30, 0x0F)
    };
    let mut x = 0u32;
    for &c in track {
        let v = (c as u32).checked_sub(base)?;
        if v > mask {
            return None;
        }
        x ^= v;
    }
    char::from_u32(base + x)
}

/// The PAN of track 2 (`<PAN>=...`), or the whole track when it is only a number.
fn track2_pan(t: &Track) -> Result<String, ReadError> {
    match t.content.split_once('=') {
        Some((pan, _)) => valid_pan(pan, MAX_PAN),
        None => valid_pan(&t.content, MAX_TRACK2_NUMBER),
    }
}

/// The PAN of track 1 (`B<PAN>^NAME^...`); `None` when the track has no format B layout.
fn track1_pan(t: &Track) -> Option<Result<String, ReadError>> {
    let rest = t.content.strip_prefix('B')?;
    let pan = rest.split('^').next().unwrap_or_default().replace(' ', "");
    Some(valid_pan(&pan, MAX_PAN))
}

fn valid_pan(pan: &str, max: usize) -> Result<String, ReadError> {
    if pan.is_empty() || pan.len() > max || !pan.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ReadError::Frame {
            detail: "no card number on the track",
        });
    }
    Ok(pan.to_string())
}

/// Chooses the card number: track 2 first, then track 1; an unreadable track is reported
/// only when no other track gives the number.
pub fn pan_from_tracks(tracks: &[Track]) -> Result<CardRead, ReadError> {
    let t2 = tracks.iter().find(|t| t.number == 2 && !t.error);
    let t1 = tracks.iter().find(|t| t.number == 1 && !t.error);
    let pan2 = t2.map(track2_pan).transpose()?;
    let pan1 = t1.and_then(track1_pan).transpose()?;
    let (pan, format) = match (pan2, pan1) {
        (Some(a), Some(b)) if a != b => return Err(ReadError::TracksDisagree),
        (Some(a), _) => (a, "track2"),
        (None, Some(b)) => (b, "track1"),
        (None, None) => {
            if let Some(bad) = tracks.iter().find(|t| t.error && t.number <= 2) {
                return Err(ReadError::BadRead { track: bad.number });
            }
            if let Some(bad) = tracks.iter().find(|t| t.error) {
                return Err(ReadError::BadRead { track: bad.number });
            }
            return Err(ReadError::Frame {
                detail: "no card number on the card",
            });
        }
    };
    Ok(CardRead::new(CardKind::Magstripe, pan, format))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn card(s: &str) -> Result<String, ReadError> {
        parse(s.as_bytes()).map(|r| r.card)
    }

    fn with_lrc(track: &str) -> String {
        let n = if track.starts_with('%') { 1 } else { 2 };
        let chars: Vec<char> = track.chars().collect();
        format!("{track}{}", lrc(n, &chars).unwrap())
    }

    #[test]
    fn tracks_with_and_without_sentinels() {
        assert_eq!(
            card(";6009050000000000=0000?"),
            Ok("6009050000000000".into())
        );
        assert_eq!(card("6009050000000000=0000"), Ok("6009050000000000".into()));
        assert_eq!(
            card("%B4111111111111111^DOE/JANE^18051?"),
            Ok("4111111111111111".into())
        );
        assert_eq!(
            card("B4111111111111111^DOE/JANE^1805"),
            Ok("4111111111111111".into())
        );
        assert_eq!(card(";1234567890?\r\n"), Ok("1234567890".into()));
        assert_eq!(parse(b"%B1^A^?").unwrap().format, "track1");
    }

    #[test]
    fn lrc_is_checked_when_present() {
        let t2 = with_lrc(";6009050000000000=0000?");
        assert_eq!(card(&t2), Ok("6009050000000000".into()));
        let t1 = with_lrc("%B6009050000000000^DOE/JANE^1805?");
        assert_eq!(card(&format!("{t1}{t2}\r")), Ok("6009050000000000".into()));
        let mut bad = t2.clone();
        bad.pop();
        bad.push('9');
        if bad != t2 {
            assert_eq!(card(&bad), Err(ReadError::Checksum { what: "LRC" }));
        }
    }

    #[test]
    fn errors() {
        assert_eq!(card("%BXXX"), Err(ReadError::Incomplete));
        assert_eq!(card(";1234"), Err(ReadError::Incomplete));
        assert_eq!(card(";E?"), Err(ReadError::BadRead { track: 2 }));
        assert_eq!(card("%E?;E?"), Err(ReadError::BadRead { track: 1 }));
        assert_eq!(card("+E?"), Err(ReadError::BadRead { track: 3 }));
        assert_eq!(card("%B1234^X^?;1235=1?"), Err(ReadError::TracksDisagree));
        assert!(card(";12a4=1?").is_err());
        assert!(card(";=1?").is_err());
        assert!(card(";12345678901234567890=1?").is_err());
        assert!(card("%ABC?").is_err());
        assert!(card("hello").is_err());
        assert!(card("12?34").is_err());
        assert_eq!(card(""), Err(ReadError::Empty));
        assert_eq!(card("%E?;1234=5?"), Ok("1234".into()));
    }

    #[test]
    fn a_track_2_that_is_only_a_number_is_the_card_number() {
        // A loyalty card, not a bank card: 20 digits and no field separator.
        assert_eq!(
            card(";60514362659100004742?"),
            Ok("60514362659100004742".into())
        );
        assert_eq!(
            card("60514362659100004742"),
            Ok("60514362659100004742".into())
        );
        let longest = "1".repeat(MAX_TRACK2_NUMBER);
        assert_eq!(card(&format!(";{longest}?")), Ok(longest.clone()));
        assert!(card(&format!(";{longest}1?")).is_err());
        // With a separator the number before it is an ISO 7813 PAN: at most 19 digits.
        assert!(card(";60514362659100004742=1?").is_err());
    }

    #[test]
    fn persian_digits_read_as_ascii() {
        assert_eq!(card(";۱۲۳۴=۵?"), Ok("1234".into()));
    }
}
