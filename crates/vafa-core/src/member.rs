//! What the club keeps of a member beyond their name, mobile and dates.

/// A member's gender, as the offer rules and reports know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    /// As stored: `f` or `m`.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "f",
            Gender::Male => "m",
        }
    }

    /// As typed: `f`, `female`, `زن`, `m`, `male` or `مرد`, in any case, with spaces
    /// around.
    pub fn parse(text: &str) -> Option<Gender> {
        match text.trim().to_lowercase().as_str() {
            "f" | "female" | "زن" => Some(Gender::Female),
            "m" | "male" | "مرد" => Some(Gender::Male),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type_and_stores_one_letter() {
        for (t, g) in [
            ("f", Gender::Female),
            (" Female ", Gender::Female),
            ("زن", Gender::Female),
            ("M", Gender::Male),
            ("male", Gender::Male),
            ("مرد", Gender::Male),
        ] {
            assert_eq!(Gender::parse(t), Some(g), "{t}");
        }
        assert_eq!(Gender::parse("x"), None);
        assert_eq!(Gender::parse(""), None);
        assert_eq!(Gender::Female.as_str(), "f");
        assert_eq!(Gender::Male.as_str(), "m");
    }
}
