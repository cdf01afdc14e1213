//! A demo shop on a fixed clock with a survey imported, signed in on the Club screen
//! (`ui_club`, and the Club screenshots).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use vafa_core::lang::Lang;
use vafa_service::demo::{self, DemoOptions};
use vafa_text::club_window::{W, w};
use vafa_ui::screen::start;
use vafa_ui::{App, Screen, staff};

use super::click;

/// The demo's fixed clock: 10:00 in Tehran on 2026-11-22.
pub const NOW: &str = "2026-11-22T10:00:00+03:30";

pub fn at(t: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(t).unwrap().to_utc()
}

pub const SURVEY: &str = r#"
id = "autumn"
name = "Autumn calls"
recent_days = 30
[[questions]]
id = "price"
kind = "scale"
fa = "قیمت‌ها چطور است؟"
en = "How are our prices?"
[[questions]]
id = "why"
kind = "choice"
fa = "چرا از ما می‌خرید؟"
en = "Why do you shop here?"
choices = ["near", "quality"]
"#;

/// A signed-in demo shop on the fixed clock, with a survey imported, on the Club screen.
pub fn club_shop(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut v = demo::create(
        dir.path(),
        &DemoOptions {
            members: 40,
            days: 60,
            seed: 7,
            lang,
            now: Some(at(NOW)),
        },
    )
    .unwrap();
    v.set_now(Some(at(NOW)));
    v.survey_import(SURVEY).unwrap();
    staff::add_first(&mut v, start::DEMO_MANAGER, start::DEMO_PIN).unwrap();
    drop(v);
    let (mut app, _) = App::new(dir.path());
    app.vafa.as_mut().unwrap().set_now(Some(at(NOW)));
    app.keys.borrow().manual_clock();
    for d in ["1", "4", "0", "5"] {
        click(&mut app, &vafa_text::format::digits(d, lang));
    }
    click(
        &mut app,
        vafa_text::i18n::tr(lang, vafa_text::i18n::S::SignIn),
    );
    assert!(app.staff.is_some());
    click(&mut app, w(lang, W::Club));
    assert_eq!(app.screen, Screen::Club);
    (dir, app)
}
