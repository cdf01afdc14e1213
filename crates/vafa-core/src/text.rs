//! Free text people type (names, reasons, a shop's own fields): what may be stored. No
//! control character (C0, DEL, C1: NUL, ESC and so every ANSI escape, line breaks) and no
//! bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069), which would let a
//! name reorder or recolour what a terminal or receipt prints after it. The zero-width
//! non-joiner (U+200C, the Persian half-space) and the direction marks (U+200E, U+200F,
//! U+061C) are ordinary Persian text and stay allowed.

use crate::error::Why;

/// The longest name (first or last, of a member or a staff member) head office stores.
pub const NAME_MAX: usize = 100;
/// The longest value of a shop's own member field.
pub const FIELD_MAX: usize = 200;
/// The longest reason (an adjustment's, a blocked card's) or note.
pub const NOTE_MAX: usize = 500;

/// Whether `c` may not be stored in free text.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why `text` may not be stored as free text of at most `max` characters, if it may not.
pub fn fault(text: &str, max: usize) -> Option<Why> {
    if text.chars().any(is_unsafe) {
        Some(Why::BadChars)
    } else if text.chars().count() > max {
        Some(Why::TooLong)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_controls_escapes_overrides_and_length_keeps_persian() {
        for bad in [
            "a\0b",
            "\u{1b}[31mred",
            "x\u{202E}gpj.exe",
            "\u{2066}a\u{2069}",
            "\u{9b}31m",
            "a\nb",
            "\u{7f}",
        ] {
            assert_eq!(fault(bad, 100), Some(Why::BadChars), "{bad:?}");
        }
        assert_eq!(fault(&"ا".repeat(101), 100), Some(Why::TooLong));
        assert_eq!(fault(&"ا".repeat(100), 100), None);
        for good in ["می\u{200C}خواهم", "Ali \u{200F}رضا", "O'Brien-Smith", "علی"] {
            assert_eq!(fault(good, 100), None, "{good:?}");
        }
    }
}
