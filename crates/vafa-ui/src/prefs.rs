//! What the till window remembers for this machine, apart from the shop's data: the
//! language it shows. A small file in the data directory that only the window reads; the
//! shop's language (the command line's, the stored sales' explanations as `vafa sale`
//! prints them, later receipts and SMS) is the shop's, changed only by its own setting.

use std::path::Path;

use vafa_core::lang::Lang;

/// The file, in the data directory.
pub const LANG_FILE: &str = "window-lang";

/// The window's language on this machine, if it has chosen one.
pub fn lang(dir: &Path) -> Option<Lang> {
    Lang::parse(&std::fs::read_to_string(dir.join(LANG_FILE)).ok()?)
}

/// Remembers the window's language on this machine.
pub fn set_lang(dir: &Path, lang: Lang) -> std::io::Result<()> {
    std::fs::write(dir.join(LANG_FILE), lang.code())
}
