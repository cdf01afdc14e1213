//! The membership rule and offers made in the window (headless, iced_test): the minimum
//! purchase set in settings; a guest sale that reaches it offers enrolment on its result,
//! and the sale then counts for the new member once. A new offer typed in the offer form,
//! checked as typed, tried on a member, saved, and applied to a sale at the till.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use vafa_core::lang::Lang;
use vafa_text::format::Unit;
use vafa_text::i18n::{S, tr};
use vafa_text::membership::{Word, word};
use vafa_ui::screen::enrol::Message as E;
use vafa_ui::screen::offer_form::{self, field_id};
use vafa_ui::screen::{settings, till};
use vafa_ui::{Message, Screen};

#[test]
fn a_guest_sale_that_reaches_the_minimum_counts_for_the_member_who_joins() {
    let (_dir, mut app) = demo_shop(Lang::En);
    // Settings: 500,000 toman to join.
    let _ = app.update(Message::Go(Screen::Settings));
    assert!(shows(&app, word(Lang::En, Word::MinPurchase)));
    // (At the end of the settings, below the fold at 1280×800: typed by message.)
    let _ = app.update(Message::Settings(settings::Message::MinPurchase(
        "500,000".into(),
    )));
    let _ = app.update(Message::Settings(settings::Message::SaveMinPurchase));
    let v = app.vafa.as_ref().unwrap();
    assert_eq!(v.config().membership.min_purchase, 5_000_000);

    // A guest sale under it: no offer. At it: the offer on the result.
    let _ = app.update(Message::Go(Screen::Till));
    let _ = app.update(Message::Till(till::Message::Guest));
    type_into(&mut app, till::AMOUNT_ID, "400000");
    let _ = app.update(Message::Till(till::Message::Confirm));
    assert!(!shows(&app, word(Lang::En, Word::EnrolForSale)));
    let _ = app.update(Message::Till(till::Message::Confirm));
    let _ = app.update(Message::Till(till::Message::Guest));
    type_into(&mut app, till::AMOUNT_ID, "600000");
    let _ = app.update(Message::Till(till::Message::Confirm));
    assert!(shows(&app, word(Lang::En, Word::OfferEnrol)));
    let guest_sale = app.till.join.clone().expect("offered");
    click(&mut app, word(Lang::En, Word::EnrolForSale));
    assert_eq!(app.screen, Screen::Enrol);
    for (msg, text) in [
        (E::First as fn(String) -> _, "Nasrin"),
        (E::Last, "Karimi"),
        (E::Mobile, "09127770002"),
    ] {
        let _ = app.update(Message::Enrol(msg(text.into())));
    }
    click(&mut app, tr(Lang::En, S::Save));
    // Back on the till: the sale is the new member's, with its cashback.
    assert_eq!(app.screen, Screen::Till);
    assert!(
        shows(&app, word(Lang::En, Word::Counted)),
        "{:?}",
        app.till.error
    );
    let till::Stage::Done { result, member, .. } = &app.till.stage else {
        panic!("no result: {:?}", app.till.error)
    };
    let member = member.as_ref().expect("member");
    assert_eq!(result.gross, 6_000_000);
    assert!(result.credit_earned > 0);
    assert_eq!(result.member_id.as_deref(), Some(member.id.as_str()));
    let id = member.id.clone();
    let v = app.vafa.as_mut().unwrap();
    let view = v.member_view(&id).unwrap();
    assert_eq!(view.visits, 1);
    let credit = view.balance.credit;
    assert_eq!(credit, result.credit_earned);
    // Counting it again credits nothing more.
    let again = v.attach_guest_sale(&guest_sale, &id).unwrap();
    assert_eq!(again.sale_id, result.sale_id);
    assert_eq!(v.member_view(&id).unwrap().balance.credit, credit);
}

fn form_type(app: &mut vafa_ui::App, key: &str, text: &str) {
    let i = vafa_text::offer_form::FIELDS
        .iter()
        .position(|(k, _, _)| *k == key)
        .unwrap();
    let _ = app.update(Message::Offers(vafa_ui::screen::offers::Message::Form(
        offer_form::Message::Field(i, text.into()),
    )));
}

#[test]
fn an_offer_made_in_the_window_is_checked_tried_saved_and_applies() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, member) = demo_member_card(&app, false);
    let _ = app.update(Message::Go(Screen::Offers));
    click(
        &mut app,
        vafa_text::offer_form::word(Lang::En, vafa_text::offer_form::Word::NewOffer),
    );
    assert!(app.offers.form.is_some());
    // Typed as a person would, field by field; checked as typed.
    let ui_id: &'static str = Box::leak(field_id("id").into_boxed_str());
    type_into(&mut app, ui_id, "big-spender");
    form_type(&mut app, "name.en", "Big spender");
    form_type(&mut app, "name.fa", "خرید بزرگ");
    form_type(&mut app, "when.min_amount", "abc");
    let form = app.offers.form.as_ref().unwrap();
    assert!(form.problem.is_some(), "letters are not an amount");
    assert!(shows(&app, form.problem.as_deref().unwrap()));
    form_type(&mut app, "when.min_amount", "1,000,000");
    form_type(&mut app, "reward.extra_credit", "250000");
    form_type(&mut app, "limit.budget", "10000000");
    let form = app.offers.form.as_ref().unwrap();
    assert_eq!(form.problem, None, "{:?}", form.problem);
    assert!(shows(
        &app,
        vafa_text::offer_form::word(Lang::En, vafa_text::offer_form::Word::Valid)
    ));
    // Try on a member before saving: the offer is chosen, by its name.
    let _ = app.update(Message::Offers(vafa_ui::screen::offers::Message::Form(
        offer_form::Message::Who(card.clone()),
    )));
    let _ = app.update(Message::Offers(vafa_ui::screen::offers::Message::Form(
        offer_form::Message::Amount("1200000".into()),
    )));
    let _ = app.update(Message::Offers(vafa_ui::screen::offers::Message::Form(
        offer_form::Message::Try,
    )));
    let form = app.offers.form.as_ref().unwrap();
    let tried = form
        .tried
        .as_ref()
        .unwrap_or_else(|| panic!("{:?}", form.error));
    let line = tried
        .offers
        .iter()
        .find(|o| &*o.id == "big-spender")
        .unwrap();
    assert!(line.chosen, "{line:?}");
    assert!(shows(&app, "Big spender"));
    assert_eq!(
        app.vafa
            .as_ref()
            .unwrap()
            .list_offers()
            .unwrap()
            .iter()
            .filter(|o| o.id == "big-spender")
            .count(),
        0,
        "nothing saved by trying"
    );
    // Save: the list shows its name and rules in words, not its id.
    click(
        &mut app,
        vafa_text::offer_form::word(Lang::En, vafa_text::offer_form::Word::Save),
    );
    assert!(
        app.offers.form.is_none(),
        "{:?}",
        app.offers.form.as_ref().map(|f| &f.error)
    );
    let saved = app
        .offers
        .list
        .iter()
        .find(|o| o.id == "big-spender")
        .expect("listed")
        .clone();
    assert_eq!(saved.name, "Big spender");
    let rules =
        vafa_text::offer_form::rules(saved.definition.as_ref().unwrap(), Unit::Toman, Lang::Fa)
            .join(" · ");
    assert!(
        rules.contains("دست‌کم مبلغ خرید") && !rules.contains("big-spender"),
        "{rules}"
    );
    assert_eq!(saved.budget, Some(100_000_000));
    // At the till, on that member: it applies.
    let _ = app.update(Message::Go(Screen::Till));
    swipe(&mut app, &card);
    type_into(&mut app, till::AMOUNT_ID, "1200000");
    let _ = app.update(Message::Till(till::Message::Confirm));
    let till::Stage::Done { result, .. } = &app.till.stage else {
        panic!("no result: {:?}", app.till.error)
    };
    assert_eq!(result.member_id.as_deref(), Some(member.as_str()));
    let used = result
        .offers
        .iter()
        .find(|o| &*o.id == "big-spender")
        .unwrap();
    assert!(used.chosen, "{used:?}");
}
