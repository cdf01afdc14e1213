//! Sizes and colours: large, calm, readable at arm's length on a touch screen.

use iced::widget::{button, container};
use iced::{Border, Color, Theme};

pub const TEXT: u32 = 20;
pub const SMALL: u32 = 16;
pub const TITLE: u32 = 28;
pub const HUGE: u32 = 40;
/// Touch targets are at least this tall.
pub const TARGET: f32 = 56.0;
pub const PAD: u16 = 16;

pub const OK: Color = Color::from_rgb(0.10, 0.50, 0.25);
pub const WARN: Color = Color::from_rgb(0.75, 0.45, 0.0);
pub const BAD: Color = Color::from_rgb(0.75, 0.12, 0.12);
pub const MUTED: Color = Color::from_rgb(0.40, 0.40, 0.45);

pub fn theme() -> Theme {
    Theme::Light
}

/// A card-like panel.
pub fn panel(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(p.background.weak.color.into()),
        border: Border {
            radius: 10.0.into(),
            width: 1.0,
            color: p.background.strong.color,
        },
        ..container::Style::default()
    }
}

/// The status bar along the top.
pub fn bar(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(p.primary.strong.color.into()),
        text_color: Some(p.primary.strong.text),
        ..container::Style::default()
    }
}

/// A message that needs attention.
pub fn alert(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Color::from_rgb(1.0, 0.93, 0.90).into()),
        text_color: Some(BAD),
        border: Border {
            radius: 8.0.into(),
            width: 1.0,
            color: BAD,
        },
        ..container::Style::default()
    }
}

/// Good news (a sale recorded).
pub fn good(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Color::from_rgb(0.90, 0.97, 0.91).into()),
        border: Border {
            radius: 10.0.into(),
            width: 1.0,
            color: OK,
        },
        ..container::Style::default()
    }
}

pub fn nav(active: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        if active {
            button::primary(theme, status)
        } else {
            button::secondary(theme, status)
        }
    }
}
