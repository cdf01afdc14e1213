//! Sizes and colours: large, calm, readable at arm's length on a touch screen. One primary
//! colour (a deep blue) on a light background, white cards, and every text/background pair
//! at least WCAG AA (4.5:1; checked by the tests below).

use iced::theme::{Palette, palette};
use iced::widget::{button, container, text_input};
use iced::{Background, Border, Color, Shadow, Theme, Vector};

pub const TEXT: u32 = 20;
pub const SMALL: u32 = 16;
pub const TITLE: u32 = 28;
pub const HUGE: u32 = 40;
/// The total and the cash to collect: read from across the counter.
pub const TOTAL: u32 = 56;
/// Touch targets are at least this tall.
pub const TARGET: f32 = 56.0;
pub const PAD: u16 = 16;

const fn rgb(hex: u32) -> Color {
    Color::from_rgb(
        ((hex >> 16) & 0xff) as f32 / 255.0,
        ((hex >> 8) & 0xff) as f32 / 255.0,
        (hex & 0xff) as f32 / 255.0,
    )
}

/// The one primary colour: buttons that do the screen's main thing, the chosen tab, focus.
pub const PRIMARY: Color = rgb(0x125E8A);
/// Its darker shade: the status bar.
pub const PRIMARY_DARK: Color = rgb(0x0C3F5E);
/// A light tint of it: the focused field's background, the total's card.
pub const PRIMARY_TINT: Color = rgb(0xE8F1F8);
pub const BACKGROUND: Color = rgb(0xF3F5F8);
pub const CARD: Color = Color::WHITE;
pub const INK: Color = rgb(0x1A1F26);
pub const LINE: Color = rgb(0xD3DAE2);
/// A field's outline (3:1 against white: a field is seen as a field).
pub const FIELD_LINE: Color = rgb(0x7A8696);
pub const KEY: Color = rgb(0xE4EAF1);
pub const KEY_HOVER: Color = rgb(0xD2DCE7);

pub const OK: Color = rgb(0x1B7A3A);
pub const WARN: Color = rgb(0x8A5300);
pub const BAD: Color = rgb(0xB3261E);
pub const MUTED: Color = rgb(0x56606D);
pub const GOOD_BG: Color = rgb(0xEAF6EE);
pub const ALERT_BG: Color = rgb(0xFDECEA);

pub fn theme() -> Theme {
    let p = Palette {
        background: BACKGROUND,
        text: INK,
        primary: PRIMARY,
        success: OK,
        warning: WARN,
        danger: BAD,
    };
    Theme::custom_with_fn("vafa", p, |p| {
        let mut x = palette::Extended::generate(p);
        let pair = |color, text| palette::Pair { color, text };
        x.primary.base = pair(PRIMARY, Color::WHITE);
        x.primary.strong = pair(PRIMARY_DARK, Color::WHITE);
        x.primary.weak = pair(PRIMARY_TINT, INK);
        // Secondary buttons (keys, Cancel, the tabs not chosen): light with dark text. The
        // placeholder of a field is `secondary.base.color`, so every field takes [`input`].
        x.secondary.base = pair(KEY, INK);
        x.secondary.strong = pair(KEY_HOVER, INK);
        x.success.base = pair(OK, Color::WHITE);
        x.danger.base = pair(BAD, Color::WHITE);
        x.background.weak = pair(CARD, INK);
        x.background.strong = pair(LINE, INK);
        x
    })
}

/// A card: white, rounded, a thin line and a soft shadow.
pub fn panel(_theme: &Theme) -> container::Style {
    card(CARD, LINE)
}

fn card(bg: Color, line: Color) -> container::Style {
    container::Style {
        background: Some(bg.into()),
        text_color: Some(INK),
        border: Border {
            radius: 12.0.into(),
            width: 1.0,
            color: line,
        },
        shadow: Shadow {
            color: Color::from_rgba(0.0, 0.0, 0.0, 0.08),
            offset: Vector::new(0.0, 2.0),
            blur_radius: 6.0,
        },
        ..container::Style::default()
    }
}

/// The total and the cash to collect.
pub fn total(_theme: &Theme) -> container::Style {
    card(PRIMARY_TINT, PRIMARY)
}

/// The status bar along the top: the primary colour's dark shade, white text.
pub fn bar(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(PRIMARY_DARK.into()),
        text_color: Some(Color::WHITE),
        ..container::Style::default()
    }
}

/// The sticky action bar at the bottom: a white strip with a line above.
pub fn action_bar(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(CARD.into()),
        text_color: Some(INK),
        border: Border {
            radius: 0.0.into(),
            width: 1.0,
            color: LINE,
        },
        shadow: Shadow {
            color: Color::from_rgba(0.0, 0.0, 0.0, 0.10),
            offset: Vector::new(0.0, -2.0),
            blur_radius: 6.0,
        },
        ..container::Style::default()
    }
}

/// A status chip on the bar (reader, head office, backup): white, its icon in colour.
pub fn chip(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(CARD.into()),
        text_color: Some(INK),
        border: Border {
            radius: 14.0.into(),
            width: 0.0,
            color: CARD,
        },
        ..container::Style::default()
    }
}

/// A message that needs attention.
pub fn alert(_theme: &Theme) -> container::Style {
    container::Style {
        text_color: Some(BAD),
        ..card(ALERT_BG, BAD)
    }
}

/// Good news (a sale recorded).
pub fn good(_theme: &Theme) -> container::Style {
    card(GOOD_BG, OK)
}

/// A tab of the navigation: the chosen one in the primary colour.
pub fn nav(active: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        if active {
            primary(theme, status)
        } else {
            secondary(theme, status)
        }
    }
}

/// A primary button, rounded.
pub fn primary(theme: &Theme, status: button::Status) -> button::Style {
    rounded(button::primary(theme, status))
}

/// A secondary button, rounded, with a line (seen on a white card).
pub fn secondary(theme: &Theme, status: button::Status) -> button::Style {
    let mut s = rounded(button::secondary(theme, status));
    s.border.width = 1.0;
    s.border.color = LINE;
    s
}

fn rounded(mut s: button::Style) -> button::Style {
    s.border.radius = 8.0.into();
    s
}

/// A keypad key: a white key with a line, darker when pressed.
pub fn key(_theme: &Theme, status: button::Status) -> button::Style {
    button::Style {
        background: Some(Background::Color(match status {
            button::Status::Hovered | button::Status::Pressed => KEY_HOVER,
            _ => CARD,
        })),
        text_color: INK,
        border: Border {
            radius: 10.0.into(),
            width: 1.0,
            color: LINE,
        },
        shadow: Shadow {
            color: Color::from_rgba(0.0, 0.0, 0.0, 0.08),
            offset: Vector::new(0.0, 1.0),
            blur_radius: 2.0,
        },
        ..button::Style::default()
    }
}

/// Every text field: a clear outline, and when it has the keys a thick primary outline on
/// a tinted background (the cashier sees where typing goes).
pub fn input(theme: &Theme, status: text_input::Status) -> text_input::Style {
    let mut s = text_input::default(theme, status);
    s.background = Background::Color(CARD);
    s.placeholder = MUTED;
    s.value = INK;
    s.border.radius = 8.0.into();
    s.border.color = FIELD_LINE;
    s.border.width = 1.0;
    match status {
        text_input::Status::Focused { .. } => {
            s.border.color = PRIMARY;
            s.border.width = 3.0;
            s.background = Background::Color(PRIMARY_TINT);
        }
        text_input::Status::Hovered => s.border.color = INK,
        text_input::Status::Disabled => s.background = Background::Color(BACKGROUND),
        text_input::Status::Active => {}
    }
    s
}

/// The WCAG 2 contrast ratio of two colours (1 to 21; text wants 4.5, large text 3).
pub fn contrast(a: Color, b: Color) -> f32 {
    fn lum(c: Color) -> f32 {
        let ch = |v: f32| {
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)
    }
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text colour the window uses, on every background it is drawn on.
    #[test]
    fn every_text_and_background_pair_is_wcag_aa() {
        let white = Color::WHITE;
        let pairs = [
            ("text on the page", INK, BACKGROUND),
            ("text on a card", INK, CARD),
            ("text on a key", INK, KEY),
            ("text on a pressed key", INK, KEY_HOVER),
            ("text on the total's card", INK, PRIMARY_TINT),
            ("a primary button", white, PRIMARY),
            ("the status bar", white, PRIMARY_DARK),
            ("a success button", white, OK),
            ("a danger button", white, BAD),
            ("muted text on a card", MUTED, CARD),
            ("muted text on the page", MUTED, BACKGROUND),
            ("a placeholder in a focused field", MUTED, PRIMARY_TINT),
            ("good news", OK, GOOD_BG),
            ("an error", BAD, ALERT_BG),
            ("an error under a field", BAD, BACKGROUND),
            ("a warning on a chip", WARN, CARD),
            ("the cash to collect", PRIMARY, PRIMARY_TINT),
        ];
        for (what, fg, bg) in pairs {
            let r = contrast(fg, bg);
            assert!(r >= 4.5, "{what}: {r:.2}:1 is below 4.5:1");
        }
        // A field's outline and the focus ring are seen (WCAG 1.4.11: 3:1).
        assert!(contrast(FIELD_LINE, CARD) >= 3.0);
        assert!(contrast(PRIMARY, PRIMARY_TINT) >= 3.0);
    }

    /// The field with the keys is seen: a thick primary ring on a tinted background.
    #[test]
    fn the_focused_field_has_a_visible_ring() {
        let th = theme();
        let idle = input(&th, text_input::Status::Active);
        let focused = input(&th, text_input::Status::Focused { is_hovered: false });
        assert_eq!(focused.border.color, PRIMARY);
        assert!(focused.border.width >= 3.0 && idle.border.width <= 1.0);
        assert_eq!(focused.background, Background::Color(PRIMARY_TINT));
        assert_eq!(idle.background, Background::Color(CARD));
        assert!(contrast(focused.border.color, CARD) >= 3.0);
    }

    #[test]
    fn contrast_is_the_wcag_formula() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color::WHITE, Color::WHITE) - 1.0).abs() < 0.001);
    }
}
