//! Void (refund) from the window (issue 17 item 2): the last sale in one key (F8), a sale
//! from a member's history or by its receipt number; what it gives back shown before
//! confirming, the reason required, and a supervisor's PIN when the cashier's role may not
//! void (the staff matrix). Checked in the shop's SQLite database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::keyboard::{Key, key::Named};
use iced::widget::Id;
use vafa_core::lang::Lang;
use vafa_core::staff::Role;
use vafa_text::i18n::{S, tr};
use vafa_ui::screen::{member, till, void};
use vafa_ui::{App, Message, Screen};

mod common;
use common::*;

fn voids(app: &App) -> i64 {
    app.vafa
        .as_ref()
        .unwrap()
        .conn()
        .query_row("SELECT COUNT(*) FROM sale_voids", [], |r| r.get(0))
        .unwrap()
}

/// A key no field takes (F8, Enter on a screen), as the window gets it.
fn press(app: &mut App, key: Key) {
    app.keys.borrow().advance(150);
    let mut ui = sim(app);
    ui.tap_key(key);
    let msgs: Vec<Message> = ui.into_messages().collect();
    feed(app, msgs);
}

/// A member with credit buys 1,000,000 toman paying with credit; returns the sale's id.
fn sale_with_credit(app: &mut App) -> (String, String, i64) {
    let (card, id) = demo_member_card(app, true);
    let credit = app
        .vafa
        .as_ref()
        .unwrap()
        .member_view(&id)
        .unwrap()
        .balance
        .credit;
    swipe(app, &card);
    type_into(app, till::AMOUNT_ID, "1000000");
    let _ = app.update(Message::Till(till::Message::RedeemToggled(true)));
    press_enter_in(app, till::AMOUNT_ID);
    let till::Stage::Done { result, .. } = &app.till.stage else {
        panic!("no sale")
    };
    assert!(result.credit_redeemed > 0);
    (result.sale_id.clone().unwrap(), id, credit)
}

#[test]
fn void_last_sale_in_one_key_shows_what_it_gives_back_and_needs_a_reason() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (sale, member, credit) = sale_with_credit(&mut app);
    press(&mut app, Key::Named(Named::F8));
    assert_eq!(app.screen, Screen::Void);
    assert_eq!(app.void.receipt, sale, "the last sale");
    for s in [S::CreditGivenBack, S::CashbackTakenBack, S::CashToReturn] {
        assert!(
            shows(&app, tr(Lang::En, s)),
            "{s:?} shown before confirming"
        );
    }
    // No reason: refused, nothing voided.
    click(&mut app, tr(Lang::En, S::ConfirmVoid));
    assert!(shows(&app, tr(Lang::En, S::VoidReasonNeeded)));
    assert_eq!(voids(&app), 0);
    type_into(&mut app, void::REASON_ID, "wrong");
    press(&mut app, Key::Named(Named::Enter));
    assert_eq!(voids(&app), 1);
    assert!(shows(
        &app,
        &format!("{} ({sale})", tr(Lang::En, S::SaleVoided))
    ));
    let v = app.vafa.as_ref().unwrap();
    assert_eq!(
        v.member_view(&member).unwrap().balance.credit,
        credit,
        "credit back"
    );
    // Done: back to the till; the voided sale is not "last" any more.
    press(&mut app, Key::Named(Named::Enter));
    assert_eq!(app.screen, Screen::Till);
    press(&mut app, Key::Named(Named::F8));
    assert_ne!(app.void.receipt, sale);
}

#[test]
fn a_cashier_needs_a_supervisors_pin_and_stays_signed_in() {
    let (_dir, mut app) = demo_shop(Lang::En);
    {
        let v = app.vafa.as_mut().unwrap();
        v.user_add("Reza", Role::Cashier, "7391").unwrap();
        v.user_add("Mina", Role::Supervisor, "8264").unwrap();
    }
    let _ = app.update(Message::Lock);
    click(&mut app, "Reza");
    for d in ["7", "3", "9", "1"] {
        click(&mut app, d);
    }
    click(&mut app, tr(Lang::En, S::SignIn));
    assert_eq!(app.staff.as_deref(), Some("Reza"));
    let (sale, _, _) = sale_with_credit(&mut app);
    press(&mut app, Key::Named(Named::F8));
    assert!(shows(&app, tr(Lang::En, S::SupervisorNeeded)));
    type_into(&mut app, void::REASON_ID, "x");
    // A wrong PIN: refused, nothing voided.
    let _ = app.update(Message::Void(void::Message::Supervisor("Mina".into())));
    let _ = app.update(Message::Void(void::Message::SupervisorPin("1111".into())));
    click(&mut app, tr(Lang::En, S::ConfirmVoid));
    assert_eq!(voids(&app), 0);
    assert!(app.void.error.is_some());
    let _ = app.update(Message::Void(void::Message::SupervisorPin("8264".into())));
    click(&mut app, tr(Lang::En, S::ConfirmVoid));
    assert_eq!(voids(&app), 1, "voided with the supervisor's approval");
    let v = app.vafa.as_ref().unwrap();
    assert_eq!(v.actor().name, "Reza", "the cashier is the actor again");
    let by: String = v
        .conn()
        .query_row(
            "SELECT actor FROM audit WHERE action LIKE '%void%' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        by, "Mina",
        "the void is the supervisor's in the audit trail"
    );
    let _ = sale;
}

#[test]
fn void_from_the_members_history_or_by_receipt_number() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (sale, member_id, _) = sale_with_credit(&mut app);
    let _ = app.update(Message::Go(Screen::Members));
    let _ = app.update(Message::Members(member::Message::Open(member_id)));
    // The first history row is the sale just made: its Void button.
    let mut ui = sim(&app);
    ui.click(tr(Lang::En, S::VoidThis)).unwrap();
    let msgs: Vec<Message> = ui.into_messages().collect();
    feed(&mut app, msgs);
    assert_eq!(app.screen, Screen::Void);
    assert_eq!(app.void.receipt, sale);
    // Esc: nothing voided. Then by its receipt number, typed.
    press(&mut app, Key::Named(Named::Escape));
    assert_eq!(app.screen, Screen::Till);
    let _ = app.update(Message::Go(Screen::Void));
    let _ = app.update(Message::Void(void::Message::Receipt(String::new())));
    type_into(&mut app, void::RECEIPT_ID, &sale);
    assert_eq!(app.void.receipt, sale);
    press_enter_in(&mut app, void::RECEIPT_ID);
    assert!(
        shows(&app, tr(Lang::En, S::CreditGivenBack)),
        "{:?} {:?}",
        app.void.receipt,
        app.void.error
    );
    type_into(&mut app, void::REASON_ID, "returned");
    click(&mut app, tr(Lang::En, S::ConfirmVoid));
    assert_eq!(voids(&app), 1);
    // A second void of the same sale is refused before anything is asked.
    let _ = app.update(Message::Void(void::Message::Find));
    assert!(shows(&app, tr(Lang::En, S::AlreadyVoidedSale)));
    let _ = Id::new(void::RECEIPT_ID);
}
