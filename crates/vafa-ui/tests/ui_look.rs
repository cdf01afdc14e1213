//! What the cashier and the customer see (issue 17 items 7, 8 and 10): the totals card with
//! the cash to collect, the customer display, the keyboard routes (Tab to the credit
//! amount, F2/F10 from an unknown mobile, Enter on a blocked card, block asked first) and
//! the enrolment form's date and duplicate checks. Real demo shops, real widgets.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::keyboard::{Key, key::Named};
use vafa_core::lang::Lang;
use vafa_text::display::{D, dt};
use vafa_text::format::{Unit, money};
use vafa_text::i18n::{S, tr};
use vafa_ui::app::KeyPress;
use vafa_ui::screen::{enrol, member, till};
use vafa_ui::{App, Message, Screen};

mod common;
use common::*;

fn key(app: &mut App, named: Named) {
    let _ = app.update(Message::Key(KeyPress {
        key: Key::Named(named),
        text: None,
        shift: false,
        captured: false,
    }));
}

fn display_shows(app: &App, text: &str) -> bool {
    let mut ui = iced_test::Simulator::with_size(settings(), (1024.0, 600.0), app.customer_view());
    ui.find(text).is_ok()
}

#[test]
fn the_cash_to_collect_is_shown_before_a_credit_payment_is_confirmed() {
    for lang in [Lang::En, Lang::Fa] {
        let (_dir, mut app) = demo_shop(lang);
        let (card, _) = demo_member_card(&app, true);
        swipe(&mut app, &card);
        type_into(&mut app, till::AMOUNT_ID, "250000");
        // Tab from the amount reaches the credit amount ("pay with credit" turns on).
        key(&mut app, Named::Tab);
        assert!(app.till.redeem, "{lang:?}: Tab turned pay-with-credit on");
        let p = app.till.preview.clone().expect("a dry run of the sale");
        assert!(p.credit_redeemed > 0 && p.paid == p.gross - p.discount - p.credit_redeemed);
        assert!(shows(&app, dt(lang, D::CashToCollect)), "{lang:?}");
        assert!(shows(&app, &money(p.paid, Unit::Toman, lang)), "{lang:?}");
        assert!(shows(
            &app,
            &format!("− {}", money(p.credit_redeemed, Unit::Toman, lang))
        ));
        // Nothing is recorded until Confirm.
        let before = sales(&app);
        assert_eq!(sales(&app), before);
        press_enter_in(&mut app, till::AMOUNT_ID);
        assert_eq!(sales(&app), before + 1);
        assert_eq!(gross(&app), 2_500_000);
    }
}

#[test]
fn the_customer_display_shows_the_total_the_credit_and_what_was_earned() {
    for lang in [Lang::En, Lang::Fa] {
        let (_dir, mut app) = demo_shop(lang);
        let shop = app.vafa.as_ref().unwrap().shop.name.clone();
        assert!(display_shows(&app, dt(lang, D::DisplayWelcome)));
        assert!(display_shows(&app, &shop));
        let (card, id) = demo_member_card(&app, true);
        let m = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
        swipe(&mut app, &card);
        assert!(display_shows(
            &app,
            &format!("{} {}", dt(lang, D::DisplayHello), m.first_name)
        ));
        assert!(display_shows(
            &app,
            &money(m.balance.credit, Unit::Toman, lang)
        ));
        // The surname and the mobile stay on the cashier's side.
        assert!(!display_shows(&app, &m.last_name));
        type_into(&mut app, till::AMOUNT_ID, "120000");
        let p = app.till.preview.clone().unwrap();
        assert!(display_shows(&app, dt(lang, D::ToPay)));
        assert!(display_shows(&app, &money(p.paid, Unit::Toman, lang)));
        assert!(display_shows(
            &app,
            &money(p.credit_earned, Unit::Toman, lang)
        ));
        press_enter_in(&mut app, till::AMOUNT_ID);
        let till::Stage::Done { result, .. } = &app.till.stage else {
            panic!("sold");
        };
        let (earned, credit) = (
            result.credit_earned,
            result.balance.as_ref().unwrap().credit,
        );
        assert!(display_shows(&app, dt(lang, D::YouEarned)));
        assert!(display_shows(&app, &money(earned, Unit::Toman, lang)));
        assert!(display_shows(&app, &money(credit, Unit::Toman, lang)));
        // Signed out: a welcome again, nothing of the last customer.
        let _ = app.update(Message::Lock);
        assert!(display_shows(&app, dt(lang, D::DisplayWelcome)));
        assert!(!display_shows(&app, dt(lang, D::YouEarned)));
    }
}

#[test]
fn a_blocked_card_says_whose_it_is_and_enter_opens_them_to_replace_it() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, id) = demo_member_card(&app, false);
    let m = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
    app.vafa
        .as_mut()
        .unwrap()
        .block_card(&card, Some("lost"))
        .unwrap();
    swipe(&mut app, &card);
    let name = format!("{} {}", m.first_name, m.last_name);
    assert!(shows(&app, &format!("{} {name}", dt(Lang::En, D::CardOf))));
    assert!(shows(&app, dt(Lang::En, D::BlockedWhatToDo)));
    key(&mut app, Named::Enter);
    assert_eq!(app.screen, Screen::Members);
    assert_eq!(app.members.profile.as_ref().unwrap().id, id);
    // The blocked card's row keeps its Replace: a new number and Enter, no mouse.
    type_into(&mut app, member::NEW_CARD_ID, "9826999900002222");
    press_enter_in(&mut app, member::NEW_CARD_ID);
    assert!(shows(&app, tr(Lang::En, S::CardReplaced)));
    let v = app.vafa.as_ref().unwrap();
    assert_eq!(v.member_of_card("9826999900002222", None).unwrap().0, id);
}

#[test]
fn blocking_a_card_asks_first_and_enter_says_yes() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, id) = demo_member_card(&app, false);
    let _ = app.update(Message::Go(Screen::Members));
    let _ = app.update(Message::Members(member::Message::Open(id)));
    type_into(&mut app, member::BLOCK_ID, "lost");
    press_enter_in(&mut app, member::BLOCK_ID);
    assert!(shows(
        &app,
        &format!("{} {card}", dt(Lang::En, D::BlockAsk))
    ));
    assert!(
        app.vafa
            .as_ref()
            .unwrap()
            .member_of_card(&card, None)
            .is_ok(),
        "not blocked before the yes"
    );
    // Esc: no.
    key(&mut app, Named::Escape);
    assert!(app.members.confirm_block.is_none());
    assert!(
        app.members.profile.is_some(),
        "Esc closed the question, not the profile"
    );
    press_enter_in(&mut app, member::BLOCK_ID);
    key(&mut app, Named::Enter);
    assert!(shows(&app, tr(Lang::En, S::CardBlocked)));
    assert!(
        app.vafa
            .as_ref()
            .unwrap()
            .member_of_card(&card, None)
            .is_err()
    );
}

#[test]
fn an_unknown_mobile_enrols_with_f2_and_sells_to_a_guest_with_f10() {
    let (_dir, mut app) = demo_shop(Lang::En);
    type_into(&mut app, till::LOOKUP_ID, "09129990001");
    press_enter_in(&mut app, till::LOOKUP_ID);
    assert!(shows(&app, tr(Lang::En, S::NoSuchMember)));
    key(&mut app, Named::F2);
    assert_eq!(app.screen, Screen::Enrol);
    assert_eq!(app.enrol.mobile, "09129990001", "the mobile carried over");
    key(&mut app, Named::Escape);
    assert_eq!(app.screen, Screen::Till);
    assert!(app.till.lookup.is_empty(), "no lookup text carried back");
    key(&mut app, Named::F10);
    assert!(matches!(app.till.stage, till::Stage::Guest));
    type_into(&mut app, till::AMOUNT_ID, "50000");
    let before = sales(&app);
    press_enter_in(&mut app, till::AMOUNT_ID);
    assert_eq!(sales(&app), before + 1, "a guest sale, no click");
}

#[test]
fn thirty_esfand_of_a_common_year_and_a_one_year_old_are_refused_saying_why() {
    let (_dir, mut app) = demo_shop(Lang::Fa);
    let _ = app.update(Message::Go(Screen::Enrol));
    let _ = app.update(Message::Enrol(enrol::Message::Birth("1404/12/30".into())));
    assert!(shows(&app, dt(Lang::Fa, D::NotLeapYear)));
    // A birth date a year ago: refused on Save, with the minimum age.
    let year_ago = app.vafa.as_ref().unwrap().now().date_naive() - chrono::Days::new(400);
    for m in [
        enrol::Message::First("سارا".into()),
        enrol::Message::Last("احمدی".into()),
        enrol::Message::Mobile("09129990002".into()),
        enrol::Message::Birth(year_ago.to_string()),
        enrol::Message::Save,
    ] {
        let _ = app.update(Message::Enrol(m));
    }
    assert_eq!(app.screen, Screen::Enrol, "not enrolled");
    let e = app.enrol.error.clone().expect("said why");
    assert!(e.contains("۱۲"), "{e}");
}

#[test]
fn the_duplicate_mobile_message_opens_that_member() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (_, id) = demo_member_card(&app, false);
    let m = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
    let _ = app.update(Message::Go(Screen::Enrol));
    let _ = app.update(Message::Enrol(enrol::Message::Mobile(till::local_mobile(
        &m.mobile,
    ))));
    let said = format!(
        "{} {} {}",
        tr(Lang::En, S::DuplicateMobile),
        m.first_name,
        m.last_name
    );
    assert!(shows(&app, &said));
    click(&mut app, dt(Lang::En, D::OpenMember));
    assert_eq!(app.screen, Screen::Members);
    assert_eq!(app.members.profile.as_ref().unwrap().id, id);
}

#[test]
fn after_an_edit_the_search_list_shows_the_new_name() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, id) = demo_member_card(&app, false);
    let _ = app.update(Message::Go(Screen::Members));
    type_into(&mut app, member::SEARCH_ID, &card);
    // One match: straight to the profile.
    let _ = app.update(Message::Members(member::Message::Search));
    assert_eq!(app.members.profile.as_ref().unwrap().id, id);
    let _ = app.update(Message::Members(member::Message::Edit));
    let _ = app.update(Message::Enrol(enrol::Message::First("Roxana".into())));
    let _ = app.update(Message::Enrol(enrol::Message::Save));
    assert_eq!(app.screen, Screen::Members);
    let _ = app.update(Message::Members(member::Message::Close));
    assert_eq!(app.members.results[0].first_name, "Roxana");
}
