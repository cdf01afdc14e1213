//! Every sentence a person reads, in Persian and English: the errors (`Say`), the till
//! window's strings (`i18n`), the offers' explanations (`offer`), head office's Persian
//! messages (`hq`), the command line's prose (`cli`), the names of the shop's things
//! (`names`), staff roles and acts (`staff`), the words of reports (`report`), and the one
//! formatter for numbers, money and dates (`format`).
//! Depends on `vafa-core` only.

pub mod cli;
pub mod club;
pub mod club_window;
pub mod config;
pub mod display;
pub mod error;
pub mod field;
pub mod format;
pub mod gift;
pub mod hq;
pub mod i18n;
pub mod membership;
pub mod names;
pub mod offer;
pub mod offer_form;
pub mod receipt;
pub mod report;
pub mod sms;
pub mod staff;
pub mod suggest;

use vafa_core::lang::Lang;

/// What a value says to a person reading `lang`.
pub trait Say {
    fn say(&self, lang: Lang) -> String;
}

/// The language to speak before a shop says which: `VAFA_LANG`, else Persian when `LANG`
/// starts with `fa`, else English.
pub fn fallback_lang() -> Lang {
    std::env::var("VAFA_LANG")
        .ok()
        .and_then(|l| Lang::parse(&l))
        .or_else(|| {
            std::env::var("LANG")
                .ok()
                .filter(|l| l.starts_with("fa"))
                .map(|_| Lang::Fa)
        })
        .unwrap_or(Lang::En)
}

/// The longest stored text printed whole; beyond it, the rest is cut to an ellipsis.
pub const PRINT_MAX: usize = 200;

/// Any stored text (a name, a reason, a shop's field), safe to print on a terminal, a
/// receipt or a page: each control character (NUL, ESC and so every ANSI escape, line
/// breaks) and each bidirectional override or isolate is shown as `<U+XXXX>` instead of
/// acting, and text over [`PRINT_MAX`] characters is cut. What a till refuses to store
/// ([`vafa_core::text`]) may still be in an old database or arrive from an old till.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    use vafa_core::text::is_unsafe;
    let long = text.chars().nth(PRINT_MAX).is_some();
    if !long && !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    for c in text.chars().take(PRINT_MAX) {
        if is_unsafe(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    if long {
        out.push('…');
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod printable_tests {
    use super::printable;

    #[test]
    fn escapes_what_would_act_and_cuts_the_absurd() {
        assert_eq!(printable("علی\u{200C}رضا"), "علی\u{200C}رضا");
        assert_eq!(
            printable("a\u{1b}[2Jb\0\u{202E}c"),
            "a<U+001B>[2Jb<U+0000><U+202E>c"
        );
        let x = "x".repeat(100_000);
        let long = printable(&x);
        assert_eq!(long.chars().count(), 201);
        assert!(long.ends_with('…'));
    }
}
