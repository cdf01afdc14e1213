//! How many SMS parts a text takes, counted as the trade counts them, and what it costs.
//!
//! A text of GSM 03.38 characters only is sent in GSM-7: 160 septets in one part, 153 per
//! part once it is split (7 go to the concatenation header); the extension characters
//! `^ { } \ [ ~ ] | €` and form feed take two septets each. Any other character (Persian
//! letters and digits, «», emoji) makes the whole text UCS-2: 70 UTF-16 units in one
//! part, 67 per part after; a character outside the Basic Multilingual Plane takes two.

/// How a text is encoded on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

/// The count for one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// 0 for an empty text.
    pub parts: usize,
}

/// Single-part and per-part capacities.
const GSM7_SINGLE: usize = 160;
const GSM7_MULTI: usize = 153;
const UCS2_SINGLE: usize = 70;
const UCS2_MULTI: usize = 67;

/// The GSM 03.38 default alphabet (the escape position 0x1B left out).
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The GSM 03.38 extension table: escape + character, two septets.
const GSM7_EXTENSION: &str = "\u{0C}^{}\\[~]|€";

/// Septets a character takes in GSM-7, or `None` when it is not in the alphabet.
fn gsm7_septets(c: char) -> Option<usize> {
    if GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

pub fn count(text: &str) -> Parts {
    let gsm: Option<usize> = text.chars().map(gsm7_septets).sum();
    let (encoding, units, single, multi) = match gsm {
        Some(septets) => (Encoding::Gsm7, septets, GSM7_SINGLE, GSM7_MULTI),
        None => (
            Encoding::Ucs2,
            text.encode_utf16().count(),
            UCS2_SINGLE,
            UCS2_MULTI,
        ),
    };
    let parts = match units {
        0 => 0,
        n if n <= single => 1,
        n => n.div_ceil(multi),
    };
    Parts {
        encoding,
        units,
        parts,
    }
}

/// parts × price per part, in rials; `None` if it does not fit an `i64`.
pub fn estimate_rials(text: &str, price_per_part_rials: i64) -> Option<i64> {
    i64::try_from(count(text).parts)
        .ok()?
        .checked_mul(price_per_part_rials)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn persian(n: usize) -> String {
        "س".repeat(n)
    }

    fn parts(text: &str) -> usize {
        count(text).parts
    }

    #[test]
    fn empty_is_no_part() {
        assert_eq!(
            count(""),
            Parts {
                encoding: Encoding::Gsm7,
                units: 0,
                parts: 0
            }
        );
    }

    #[test]
    fn persian_boundaries() {
        assert_eq!(parts(&persian(1)), 1);
        assert_eq!(parts(&persian(70)), 1);
        assert_eq!(parts(&persian(71)), 2);
        assert_eq!(parts(&persian(134)), 2);
        assert_eq!(parts(&persian(135)), 3);
        assert_eq!(parts(&persian(201)), 3);
        assert_eq!(parts(&persian(202)), 4);
        assert_eq!(count(&persian(70)).encoding, Encoding::Ucs2);
    }

    #[test]
    fn latin_boundaries() {
        let a = |n: usize| "a".repeat(n);
        assert_eq!(parts(&a(160)), 1);
        assert_eq!(parts(&a(161)), 2);
        assert_eq!(parts(&a(306)), 2);
        assert_eq!(parts(&a(307)), 3);
        assert_eq!(parts(&a(459)), 3);
        assert_eq!(parts(&a(460)), 4);
        assert_eq!(count(&a(160)).encoding, Encoding::Gsm7);
    }

    #[test]
    fn extension_characters_count_double() {
        // 158 + one '€' (2) = 160 septets: still one part; one more '{' makes two.
        let t = format!("{}€", "a".repeat(158));
        assert_eq!(count(&t).units, 160);
        assert_eq!(parts(&t), 1);
        assert_eq!(parts(&format!("{t}{{")), 2);
        assert_eq!(count("[]").units, 4);
        assert_eq!(count("\u{0C}").units, 2);
    }

    #[test]
    fn one_non_gsm_character_makes_it_ucs2() {
        // 70 Latin letters fit one GSM part; with a Persian digit they are UCS-2 (71 units).
        let t = format!("{}۱", "a".repeat(70));
        assert_eq!(count(&t).encoding, Encoding::Ucs2);
        assert_eq!(parts(&t), 2);
        // «ç» is not GSM (only «Ç» is); Greek capitals are.
        assert_eq!(count("ç").encoding, Encoding::Ucs2);
        assert_eq!(count("ΔΩ").encoding, Encoding::Gsm7);
    }

    #[test]
    fn astral_characters_take_two_units() {
        // 69 Persian letters + an emoji = 71 UTF-16 units: two parts.
        let t = format!("{}😀", persian(69));
        assert_eq!(count(&t).units, 71);
        assert_eq!(parts(&t), 2);
    }

    #[test]
    fn opt_out_line_is_ucs2() {
        let t = "تخفیف ویژه\nلغو۱۱";
        let p = count(t);
        assert_eq!(p.encoding, Encoding::Ucs2);
        assert_eq!(p.units, t.chars().count());
    }

    #[test]
    fn cost_is_parts_times_price() {
        assert_eq!(estimate_rials(&persian(71), 1_250), Some(2_500));
        assert_eq!(estimate_rials("", 1_250), Some(0));
        assert_eq!(estimate_rials("hi", i64::MAX), Some(i64::MAX));
        assert_eq!(estimate_rials(&persian(71), i64::MAX), None);
    }
}
