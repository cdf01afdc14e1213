//! Persian (U+06F0–06F9) and Arabic-Indic (U+0660–0669) digits read as ASCII digits,
//! wherever a number is expected: amounts, card numbers, PINs, mobiles.

/// Maps one Persian or Arabic-Indic digit to its ASCII digit; other characters unchanged.
pub fn ascii_digit(c: char) -> char {
    match c {
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        _ => c,
    }
}

/// Rewrites every Persian or Arabic-Indic digit in `s` as ASCII.
pub fn normalize_digits(s: &str) -> String {
    s.chars().map(ascii_digit).collect()
}

/// Writes ASCII digits as Persian digits (for display in the Persian UI).
pub fn to_persian_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x06F0 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_and_arabic_digits_become_ascii() {
        assert_eq!(normalize_digits("۰۹۱۲۳۴۵۶۷۸۹"), "09123456789");
        assert_eq!(normalize_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(normalize_digits("a۱b٢"), "a1b2");
    }

    #[test]
    fn ascii_to_persian_round_trips() {
        let s = "1405/09/01";
        assert_eq!(normalize_digits(&to_persian_digits(s)), s);
        assert_eq!(to_persian_digits("12"), "۱۲");
    }
}
