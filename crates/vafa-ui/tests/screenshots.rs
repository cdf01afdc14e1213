//! Screenshots of the till window at 800×600, 1024×600, 1280×800 and 1920×1080 (and the
//! customer display beside the result), in Persian and in
//! English, rendered headless by iced_test (tiny-skia, the renderer the window uses) from a
//! demo shop driven through the real widgets. Not run by default (it writes files):
//!
//!   cargo test -p vafa-ui --test screenshots -- --ignored
//!
//! writes `docs/screenshots/<W>x<H>-<NN>-<screen>-<lang>.png` (OUT overrides the folder).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use vafa_core::lang::Lang;
use vafa_ui::screen::{member, till};
use vafa_ui::{App, Message, Screen};

mod common;
use common::*;

fn out() -> PathBuf {
    std::env::var_os("OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"))
}

fn shot(app: &App, size: (u32, u32), name: &str, lang: Lang) {
    picture(app.view(), app, size, name, lang);
}

fn picture(
    view: iced::Element<'_, Message>,
    app: &App,
    (w, h): (u32, u32),
    name: &str,
    lang: Lang,
) {
    let dir = out();
    let base = format!("{w}x{h}-{name}-{}", lang.code());
    let mut ui = iced_test::Simulator::with_size(settings(), (w as f32, h as f32), view);
    let snap = ui.snapshot(&app.theme()).unwrap();
    // iced_test names the file after its renderer; the picture is ours.
    let written = dir.join(format!("{base}-tiny-skia.png"));
    let _ = std::fs::remove_file(&written);
    assert!(snap.matches_image(dir.join(format!("{base}.png"))).unwrap());
    std::fs::rename(&written, dir.join(format!("{base}.png"))).unwrap();
}

/// Types `text` into the offer form's field `key` (as `ui_membership` does).
fn form_type(app: &mut App, key: &str, text: &str) {
    let i = vafa_text::offer_form::FIELDS
        .iter()
        .position(|(k, _, _)| *k == key)
        .unwrap();
    let _ = app.update(Message::Offers(vafa_ui::screen::offers::Message::Form(
        vafa_ui::screen::offer_form::Message::Field(i, text.into()),
    )));
}

#[test]
#[ignore = "writes docs/screenshots"]
fn screenshots() {
    std::fs::create_dir_all(out()).unwrap();
    for lang in [Lang::Fa, Lang::En] {
        for size in [(800, 600), (1024, 600), (1280, 800), (1920, 1080)] {
            // Signed in at the default size (the keypad is tested on its own).
            set_size(1280.0, 800.0);
            let (_dir, mut app) = demo_shop(lang);
            set_size(size.0 as f32, size.1 as f32);
            let _ = app.update(Message::Lock);
            shot(&app, size, "01-sign-in", lang);
            let _ = app.update(Message::Login(vafa_ui::screen::start::LoginMessage::Pin(
                "9".into(),
            )));
            let _ = app.update(Message::Login(vafa_ui::screen::start::LoginMessage::Submit));
            shot(&app, size, "02-wrong-pin", lang);
            set_size(1280.0, 800.0);
            let (_d, mut app) = demo_shop(lang);
            set_size(size.0 as f32, size.1 as f32);
            shot(&app, size, "03-till-idle", lang);
            let (card, id) = demo_member_card(&app, true);
            swipe(&mut app, &card);
            let _ = app.update(Message::Till(till::Message::AmountChanged("250000".into())));
            let _ = app.update(Message::Till(till::Message::RedeemToggled(true)));
            shot(&app, size, "04-member-amount", lang);
            picture(app.customer_view(), &app, size, "04-customer-display", lang);
            let (other, _) = (0..40)
                .map(vafa_service::demo::demo_card)
                .filter(|c| c != &card)
                .find_map(|c| {
                    let v = app.vafa.as_ref().unwrap();
                    v.member_of_card(&c, None).ok().map(|m| (c, m))
                })
                .unwrap();
            swipe(&mut app, &other);
            shot(&app, size, "05-another-card-asked", lang);
            let _ = app.update(Message::Till(till::Message::KeepCustomer));
            let _ = app.update(Message::Till(till::Message::Confirm));
            shot(&app, size, "06-result", lang);
            picture(app.customer_view(), &app, size, "06-customer-display", lang);
            let _ = app.update(Message::Till(till::Message::VoidLast));
            shot(&app, size, "07-void-last-sale", lang);
            let _ = app.update(Message::Go(Screen::Enrol));
            shot(&app, size, "08-enrol", lang);
            let _ = app.update(Message::Go(Screen::Members));
            let _ = app.update(Message::Members(member::Message::Open(id.clone())));
            shot(&app, size, "09-member-profile", lang);
            let _ = app.update(Message::Go(Screen::Settings));
            shot(&app, size, "10-settings", lang);
            let _ = app.update(Message::Go(Screen::Offers));
            shot(&app, size, "11-offers", lang);
            click(
                &mut app,
                vafa_text::offer_form::word(lang, vafa_text::offer_form::Word::NewOffer),
            );
            for (key, text) in [
                ("name.en", "Big spender"),
                ("name.fa", "خرید بزرگ"),
                ("when.min_amount", "1,000,000"),
            ] {
                form_type(&mut app, key, text);
            }
            shot(&app, size, "12-offer-form", lang);
            let _ = app.update(Message::Go(Screen::Members));
            let _ = app.update(Message::Members(member::Message::Open(id)));
            let _ = app.update(Message::Members(member::Message::Edit));
            shot(&app, size, "13-member-edit", lang);
        }
    }
}

/// The Club screen's three tabs (issue 18) at 1280×800 and 1024×600 in both languages:
///
///   cargo test -p vafa-ui --test screenshots -- --ignored club_screenshots
///
/// writes `docs/screenshots/<W>x<H>-14-club-gift-<lang>.png`, `15-club-lottery`,
/// `16-club-survey`.
#[test]
#[ignore = "writes docs/screenshots"]
fn club_screenshots() {
    use common::club::{at, club_shop};
    use vafa_ui::screen::club::{self, gift, lottery, survey};
    std::fs::create_dir_all(out()).unwrap();
    let club = |m| Message::Club(m);
    for lang in [Lang::Fa, Lang::En] {
        for size in [(1280, 800), (1024, 600)] {
            set_size(1280.0, 800.0);
            let (_dir, mut app) = club_shop(lang);
            set_size(size.0 as f32, size.1 as f32);
            // A card sold, loaded, then checked by swipe.
            for m in [
                gift::Message::Card("G100".into()),
                gift::Message::Amount("500000".into()),
                gift::Message::Expires(lang.pick("1405/12/29", "2027-03-20").into()),
                gift::Message::Sell,
                gift::Message::Amount("250000".into()),
                gift::Message::Load,
            ] {
                let _ = app.update(club(club::Message::Gift(m)));
            }
            swipe(&mut app, "G100");
            shot(&app, size, "14-club-gift", lang);
            // A lottery over the demo's last four weeks, drawn the next day.
            let _ = app.update(club(club::Message::Tab(club::Tab::Lottery)));
            let _ = app.update(club(club::Message::Lottery(lottery::Message::New)));
            let name = lang.pick("قرعه‌کشی یلدا", "Yalda draw");
            for (i, v) in ["yalda", name, "2026-10-25", "2026-11-22", "", "", "", "3"]
                .into_iter()
                .enumerate()
            {
                let _ = app.update(club(club::Message::Lottery(lottery::Message::Field(
                    i,
                    v.into(),
                ))));
            }
            let _ = app.update(club(club::Message::Lottery(lottery::Message::Create)));
            app.vafa
                .as_mut()
                .unwrap()
                .set_now(Some(at("2026-11-23T10:00:00+03:30")));
            let _ = app.update(club(club::Message::Lottery(lottery::Message::Draw)));
            shot(&app, size, "15-club-lottery", lang);
            // A survey: one call answered, the results, the next call half answered.
            let _ = app.update(club(club::Message::Tab(club::Tab::Survey)));
            let _ = app.update(club(club::Message::Survey(survey::Message::Pick(
                "autumn".into(),
            ))));
            for m in [
                survey::Message::Answer(0, "4".into()),
                survey::Message::Answer(1, "quality".into()),
                survey::Message::Record,
                survey::Message::Results,
                survey::Message::Answer(0, "5".into()),
            ] {
                let _ = app.update(club(club::Message::Survey(m)));
            }
            shot(&app, size, "16-club-survey", lang);
        }
    }
}
