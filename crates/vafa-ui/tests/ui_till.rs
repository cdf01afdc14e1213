//! The till window's flows, headless (iced_test's simulator) on a real demo shop in a temp
//! dir: what is clicked and typed goes through the real widgets, the messages they produce
//! go through the app's own `update`, and the checks read the text the window shows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::keyboard::{Key, key::Named};
use vafa_core::lang::Lang;
use vafa_service::demo;
use vafa_service::{Customer, MemberKey, SaleRequest};
use vafa_text::format::Unit;
use vafa_text::i18n::{S, tr};
use vafa_ui::screen::till;
use vafa_ui::{App, Message};

mod common;
use common::*;

#[test]
fn swipe_amount_confirm_result() {
    let (_dir, mut app) = demo_shop(Lang::En);
    assert!(shows(&app, tr(Lang::En, S::SwipePrompt)));
    let (card, id) = demo_member_card(&app, false);
    let before = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
    swipe(&mut app, &card);
    let name = format!("{} {}", before.first_name, before.last_name);
    assert!(shows(&app, &name), "the member is on screen at once");
    type_into(&mut app, till::AMOUNT_ID, "250000");
    assert!(
        shows(&app, tr(Lang::En, S::OffersThatApply)),
        "the offers preview is shown"
    );
    // Enter in the amount field confirms.
    press_enter_in(&mut app, till::AMOUNT_ID);
    assert!(shows(&app, tr(Lang::En, S::SaleDone)), "the result panel");
    // 250,000 toman typed is 2,500,000 rials recorded, and shown back in toman.
    assert_eq!(gross(&app), 2_500_000);
    assert!(shows(&app, "250,000 toman"), "gross shown in toman");
    let after = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
    assert_eq!(after.visits, before.visits + 1);
    // The next swipe replaces the result at once.
    swipe(&mut app, &card);
    assert!(shows(&app, &name));
    assert!(!shows(&app, tr(Lang::En, S::SaleDone)));
}

#[test]
fn redeem_credit() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, id) = demo_member_card(&app, true);
    let before = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
    swipe(&mut app, &card);
    type_into(&mut app, till::AMOUNT_ID, "1000000");
    click(
        &mut app,
        &till::redeem_label(Lang::En, Unit::Toman, false, before.balance.credit),
    );
    assert!(shows(
        &app,
        &till::redeem_label(Lang::En, Unit::Toman, true, before.balance.credit)
    ));
    click(&mut app, tr(Lang::En, S::Confirm));
    assert!(shows(&app, tr(Lang::En, S::SaleDone)));
    let till::Stage::Done { result, .. } = &app.till.stage else {
        panic!("no result")
    };
    assert!(result.credit_redeemed > 0, "credit was spent: {result:?}");
    assert_eq!(
        result.paid,
        result.gross - result.discount - result.credit_redeemed
    );
    let shown = vafa_text::format::money(result.credit_redeemed, Unit::Toman, Lang::En);
    assert!(shows(&app, &format!("Paid with credit {shown}")) || shows(&app, &shown));
}

#[test]
fn unknown_card_offers_enrolment() {
    let (_dir, mut app) = demo_shop(Lang::En);
    swipe(&mut app, "7777000011112222");
    assert!(shows(&app, tr(Lang::En, S::UnknownCard)));
    click(&mut app, tr(Lang::En, S::EnrolThisCard));
    assert_eq!(app.screen, vafa_ui::Screen::Enrol);
    assert_eq!(app.enrol.card, "7777000011112222");
    // A bad mobile is marked as it is typed; nothing is saved.
    let mut ui = sim(&app);
    let _ = ui.click(tr(Lang::En, S::Save));
    let msgs: Vec<Message> = ui.into_messages().collect();
    feed(&mut app, msgs);
    assert!(shows(&app, tr(Lang::En, S::FixFields)));
    assert!(shows(&app, tr(Lang::En, S::Required)));
    for (msg, text) in [
        (
            vafa_ui::screen::enrol::Message::First as fn(String) -> _,
            "Sara",
        ),
        (vafa_ui::screen::enrol::Message::Last, "Rahimi"),
        (vafa_ui::screen::enrol::Message::Mobile, "0912"),
    ] {
        let _ = app.update(Message::Enrol(msg(text.into())));
    }
    assert!(shows(&app, tr(Lang::En, S::BadMobile)));
    let _ = app.update(Message::Enrol(vafa_ui::screen::enrol::Message::Mobile(
        "09127770001".into(),
    )));
    assert!(!shows(&app, tr(Lang::En, S::BadMobile)));
    click(&mut app, tr(Lang::En, S::Save));
    assert_eq!(app.screen, vafa_ui::Screen::Till);
    assert!(shows(&app, "Sara Rahimi"), "the new member is on the till");
    let v = app.vafa.as_ref().unwrap();
    let (id, _) = v.member_of_card("7777000011112222", None).unwrap();
    assert_eq!(v.member_view(&id).unwrap().first_name, "Sara");
}

#[test]
fn blocked_card_says_why() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, _) = demo_member_card(&app, false);
    app.vafa
        .as_mut()
        .unwrap()
        .block_card(&card, Some("lost at the cinema"))
        .unwrap();
    swipe(&mut app, &card);
    assert!(shows(&app, tr(Lang::En, S::BlockedCard)));
    assert!(shows(&app, "Reason: lost at the cinema"));
    // Esc goes back to idle.
    let _ = app.update(Message::Key(vafa_ui::app::KeyPress {
        key: Key::Named(Named::Escape),
        text: None,
        shift: false,
        captured: false,
    }));
    assert!(shows(&app, tr(Lang::En, S::SwipePrompt)));
}

#[test]
fn member_search_and_card_replacement() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, id) = demo_member_card(&app, false);
    let m = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
    click(&mut app, "Members F3");
    type_into(&mut app, vafa_ui::screen::member::SEARCH_ID, &card);
    click(&mut app, tr(Lang::En, S::Search));
    let line = app.members.results.first().expect("found by card");
    assert_eq!(line.id, id);
    let _ = app.update(Message::Members(vafa_ui::screen::member::Message::Open(
        id.clone(),
    )));
    assert!(shows(&app, tr(Lang::En, S::Profile)));
    assert!(shows(&app, &format!("{} {}", m.first_name, m.last_name)));
    // A swipe on the open profile fills the new card's number.
    swipe(&mut app, "9826999900001111");
    assert_eq!(app.members.new_card, "9826999900001111");
    click(&mut app, tr(Lang::En, S::Replace));
    assert!(shows(&app, tr(Lang::En, S::CardReplaced)));
    let v = app.vafa.as_ref().unwrap();
    assert_eq!(v.member_of_card("9826999900001111", None).unwrap().0, id);
    assert!(
        v.member_of_card(&card, None).is_err(),
        "the old card no longer works"
    );
}

#[test]
fn guest_sale_needs_no_member() {
    let (_dir, mut app) = demo_shop(Lang::En);
    click(&mut app, tr(Lang::En, S::GuestSale));
    type_into(&mut app, till::AMOUNT_ID, "120000");
    press_enter_in(&mut app, till::AMOUNT_ID);
    assert!(shows(&app, tr(Lang::En, S::SaleDone)));
}

#[test]
fn language_switch_changes_the_visible_text() {
    let (_dir, mut app) = demo_shop(Lang::Fa);
    assert!(shows(&app, tr(Lang::Fa, S::SwipePrompt)));
    click(&mut app, "English");
    assert!(shows(&app, tr(Lang::En, S::SwipePrompt)));
    assert!(!shows(&app, tr(Lang::Fa, S::SwipePrompt)));
    click(&mut app, "فارسی");
    assert!(shows(&app, tr(Lang::Fa, S::SwipePrompt)));
    // A sale in Persian shows Persian digits and toman.
    let (card, _) = demo_member_card(&app, false);
    swipe(&mut app, &card);
    type_into(&mut app, till::AMOUNT_ID, "۲۵۰۰۰۰");
    click(&mut app, tr(Lang::Fa, S::Confirm));
    assert!(shows(&app, tr(Lang::Fa, S::SaleDone)));
    assert_eq!(gross(&app), 2_500_000);
    assert!(shows(&app, "۲۵۰٬۰۰۰ تومان"));
}

#[test]
fn mobile_typed_on_the_till_finds_the_member() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (_, id) = demo_member_card(&app, false);
    let v = app.vafa.as_mut().unwrap();
    let m = v.member_view(&id).unwrap();
    // The same member found by the sale path too (the service decides, not the window).
    let _ = v.sell(&{
        let mut r = SaleRequest::new(
            Customer::Member(MemberKey::Mobile(
                vafa_core::phone::parse_mobile(&m.mobile).unwrap(),
            )),
            10000,
        );
        r.dry_run = true;
        r
    });
    let local = till::local_mobile(&m.mobile);
    type_into(&mut app, till::LOOKUP_ID, &local);
    press_enter_in(&mut app, till::LOOKUP_ID);
    assert!(shows(&app, &format!("{} {}", m.first_name, m.last_name)));
}

#[test]
fn keyboard_wedge_burst_on_any_screen_shows_the_member() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, id) = demo_member_card(&app, false);
    let m = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
    // On the offers screen, with no field focused, a scanner types the card and Enter.
    let _ = app.update(Message::Go(vafa_ui::Screen::Offers));
    burst(&mut app, None, &card);
    assert_eq!(app.screen, vafa_ui::Screen::Till);
    assert!(shows(&app, &format!("{} {}", m.first_name, m.last_name)));
}

#[test]
fn member_profile_edit_and_history() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, id) = demo_member_card(&app, false);
    click(&mut app, "Members F3");
    type_into(&mut app, vafa_ui::screen::member::SEARCH_ID, &card);
    press_enter_in(&mut app, vafa_ui::screen::member::SEARCH_ID);
    assert!(
        shows(&app, tr(Lang::En, S::Profile)),
        "one match opens the profile"
    );
    assert!(shows(&app, tr(Lang::En, S::History)));
    click(&mut app, tr(Lang::En, S::Edit));
    assert!(shows(&app, tr(Lang::En, S::EditMember)));
    let _ = app.update(Message::Enrol(vafa_ui::screen::enrol::Message::First(
        "Roya".into(),
    )));
    click(&mut app, tr(Lang::En, S::Save));
    assert_eq!(app.screen, vafa_ui::Screen::Members);
    assert!(shows(&app, tr(Lang::En, S::Saved)));
    let m = app.vafa.as_ref().unwrap().member_view(&id).unwrap();
    assert_eq!(m.first_name, "Roya");
    assert!(shows(&app, &format!("Roya {}", m.last_name)));
}

#[test]
fn settings_unit_and_readers() {
    use vafa_ui::screen::settings::Message as Set;
    let (_dir, mut app) = demo_shop(Lang::En);
    click(&mut app, "Settings F5");
    click(&mut app, tr(Lang::En, S::Rial));
    assert_eq!(app.vafa.as_ref().unwrap().shop.unit, "rial");
    let _ = app.update(Message::Settings(Set::Spec(
        "front=barcode-serial@/dev/ttyUSB9".into(),
    )));
    click(&mut app, tr(Lang::En, S::AddReader));
    assert!(shows(&app, "front — barcode-serial"));
    assert_eq!(app.vafa.as_ref().unwrap().readers().unwrap().len(), 1);
    // A bad spec is refused with a message; nothing saved.
    let _ = app.update(Message::Settings(Set::Spec("nonsense".into())));
    click(&mut app, tr(Lang::En, S::AddReader));
    assert!(app.settings.error.is_some());
    assert_eq!(app.vafa.as_ref().unwrap().readers().unwrap().len(), 1);
    click(&mut app, tr(Lang::En, S::Remove));
    assert!(app.vafa.as_ref().unwrap().readers().unwrap().is_empty());
    // A swipe on this screen is a live test of the readers: it is shown, nothing else.
    let (card, _) = demo_member_card(&app, false);
    swipe(&mut app, &card);
    assert_eq!(app.screen, vafa_ui::Screen::Settings);
    assert!(shows(&app, &format!("test: {card} (typed number)")));
    // Money now shows in rials on the till.
    click(&mut app, "Till F1");
    swipe(&mut app, &card);
    assert!(shows(&app, "Amount (rial)"));
}

#[test]
fn first_start_sets_up_a_real_shop_and_signs_in() {
    use vafa_ui::screen::start::SetupMessage as Set;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("shop");
    let (mut app, _) = App::new(&data);
    assert!(shows(&app, tr(Lang::Fa, S::Welcome)), "Persian first");
    click(&mut app, "English");
    assert!(shows(&app, tr(Lang::En, S::StartDemo)));
    click(&mut app, tr(Lang::En, S::SetUpShop));
    // Nothing is created until every field is valid; a guessable PIN is refused.
    click(&mut app, tr(Lang::En, S::Create));
    assert!(shows(&app, tr(Lang::En, S::FixFields)));
    for m in [
        Set::Shop("Golestan Bakery".into()),
        Set::Branch("SHZ01".into()),
        Set::Manager("Leila".into()),
        Set::Pin("1234".into()),
        Set::Pin2("1234".into()),
    ] {
        let _ = app.update(Message::Setup(m));
    }
    assert!(shows(&app, tr(Lang::En, S::PinGuessable)));
    click(&mut app, tr(Lang::En, S::Create));
    assert!(
        !vafa_service::Vafa::db_path(&data).exists(),
        "nothing saved"
    );
    let _ = app.update(Message::Setup(Set::Pin("2580".into())));
    let _ = app.update(Message::Setup(Set::Pin2("2580".into())));
    click(&mut app, tr(Lang::En, S::Create));
    assert!(
        shows(&app, "Golestan Bakery"),
        "the sign-in screen of the new shop"
    );
    assert!(shows(&app, "Leila"), "the first account to pick");
    for d in ["2", "5", "8", "0"] {
        click(&mut app, d);
    }
    click(&mut app, tr(Lang::En, S::SignIn));
    assert!(shows(&app, tr(Lang::En, S::SwipePrompt)));
    assert_eq!(app.staff.as_deref(), Some("Leila"));
    // A wrong PIN after switching cashier says so.
    let _ = app.update(Message::Lock);
    for d in ["9", "9", "9", "1"] {
        click(&mut app, d);
    }
    click(&mut app, tr(Lang::En, S::SignIn));
    assert!(app.staff.is_none());
    assert!(!shows(&app, tr(Lang::En, S::SwipePrompt)));
}

#[test]
fn the_last_backup_is_shown_and_an_old_one_warned_about() {
    let (dir, mut app) = demo_shop(Lang::En);
    click(&mut app, "Settings F5");
    let warn = tr(Lang::En, S::BackupOld);
    assert!(!shows(&app, warn), "a shop made just now: no alarm");
    // A shop set up days ago and never backed up is warned about.
    app.vafa
        .as_ref()
        .unwrap()
        .conn()
        .execute(
            "UPDATE shop SET created_at = '2026-01-01T00:00:00+03:30'",
            [],
        )
        .unwrap();
    click(&mut app, "Till F1");
    click(&mut app, "Settings F5");
    assert!(shows(&app, warn), "the status bar warns: never backed up");
    assert!(shows(
        &app,
        &format!("{} — {warn}", tr(Lang::En, S::NoBackupYet))
    ));
    // The housekeeping thread's job, done here on a second connection as it does it.
    let taken = vafa_service::Vafa::open(dir.path())
        .unwrap()
        .auto_backup(false)
        .unwrap();
    assert!(taken.written.is_some());
    click(&mut app, "Till F1");
    click(&mut app, "Settings F5");
    assert!(!shows(&app, warn), "a fresh backup: no warning");
    let day = taken.status.last_ok.unwrap()[..10].to_string();
    assert!(shows(
        &app,
        &format!("{} {day}", tr(Lang::En, S::LastGoodBackup))
    ));
}

#[test]
fn a_member_who_owes_credit_spent_twice_is_shown_what_they_owe() {
    let (_dir, mut app) = demo_shop(Lang::En);
    let (card, id) = demo_member_card(&app, true);
    let v = app.vafa.as_ref().unwrap();
    // Another branch drew 100,000 rials more from one of the member's lots than it holds.
    let (lot, left): (String, i64) = v
        .conn()
        .query_row(
            "SELECT lot_id, remaining FROM lots WHERE member_id = ?1 AND account = 'credit'
             AND remaining > 0 ORDER BY remaining DESC LIMIT 1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let entry = serde_json::json!({
        "id": "elsewhere-1", "member_id": id, "account": "credit", "amount": -(left + 100_000),
        "kind": "redeem", "lot_id": lot, "at": "2026-11-22T10:00:00+03:30", "branch": "TEH02",
    });
    let applied = vafa_store::apply::apply(
        v.conn(),
        &vafa_core::protocol::InRecord {
            cursor: 1,
            kind: "entry".into(),
            record_id: "elsewhere-1".into(),
            branch: Some("TEH02".into()),
            payload: entry,
        },
        "2026-11-22T10:00:00+03:30",
    )
    .unwrap();
    assert_eq!(applied, vafa_store::apply::Applied::Done);
    let owes = format!("{}: 10,000 toman", tr(Lang::En, S::Owes));
    swipe(&mut app, &card);
    assert!(shows(&app, &owes), "the till says what is owed");
    // A member who owes nothing is shown no such line.
    let other = (0..40)
        .map(demo::demo_card)
        .find(|c| {
            let v = app.vafa.as_ref().unwrap();
            v.member_of_card(c, None).is_ok_and(|(m, _)| m != id)
        })
        .unwrap();
    swipe(&mut app, &other);
    assert!(!shows(&app, &owes));
}

/// Every row of `table` as text, in key order (to compare byte for byte).
fn dump(v: &vafa_service::Vafa, table: &str) -> Vec<String> {
    let mut stmt = v
        .conn()
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |row| {
        let mut line = String::new();
        for i in 0..n {
            line.push_str(&format!("{:?}|", row.get_ref(i)?));
        }
        Ok(line)
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// What the command line would print about `sale_id`, opened afresh as each `vafa`
/// command opens the shop: the sale replayed by its id (`vafa sale --id ... --json`,
/// its explanations in the shop's language) and an error as the command line says it.
fn cli_view(dir: &std::path::Path, sale_id: &str) -> (Lang, String, String) {
    let mut v = vafa_service::Vafa::open(dir).unwrap();
    let replay = v
        .sell(&SaleRequest {
            id: Some(sale_id.to_string()),
            ..SaleRequest::new(Customer::Guest, 1)
        })
        .unwrap();
    let error = vafa_core::error::Error::UnknownMember { key: "x".into() };
    (
        v.lang(),
        serde_json::to_string(&replay).unwrap(),
        vafa_text::Say::say(&error, v.lang()),
    )
}

/// F12 changes what the window shows and nothing else: not the shop's stored language,
/// not a stored sale (byte for byte, its explanation included), not what the command line
/// prints. A sale made after the switch is explained in the window's language on screen and
/// stored as data, as before.
#[test]
fn the_windows_language_changes_nothing_stored_and_nothing_the_cli_prints() {
    let (dir, mut app) = demo_shop(Lang::Fa);
    let (card, _) = demo_member_card(&app, false);
    swipe(&mut app, &card);
    type_into(&mut app, till::AMOUNT_ID, "۲۵۰۰۰۰");
    click(&mut app, tr(Lang::Fa, S::Confirm));
    let sale_id = match &app.till.stage {
        till::Stage::Done { result, .. } => result.sale_id.clone().unwrap(),
        _ => panic!("no result on screen"),
    };
    let v = app.vafa.as_ref().unwrap();
    let (shop, sales, offers) = (dump(v, "shop"), dump(v, "sales"), dump(v, "sale_offers"));
    let cli = cli_view(dir.path(), &sale_id);
    assert_eq!(cli.0, Lang::Fa);
    assert!(cli.1.contains("\"reason\""), "{}", cli.1);

    feed(&mut app, vec![Message::ToggleLang]); // F12
    assert_eq!(app.lang(), Lang::En);
    assert!(
        shows(&app, tr(Lang::En, S::SaleDone)),
        "the window speaks English"
    );
    assert!(!shows(&app, tr(Lang::Fa, S::SaleDone)));

    let v = app.vafa.as_ref().unwrap();
    assert_eq!(
        dump(v, "shop"),
        shop,
        "the shop's language is not the window's"
    );
    assert_eq!(dump(v, "sales"), sales, "stored sales did not change");
    assert_eq!(dump(v, "sale_offers"), offers);
    assert_eq!(
        cli_view(dir.path(), &sale_id),
        cli,
        "the command line prints the same"
    );

    // A sale in the English window: its stored explanation is data, and the command line
    // still explains it in the shop's Persian.
    swipe(&mut app, &card);
    type_into(&mut app, till::AMOUNT_ID, "250000");
    click(&mut app, tr(Lang::En, S::Confirm));
    assert!(shows(&app, tr(Lang::En, S::SaleDone)));
    let second = match &app.till.stage {
        till::Stage::Done { result, .. } => result.sale_id.clone().unwrap(),
        _ => panic!("no result on screen"),
    };
    let v = app.vafa.as_ref().unwrap();
    let stored: String = v
        .conn()
        .query_row("SELECT offers FROM sales WHERE id = ?1", [&second], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stored.starts_with("{\"v\":2"), "{stored}");
    let (lang, replay, _) = cli_view(dir.path(), &second);
    assert_eq!(lang, Lang::Fa);
    let replay: serde_json::Value = serde_json::from_str(&replay).unwrap();
    for o in replay["offers"].as_array().unwrap() {
        let reason = o["reason"].as_str().unwrap();
        assert!(
            !reason
                .chars()
                .any(|c| c.is_ascii_alphabetic() || c.is_ascii_digit()),
            "Persian, with Persian digits: {reason}"
        );
    }
    // Back again: the window remembers its language for this machine.
    feed(&mut app, vec![Message::ToggleLang]);
    assert_eq!(vafa_ui::prefs::lang(dir.path()), Some(Lang::Fa));
    assert_eq!(dump(app.vafa.as_ref().unwrap(), "shop"), shop);
}
