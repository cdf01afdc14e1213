//! What the till window remembers for this machine, apart from the shop's data: the
//! language it shows and whether it opens the customer display. Small files in the data
//! directory that only the window reads; the shop's language (the command line's, the
//! stored sales' explanations as `vafa sale` prints them, later receipts and SMS) is the
//! shop's, changed only by its own setting.

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

/// The file that says this machine opens the customer display (its presence).
pub const DISPLAY_FILE: &str = "customer-display";

/// Whether this machine opens the customer display with the till.
pub fn customer_display(dir: &Path) -> bool {
    dir.join(DISPLAY_FILE).exists()
}

/// Remembers whether this machine opens the customer display.
pub fn set_customer_display(dir: &Path, on: bool) -> std::io::Result<()> {
    let file = dir.join(DISPLAY_FILE);
    if on {
        std::fs::write(file, "1")
    } else {
        match std::fs::remove_file(file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
