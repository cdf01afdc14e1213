//! Every sentence a person reads, in Persian and English: the errors (`Say`), the till
//! window's strings (`i18n`), the offers' explanations (`offer`), head office's Persian
//! messages (`hq`), the command line's prose (`cli`), the names of the shop's things
//! (`names`), staff roles and acts (`staff`), the words of reports (`report`), and the one
//! formatter for numbers, money and dates (`format`).
//! Depends on `vafa-core` only.

pub mod cli;
pub mod config;
pub mod error;
pub mod field;
pub mod format;
pub mod hq;
pub mod i18n;
pub mod names;
pub mod offer;
pub mod receipt;
pub mod report;
pub mod staff;

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
