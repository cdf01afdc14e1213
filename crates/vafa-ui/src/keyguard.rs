//! Keys reach the window through [`guard`], a wrapper around the whole view that sees every
//! key before any widget does. It times the keys ([`vafa_core::wedge`]): a keyboard-wedge
//! reader types a card in a burst ending with Enter or Tab; a person types slower.
//!
//! - The first key of what may be a burst is announced ([`Guarded::Mark`]) before the
//!   focused field gets it, so the app can remember every field's text.
//! - The Enter or Tab that ends a burst never reaches the focused field (no `on_submit`, so
//!   no sale, no sign-in): the guard announces the card instead ([`Guarded::Scan`]), and the
//!   app puts the fields back as they were at the mark.
//! - Every key is then reported ([`Guarded::Key`]) with whether a widget used it, for the
//!   window's shortcuts (F1-F12, Esc, Tab, Enter outside a field).
//! - Tab and Shift+Tab move the keys to the next or previous field or button at once
//!   (iced's `focus_next`/`focus_previous` over the whole window, buttons included through
//!   [`crate::widget::focus`]).

use std::cell::{Cell, RefCell};
use std::time::Instant;

use iced::keyboard::{self, Key, key::Named};
use iced::{Element, Event, Rectangle, mouse};
use iced_core::layout::Layout;
use iced_core::widget::{Operation, Tree, tree};
use iced_core::{Clipboard, Shell, Widget, renderer};

use vafa_core::wedge::{WedgeConfig, WedgeDetector, WedgeOutput};

/// A key as the window's shortcuts need it.
#[derive(Debug, Clone)]
pub struct KeyPress {
    pub key: Key,
    pub text: Option<String>,
    pub shift: bool,
    /// A focused widget (a text field) already used the key.
    pub captured: bool,
}

/// What the guard tells the app.
#[derive(Debug, Clone)]
pub enum Guarded {
    /// A key that may start a burst is about to reach the focused field.
    Mark,
    /// A burst ended: the characters, without the terminator (digits as ASCII).
    Scan(String),
    Key(KeyPress),
}

/// The guard's memory, kept by the app (the widget tree is rebuilt on every view).
#[derive(Debug)]
pub struct KeyGuard {
    detector: WedgeDetector,
    last_ms: Cell<Option<u64>>,
    epoch: Instant,
    /// Tests: a clock moved by hand, in milliseconds.
    manual: Cell<Option<u64>>,
    max_gap_ms: u64,
}

impl Default for KeyGuard {
    fn default() -> Self {
        let config = WedgeConfig::default();
        Self {
            detector: WedgeDetector::new(config),
            last_ms: Cell::new(None),
            epoch: Instant::now(),
            manual: Cell::new(None),
            max_gap_ms: config.max_key_gap_ms,
        }
    }
}

/// One key's verdict.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Mark,
    Scan(String),
    Pass,
}

impl KeyGuard {
    /// From now on the guard's clock only moves by [`KeyGuard::advance`] (tests).
    pub fn manual_clock(&self) {
        self.manual.set(Some(self.manual.get().unwrap_or(0)));
    }

    /// Moves the manual clock on by `ms` (a person's pause between keys).
    pub fn advance(&self, ms: u64) {
        if let Some(t) = self.manual.get() {
            self.manual.set(Some(t + ms));
        }
    }

    fn now_ms(&self) -> u64 {
        self.manual
            .get()
            .unwrap_or_else(|| self.epoch.elapsed().as_millis() as u64)
    }

    fn key(&mut self, c: char, at: u64) -> Step {
        let close = self
            .last_ms
            .get()
            .is_some_and(|t| at.saturating_sub(t) <= self.max_gap_ms);
        let fresh = !close || !self.detector.is_holding();
        let terminator = matches!(c, '\r' | '\n' | '\t');
        let outputs = self.detector.key(c, at);
        self.last_ms.set((!terminator).then_some(at));
        for out in outputs {
            if let WedgeOutput::Scan(s) = out {
                return Step::Scan(s);
            }
        }
        if fresh && !terminator {
            Step::Mark
        } else {
            Step::Pass
        }
    }
}

/// The character a key gives the detector: Enter and Tab as `\r` and `\t`, text keys as
/// their first character; shortcuts (Ctrl, Alt) and other named keys give none.
fn key_char(key: &Key, text: Option<&str>, modifiers: keyboard::Modifiers) -> Option<char> {
    if modifiers.control() || modifiers.alt() || modifiers.logo() {
        return None;
    }
    match key {
        Key::Named(Named::Enter) => Some('\r'),
        Key::Named(Named::Tab) => Some('\t'),
        Key::Named(_) => None,
        _ => text
            .and_then(|t| t.chars().next())
            .filter(|c| !c.is_control()),
    }
}

/// Wraps the window's whole view.
pub fn guard<'a, Message: 'a>(
    keys: &'a RefCell<KeyGuard>,
    on: fn(Guarded) -> Message,
    content: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    Element::new(Guard {
        content: content.into(),
        keys,
        on,
    })
}

struct Guard<'a, Message> {
    content: Element<'a, Message>,
    keys: &'a RefCell<KeyGuard>,
    on: fn(Guarded) -> Message,
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for Guard<'_, Message> {
    crate::wrap::pass_to_content!(Message);

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn tag(&self) -> tree::Tag {
        tree::Tag::stateless()
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
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
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let pressed = match event {
            Event::Keyboard(keyboard::Event::KeyPressed {
                key,
                text,
                modifiers,
                ..
            }) => Some((key, text.as_deref(), *modifiers)),
            _ => None,
        };
        if let Some((key, text, modifiers)) = pressed
            && let Some(c) = key_char(key, text, modifiers)
        {
            let mut keys = self.keys.borrow_mut();
            let at = keys.now_ms();
            match keys.key(c, at) {
                Step::Mark => shell.publish((self.on)(Guarded::Mark)),
                Step::Scan(s) => {
                    // The burst's Enter/Tab is the guard's: no field submits it.
                    shell.publish((self.on)(Guarded::Scan(s)));
                    shell.capture_event();
                    return;
                }
                Step::Pass => {}
            }
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
        // Tab and Shift+Tab walk the fields and buttons (`widget::focus`) at once, with
        // iced's own operations, so that the next key already goes where the focus went.
        if let Some((Key::Named(Named::Tab), _, modifiers)) = pressed
            && !shell.is_event_captured()
            && !(modifiers.control() || modifiers.alt() || modifiers.logo())
        {
            crate::widget::focus::move_focus(
                &mut self.content,
                &mut tree.children[0],
                layout,
                renderer,
                modifiers.shift(),
            );
            shell.capture_event();
            shell.request_redraw();
        }
        if let Some((key, text, modifiers)) = pressed {
            shell.publish((self.on)(Guarded::Key(KeyPress {
                key: key.clone(),
                text: text.map(str::to_string),
                shift: modifiers.shift(),
                captured: shell.is_event_captured(),
            })));
        }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_enter_is_a_scan_and_a_person_is_not() {
        let mut g = KeyGuard::default();
        assert_eq!(g.key('0', 1000), Step::Mark);
        for (i, c) in "003887558".chars().enumerate() {
            assert_eq!(g.key(c, 1010 + i as u64 * 10), Step::Pass);
        }
        assert_eq!(g.key('\r', 1110), Step::Scan("0003887558".into()));
        // A person: every key is a new mark, Enter passes through.
        for (i, c) in "2500".chars().enumerate() {
            assert_eq!(g.key(c, 5000 + i as u64 * 200), Step::Mark);
        }
        assert_eq!(g.key('\r', 6000), Step::Pass);
    }
}
