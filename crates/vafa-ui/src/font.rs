//! The Vazirmatn font (SIL Open Font Licence, `assets/fonts/OFL.txt`): Persian and Latin in
//! one face, so both languages look alike.

use iced::Font;

pub const REGULAR_BYTES: &[u8] = include_bytes!("../../../assets/fonts/Vazirmatn-Regular.ttf");
pub const BOLD_BYTES: &[u8] = include_bytes!("../../../assets/fonts/Vazirmatn-Bold.ttf");

pub const REGULAR: Font = Font::with_name("Vazirmatn");
pub const BOLD: Font = Font {
    weight: iced::font::Weight::Bold,
    ..REGULAR
};
