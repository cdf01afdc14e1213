//! The figures in the README (issue 17): keystrokes and time from a swipe to the result,
//! from an unknown card to its first sale, and from "void last sale" to done. Driven as a
//! cashier would through iced_test (every key a fresh view, its messages through the app's
//! update, the SQLite writes real); the time is the machine's, not the person's (add a
//! person's ~0.2 s a key). Run with `--nocapture` to see them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use iced::keyboard::{Key, key::Named};
use vafa_core::lang::Lang;
use vafa_ui::screen::{enrol, till, void};
use vafa_ui::widget::field_id_of;
use vafa_ui::{App, Message, Screen};

mod common;
use common::*;

/// A key no field takes, or Enter/Tab in the focused field, as the window gets it.
fn press(app: &mut App, focused: Option<iced::widget::Id>, key: Key) {
    app.keys.borrow().advance(150);
    let mut ui = sim(app);
    if let Some(id) = focused {
        ui.click(id).unwrap();
    }
    ui.tap_key(key);
    let msgs: Vec<Message> = ui.into_messages().collect();
    feed(app, msgs);
}

#[test]
fn figures() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, _) = demo_member_card(&app, false);

    // Swipe → amount → Enter → result.
    let t = Instant::now();
    swipe(&mut app, &card);
    type_into(&mut app, till::AMOUNT_ID, "250000");
    press_enter_in(&mut app, till::AMOUNT_ID);
    let swipe_to_result = t.elapsed();
    assert!(matches!(app.till.stage, till::Stage::Done { .. }));
    let swipe_keys = 6 + 1;

    // Unknown card → Enter (enrol it) → first, last, mobile → Enter (saved, on the till)
    // → amount → Enter.
    press(&mut app, None, Key::Named(Named::Escape));
    let t = Instant::now();
    swipe(&mut app, "7777000011112222");
    press(&mut app, None, Key::Named(Named::Enter));
    assert_eq!(app.screen, Screen::Enrol);
    type_into(&mut app, enrol::FIRST_ID, "Sara");
    type_field(&mut app, &field_id_of("Last name"), "Rahimi");
    type_field(&mut app, &field_id_of("Mobile"), "09127770001");
    press(&mut app, None, Key::Named(Named::Enter));
    assert_eq!(app.screen, Screen::Till, "{:?}", app.enrol.error);
    type_into(&mut app, till::AMOUNT_ID, "120000");
    press_enter_in(&mut app, till::AMOUNT_ID);
    let unknown_to_sale = t.elapsed();
    assert!(matches!(app.till.stage, till::Stage::Done { .. }));
    let unknown_keys = 1 + 4 + 1 + 6 + 1 + 11 + 1 + 6 + 1;

    // F8 → reason → Enter (voided) → Enter (back to the till).
    let t = Instant::now();
    press(&mut app, None, Key::Named(Named::F8));
    type_into(&mut app, void::REASON_ID, "wrong");
    press(&mut app, None, Key::Named(Named::Enter));
    assert!(app.void.done.is_some(), "{:?}", app.void.error);
    press(&mut app, None, Key::Named(Named::Enter));
    let void_to_done = t.elapsed();
    assert_eq!(app.screen, Screen::Till);
    let void_keys = 1 + 5 + 1 + 1;

    println!("swipe to result: {swipe_keys} keys, {swipe_to_result:?}");
    println!("unknown card to first sale: {unknown_keys} keys, {unknown_to_sale:?}");
    println!("void last sale to done: {void_keys} keys, {void_to_done:?}");
}

/// A person types into the field `id` (Tab would get there; a click stands for it).
fn type_field(app: &mut App, id: &str, text: &str) {
    for c in text.chars() {
        app.keys.borrow().advance(150);
        let mut ui = sim(app);
        ui.click(iced::widget::Id::from(id.to_string())).unwrap();
        ui.tap_key(Key::Named(Named::End));
        ui.typewrite(&c.to_string());
        let msgs: Vec<Message> = ui.into_messages().collect();
        feed(app, msgs);
    }
}
