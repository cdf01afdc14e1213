//! Message templates with named fields: `{first_name} عزیز، {earned} تومان اعتبار گرفتید.`
//!
//! A field is `{name}` with a name of ASCII lower-case letters, digits and `_`, starting
//! with a letter. `{{` and `}}` stand for literal braces. A field not in the allowed set
//! is refused by name, as is an unmatched brace.

use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// Where and why a template was refused. Positions count characters from 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown field {{{name}}} at character {at}")]
    UnknownField { name: String, at: usize },
    #[error("a '{{' at character {at} is never closed")]
    Unclosed { at: usize },
    #[error("a '}}' at character {at} closes nothing")]
    Unopened { at: usize },
    #[error("the field {{{name}}} at character {at} is not a field name (a-z, 0-9, _)")]
    BadName { name: String, at: usize },
    #[error("no value for the field {{{name}}}")]
    MissingValue { name: String },
}

impl Template {
    /// Parses `text`, accepting only fields named in `allowed`.
    pub fn parse(text: &str, allowed: &[&str]) -> Result<Template, TemplateError> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().enumerate().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '}' => return Err(TemplateError::Unopened { at }),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '}')) => break,
                            Some((_, '{')) | None => return Err(TemplateError::Unclosed { at }),
                            Some((_, ch)) => name.push(ch),
                        }
                    }
                    if !valid_name(&name) {
                        return Err(TemplateError::BadName { name, at });
                    }
                    if !allowed.contains(&name.as_str()) {
                        return Err(TemplateError::UnknownField { name, at });
                    }
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Field(name));
                }
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Template { pieces })
    }

    /// The fields in order of appearance, each once.
    pub fn fields(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.pieces {
            if let Piece::Field(name) = p
                && !out.contains(&name.as_str())
            {
                out.push(name);
            }
        }
        out
    }

    /// The text with every field replaced by its value. Values are inserted as they are
    /// (braces in a value are not read as fields).
    pub fn fill(&self, values: &HashMap<&str, String>) -> Result<String, TemplateError> {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(name) => match values.get(name.as_str()) {
                    Some(v) => out.push_str(v),
                    None => return Err(TemplateError::MissingValue { name: name.clone() }),
                },
            }
        }
        Ok(out)
    }
}

fn valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOWED: &[&str] = &[
        "first_name",
        "last_name",
        "credit",
        "earned",
        "shop",
        "date",
    ];

    fn values() -> HashMap<&'static str, String> {
        HashMap::from([
            ("first_name", "مریم".to_string()),
            ("earned", "۱۲٬۰۰۰".to_string()),
            ("credit", "۴۵٬۰۰۰".to_string()),
            ("shop", "فروشگاه {وفا}".to_string()),
        ])
    }

    #[test]
    fn fills_the_contract_example() {
        let t = Template::parse(
            "{first_name} عزیز، {earned} تومان اعتبار گرفتید. موجودی: {credit} تومان. {shop}",
            ALLOWED,
        )
        .expect("parses");
        assert_eq!(t.fields(), ["first_name", "earned", "credit", "shop"]);
        assert_eq!(
            t.fill(&values()).expect("fills"),
            "مریم عزیز، ۱۲٬۰۰۰ تومان اعتبار گرفتید. موجودی: ۴۵٬۰۰۰ تومان. فروشگاه {وفا}"
        );
    }

    #[test]
    fn unknown_field_is_refused_by_name() {
        let e = Template::parse("سلام {first_name} {bonus}", ALLOWED).expect_err("refused");
        assert_eq!(
            e,
            TemplateError::UnknownField {
                name: "bonus".into(),
                at: 18
            }
        );
        assert_eq!(e.to_string(), "unknown field {bonus} at character 18");
    }

    #[test]
    fn unbalanced_braces_are_refused() {
        assert_eq!(
            Template::parse("{first_name", ALLOWED),
            Err(TemplateError::Unclosed { at: 0 })
        );
        assert_eq!(
            Template::parse("a {first_name {shop}}", ALLOWED),
            Err(TemplateError::Unclosed { at: 2 })
        );
        assert_eq!(
            Template::parse("a } b", ALLOWED),
            Err(TemplateError::Unopened { at: 2 })
        );
        assert_eq!(
            Template::parse("{shop}}", ALLOWED),
            Err(TemplateError::Unopened { at: 6 })
        );
        assert!(matches!(
            Template::parse("{}", ALLOWED),
            Err(TemplateError::BadName { .. })
        ));
        assert!(matches!(
            Template::parse("{First_Name}", ALLOWED),
            Err(TemplateError::BadName { .. })
        ));
        assert!(matches!(
            Template::parse("{ shop }", ALLOWED),
            Err(TemplateError::BadName { .. })
        ));
    }

    #[test]
    fn doubled_braces_are_literal() {
        let t = Template::parse("{{code}} {shop} }}", ALLOWED).expect("parses");
        assert_eq!(t.fields(), ["shop"]);
        assert_eq!(t.fill(&values()).expect("fills"), "{code} فروشگاه {وفا} }");
    }

    #[test]
    fn missing_value_is_named() {
        let t = Template::parse("{date}", ALLOWED).expect("parses");
        assert_eq!(
            t.fill(&values()),
            Err(TemplateError::MissingValue {
                name: "date".into()
            })
        );
    }

    #[test]
    fn repeated_field_listed_once_and_filled_twice() {
        let t = Template::parse("{shop}|{shop}", ALLOWED).expect("parses");
        assert_eq!(t.fields(), ["shop"]);
        assert_eq!(
            t.fill(&values()).expect("fills"),
            "فروشگاه {وفا}|فروشگاه {وفا}"
        );
        assert_eq!(
            Template::parse("", ALLOWED)
                .expect("empty")
                .fill(&values())
                .as_deref(),
            Ok("")
        );
    }
}
