//! Money typed at the till, checked key by key: only digits (Latin, Persian or Arabic) and
//! separators are taken, shown back in the window's digits; an amount too large for one
//! sale is refused with a sentence in the shop's unit, never a command-line word.

use vafa_core::digits::normalize_digits;
use vafa_core::lang::Lang;
use vafa_core::money::MAX_AMOUNT;
use vafa_text::format::{Unit, digits};
use vafa_text::i18n::S;

use super::typed_rials;

/// The amount field's new text, or why the key was refused (the field keeps its text).
pub fn typed_amount(text: &str, unit: Unit, lang: Lang) -> Result<String, S> {
    let plain = normalize_digits(text);
    if plain
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ',' | '٬' | ' ')))
    {
        return Err(S::DigitsOnly);
    }
    let kept: String = plain.chars().filter(char::is_ascii_digit).collect();
    if !kept.is_empty() && typed_rials(&kept, unit).is_none_or(|r| r > MAX_AMOUNT) {
        return Err(S::AmountTooLarge);
    }
    Ok(digits(&plain, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_only_echoed_in_the_windows_digits_and_not_too_large() {
        assert_eq!(
            typed_amount("250000", Unit::Toman, Lang::Fa),
            Ok("۲۵۰۰۰۰".into())
        );
        assert_eq!(typed_amount("۲۵۰", Unit::Toman, Lang::En), Ok("250".into()));
        assert_eq!(
            typed_amount("25a", Unit::Toman, Lang::En),
            Err(S::DigitsOnly)
        );
        assert_eq!(
            typed_amount("10000000000000000", Unit::Toman, Lang::En),
            Err(S::AmountTooLarge)
        );
        assert_eq!(typed_amount("", Unit::Toman, Lang::En), Ok(String::new()));
    }
}
