//! The Club screen (issue 18): gift cards sold, loaded, checked by swipe, blocked and
//! replaced; a lottery created from the form, its entries, the draw and its printed result;
//! a survey's call list answered in a few keys, "unreachable", and the results. Through
//! the real widgets (iced_test) on a demo shop whose clock is fixed, checked in its SQLite
//! database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::keyboard::{Key, key::Named};
use vafa_core::lang::Lang;
use vafa_text::club_window::{W, w};
use vafa_text::gift::{Word as G, status, word as gword};
use vafa_ui::screen::club::{self, gift, lottery, survey};
use vafa_ui::screen::till::print::Note;
use vafa_ui::{App, Message, Screen};

mod common;
use common::club::{at, club_shop};
use common::*;

fn count(app: &App, sql: &str) -> i64 {
    app.vafa
        .as_ref()
        .unwrap()
        .conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// A key no field takes, as the window gets it (a person's pause before it).
fn press(app: &mut App, key: Key) {
    app.keys.borrow().advance(800);
    let mut ui = sim(app);
    ui.tap_key(key);
    let msgs: Vec<Message> = ui.into_messages().collect();
    feed(app, msgs);
}

/// Runs a task as the window's runtime would (to its end) and returns what it produced.
fn outputs(task: iced::Task<Message>) -> Vec<Message> {
    use iced::futures::StreamExt;
    let Some(stream) = iced_test::runtime::task::into_stream(task) else {
        return Vec::new();
    };
    iced::futures::executor::block_on(
        stream
            .filter_map(|a| async move {
                match a {
                    iced_test::runtime::Action::Output(m) => Some(m),
                    _ => None,
                }
            })
            .collect(),
    )
}

fn gift_balance(app: &App, card: &str) -> i64 {
    app.vafa.as_ref().unwrap().gift_show(card).unwrap().balance
}

#[test]
fn a_gift_card_is_sold_checked_by_swipe_blocked_and_replaced_in_the_window() {
    let l = Lang::En;
    let (_dir, mut app) = club_shop(l);
    assert_eq!(app.club.tab, club::Tab::Gift);
    // Selling with no amount is refused in words, and nothing is stored.
    type_into(&mut app, gift::CARD_ID, "G100");
    click(&mut app, w(l, W::Sell));
    assert!(app.club.gift.error.is_some());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gift_cards"), 0);
    type_into(&mut app, gift::AMOUNT_ID, "100000");
    type_into(&mut app, gift::EXPIRES_ID, "2027-03-20");
    click(&mut app, w(l, W::Sell));
    assert!(shows(&app, w(l, W::Sold)), "{:?}", app.club.gift.error);
    // The demo shop counts in toman: 100,000 toman are 1,000,000 rials on the card.
    assert_eq!(gift_balance(&app, "G100"), 1_000_000);
    // The same number again is refused: the card is in use.
    type_into(&mut app, gift::AMOUNT_ID, "5000");
    click(&mut app, w(l, W::Sell));
    assert!(app.club.gift.error.is_some());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gift_cards"), 1);
    click(&mut app, w(l, W::Load));
    assert!(shows(&app, w(l, W::Loaded)));
    assert_eq!(gift_balance(&app, "G100"), 1_050_000);

    // A balance check by swipe: whatever the field held, the card read is shown.
    app.club.gift = gift::State::default();
    swipe(&mut app, "G100");
    assert_eq!(
        app.screen,
        Screen::Club,
        "a swipe here stays on the Club screen"
    );
    assert!(shows(&app, "Gift card G100 — balance: 105,000 toman"));
    assert!(shows(
        &app,
        &format!("status: {}", status(vafa_core::gift::GiftStatus::Active, l))
    ));

    // Block with a reason, then loading it is refused in words.
    type_into(&mut app, gift::REASON_ID, "lost");
    click(&mut app, w(l, W::Block));
    assert!(shows(&app, w(l, W::Blocked)));
    assert!(shows(&app, "status: blocked"));
    type_into(&mut app, gift::AMOUNT_ID, "1000");
    click(&mut app, w(l, W::Load));
    let refused = app.club.gift.error.clone().expect("loading a blocked card");
    assert!(!refused.contains("--"), "no flag named: {refused}");
    assert_eq!(gift_balance(&app, "G100"), 1_050_000);

    // Replace: the balance follows to the new card.
    type_into(&mut app, gift::NEW_CARD_ID, "G200");
    click(&mut app, w(l, W::Replace));
    assert!(shows(&app, w(l, W::Replaced)), "{:?}", app.club.gift.error);
    assert_eq!(gift_balance(&app, "G200"), 1_050_000);
    assert_eq!(gift_balance(&app, "G100"), 0);
    swipe(&mut app, "G100");
    assert!(shows(&app, &format!("{}: G200", gword(l, G::ReplacedBy))));
}

#[test]
fn the_gift_tab_speaks_persian_with_persian_digits() {
    let l = Lang::Fa;
    let (_dir, mut app) = club_shop(l);
    type_into(&mut app, gift::CARD_ID, "G7");
    type_into(&mut app, gift::AMOUNT_ID, "۲۵۰۰۰");
    click(&mut app, w(l, W::Sell));
    assert_eq!(gift_balance(&app, "G7"), 250_000);
    assert!(shows(&app, "\u{200F}کارت هدیه G7 — موجودی: ۲۵٬۰۰۰ تومان"));
}

fn lottery_form(app: &mut App, values: [&str; 8]) {
    click(app, w(Lang::En, W::NewLottery));
    for (i, text) in values.iter().enumerate() {
        let _ = app.update(Message::Club(club::Message::Lottery(
            lottery::Message::Field(i, (*text).into()),
        )));
    }
    click(app, w(Lang::En, W::Create));
}

#[test]
fn a_lottery_is_created_drawn_once_and_its_result_printed() {
    let l = Lang::En;
    let (dir, mut app) = club_shop(l);
    click(&mut app, w(l, W::LotteryTab));
    assert!(shows(&app, w(l, W::NoLotteries)));
    // A reversed window is refused in words (no flag) and nothing is stored.
    lottery_form(
        &mut app,
        [
            "yalda",
            "Yalda night",
            "2026-11-22",
            "2026-11-01",
            "۱۰۰٬۰۰۰",
            "",
            "",
            "2",
        ],
    );
    let e = app.club.lottery.error.clone().expect("reversed");
    assert!(e.contains("reversed") && !e.contains("--"), "{e}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM lotteries"), 0);
    // The form stays open with what was typed: fix the first day.
    let _ = app.update(Message::Club(club::Message::Lottery(
        lottery::Message::Field(2, "2026-10-25".into()),
    )));
    let _ = app.update(Message::Club(club::Message::Lottery(
        lottery::Message::Field(3, "2026-11-22".into()),
    )));
    click(&mut app, w(l, W::Create));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM lotteries"),
        1,
        "{:?}",
        app.club.lottery.error
    );
    let commitment: String = app
        .vafa
        .as_ref()
        .unwrap()
        .conn()
        .query_row("SELECT commitment FROM lotteries", [], |r| r.get(0))
        .unwrap();
    assert!(shows(&app, &format!("Commitment: {commitment}")));
    let open = app.club.lottery.open.clone().expect("opened");
    assert_eq!(
        open.lottery.per,
        Some(100_000),
        "rials per ticket, as its label says"
    );
    let entries = app.club.lottery.entries.clone().expect("the entries shown");
    assert!(entries.total > 0, "the demo's visits earn tickets");
    assert!(shows(
        &app,
        &format!(
            "Entries: {} — Total: {}",
            entries.entries.len(),
            entries.total
        )
    ));
    // Not while the window is open: said, nothing drawn.
    click(&mut app, w(l, W::Draw));
    assert!(app.club.lottery.error.is_some());
    assert!(app.club.lottery.draw.is_none());
    // The next day it draws: the seed, the winners.
    app.vafa
        .as_mut()
        .unwrap()
        .set_now(Some(at("2026-11-23T10:00:00+03:30")));
    click(&mut app, w(l, W::Draw));
    let d = app.club.lottery.draw.clone().expect("drawn");
    assert_eq!(d.winners.len(), 2);
    assert!(shows(&app, &format!("Seed: {}", d.seed)));
    let first = app
        .vafa
        .as_ref()
        .unwrap()
        .winner_name(&d.winners[0].member_id);
    assert!(shows(
        &app,
        &format!("Prize 1: {first} — {} Tickets", d.winners[0].tickets)
    ));
    // Drawn once: the button is gone, and the service refuses a second draw.
    assert!(!shows(&app, w(l, W::Draw)));
    assert!(app.vafa.as_mut().unwrap().lottery_draw("yalda").is_err());
    // The printed result goes to the shop's printer (here a file), off the window's thread.
    let out = dir.path().join("printed.bin");
    std::fs::write(&out, b"").unwrap();
    app.vafa
        .as_mut()
        .unwrap()
        .import_config(&format!(
            "[printer]\npaper = 80\ntarget = \"file:{}\"\n",
            out.display()
        ))
        .unwrap();
    let task = app.update(Message::Club(club::Message::Lottery(
        lottery::Message::Print,
    )));
    assert_eq!(app.club.lottery.print, Some(Note::Sending));
    feed(&mut app, outputs(task));
    assert_eq!(app.club.lottery.print, Some(Note::Printed));
    let job = std::fs::read(&out).unwrap();
    assert_eq!(&job[..2], &[0x1B, 0x40], "an ESC/POS job");
    // The slip is the verified draw, in the shop's language.
    let slip =
        vafa_text::receipt::plain(&app.vafa.as_ref().unwrap().lottery_slip("yalda").unwrap());
    assert!(slip.contains(&format!("Prize 1: {first}")), "{slip}");
    assert!(slip.contains(&d.seed[..32]), "{slip}");
}

#[test]
fn a_survey_call_is_answered_in_a_few_keys() {
    let l = Lang::En;
    let (_dir, mut app) = club_shop(l);
    click(&mut app, w(l, W::SurveyTab));
    click(&mut app, "Autumn calls");
    let calls = app.club.survey.calls.clone();
    assert!(!calls.is_empty(), "recent visitors to call");
    let first = calls[0].clone();
    let dial = vafa_ui::screen::till::local_mobile(&first.mobile);
    assert!(dial.starts_with("09"), "{dial}");
    assert!(shows(&app, &format!("{} {dial}", w(l, W::Dial))));
    assert!(shows(&app, "▸ How are our prices?"));
    // A 7 on a 1-5 scale: the service refuses it in words, nothing stored.
    press(&mut app, Key::Character("7".into()));
    press(&mut app, Key::Character("2".into()));
    press(&mut app, Key::Named(Named::Enter));
    assert!(app.club.survey.error.is_some());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_calls"), 0);
    // 4 on the scale, 2 (quality) for the choice, Enter records.
    let _ = app.update(Message::Club(club::Message::Survey(survey::Message::Ask(
        0,
    ))));
    press(&mut app, Key::Character("4".into()));
    press(&mut app, Key::Character("2".into()));
    press(&mut app, Key::Named(Named::Enter));
    assert!(
        shows(&app, "Answers recorded."),
        "{:?}",
        app.club.survey.error
    );
    let answers: String = app
        .vafa
        .as_ref()
        .unwrap()
        .conn()
        .query_row(
            "SELECT answers FROM survey_calls WHERE member_id = ?1 AND outcome = 'answered'",
            [&first.member_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(answers, r#"{"price":4,"why":"quality"}"#);
    assert!(
        app.club
            .survey
            .calls
            .iter()
            .all(|c| c.member_id != first.member_id),
        "an answered member leaves the list"
    );
    // The next one did not pick up.
    let next = app.club.survey.calls[0].member_id.clone();
    click(&mut app, w(l, W::Unreachable));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM survey_calls WHERE outcome = 'unreachable'"
        ),
        1
    );
    assert!(app.club.survey.calls.iter().all(|c| c.member_id != next));
    click(&mut app, w(l, W::ShowResults));
    let r = app.club.survey.results.clone().expect("results");
    let mean = r.results.questions[0].mean.expect("a scale's mean");
    assert_eq!(mean.normalize().to_string(), "4");
    let shown = vafa_text::report::decimal(&mean.to_string(), l);
    assert!(shows(
        &app,
        &format!("How are our prices? — Answers: 1 — Mean: {shown}")
    ));
    assert!(shows(&app, "quality"), "the choice's count");
}
