//! What the window tests share: a signed-in demo shop, and a person's and a reader's keys
//! through iced_test's simulator.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod club;

use std::time::Instant;

use iced::Settings;
use iced::keyboard::{Key, key::Named};
use iced_test::Simulator;
use vafa_core::lang::Lang;
use vafa_devices::{CardRead, ReaderEvent};
use vafa_service::demo::{self, DemoOptions};
use vafa_text::i18n::{S, tr};
use vafa_ui::screen::{start, till};
use vafa_ui::{App, Message, font, staff};

pub fn settings() -> Settings {
    Settings {
        fonts: vec![font::REGULAR_BYTES.into(), font::BOLD_BYTES.into()],
        default_font: font::REGULAR,
        ..Settings::default()
    }
}

thread_local! {
    /// The window's size in this test (1280×800 unless set).
    static SIZE: std::cell::Cell<(f32, f32)> = const { std::cell::Cell::new((1280.0, 800.0)) };
}

/// Simulates a window of `w`×`h` from now on (in this test's thread).
pub fn set_size(w: f32, h: f32) {
    SIZE.with(|s| s.set((w, h)));
}

pub fn sim(app: &App) -> Simulator<'_, Message> {
    Simulator::with_size(settings(), SIZE.with(|s| s.get()), app.view())
}

/// Runs what one interaction produced through the app.
pub fn feed(app: &mut App, messages: Vec<Message>) {
    for m in messages {
        let _ = app.update(m);
    }
}

pub fn click(app: &mut App, label: &str) {
    let mut ui = sim(app);
    ui.click(label)
        .unwrap_or_else(|e| panic!("click {label:?}: {e:?}"));
    let msgs: Vec<Message> = ui.into_messages().collect();
    feed(app, msgs);
}

/// Types `text` into the field with `id`, one key at a time as a person would (the view is
/// rebuilt after each key, as the window does).
/// A person's pause between keys is 150 ms (the key guard's clock is moved by hand).
pub fn type_into(app: &mut App, id: &'static str, text: &str) {
    for c in text.chars() {
        app.keys.borrow().advance(150);
        let mut ui = sim(app);
        ui.click(iced::widget::Id::new(id))
            .unwrap_or_else(|e| panic!("field {id}: {e:?}"));
        // The click puts the cursor where it lands: a person types on at the end.
        ui.tap_key(Key::Named(Named::End));
        ui.typewrite(&c.to_string());
        let msgs: Vec<Message> = ui.into_messages().collect();
        feed(app, msgs);
    }
}

pub fn press_enter_in(app: &mut App, id: &'static str) {
    app.keys.borrow().advance(150);
    let mut ui = sim(app);
    ui.click(iced::widget::Id::new(id)).unwrap();
    ui.tap_key(Key::Named(Named::Enter));
    let msgs: Vec<Message> = ui.into_messages().collect();
    feed(app, msgs);
}

/// The gross of the sale on the result panel, in rials.
pub fn gross(app: &App) -> i64 {
    match &app.till.stage {
        till::Stage::Done { result, .. } => result.gross,
        _ => panic!("no result on screen"),
    }
}

pub fn shows(app: &App, text: &str) -> bool {
    sim(app).find(text).is_ok()
}

pub fn demo_shop(lang: Lang) -> (tempfile::TempDir, App) {
    demo_shop_with(lang, |_| {})
}

/// A demo shop that `prepare` may change before the window opens on it (before its
/// first staff member exists, so that it acts as the shop's admin).
pub fn demo_shop_with(
    lang: Lang,
    prepare: impl FnOnce(&mut vafa_service::Vafa),
) -> (tempfile::TempDir, App) {
    demo_shop_at(lang, None, prepare)
}

/// The same on a fixed clock (`Some`): the demo, `prepare`, the window and its sign-in
/// all on it; `None`: the real clock throughout.
pub fn demo_shop_at(
    lang: Lang,
    now: Option<chrono::DateTime<chrono::Utc>>,
    prepare: impl FnOnce(&mut vafa_service::Vafa),
) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut v = demo::create(
        dir.path(),
        &DemoOptions {
            members: 40,
            days: 60,
            seed: 7,
            lang,
            now,
        },
    )
    .unwrap();
    v.set_now(now);
    prepare(&mut v);
    staff::add_first(&mut v, start::DEMO_MANAGER, start::DEMO_PIN).unwrap();
    drop(v);
    let (mut app, _) = App::new(dir.path());
    if now.is_some() {
        app.vafa.as_mut().unwrap().set_now(now);
    }
    app.keys.borrow().manual_clock();
    // Sign in on the on-screen keypad.
    for d in ["1", "4", "0", "5"] {
        click(&mut app, &vafa_text::format::digits(d, lang));
    }
    click(&mut app, tr(lang, S::SignIn));
    assert!(app.staff.is_some(), "signed in with the demo PIN");
    (dir, app)
}

/// A demo member's card, chosen by what they hold.
pub fn demo_member_card(app: &App, want_credit: bool) -> (String, String) {
    let v = app.vafa.as_ref().unwrap();
    for i in 0..40 {
        let card = demo::demo_card(i);
        if let Ok((id, _)) = v.member_of_card(&card, None) {
            let m = v.member_view(&id).unwrap();
            if !want_credit || m.balance.credit >= 20_000 {
                return (card, id);
            }
        }
    }
    panic!("no demo member fits");
}

pub fn swipe(app: &mut App, card: &str) {
    let read = vafa_devices::typed_card(card, None).unwrap();
    let _ = app.update(Message::Reader(ReaderEvent::Read {
        reader: "test".into(),
        read: CardRead { ..read },
        at: Instant::now(),
    }));
}

/// A keyboard-wedge reader types `text` and Enter in one burst (its keys a few ms apart,
/// here all at once), with the field `id` focused (or none).
pub fn burst(app: &mut App, id: Option<iced::widget::Id>, text: &str) {
    app.keys.borrow().advance(1000);
    let mut ui = sim(app);
    if let Some(id) = id {
        ui.click(id).unwrap_or_else(|e| panic!("field: {e:?}"));
    }
    ui.typewrite(text);
    ui.tap_key(Key::Named(Named::Enter));
    let msgs: Vec<Message> = ui.into_messages().collect();
    feed(app, msgs);
}

/// Sales recorded in the shop's database.
pub fn sales(app: &App) -> i64 {
    app.vafa
        .as_ref()
        .unwrap()
        .conn()
        .query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0))
        .unwrap()
}
