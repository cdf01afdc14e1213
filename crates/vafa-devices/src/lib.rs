//! Card readers: pure parsers from reader bytes to a [`CardRead`], reader profiles, and
//! (feature `hardware`, on by default) the worker threads that read serial and HID readers,
//! discovery, the virtual serial reader and reader specs. Without `hardware` this crate
//! links neither serialport nor hidapi: the store uses it so to canonicalise card numbers.
//!
//! Data flow: bytes from a port ─► framing (serial.rs / hid.rs) ─► [`decode`] (pure, one
//! parser per technology) ─► [`Debouncer`] ─► [`ReaderEvent`] on a channel.

pub mod barcode;
pub mod em4100;
pub mod error;
#[cfg(feature = "hardware")]
pub mod hid;
pub mod hidpos;
pub mod magstripe;
pub mod magtek;
pub mod mifare;
pub mod printer;
pub mod profiles;
#[cfg(feature = "hardware")]
pub mod serial;
pub mod sim;
#[cfg(feature = "hardware")]
pub mod spec;
#[cfg(feature = "hardware")]
mod worker;

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

pub use error::{ErrorJson, ReadError};
pub use profiles::{PROFILES, Profile, profile};
#[cfg(feature = "hardware")]
pub use worker::{
    ReaderConfig, ReaderEvent, ReaderHandle, ReaderStatus, Transport, spawn_hid_reader,
    spawn_reader, spawn_readers,
};

/// What kind of card a read came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    Magstripe,
    Barcode,
    Em4100,
    Mifare,
    /// A number typed by a person (or given on the command line without a profile).
    Text,
}

impl CardKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Magstripe => "magstripe",
            Self::Barcode => "barcode",
            Self::Em4100 => "em4100",
            Self::Mifare => "mifare",
            Self::Text => "text",
        }
    }
}

/// One card as a reader saw it, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardRead {
    pub kind: CardKind,
    /// The canonical number: magstripe PAN; barcode data without AIM id; EM4100 10 upper-case
    /// hex digits (or `8h10d` / `w26` spellings when the reader gives only those); Mifare UID
    /// as upper-case hex in the card's byte order.
    pub card: String,
    /// How the card number was given (`track2`, `hex`, `8h10d`, `w26`, `dec`, ...).
    pub format: String,
    /// Barcode symbology when the reader told it (from the AIM id), e.g. `EAN-13`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbology: Option<String>,
}

impl CardRead {
    pub(crate) fn new(kind: CardKind, card: impl Into<String>, format: &str) -> Self {
        Self {
            kind,
            card: card.into(),
            format: format.to_string(),
            symbology: None,
        }
    }

    /// Keys under which an enrolled card is indexed in the database (first = canonical number).
    pub fn index_keys(&self) -> Vec<String> {
        let mut keys = vec![self.card.clone()];
        for k in self.tech_keys() {
            push_unique(&mut keys, k);
        }
        keys
    }

    /// Keys to look up at read time, strongest first. A read matches an enrolled card when
    /// any lookup key equals any of its index keys. A Text read matches only a card whose
    /// canonical number equals that text.
    ///
    /// A device read looks up its technology keys first (they never collide with another
    /// technology), then its plain spellings, so that a card enrolled by typing the number
    /// printed on it is found when it is later read by a device.
    pub fn lookup_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if self.kind == CardKind::Text {
            keys.push(self.card.clone());
            return keys;
        }
        for k in self.tech_keys() {
            push_unique(&mut keys, k);
        }
        push_unique(&mut keys, self.card.clone());
        for k in self.plain_spellings() {
            push_unique(&mut keys, k);
        }
        keys
    }

    /// Technology-prefixed keys (`em4100:8h10d:0006478258`, `mifare:1EA68671`, ...).
    fn tech_keys(&self) -> Vec<String> {
        match self.kind {
            CardKind::Text => Vec::new(),
            CardKind::Magstripe => vec![format!("magstripe:{}", self.card)],
            CardKind::Barcode => barcode::equivalent_codes(&self.card)
                .into_iter()
                .map(|c| format!("barcode:{c}"))
                .collect(),
            CardKind::Em4100 => em4100::keys(self),
            CardKind::Mifare => vec![format!("mifare:{}", self.card)],
        }
    }

    /// Other ways the same card is commonly printed (on the card, or by other readers).
    fn plain_spellings(&self) -> Vec<String> {
        match self.kind {
            CardKind::Em4100 => em4100::spellings(self),
            CardKind::Mifare => mifare::spellings(&self.card),
            CardKind::Barcode => barcode::equivalent_codes(&self.card),
            CardKind::Magstripe | CardKind::Text => Vec::new(),
        }
    }
}

fn push_unique(keys: &mut Vec<String>, k: String) {
    if !keys.contains(&k) {
        keys.push(k);
    }
}

/// Decodes one complete frame (or, for HID profiles, one or more reports) read through a
/// profile. Pure: no I/O, no clock.
pub fn decode(profile: &str, bytes: &[u8]) -> Result<CardRead, ReadError> {
    let p = profiles::profile(profile).ok_or_else(|| ReadError::UnknownProfile {
        name: profile.chars().take(64).collect(),
    })?;
    (p.parse)(bytes)
}

/// A number typed by a person or given on the CLI as `--card N [--profile P]`; without a
/// profile it is plain text (trimmed, Persian/Arabic digits to ASCII, inner spaces/dashes
/// removed): kind Text.
pub fn typed_card(text: &str, profile: Option<&str>) -> Result<CardRead, ReadError> {
    if let Some(p) = profile {
        return decode(p, text.as_bytes());
    }
    if text.len() > profiles::MAX_INPUT {
        return Err(ReadError::TooLong { len: text.len() });
    }
    let normal = vafa_core::digits::normalize_digits(text);
    let card: String = normal
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{200c}' | '\u{a0}'))
        .collect();
    if card.is_empty() {
        return Err(ReadError::Empty);
    }
    if card.chars().any(char::is_control) {
        return Err(ReadError::InvalidCharacters);
    }
    Ok(CardRead::new(CardKind::Text, card, "text"))
}

/// How long the same card read again counts as the same read.
pub const DEBOUNCE: Duration = Duration::from_secs(1);

/// Collapses repeats: the same card read again within [`DEBOUNCE`] of its previous read is a
/// single read (the window slides, so a tag held on a reader that repeats it is one read).
#[derive(Debug, Default)]
pub struct Debouncer {
    last: Option<(String, Instant)>,
}

impl Debouncer {
    /// True when `read` is new and should be passed on.
    pub fn accept(&mut self, read: &CardRead, now: Instant) -> bool {
        let key = format!("{}:{}", read.kind.as_str(), read.card);
        let fresh = match &self.last {
            Some((k, at)) => *k != key || now.saturating_duration_since(*at) >= DEBOUNCE,
            None => true,
        };
        self.last = Some((key, now));
        fresh
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn matches(enrolled: &CardRead, read: &CardRead) -> bool {
        let idx = enrolled.index_keys();
        read.lookup_keys().iter().any(|k| idx.contains(k))
    }

    #[test]
    fn typed_card_normalises() {
        let r = typed_card("  ۱۲۳۴-۵۶ ٧٨ ", None).unwrap();
        assert_eq!(r.kind, CardKind::Text);
        assert_eq!(r.card, "12345678");
        assert_eq!(typed_card("   ", None), Err(ReadError::Empty));
        let r = typed_card("7186A61E", Some("mifare-uid-reversed")).unwrap();
        assert_eq!(r.card, "1EA68671");
        assert!(matches!(
            typed_card("1", Some("nope")),
            Err(ReadError::UnknownProfile { .. })
        ));
    }

    #[test]
    fn text_read_matches_canonical_only() {
        let enrolled = decode(
            "em4100-rdm6300",
            &sim::encode_frame("em4100-rdm6300", "67003B51C6").unwrap(),
        )
        .unwrap();
        assert!(matches(&enrolled, &typed_card("67003B51C6", None).unwrap()));
        assert!(!matches(
            &enrolled,
            &typed_card("0003887558", None).unwrap()
        ));
        // A card enrolled by typing the number printed on the fob is found by a reader.
        let typed = typed_card("0003887558", None).unwrap();
        assert!(matches(&typed, &enrolled));
    }

    #[test]
    fn debounce_one_second_sliding() {
        let t0 = Instant::now();
        let a = CardRead::new(CardKind::Barcode, "123", "text");
        let b = CardRead::new(CardKind::Barcode, "456", "text");
        let mut d = Debouncer::default();
        assert!(d.accept(&a, t0));
        assert!(!d.accept(&a, t0 + Duration::from_millis(500)));
        assert!(!d.accept(&a, t0 + Duration::from_millis(1400)));
        assert!(d.accept(&a, t0 + Duration::from_millis(2500)));
        assert!(d.accept(&b, t0 + Duration::from_millis(2600)));
        assert!(d.accept(&a, t0 + Duration::from_millis(2700)));
    }
}
