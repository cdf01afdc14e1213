//! Small icons drawn from rounded boxes (no icon font, no image files): a card reader, head
//! office's sync, a backup. Each in a state's colour, so the cashier sees at a glance what
//! needs attention; the word beside it says the same for whoever does not see colour.

use iced::widget::{Space, column, container, row};
use iced::{Border, Color, Element, Length};

fn boxed<'a, M: 'a>(
    w: f32,
    h: f32,
    fill: Option<Color>,
    line: Option<Color>,
    radius: f32,
) -> container::Container<'a, M> {
    container(Space::new())
        .width(Length::Fixed(w))
        .height(Length::Fixed(h))
        .style(move |_| container::Style {
            background: fill.map(Into::into),
            border: Border {
                radius: radius.into(),
                width: if line.is_some() { 2.0 } else { 0.0 },
                color: line.unwrap_or(Color::TRANSPARENT),
            },
            ..container::Style::default()
        })
}

/// An outline of `color`, rounded by `radius`.
fn outline(color: Color, radius: f32) -> impl Fn(&iced::Theme) -> container::Style {
    move |_| container::Style {
        border: Border {
            radius: radius.into(),
            width: 2.0,
            color,
        },
        ..container::Style::default()
    }
}

/// A card with its magnetic stripe.
pub fn reader<'a, M: 'a>(color: Color) -> Element<'a, M> {
    container(
        column![
            Space::new().height(Length::Fixed(3.0)),
            boxed(22.0, 4.0, Some(color), None, 0.0)
        ]
        .width(Length::Fixed(26.0)),
    )
    .width(Length::Fixed(26.0))
    .height(Length::Fixed(18.0))
    .style(outline(color, 3.0))
    .padding([0, 2])
    .into()
}

/// Two arrows' worth of sync: a ring with a dot (filled when all is sent).
pub fn sync<'a, M: 'a>(color: Color, done: bool) -> Element<'a, M> {
    container(boxed(
        8.0,
        8.0,
        Some(if done { color } else { Color::TRANSPARENT }),
        None,
        4.0,
    ))
    .center(Length::Fixed(20.0))
    .style(outline(color, 10.0))
    .into()
}

/// A disk: a box with a label strip and a slot.
pub fn backup<'a, M: 'a>(color: Color) -> Element<'a, M> {
    container(
        column![
            row![
                Space::new().width(Length::Fixed(3.0)),
                boxed(8.0, 5.0, None, Some(color), 1.0)
            ],
            Space::new().height(Length::Fixed(2.0)),
            boxed(14.0, 4.0, Some(color), None, 1.0),
        ]
        .padding([1, 1]),
    )
    .width(Length::Fixed(20.0))
    .height(Length::Fixed(20.0))
    .style(outline(color, 3.0))
    .into()
}
