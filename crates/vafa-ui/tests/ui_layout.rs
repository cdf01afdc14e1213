//! Screens from 800×600 to 1920×1080 (issue 17 item 7): at 800×600 the sign-in keypad keeps
//! every key and Sign in; at 1024×600 and 800×600 Confirm, Cancel and Next customer stay on
//! screen (a scrolled
//! body above a sticky action bar), however long the member's panel and the offers are.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use vafa_core::lang::Lang;
use vafa_text::i18n::{S, tr};
use vafa_ui::screen::till;

mod common;
use common::*;

#[test]
fn a_touch_only_till_signs_in_and_sells_from_800x600_to_1920x1080() {
    for (w, h) in [(800.0, 600.0), (1024.0, 600.0), (1920.0, 1080.0)] {
        for lang in [Lang::Fa, Lang::En] {
            set_size(w, h);
            // demo_shop signs in by touching the keypad's digits and Sign in.
            let (_dir, mut app) = demo_shop(lang);
            let before = sales(&app);
            let (card, _) = demo_member_card(&app, true);
            swipe(&mut app, &card);
            for d in ["2", "5", "0", "0", "0"] {
                click(&mut app, &vafa_text::format::digits(d, lang));
            }
            let _ = app.update(vafa_ui::Message::Till(till::Message::RedeemToggled(true)));
            click(&mut app, tr(lang, S::Confirm));
            assert_eq!(sales(&app), before + 1, "{w}x{h} {lang:?}: sold by touch");
            click(&mut app, tr(lang, S::NextCustomer));
            assert!(app.till.is_idle(), "{w}x{h} {lang:?}");
        }
    }
}

/// The amount takes digits only, shown in the window's digits; an amount too large is a
/// sentence in the window's words (no command-line flag, no rials for a toman shop).
#[test]
fn the_amount_field_takes_digits_only_and_says_too_large_in_words() {
    let (_dir, mut app) = demo_shop(Lang::Fa);
    let (card, _) = demo_member_card(&app, false);
    swipe(&mut app, &card);
    type_into(&mut app, till::AMOUNT_ID, "25a");
    assert_eq!(
        app.till.amount, "۲۵",
        "the letter refused, digits echoed in Persian"
    );
    assert!(shows(&app, tr(Lang::Fa, S::DigitsOnly)));
    type_into(&mut app, till::AMOUNT_ID, "00000000000000000");
    assert!(shows(&app, tr(Lang::Fa, S::AmountTooLarge)));
    assert!(!shows(&app, "--amount"));
    let before = sales(&app);
    click(&mut app, tr(Lang::Fa, S::Confirm));
    assert_eq!(sales(&app), before + 1, "what was accepted is sold");
    assert!(gross(&app) < 1_000_000_000_000_000);
}

/// The set-up form without a mouse: Tab between fields (each takes its text), Enter
/// creates the shop.
#[test]
fn the_set_up_form_submits_with_enter() {
    use iced::keyboard::{Key, key::Named};
    use vafa_ui::screen::start::SetupMessage as Set;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("shop");
    let (mut app, _) = vafa_ui::App::new(&data);
    app.keys.borrow().manual_clock();
    click(&mut app, "English");
    click(&mut app, tr(Lang::En, S::SetUpShop));
    for m in [
        Set::Shop("Golestan Bakery".into()),
        Set::Branch("SHZ01".into()),
        Set::Manager("Leila".into()),
        Set::Pin("2580".into()),
        Set::Pin2("2580".into()),
    ] {
        let _ = app.update(vafa_ui::Message::Setup(m));
    }
    app.keys.borrow().advance(500);
    let mut ui = sim(&app);
    ui.tap_key(Key::Named(Named::Enter));
    let msgs: Vec<vafa_ui::Message> = ui.into_messages().collect();
    feed(&mut app, msgs);
    assert!(
        vafa_service::Vafa::db_path(&data).exists(),
        "created by Enter"
    );
}
