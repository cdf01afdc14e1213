//! The blocker of issue 17: a keyboard-wedge reader's burst (a card typed in a few ms and
//! Enter) never lands in a text field, whichever screen and field has focus: with a member
//! on screen it switches customer, or asks when an amount is half typed (the amount keeps
//! what was typed); in a form it fills the card field or is refused with a message; and it
//! never records a sale (checked in the shop's SQLite database).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::widget::Id;
use vafa_core::lang::Lang;
use vafa_text::i18n::{S, tr};
use vafa_ui::screen::{enrol, member, offers, settings, till};
use vafa_ui::widget::field_id_of;
use vafa_ui::{App, Message, Screen};

mod common;
use common::*;

/// Two demo members' cards and ids (the first with credit).
fn two_members(app: &App) -> ((String, String), (String, String)) {
    let v = app.vafa.as_ref().unwrap();
    let mut found = Vec::new();
    for i in 0..40 {
        let card = vafa_service::demo::demo_card(i);
        if let Ok((id, _)) = v.member_of_card(&card, None)
            && !found.iter().any(|(_, m)| m == &id)
        {
            found.push((card, id));
        }
    }
    (found[0].clone(), found[1].clone())
}

fn on_screen(app: &App) -> Option<String> {
    match &app.till.stage {
        till::Stage::Member(m) => Some(m.id.clone()),
        _ => None,
    }
}

#[test]
fn a_swipe_with_a_member_on_screen_switches_customer_and_sells_nothing() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let ((card_a, a), (card_b, b)) = two_members(&app);
    let before = sales(&app);
    swipe(&mut app, &card_a);
    assert_eq!(on_screen(&app), Some(a));
    burst(&mut app, Some(Id::new(till::AMOUNT_ID)), &card_b);
    assert_eq!(on_screen(&app), Some(b), "the new card's member");
    assert_eq!(app.till.amount, "", "no card digits in the amount");
    // A 16-digit card the shop does not know: the unknown-card screen, no "Amount" error.
    burst(&mut app, Some(Id::new(till::AMOUNT_ID)), "6037991234567890");
    assert!(matches!(app.till.stage, till::Stage::UnknownCard(_)));
    assert_eq!(sales(&app), before);
}

#[test]
fn a_swipe_with_an_amount_half_typed_asks_and_keeps_the_amount() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let ((card_a, a), (card_b, b)) = two_members(&app);
    let before = sales(&app);
    swipe(&mut app, &card_a);
    type_into(&mut app, till::AMOUNT_ID, "250");
    // A 10-digit card (the 0003887558, unknown here) and a member's card.
    for card in ["0003887558", card_b.as_str()] {
        burst(&mut app, Some(Id::new(till::AMOUNT_ID)), card);
        assert_eq!(app.till.amount, "250", "the amount keeps what was typed");
        assert_eq!(on_screen(&app).as_deref(), Some(a.as_str()), "not switched");
        assert!(shows(&app, tr(Lang::En, S::AnotherCardHint)), "asked");
        // Enter in the amount field sells nothing while the question is open.
        press_enter_in(&mut app, till::AMOUNT_ID);
        assert_eq!(sales(&app), before);
        click(&mut app, tr(Lang::En, S::KeepCustomer));
        assert!(!shows(&app, tr(Lang::En, S::AnotherCardHint)));
        assert_eq!(app.till.amount, "250");
    }
    // The same customer's card again asks nothing.
    burst(&mut app, Some(Id::new(till::AMOUNT_ID)), &card_a);
    assert!(!shows(&app, tr(Lang::En, S::AnotherCardHint)));
    assert_eq!(app.till.amount, "250");
    // Switching drops what was typed for the first customer.
    burst(&mut app, Some(Id::new(till::AMOUNT_ID)), &card_b);
    click(&mut app, tr(Lang::En, S::SwitchCustomer));
    assert_eq!(on_screen(&app), Some(b));
    assert_eq!(app.till.amount, "");
    assert_eq!(sales(&app), before, "no sale recorded by any of it");
    // The sale then goes on as typed, for the right member.
    type_into(&mut app, till::AMOUNT_ID, "1200");
    press_enter_in(&mut app, till::AMOUNT_ID);
    assert_eq!(sales(&app), before + 1);
    assert_eq!(gross(&app), 12_000);
}

#[test]
fn a_serial_reader_follows_the_same_rule() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let ((card_a, a), (card_b, _)) = two_members(&app);
    swipe(&mut app, &card_a);
    type_into(&mut app, till::AMOUNT_ID, "90");
    swipe(&mut app, &card_b);
    assert_eq!(on_screen(&app), Some(a));
    assert_eq!(app.till.amount, "90");
    assert!(shows(&app, tr(Lang::En, S::AnotherCardHint)));
}

/// Every text field of every screen: a burst leaves its text as it was (or fills the card
/// field) and records no sale.
#[test]
fn a_burst_into_any_field_of_any_screen_records_nothing() {
    let (_dir, mut app) = demo_shop(Lang::En);
    // Tall enough that the whole enrolment form is on screen without scrolling.
    set_size(1280.0, 1400.0);
    let ((card_a, _), (card_b, _)) = two_members(&app);
    let before = sales(&app);
    let en = |s: S| field_id_of(tr(Lang::En, s));
    // (how to get there, the field, text a person typed there first)
    type Setup = fn(&mut App, &str);
    let on_till: Setup = |app, _| {
        let _ = app.update(Message::Go(Screen::Till));
    };
    let member_on_till: Setup = |app, card| {
        let _ = app.update(Message::Go(Screen::Till));
        swipe(app, card);
    };
    let enrolling: Setup = |app, _| {
        let _ = app.update(Message::Go(Screen::Enrol));
        let _ = app.update(Message::Enrol(enrol::Message::ToggleMore));
    };
    let profile: Setup = |app, card| {
        let _ = app.update(Message::Go(Screen::Members));
        let (id, _) = app
            .vafa
            .as_ref()
            .unwrap()
            .member_of_card(card, None)
            .unwrap();
        let _ = app.update(Message::Members(member::Message::Open(id)));
    };
    let searching: Setup = |app, _| {
        let _ = app.update(Message::Go(Screen::Members));
    };
    let offering: Setup = |app, _| {
        let _ = app.update(Message::Go(Screen::Offers));
    };
    let setting: Setup = |app, _| {
        let _ = app.update(Message::Go(Screen::Settings));
    };
    let cases: Vec<(&str, Setup, Id)> = vec![
        ("till lookup", on_till, Id::new(till::LOOKUP_ID)),
        ("till amount", member_on_till, Id::new(till::AMOUNT_ID)),
        ("enrol first name", enrolling, Id::new(enrol::FIRST_ID)),
        ("enrol last name", enrolling, Id::from(en(S::LastName))),
        ("enrol mobile", enrolling, Id::from(en(S::Mobile))),
        ("enrol birth date", enrolling, Id::from(en(S::BirthDate))),
        ("enrol anniversary", enrolling, Id::from(en(S::Anniversary))),
        ("enrol referrer", enrolling, Id::from(en(S::ReferrerMobile))),
        ("members search", searching, Id::new(member::SEARCH_ID)),
        ("block reason", profile, Id::new(member::BLOCK_ID)),
        ("offers file", offering, Id::new(offers::PATH_ID)),
        ("offers try who", offering, Id::new(offers::WHO_ID)),
        ("offers try amount", offering, Id::new(offers::AMOUNT_ID)),
        ("reader spec", setting, Id::new(settings::SPEC_ID)),
    ];
    for (name, setup, field) in cases {
        setup(&mut app, &card_a);
        // A person typed "7" there, then the reader's burst came.
        app.keys.borrow().advance(500);
        let mut ui = sim(&app);
        ui.click(field.clone())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        ui.typewrite("7");
        let msgs: Vec<Message> = ui.into_messages().collect();
        feed(&mut app, msgs);
        let typed = texts(&app);
        assert!(typed.iter().any(|t| t.ends_with('7')), "{name}: typed");
        burst(&mut app, Some(field), &card_b);
        let after = texts(&app);
        // Only a card field (enrolment's, a profile's new card) or the members search
        // (a card finds its member) may hold the card.
        let (card_fields, rest) = after.split_at(3);
        assert!(
            !rest.iter().any(|t| t.contains(&card_b)),
            "{name}: the card is in no other field: {after:?}"
        );
        let _ = card_fields;
        // A lookup or search is replaced by the card's member; elsewhere what was typed stays.
        if !matches!(name, "till lookup" | "members search") {
            assert!(
                rest.iter().any(|t| t.ends_with('7')),
                "{name}: kept what was typed: {after:?}"
            );
        }
        assert_eq!(sales(&app), before, "{name}: no sale");
        // The enrolment form: the card fills the card field and nothing is saved.
        if name.starts_with("enrol") {
            assert_eq!(app.enrol.card, card_b, "{name}");
            assert_eq!(
                app.screen,
                Screen::Enrol,
                "{name}: not saved, still the form"
            );
        }
        // Clean up for the next case.
        app.enrol = Default::default();
        app.members = Default::default();
        app.offers = Default::default();
        app.settings.spec.clear();
        app.till = Default::default();
    }
}

/// The text of the fields the test types into.
fn texts(app: &App) -> Vec<String> {
    let (t, e, m, o) = (&app.till, &app.enrol, &app.members, &app.offers);
    vec![
        e.card.clone(),
        m.query.clone(),
        m.new_card.clone(),
        t.lookup.clone(),
        t.amount.clone(),
        e.first.clone(),
        e.last.clone(),
        e.mobile.clone(),
        e.birth.clone(),
        e.anniversary.clone(),
        e.referrer.clone(),
        m.block_reason.clone(),
        o.path.clone(),
        o.who.clone(),
        o.amount.clone(),
        app.settings.spec.clone(),
    ]
}

#[test]
fn a_swipe_on_the_edit_form_fills_its_card_field_and_saving_replaces_the_card() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let ((card_a, a), (card_b, b)) = two_members(&app);
    let _ = app.update(Message::Go(Screen::Members));
    let _ = app.update(Message::Members(member::Message::Open(a.clone())));
    let _ = app.update(Message::Members(member::Message::Edit));
    assert_eq!(app.screen, Screen::Enrol);
    assert_eq!(app.enrol.card, card_a, "the form shows the member's card");
    let first = app.enrol.first.clone();
    let before = app.vafa.as_ref().unwrap().member_view(&a).unwrap();
    // Another member's card: it fills the card field (not the name), is refused as
    // another member's (with a way to open them) and nothing is saved.
    burst(&mut app, Some(Id::new(enrol::FIRST_ID)), &card_b);
    assert_eq!(app.enrol.first, first, "the name is untouched");
    assert_eq!(app.enrol.card, card_b, "the swipe fills the card field");
    assert!(shows(&app, tr(Lang::En, S::CardOfAnotherMember)));
    let _ = app.update(Message::Enrol(enrol::Message::Save));
    assert_eq!(app.screen, Screen::Enrol, "a taken card is not saved");
    let v = app.vafa.as_ref().unwrap();
    assert_eq!(v.member_of_card(&card_a, None).unwrap().0, a);
    assert_eq!(v.member_of_card(&card_b, None).unwrap().0, b);
    assert_eq!(v.member_view(&a).unwrap().cards, before.cards);
    // The service refuses it too, in one transaction: the other edits are not kept.
    let input = vafa_service::MemberInput {
        first: Some("Changed".into()),
        card: Some(vafa_service::CardInput::typed(&card_b)),
        ..Default::default()
    };
    let v = app.vafa.as_mut().unwrap();
    assert!(matches!(
        v.edit_member(&a, &input),
        Err(vafa_core::error::Error::CardTaken { .. })
    ));
    assert_eq!(v.member_view(&a).unwrap().first_name, before.first_name);
    // A new card swiped in and saved replaces the old one; balance follows.
    let fresh = vafa_service::demo::demo_card(999);
    burst(&mut app, Some(Id::new(enrol::FIRST_ID)), &fresh);
    assert_eq!(app.enrol.card, fresh);
    assert!(!shows(&app, tr(Lang::En, S::CardOfAnotherMember)));
    let _ = app.update(Message::Enrol(enrol::Message::Save));
    assert_ne!(app.screen, Screen::Enrol, "saved");
    let v = app.vafa.as_ref().unwrap();
    assert_eq!(v.member_of_card(&fresh, None).unwrap().0, a);
    assert!(
        v.member_of_card(&card_a, None).is_err(),
        "the old card no longer finds them"
    );
    let after = v.member_view(&a).unwrap();
    assert_eq!(after.balance, before.balance);
    assert_eq!(after.first_name, before.first_name);
}

#[test]
fn a_swipe_on_the_sign_in_screen_is_refused_with_a_message() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let ((card_a, _), _) = two_members(&app);
    // Signed out: the PIN field never gets the card, and nobody is signed in by its Enter.
    let _ = app.update(Message::Lock);
    burst(
        &mut app,
        Some(Id::new(vafa_ui::screen::start::PIN_ID)),
        &card_a,
    );
    assert!(app.staff.is_none());
    assert!(shows(&app, tr(Lang::En, S::CardNotNow)));
}

#[test]
fn editing_a_member_with_a_discount_card_replaces_the_member_card_only() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let ((card_a, a), _) = two_members(&app);
    let v = app.vafa.as_mut().unwrap();
    let discount = vafa_service::demo::demo_card(998);
    v.assign_card_of_kind(&a, &discount, None, &vafa_core::gift::CardKind::Discount)
        .expect("a discount card");
    // Saving with the discount card (one of theirs) changes no card.
    let with = |number: &str| vafa_service::MemberInput {
        card: Some(vafa_service::CardInput::typed(number)),
        ..Default::default()
    };
    v.edit_member(&a, &with(&discount)).expect("saved");
    assert_eq!(v.member_of_card(&card_a, None).unwrap().0, a);
    assert_eq!(v.member_of_card(&discount, None).unwrap().0, a);
    // A new card replaces the member card, and the discount card stays.
    let fresh = vafa_service::demo::demo_card(997);
    v.edit_member(&a, &with(&fresh)).expect("saved");
    assert_eq!(v.member_of_card(&fresh, None).unwrap().0, a);
    assert!(
        v.member_of_card(&card_a, None).is_err(),
        "the member card replaced"
    );
    assert_eq!(
        v.member_of_card(&discount, None).unwrap().0,
        a,
        "the discount card kept"
    );
}
