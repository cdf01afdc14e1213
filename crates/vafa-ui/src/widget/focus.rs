//! Buttons that take the keys. iced 0.14's `button` is not focusable (iced issues #489 and
//! #3088: `focus_next` walks text fields only), so [`focusable`] wraps one: it joins the
//! focus chain that Tab and Shift+Tab walk (the key guard runs iced's own `focus_next` and
//! `focus_previous` over the window), draws a ring around the button while it has the keys,
//! and Enter or Space presses it. A mouse or a finger takes the focus away (a touch till
//! needs no ring), and a focused button whose label changed under it (another screen in
//! the same place) is not focused any more: Enter never presses a button nobody chose.

use iced::keyboard::{self, Key, key::Named};
use iced::{Border, Color, Element, Event, Rectangle, mouse, touch};
use iced_core::layout::Layout;
use iced_core::widget::{Operation, Tree, operation, tree};
use iced_core::{Clipboard, Shell, Widget, renderer};

/// The ring's width and its gap from the button.
const RING: f32 = 3.0;
const GAP: f32 = 3.0;

#[derive(Debug, Default)]
struct State {
    focused: bool,
    /// The label of the button the focus was given to.
    label: String,
}

impl operation::Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }
    fn focus(&mut self) {
        self.focused = true;
    }
    fn unfocus(&mut self) {
        self.focused = false;
    }
}

/// `content` (a button) in the focus chain; Enter or Space sends `on_press` while it has
/// the keys. A disabled button (`on_press` is `None`) is left out of the chain.
pub fn focusable<'a, M: Clone + 'a>(
    label: &str,
    content: impl Into<Element<'a, M>>,
    on_press: Option<M>,
) -> Element<'a, M> {
    Element::new(Focus {
        label: label.to_string(),
        content: content.into(),
        on_press,
    })
}

struct Focus<'a, M> {
    label: String,
    content: Element<'a, M>,
    on_press: Option<M>,
}

impl<M: Clone> Widget<M, iced::Theme, iced::Renderer> for Focus<'_, M> {
    crate::wrap::pass_to_content!(M);

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State {
            focused: false,
            label: self.label.clone(),
        })
    }

    fn diff(&self, tree: &mut Tree) {
        let state = tree.state.downcast_mut::<State>();
        if state.label != self.label || self.on_press.is_none() {
            state.focused = false;
            state.label.clone_from(&self.label);
        }
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        if self.on_press.is_some() {
            let state = tree.state.downcast_mut::<State>();
            operation.focusable(None, layout.bounds(), state);
        }
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        let state = tree.state.downcast_mut::<State>();
        match event {
            Event::Mouse(mouse::Event::ButtonPressed(_))
            | Event::Touch(touch::Event::FingerPressed { .. }) => state.focused = false,
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: Key::Named(Named::Enter | Named::Space),
                modifiers,
                ..
            }) if state.focused && modifiers.is_empty() && !shell.is_event_captured() => {
                if let Some(m) = self.on_press.clone() {
                    shell.publish(m);
                    shell.capture_event();
                    return;
                }
            }
            _ => {}
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &iced::Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
        if tree.state.downcast_ref::<State>().focused {
            use iced_core::Renderer as _;
            renderer.fill_quad(
                renderer::Quad {
                    bounds: layout.bounds().expand(RING + GAP),
                    border: Border {
                        color: crate::theme::PRIMARY_DARK,
                        width: RING,
                        radius: 12.0.into(),
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        }
    }
}

/// Moves the keys to the next (or, with Shift, the previous) field or button of `content`
/// at once, inside the event that asked (iced's own operations, run to their end).
pub(crate) fn move_focus<M>(
    content: &mut Element<'_, M>,
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &iced::Renderer,
    back: bool,
) {
    let mut op: Box<dyn Operation<()>> = if back {
        Box::new(operation::focusable::focus_previous())
    } else {
        Box::new(operation::focusable::focus_next())
    };
    loop {
        content
            .as_widget_mut()
            .operate(tree, layout, renderer, op.as_mut());
        match op.finish() {
            operation::Outcome::Chain(next) => op = next,
            _ => break,
        }
    }
}
