//! Closing issue 17: where the credit earned came from (result panel, customer display,
//! receipt), the offer form in the shop's words and digits (categories and tiers by name,
//! Persian digits echoed), and a card burst into the offer form or the membership rule's
//! field. Real demo shops, real widgets.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::widget::Id;
use vafa_core::lang::Lang;
use vafa_core::receipt::SlipLine;
use vafa_text::display::{D, dt};
use vafa_text::format::{Unit, money};
use vafa_text::i18n::{S, tr};
use vafa_text::offer_form::{FIELDS, Word, word};
use vafa_ui::screen::offer_form::{self, field_id};
use vafa_ui::screen::{membership, offers, till};
use vafa_ui::{App, Message, Screen};

mod common;
use common::*;

/// An offer every member gets, worth more than any demo offer (so it is the one chosen):
/// 5,000,000 rials (500,000 toman) more credit on any sale.
const BONUS: &str = r#"
[[offer]]
id = "any-bonus"
name = { fa = "هدیهٔ هر خرید", en = "A bonus on every sale" }
[offer.reward]
extra_credit = 5000000
"#;

const CATEGORIES: &str = r#"
[[basket.category]]
id = "coffee"
name = { fa = "قهوه", en = "Coffee" }
[[basket.category]]
id = "cake"
name = { fa = "کیک", en = "Cake" }
"#;

fn display_shows(app: &App, text: &str) -> bool {
    let mut ui = iced_test::Simulator::with_size(settings(), (1024.0, 600.0), app.customer_view());
    ui.find(text).is_ok()
}

#[test]
fn the_credit_earned_says_where_it_came_from_on_the_result_the_display_and_the_receipt() {
    for lang in [Lang::En, Lang::Fa] {
        let (_dir, mut app) = demo_shop(lang);
        app.vafa.as_mut().unwrap().import_offers(BONUS).unwrap();
        let (card, _) = demo_member_card(&app, false);
        swipe(&mut app, &card);
        type_into(&mut app, till::AMOUNT_ID, "250000");
        let p = app.till.preview.clone().expect("a dry run of the sale");
        // The dry run has the same breakdown the sale will have.
        let bonus = p
            .credit_from
            .offers
            .iter()
            .find(|o| o.id == "any-bonus")
            .unwrap_or_else(|| panic!("{lang:?}: {:?}", p.credit_from));
        // (The shop's cap on what offers give may take some of it off.)
        let bonus = bonus.credit;
        assert!(bonus > 0, "{lang:?}: {:?}", p.credit_from);
        let offered: i64 = p.credit_from.offers.iter().map(|o| o.credit).sum();
        assert_eq!(p.credit_from.cashback + offered, p.credit_earned);
        assert!(p.credit_from.cashback > 0, "the demo shop gives cashback");
        let from_offer = format!(
            "· {} {}",
            dt(lang, D::EarnedFromOffer),
            lang.pick("هدیهٔ هر خرید", "A bonus on every sale")
        );
        let cashback = format!("· {}", dt(lang, D::EarnedCashback));
        // The customer reads it while the cashier types.
        assert!(display_shows(&app, &from_offer), "{lang:?}: display");
        assert!(display_shows(&app, &money(bonus, Unit::Toman, lang)));
        assert!(display_shows(&app, &cashback), "{lang:?}: display cashback");
        press_enter_in(&mut app, till::AMOUNT_ID);
        let till::Stage::Done { result, .. } = &app.till.stage else {
            panic!("{lang:?}: sold");
        };
        let result = result.clone();
        assert_eq!(result.credit_from, p.credit_from, "{lang:?}: as previewed");
        // The result panel: the total, then each part with its figure.
        assert!(shows(&app, &from_offer), "{lang:?}: result");
        assert!(shows(&app, &cashback), "{lang:?}: result cashback");
        assert!(shows(
            &app,
            &money(result.credit_from.cashback, Unit::Toman, lang)
        ));
        assert!(display_shows(&app, &from_offer), "{lang:?}: display after");
        // The slip (and a reprint) reads the same parts from the ledger.
        let v = app.vafa.as_ref().unwrap();
        let sale_id = result.sale_id.clone().unwrap();
        let receipt = v.receipt(&sale_id, true).unwrap();
        assert_eq!(receipt.credit_from, result.credit_from);
        let pairs: Vec<(String, String)> = v
            .receipt_slip(&receipt)
            .lines
            .into_iter()
            .filter_map(|l| match l {
                SlipLine::Pair(a, b) => Some((a, b)),
                _ => None,
            })
            .collect();
        assert!(
            pairs.contains(&(from_offer.clone(), money(bonus, Unit::Toman, lang))),
            "{lang:?}: {pairs:?}"
        );
        assert!(
            pairs.contains(&(
                cashback.clone(),
                money(result.credit_from.cashback, Unit::Toman, lang)
            )),
            "{lang:?}: {pairs:?}"
        );
    }
}

fn form_index(key: &str) -> usize {
    FIELDS.iter().position(|(k, _, _)| *k == key).unwrap()
}

fn form(app: &mut App, m: offer_form::Message) {
    let _ = app.update(Message::Offers(offers::Message::Form(m)));
}

#[test]
fn the_offer_form_speaks_the_shops_language_and_digits() {
    let (_dir, mut app) = demo_shop(Lang::Fa);
    // Tall enough that the whole form is on screen without scrolling.
    set_size(1280.0, 2600.0);
    // The demo shop's configuration (its tiers) and two categories.
    let config = format!(
        "{}\n{CATEGORIES}",
        include_str!("../../../packaging/examples/config.toml")
    );
    app.vafa.as_mut().unwrap().import_config(&config).unwrap();
    let silver = vafa_text::names::tier("silver", Lang::Fa);
    let _ = app.update(Message::Go(Screen::Offers));
    click(&mut app, word(Lang::Fa, Word::NewOffer));
    assert!(app.offers.form.is_some());
    let id: &'static str = Box::leak(field_id("id").into_boxed_str());
    type_into(&mut app, id, "coffee-cake");
    form(
        &mut app,
        offer_form::Message::Field(form_index("name.fa"), "قهوه و کیک".into()),
    );
    // Latin digits typed come back in Persian digits, with «٬» between groups.
    let budget: &'static str = Box::leak(field_id("limit.budget").into_boxed_str());
    type_into(&mut app, budget, "250000");
    assert_eq!(
        app.offers.form.as_ref().unwrap().values[form_index("limit.budget")],
        "۲۵۰۰۰۰"
    );
    assert!(shows(&app, "۲۵۰۰۰۰"));
    form(
        &mut app,
        offer_form::Message::Field(form_index("reward.extra_credit"), "1,000".into()),
    );
    assert_eq!(
        app.offers.form.as_ref().unwrap().values[form_index("reward.extra_credit")],
        "۱٬۰۰۰"
    );
    // The shop's categories and its tiers are picked by their Persian names, never ids.
    assert!(shows(&app, "☐ قهوه"), "the category by its name");
    assert!(shows(&app, &format!("☐ {silver}")), "the tier by its name");
    assert!(!shows(&app, "coffee") && !shows(&app, "silver"));
    click(&mut app, "☐ قهوه");
    click(&mut app, &format!("☐ {silver}"));
    assert!(shows(&app, "☑ قهوه"));
    let f = app.offers.form.as_ref().unwrap();
    assert_eq!(f.values[form_index("when.categories")], "coffee");
    assert_eq!(f.values[form_index("when.tiers")], "silver");
    assert_eq!(f.problem, None, "valid as typed: {:?}", f.problem);
    let toml = f.to_toml(Unit::Toman, Lang::Fa).unwrap();
    assert!(toml.contains("categories = [\"coffee\"]"), "{toml}");
    assert!(toml.contains("tiers = [\"silver\"]"), "{toml}");
    assert!(toml.contains("budget = 2500000"), "{toml}");
    assert!(toml.contains("extra_credit = 10000"), "{toml}");
    // A second press takes the choice back.
    click(&mut app, "☑ قهوه");
    assert_eq!(
        app.offers.form.as_ref().unwrap().values[form_index("when.categories")],
        ""
    );
    // Saved, the list shows the rules by name.
    click(&mut app, "☐ قهوه");
    click(&mut app, word(Lang::Fa, Word::Save));
    assert!(app.offers.form.is_none(), "{:?}", app.offers.error);
    assert!(shows(&app, tr(Lang::Fa, S::Saved)));
    // F12: the notice said in Persian goes (never a stale word in the other language).
    let _ = app.update(Message::ToggleLang);
    assert!(!shows(&app, tr(Lang::Fa, S::Saved)) && !shows(&app, tr(Lang::En, S::Saved)));
    let offers = app.vafa.as_ref().unwrap().list_offers().unwrap();
    assert!(offers.iter().any(|o| o.id == "coffee-cake"));
}

#[test]
fn a_card_burst_into_the_offer_form_or_the_membership_rule_leaves_them_as_typed() {
    let (_dir, mut app) = demo_shop(Lang::En);
    // Tall enough that the membership rule (at the end of Settings) is on screen.
    set_size(1280.0, 2600.0);
    let (card, _) = demo_member_card(&app, false);
    let before = sales(&app);
    let _ = app.update(Message::Go(Screen::Offers));
    click(&mut app, word(Lang::En, Word::NewOffer));
    let visits: &'static str = Box::leak(field_id("when.min_visits").into_boxed_str());
    type_into(&mut app, visits, "7");
    burst(&mut app, Some(Id::new(visits)), &card);
    let f = app.offers.form.as_ref().unwrap();
    assert_eq!(
        f.values[form_index("when.min_visits")],
        "7",
        "the card is not in the field"
    );
    assert!(f.values.iter().all(|v| !v.contains(&card)));
    assert_eq!(sales(&app), before);
    // The membership rule in Settings: a person typed 5, then a reader's burst.
    let _ = app.update(Message::Go(Screen::Settings));
    type_into(&mut app, membership::MIN_PURCHASE_ID, "5");
    let typed = app.settings.min_purchase.clone().unwrap();
    assert!(typed.ends_with('5'), "{typed}");
    burst(&mut app, Some(Id::new(membership::MIN_PURCHASE_ID)), &card);
    assert_eq!(app.settings.min_purchase.as_deref(), Some(typed.as_str()));
    // A burst into the untouched field leaves it showing the saved value.
    app.settings.min_purchase = None;
    burst(&mut app, Some(Id::new(membership::MIN_PURCHASE_ID)), &card);
    let shown = app.settings.min_purchase.clone().unwrap_or_default();
    assert!(!shown.contains(&card), "{shown}");
    let v = app.vafa.as_ref().unwrap();
    assert_eq!(
        v.config().membership.min_purchase,
        0,
        "nothing saved by the burst"
    );
    assert_eq!(sales(&app), before);
}

/// iced 0.14's buttons take no focus; ours do: Tab from a field walks on to the action
/// bar's buttons (one at a time: the ring is on one widget), and Enter presses the one
/// that has the keys.
#[test]
fn tab_reaches_the_buttons_and_enter_presses_the_one_that_has_the_keys() {
    use iced::keyboard::{Key, key::Named};
    use iced_test::selector::is_focused;
    use vafa_ui::screen::enrol;
    let (_dir, mut app) = demo_shop(Lang::En);
    let _ = app.update(Message::Go(Screen::Enrol));
    app.keys.borrow().advance(1000);
    let mut ui = sim(&app);
    ui.click(Id::new(enrol::FIRST_ID)).unwrap();
    let cancel = ui.find(tr(Lang::En, S::Cancel)).unwrap().bounds();
    let save = ui.find(tr(Lang::En, S::Save)).unwrap().bounds();
    let mut visited = Vec::new();
    for _ in 0..30 {
        ui.tap_key(Key::Named(Named::Tab));
        let focused = ui
            .find(is_focused())
            .expect("one widget has the keys")
            .bounds();
        visited.push(focused);
        if focused.contains(cancel.center()) {
            break;
        }
    }
    assert!(
        visited.iter().any(|b| b.contains(save.center())),
        "Save was on the way: {visited:?}"
    );
    assert!(
        visited.last().unwrap().contains(cancel.center()),
        "Tab reached Cancel: {visited:?}"
    );
    // Enter presses the focused button (no field is focused: the form is not saved).
    ui.tap_key(Key::Named(Named::Enter));
    let msgs: Vec<Message> = ui.into_messages().collect();
    assert!(
        msgs.iter()
            .any(|m| matches!(m, Message::Enrol(enrol::Message::Cancel))),
        "{msgs:?}"
    );
    assert!(
        !msgs
            .iter()
            .any(|m| matches!(m, Message::Enrol(enrol::Message::Save))),
        "{msgs:?}"
    );
    feed(&mut app, msgs);
    assert_ne!(app.screen, Screen::Enrol, "cancelled by Enter on Cancel");
}

#[test]
fn the_enrolment_form_echoes_persian_digits_and_keeps_plain_ones() {
    let (_dir, mut app) = demo_shop(Lang::Fa);
    let _ = app.update(Message::Go(Screen::Enrol));
    // Typed on a Latin keyboard, one key at a time, as a cashier would.
    let mobile: &'static str =
        Box::leak(vafa_ui::widget::field_id_of(tr(Lang::Fa, S::Mobile)).into_boxed_str());
    type_into(&mut app, mobile, "09121234567");
    assert!(shows(&app, "۰۹۱۲۱۲۳۴۵۶۷"), "the mobile in Persian digits");
    assert!(!shows(&app, "09121234567"));
    assert_eq!(app.enrol.mobile, "09121234567", "kept as plain digits");
    // Persian digits typed (or a mix) are the same number.
    let _ = app.update(Message::Enrol(vafa_ui::screen::enrol::Message::Birth(
        "۱۳۷۳/04/۲۹".into(),
    )));
    assert_eq!(app.enrol.birth, "1373/04/29");
    assert!(shows(&app, "۱۳۷۳/۰۴/۲۹"));
    let _ = app.update(Message::Enrol(vafa_ui::screen::enrol::Message::Card(
        "۹۸۲6".into(),
    )));
    assert_eq!(app.enrol.card, "9826");
    assert!(shows(&app, "۹۸۲۶"));
}
