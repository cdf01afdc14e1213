//! Iranian mobile numbers, normalised to `+989XXXXXXXXX`.

use super::digits::normalize_digits;

/// A mobile number in canonical form `+989XXXXXXXXX`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mobile(String);

impl Mobile {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Local form `09XXXXXXXXX`, as people say it.
    pub fn local(&self) -> String {
        format!("0{}", &self.0[3..])
    }
}

impl std::fmt::Display for Mobile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Accepts `09121234567`, `9121234567`, `+989121234567`, `00989121234567`, with spaces,
/// dashes or brackets, in Latin, Persian or Arabic-Indic digits.
pub fn parse_mobile(text: &str) -> Option<Mobile> {
    let s = normalize_digits(text.trim());
    let mut plus = false;
    let mut digits = String::with_capacity(14);
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '.' | '\u{200C}' | '\u{200E}' | '\u{200F}' => {}
            '+' if i == 0 => plus = true,
            _ => return None,
        }
    }
    let national = if plus {
        digits.strip_prefix("98")?
    } else if let Some(rest) = digits.strip_prefix("0098") {
        rest
    } else if let Some(rest) = digits.strip_prefix("98").filter(|r| r.len() == 10) {
        rest
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest
    } else {
        digits.as_str()
    };
    if national.len() == 10 && national.starts_with('9') {
        Some(Mobile(format!("+98{national}")))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_spelling_is_canonical() {
        for s in [
            "09121234567",
            "9121234567",
            "+989121234567",
            "00989121234567",
            "0912 123 4567",
            "0912-123-4567",
            "۰۹۱۲۱۲۳۴۵۶۷",
            "٠٩١٢١٢٣٤٥٦٧",
            "+98 912 123 4567",
            "989121234567",
        ] {
            assert_eq!(
                parse_mobile(s).map(|m| m.to_string()).as_deref(),
                Some("+989121234567"),
                "{s}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_mobile() {
        for s in [
            "",
            "0212345678",
            "02112345678",
            "091212345",
            "091212345678",
            "+19121234567",
            "0912x234567",
            "++989121234567",
            "'; DROP TABLE members; --",
        ] {
            assert_eq!(parse_mobile(s), None, "{s}");
        }
    }

    #[test]
    fn local_form() {
        assert_eq!(
            parse_mobile("+989121234567").map(|m| m.local()).as_deref(),
            Some("09121234567")
        );
    }
}
